"""Hostile input at the public sign form: clear errors, nothing stored half-way, no 500s,
and nothing a bot can learn from."""

import re

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse

from doorstep.signatures.models import Signature
from doorstep.signatures.services.signing import name_has_link
from tests.factories import UserFactory, sign

pytestmark = pytest.mark.django_db


def post(client, petition, ip="192.0.2.1", **overrides):
    data = {"name": "Jo Bloggs", "email": "jo@example.org", "country": "GB", "postcode": "RM10 7XX", **overrides}
    return client.post(reverse("signatures:sign", args=[petition.pk]), data, REMOTE_ADDR=ip)


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"name": "Jo\x00Bloggs"}, "Null characters are not allowed"),
        ({"name": "Jo\x07Bloggs"}, "characters that are not allowed"),
        ({"name": "x" * 101}, "100 characters or fewer"),
        ({"name": "Jo Bloggs https://evil.example"}, "Enter a name without a web address in it"),
        ({"name": "Jo www.cheap-pills.biz"}, "Enter a name without a web address in it"),
        ({"name": "Jo (win-big.com)"}, "Enter a name without a web address in it"),
        ({"name": "   "}, "Enter your full name"),
        ({"email": "x" * 250 + "@example.org"}, "at most 254 characters"),
        ({"email": "jo@@example.org"}, "Enter an email address in the correct format"),
        ({"email": "jo@example.org\r\nBcc: victim@example.org"}, "Enter an email address in the correct format"),
        ({"postcode": "'; DROP TABLE signatures_signature; --"}, "Ensure this value has at most 20 characters"),
        ({"postcode": "ZZ99 9ZZZ"}, "postcode"),
        ({"country": "XX"}, "Select a valid choice"),
        ({"country": "GB", "postcode": ""}, "Enter your postcode"),
    ],
)
def test_bad_input_gets_a_clear_error_and_stores_nothing(client, petition, overrides, message):
    response = post(client, petition, **overrides)
    assert response.status_code == 200
    content = response.content.decode()
    assert "There is a problem" in content and message in content
    assert not Signature.objects.exists()


def test_markup_in_a_name_is_stored_as_text_and_shown_escaped_to_staff(client, petition, staff_client):
    name = '<script>alert("x")</script><img src=x onerror=alert(1)>'
    for n in range(12):  # over the burst limit, so it shows among the held signatures
        post(client, petition, name=name, email=f"x{n}@example.org")
    assert Signature.objects.filter(name=name).count() == 12
    page = staff_client.get(reverse("backoffice:petition_held", args=[petition.pk])).content.decode()
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;" in page and "<script>alert" not in page


def test_spreadsheet_formulas_in_a_name_are_defused_in_the_export(client, petition, staff_client):
    post(client, petition, name='=HYPERLINK("#evil","click")')
    sign(petition, name="+44 7700 900123")
    csv = b"".join(
        staff_client.get(reverse("backoffice:petition_export", args=[petition.pk])).streaming_content
    ).decode()
    assert "'=HYPERLINK" in csv and "'+44" in csv


def test_a_forged_forwarded_for_header_does_not_reset_the_limit(client, petition):
    for n in range(15):
        client.post(
            reverse("signatures:sign", args=[petition.pk]),
            {"name": f"Bot {n}", "email": f"b{n}@example.org", "country": "GB", "postcode": "RM10 7XX"},
            REMOTE_ADDR="198.51.100.1",
            HTTP_X_FORWARDED_FOR=f"10.0.0.{n}",
        )
    assert set(Signature.objects.values_list("ip_address", flat=True)) == {"198.51.100.1"}
    assert Signature.objects.filter(state=Signature.State.SUSPECT).count() == 15  # the first ten swept too


def test_a_huge_honeypot_value_is_held_quietly_not_refused(client, petition):
    response = post(client, petition, website="x" * 100_000)
    assert response.status_code == 302
    assert Signature.objects.get().state == Signature.State.SUSPECT


def test_an_international_email_address_signs_normally(client, petition):
    assert post(client, petition, email="jo@bücher.example").status_code == 302
    assert Signature.objects.get().state == Signature.State.PENDING


def test_held_signers_cannot_tell_they_were_held(petition, on_commit):
    """Same status, same page, same email, for held and ordinary signers."""
    ordinary, bot = Client(), Client()
    with on_commit(execute=True):
        ok = post(ordinary, petition, name="Real Person", email="real@example.org")
        held = post(bot, petition, name="Real Person", email="rob@example.org", website="filled")
    # The same page, showing back the address typed, masked: "r•••@example.org" for both.
    assert (ok.status_code, ok["Location"].split("?")[0]) == (held.status_code, held["Location"].split("?")[0])

    def main(client, location, email):
        page = client.get(location).content.decode().replace(email, "X")
        return page[page.index("<main") : page.index("</main>")]

    assert main(ordinary, ok["Location"], "real@example.org") == main(bot, held["Location"], "rob@example.org")
    # The emails differ only in the link.
    bodies = {message.to[0]: re.sub(r"/signatures/\d+/confirm/\S+", "LINK", message.body) for message in mail.outbox}
    assert bodies["real@example.org"] == bodies["rob@example.org"]
    assert {message.subject for message in mail.outbox} == {mail.outbox[0].subject}
    assert dict(Signature.objects.values_list("email", "state")) == {
        "real@example.org": "pending",
        "rob@example.org": "suspect",
    }


def test_staff_signer_search_takes_any_text(staff_client, petition):
    sign(petition, name="Jo Bloggs")
    admin = Client()
    admin.force_login(UserFactory(role="administrator"))
    for query in ["%", "_", "' OR '1'='1", ".*", "\\", "a" * 254, "@", "jo@", "jo\x00", "\x00@example.org"]:
        response = admin.get(reverse("backoffice:signers"), {"q": query})
        assert response.status_code == 200, query
        assert "Jo Bloggs" not in response.content.decode(), query


@pytest.mark.parametrize("token", ["%C3%A9", "%00", "x" * 300, "%F0%9F%92%A9abc"])
def test_a_confirmation_link_of_the_wrong_shape_is_not_valid(client, petition, token):
    signature = sign(petition, confirm=False)
    for response in (
        client.get(f"/signatures/{signature.pk}/confirm/{token}"),
        client.post(f"/signatures/{signature.pk}/confirm/{token}"),
    ):
        assert response.status_code in (400, 404)
        assert "This confirmation link is not valid" in response.content.decode()
    signature.refresh_from_db()
    assert signature.state == Signature.State.PENDING


@pytest.mark.parametrize(
    "name",
    [
        "http://spam.example",
        "HTTPS://EXAMPLE.ORG/offer",
        "ftp://files",
        "WWW.SPAM.IO",
        "Jo visit spam.com",
        "bit.ly/abc",
        "Jo (example.co.uk)",
        "cheap-pills.example/now",
        "\uff57\uff57\uff57\uff0espam\uff0e\uff43\uff4f\uff4d",  # full-width letters
    ],
)
def test_a_name_with_a_web_address_is_refused(name):
    assert name_has_link(name)


@pytest.mark.parametrize(
    "name",
    ["J.R.R. Tolkien", "J.Smith", "Dr. A.B. Jones", "St. John Smith", "Anne-Marie D'Souza", "Zoë Chen", "Sam Co"],
)
def test_names_with_initials_and_dots_are_not_web_addresses(name):
    assert not name_has_link(name)
