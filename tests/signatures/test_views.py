import re

import pytest
from django.core import mail, signing
from django.urls import reverse

from doorstep.petitions.models import Petition
from doorstep.signatures.models import Signature
from doorstep.signatures.selectors.counts import petition_counts
from doorstep.signatures.views import CHECK_EMAIL_SALT
from tests.factories import PetitionFactory

pytestmark = pytest.mark.django_db


def sign_url(petition):
    return reverse("signatures:sign", args=[petition.pk])


def form_data(**overrides):
    return {"name": "Jane Smith", "email": "jane@example.com", "country": "GB", "postcode": "rm10 7xx", **overrides}


def test_sign_confirm_count(client, petition, on_commit):
    page = client.get(sign_url(petition))
    assert page.status_code == 200
    assert b"Email me updates about this campaign from the MP for Dagenham and Rainham" in page.content
    with on_commit(execute=True):
        response = client.post(sign_url(petition), form_data(updates_consent="on"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("signatures:check_email", args=[petition.pk]) + "?to=")
    assert "example.com" not in response["Location"]  # the address is not in the link as it is typed
    check = client.get(response["Location"]).content.decode()
    assert "Check your email" in check
    assert 'We\'ve sent an email to <strong id="sent-to">j•••@example.com</strong>' in check
    assert "sessionid" not in client.cookies  # signing stores no session

    signature = Signature.objects.get()
    assert signature.updates_consent
    assert "Email me updates about this campaign" in signature.consent_wording
    assert signature.ip_address == "127.0.0.1"
    link = re.search(r"https?://\S+/signatures/\d+/confirm/\S+", mail.outbox[0].body).group(0)
    path = link.split("://", 1)[1].split("/", 1)[1]

    # Opening the link (as a mail scanner would) confirms nothing.
    landing = client.get("/" + path)
    assert landing.status_code == 200
    assert b"Confirm my signature" in landing.content
    assert petition_counts(petition=petition).total == 0

    confirmed = client.post("/" + path)
    assert confirmed.status_code == 302
    assert petition_counts(petition=petition).total == 1
    assert b"Signature confirmed" in client.get(confirmed["Location"]).content
    # A second click is harmless.
    client.post("/" + path)
    assert petition_counts(petition=petition).total == 1


def test_errors_use_the_error_summary_and_keep_input(client, petition):
    response = client.post(sign_url(petition), form_data(name="", postcode="NOPE"))
    assert response.status_code == 200
    content = response.content.decode()
    assert "There is a problem" in content
    assert 'href="#id_name"' in content and 'href="#id_postcode"' in content
    assert 'value="jane@example.com"' in content
    assert 'value="NOPE"' in content
    assert not Signature.objects.exists()


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (form_data(name="x" * 101), "100 characters or fewer"),
        (form_data(email="not-an-email"), "correct format"),
        (form_data(email=""), "Enter your email"),
        (form_data(postcode=""), "Enter your postcode"),
        (form_data(country="XX"), "Select a valid choice"),
        ({}, "Enter your full name"),
    ],
)
def test_bad_input_gets_a_clear_error(client, petition, data, message):
    response = client.post(sign_url(petition), data)
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not Signature.objects.exists()


def test_html_in_a_name_is_shown_as_text(client, petition, on_commit):
    with on_commit(execute=True):
        client.post(sign_url(petition), form_data(name="<script>alert(1)</script>"))
    signature = Signature.objects.get()
    page = client.get(reverse("signatures:confirm", args=[signature.pk, signature.token]))
    assert b"<script>alert(1)</script>" not in page.content
    assert b"&lt;script&gt;alert(1)&lt;/script&gt;" in page.content


def test_signer_abroad(client, petition):
    response = client.post(sign_url(petition), form_data(country="IE", postcode=""))
    assert response.status_code == 302
    assert Signature.objects.get().country == "IE"


def test_second_signature_with_same_email_looks_the_same(client, petition, on_commit):
    with on_commit(execute=True):
        first = client.post(sign_url(petition), form_data())
        second = client.post(sign_url(petition), form_data(email="jane+x@example.com"))
    assert first.status_code == second.status_code == 302
    # The same page, showing back the address as typed (masked, so the same for both).
    pages = [client.get(response["Location"]).content.decode() for response in (first, second)]
    mains = [page[page.index("<main") : page.index("</main>")] for page in pages]
    assert mains[0] == mains[1] and "j•••@example.com" in mains[0]
    assert Signature.objects.count() == 1
    assert len(mail.outbox) == 2


@pytest.mark.parametrize("state", [Petition.State.CLOSED, Petition.State.HANDED_IN])
def test_closed_petition_cannot_be_signed(client, state):
    petition = PetitionFactory(state=state)
    page = client.get(sign_url(petition))
    assert b"not open for signatures" in page.content
    response = client.post(sign_url(petition), form_data())
    assert response.status_code == 200
    assert b"not open for signatures" in response.content
    assert not Signature.objects.exists()


def test_draft_petition_is_not_found(client, draft_petition):
    assert client.get(sign_url(draft_petition)).status_code == 404
    assert client.post(sign_url(draft_petition), form_data()).status_code == 404


def test_bad_confirmation_links(client, petition):
    response = client.post(sign_url(petition), form_data())
    assert response.status_code == 302
    signature = Signature.objects.get()
    assert client.get(reverse("signatures:confirm", args=[signature.pk, "wrong"])).status_code == 404
    assert client.post(reverse("signatures:confirm", args=[signature.pk, "wrong"])).status_code == 400
    assert client.get(reverse("signatures:confirm", args=[999999, "x"])).status_code == 404
    assert petition_counts(petition=petition).total == 0


def test_signing_needs_csrf(petition):
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    assert client.post(sign_url(petition), form_data()).status_code == 403


def test_check_your_email_shows_only_an_address_this_site_masked(client, petition):
    url = reverse("signatures:check_email", args=[petition.pk])
    for link in (url, f"{url}?to=anything", f"{url}?to=" + signing.dumps("x•••@evil.example", salt="other")):
        page = client.get(link).content.decode()
        assert "to the address you gave" in page and "sent-to" not in page
    masked = signing.dumps("x•••@example.org", salt=CHECK_EMAIL_SALT)
    assert "x•••@example.org" in client.get(url, {"to": masked}).content.decode()


def test_the_confirmed_page_offers_sharing(client, petition):
    page = client.get(reverse("signatures:confirmed", args=[petition.pk])).content.decode()
    assert "Ask your neighbours to sign too" in page
    assert "wa.me" in page and "facebook.com/sharer" in page and "mailto:" in page
    assert f'href="/petitions/{petition.pk}/paper-pack"' in page
