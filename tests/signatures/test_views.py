import re

import pytest
from django.core import mail
from django.urls import reverse

from doorstep.petitions.models import Petition
from doorstep.signatures.models import Signature
from doorstep.signatures.selectors.counts import petition_counts
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
    assert response["Location"] == reverse("signatures:check_email", args=[petition.pk])
    assert b"Check your email" in client.get(response["Location"]).content
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
        second = client.post(sign_url(petition), form_data(email="JANE+x@example.com"))
    assert first.status_code == second.status_code == 302
    assert first["Location"] == second["Location"]
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
