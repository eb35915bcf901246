"""Public pages served from a copy kept a few seconds, and forms checked by their Origin (core.pages)."""

from dataclasses import replace

import pytest
from django.test import Client
from django.urls import reverse

from doorstep.core import pages
from doorstep.signatures.models import Signature
from doorstep.trust.services import switches_set
from tests.factories import sign

pytestmark = pytest.mark.django_db

FORM = {"name": "Jane Smith", "email": "jane@example.com", "country": "GB", "postcode": "RM10 7XX"}
SAME_ORIGIN = {"HTTP_ORIGIN": "http://testserver"}


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


@pytest.fixture
def clock(monkeypatch, settings):
    settings.DOORSTEP = replace(settings.DOORSTEP, page_cache_seconds=5)
    clock = Clock()
    monkeypatch.setattr(pages.time, "monotonic", clock)
    return clock


def public_addresses(petition):
    return [
        f"/petitions/{petition.pk}",
        f"/petitions/{petition.pk}.json",
        f"/petitions/{petition.pk}/count.json",
        f"/petitions/{petition.pk}/sign",
        "/petitions",
    ]


def test_every_visitor_gets_one_copy_until_it_is_out_of_date(client, petition, clock, django_assert_num_queries):
    for address in public_addresses(petition):
        first = client.get(address)
        assert first.status_code == 200, address
        with django_assert_num_queries(0):
            again = Client().get(address)
        assert again.content == first.content and again["ETag"] == first["ETag"], address
    sign(petition)
    clock.now += 4.9
    assert Client().get(f"/petitions/{petition.pk}/count.json").json()["signature_count"] == 0
    clock.now += 0.2
    assert Client().get(f"/petitions/{petition.pk}/count.json").json()["signature_count"] == 1


def test_a_count_is_never_more_than_ten_seconds_old_anywhere(client, petition, clock):
    """The copy's age is taken off what a balancer or a browser may keep it for."""
    address = f"/petitions/{petition.pk}/count.json"
    assert client.get(address)["Cache-Control"] == "public, max-age=10"
    clock.now += 3.5
    assert client.get(address)["Cache-Control"] == "public, max-age=6"
    clock.now += 1.4
    assert client.get(address)["Cache-Control"] == "public, max-age=5"
    clock.now += 0.2  # out of date here: a fresh copy
    assert client.get(address)["Cache-Control"] == "public, max-age=10"


def test_shared_copies_vary_by_cookie_and_answer_pollers_with_304(client, petition, clock):
    for address in public_addresses(petition):
        page = client.get(address)
        assert "Cookie" in page["Vary"] and not page.cookies, address
        again = client.get(address, HTTP_IF_NONE_MATCH=page["ETag"])
        assert (again.status_code, again.content) == (304, b""), address


def test_staff_always_get_a_fresh_private_page_and_never_leave_it_for_others(petition, staff_client, clock):
    address = f"/petitions/{petition.pk}"
    staff_page = staff_client.get(address)
    assert "private" in staff_page["Cache-Control"]
    assert "/staff/" in staff_page.content.decode()
    public = Client().get(address)
    assert "/staff/" not in public.content.decode().replace("/staff/sign-in", "")
    assert "private" in staff_client.get(address)["Cache-Control"]


def test_what_a_signer_typed_is_never_kept(client, petition, clock):
    url = reverse("signatures:sign", args=[petition.pk])
    mistaken = client.post(url, {**FORM, "postcode": "NOT A POSTCODE", "name": "Secret Name"}, **SAME_ORIGIN)
    assert mistaken.status_code == 200 and "Secret Name" in mistaken.content.decode()
    assert "no-store" in mistaken["Cache-Control"]
    assert "Secret Name" not in Client().get(url).content.decode()
    signed = client.post(url, FORM, **SAME_ORIGIN)
    assert signed.status_code == 302 and "no-store" in signed["Cache-Control"]
    signature = Signature.objects.get()
    confirm = client.get(reverse("signatures:confirm", args=[signature.pk, signature.token]))
    assert "Jane Smith" in confirm.content.decode()
    assert confirm["Cache-Control"] == "private, no-store"


def test_the_sign_form_is_one_copy_for_everyone_unless_the_puzzle_is_on(client, petition, clock):
    url = reverse("signatures:sign", args=[petition.pk])
    page = client.get(url)
    assert "csrfmiddlewaretoken" not in page.content.decode() and not page.cookies
    assert page["Cache-Control"].startswith("public")
    switches_set(actor=None, proof_of_work_required=True)
    clock.now += 5.1
    puzzle = client.get(url)
    assert puzzle["Cache-Control"] == "private, no-store" and "altcha" in puzzle.content.decode()


@pytest.mark.parametrize(
    ("headers", "status"),
    [
        ({"HTTP_ORIGIN": "http://testserver"}, 302),
        ({"HTTP_ORIGIN": "https://testserver"}, 403),  # another scheme is another origin
        ({"HTTP_ORIGIN": "http://evil.example"}, 403),
        ({"HTTP_ORIGIN": "null"}, 403),
        ({"HTTP_ORIGIN": "http://evil.example", "HTTP_SEC_FETCH_SITE": "same-origin"}, 403),
        ({"HTTP_SEC_FETCH_SITE": "same-origin"}, 302),
        ({"HTTP_SEC_FETCH_SITE": "cross-site"}, 403),
        ({"HTTP_SEC_FETCH_SITE": "same-site"}, 403),
        ({"HTTP_REFERER": "http://testserver/petitions/1/sign"}, 302),
        ({"HTTP_REFERER": "http://evil.example/petitions/1/sign"}, 403),
        ({}, 403),
    ],
)
def test_the_sign_form_is_accepted_only_from_this_site(petition, headers, status):
    response = Client(enforce_csrf_checks=True).post(reverse("signatures:sign", args=[petition.pk]), FORM, **headers)
    assert response.status_code == status
    assert Signature.objects.exists() == (status == 302)


def test_trusted_origins_and_their_subdomains_may_post(petition, settings):
    settings.CSRF_TRUSTED_ORIGINS = ["https://petitions.example.org", "https://*.campaign.example"]
    url = reverse("signatures:sign", args=[petition.pk])

    def post(origin, email):
        return Client(enforce_csrf_checks=True).post(url, {**FORM, "email": email}, HTTP_ORIGIN=origin).status_code

    assert post("https://petitions.example.org", "a@example.com") == 302
    assert post("https://www.campaign.example", "b@example.com") == 302
    assert post("http://www.campaign.example", "c@example.com") == 403
    assert post("https://campaign.example.evil", "d@example.com") == 403


def test_the_confirm_form_is_accepted_only_from_this_site(petition):
    signature = sign(petition, confirm=False)
    url = reverse("signatures:confirm", args=[signature.pk, signature.token])
    browser = Client(enforce_csrf_checks=True)
    assert browser.post(url, HTTP_ORIGIN="http://evil.example").status_code == 403
    assert browser.post(url, HTTP_ORIGIN="http://testserver").status_code == 302
    signature.refresh_from_db()
    assert signature.state == Signature.State.CONFIRMED
