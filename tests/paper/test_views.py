"""The public side: asking for a pack from the petition page, and the counts it shows."""

import pytest
from django.conf import settings

from doorstep.paper.models import Pack
from doorstep.paper.services.batches import packs_print
from doorstep.paper.services.count_only import sheet_count_only
from doorstep.paper.services.keying import RowInput, sheet_row_save
from doorstep.trust.services import switches_set
from tests.factories import DraftPetitionFactory, printed_sheet, sign
from tests.organiser_helpers import organiser_set

pytestmark = pytest.mark.django_db


def form(**overrides):
    return {
        "name": "Ada Lovelace",
        "address_line_1": "12 Ockham Road",
        "address_line_2": "",
        "town": "Dagenham",
        "postcode": "rm10 7xx",
        "email": "ada@example.com",
        "phone": "",
        "sheets": "3",
        "contact_consent": "on",
        **overrides,
    }


def test_petition_page_offers_paper(client, petition):
    response = client.get(f"/petitions/{petition.pk}")
    assert b"Collect signatures on paper" in response.content
    assert f'href="/petitions/{petition.pk}/paper-pack"'.encode() in response.content


def test_request_a_pack(client, petition):
    assert client.get(f"/petitions/{petition.pk}/paper-pack").status_code == 200
    response = client.post(f"/petitions/{petition.pk}/paper-pack", form())
    assert response.status_code == 302
    assert response["Location"] == f"/petitions/{petition.pk}/paper-pack/requested"
    pack = Pack.objects.get()
    assert (pack.name, pack.postcode, pack.sheets_requested, pack.source) == ("Ada Lovelace", "RM10 7XX", 3, "website")
    assert pack.contact_consent and not pack.updates_consent
    assert b"on its way" in client.get(response["Location"]).content


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"name": ""}, "Enter your full name"),
        ({"postcode": "XX"}, "Enter a real UK postcode"),
        ({"email": "", "phone": ""}, "Give an email address or a phone number"),
        ({"sheets": "11"}, "Ask for between 1 and 10 sheets"),
        ({"contact_consent": ""}, "only send a pack if we may contact you"),
    ],
)
def test_request_errors_keep_what_was_typed(client, petition, overrides, message):
    response = client.post(f"/petitions/{petition.pk}/paper-pack", form(**overrides))
    assert response.status_code == 200
    assert message.encode() in response.content
    assert b"There is a problem" in response.content
    assert b"12 Ockham Road" in response.content
    assert not Pack.objects.exists()


def test_a_flood_of_requests_from_one_address_is_held_not_printed(client, petition):
    url = f"/petitions/{petition.pk}/paper-pack"
    for n in range(30):
        response = client.post(url, form(name=f"Bot {n}", address_line_1=f"{n} Bot Street", sheets="10"))
        assert response.status_code == 302  # the bot is told nothing different
    held = Pack.objects.exclude(held_reason="")
    assert held.count() == 30 - settings.DOORSTEP.pack_ip_limit
    assert set(held.values_list("held_reason", flat=True)) == {"too many pack requests from one IP address"}
    assert packs_print(petition=petition, actor=None).packs.count() == settings.DOORSTEP.pack_ip_limit


def test_the_honeypot_and_the_puzzle_guard_the_request_form(client, petition):
    url = f"/petitions/{petition.pk}/paper-pack"
    page = client.get(url).content.decode()
    assert 'name="website"' in page and 'tabindex="-1"' in page and "altcha-widget" not in page
    client.post(url, form(name="Filler", website="http://spam.example"))
    switches_set(actor=None, proof_of_work_required=True)
    assert "<altcha-widget" in client.get(url).content.decode()
    client.post(url, form(name="No Puzzle", address_line_1="1 Other Road", email="other@example.com"))
    assert dict(Pack.objects.values_list("name", "held_reason")) == {
        "Filler": "filled in the hidden field",
        "No Puzzle": "did not pass the extra check against bots",
    }


def test_no_requests_for_unpublished_or_unsignable_petitions(client):
    draft = DraftPetitionFactory()
    assert client.get(f"/petitions/{draft.pk}/paper-pack").status_code == 404
    assert client.get("/petitions/999999/paper-pack").status_code == 404


def test_public_page_shows_keyed_and_tallied_apart(client, petition, organiser):
    sign(petition)
    sheet = printed_sheet(petition)
    sheet_row_save(sheet=sheet, row=RowInput(number=1, name="Ann Lee", postcode="RM10 7XX"), actor=organiser)
    sheet_count_only(sheet=printed_sheet(petition), count=9, actor=organiser)
    page = client.get(f"/petitions/{petition.pk}").content.decode()
    assert 'id="signature-count">2<' in page
    assert 'id="online-count">1<' in page
    assert "On paper (keyed)" in page and 'id="paper-count">1<' in page
    assert "On paper (tallied, not yet keyed)" in page and 'id="paper-tallied">9<' in page
    assert client.get(f"/petitions/{petition.pk}/count.json").json()["signature_count"] == 2


def test_api_shows_tallied_apart_from_the_count(client, petition, organiser):
    sheet_count_only(sheet=printed_sheet(petition), count=7, actor=organiser)
    data = client.get(f"/petitions/{petition.pk}.json").json()["data"]["attributes"]
    assert data["signature_count"] == 0
    assert data["doorstep"]["paper_signature_count"] == 0
    assert data["doorstep"]["paper_tallied_count"] == 7


def test_every_problem_with_a_request_is_reported_at_once(client, petition):
    bad = form(name="", postcode="XX", email="", phone="", contact_consent="")
    page = client.post(f"/petitions/{petition.pk}/paper-pack", bad).content.decode()
    for message in (
        "Enter your full name",
        "Enter a real UK postcode",
        "Give an email address or a phone number",
        "We can only send a pack if we may contact you about it",
    ):
        assert message in page, message
    assert page.count("govuk-error-message") == 4
    page = client.post(f"/petitions/{petition.pk}/paper-pack", form(phone="call me maybe")).content.decode()
    assert "Enter a phone number, like 01632 960 001" in page
    assert not Pack.objects.exists()


def test_the_contact_box_says_what_it_is_for(client, petition):
    page = client.get(f"/petitions/{petition.pk}/paper-pack").content.decode()
    assert "Use my details to post me this pack and to remind me to send the sheets back" in page
    assert 'aria-describedby="id_contact_consent-hint"' in page
    assert "We need this to send a pack." in page


def test_with_requests_paused_the_page_says_so_before_any_form(client, petition, settings):
    organiser_set(settings)
    switches_set(actor=None, pack_requests_stopped=True)
    page = client.get(f"/petitions/{petition.pk}/paper-pack").content.decode()
    assert "Requests for packs on this website are paused just now. To ask for a pack, call 020 8984 7854." in page
    assert "<form" not in page.split('id="main-content"')[1]
    assert client.post(f"/petitions/{petition.pk}/paper-pack", form()).status_code == 200
    assert not Pack.objects.exists()
