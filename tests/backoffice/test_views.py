import csv
import io
from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.utils import timezone

from doorstep.accounts.models import User
from doorstep.campaigns.services.mailings import mailing_create_for_update
from doorstep.paper.services.count_only import sheet_count_only
from doorstep.petitions.models import Petition, PetitionEvent
from doorstep.petitions.services import petition_change_closing_date
from doorstep.signatures.models import SignatureExport
from doorstep.signatures.services.export import signature_export_stream
from tests.factories import (
    DAGENHAM,
    ILFORD,
    PetitionFactory,
    UserFactory,
    campaign_news,
    hex_map,
    postcode_directory,
    printed_sheet,
    sign,
)
from tests.organiser_helpers import logo_png, organiser_set

pytestmark = pytest.mark.django_db


def day(days: int) -> str:
    return (timezone.localdate() + timedelta(days=days)).isoformat()


def petition_form(**overrides):
    return {
        "action": "Keep our police station open",
        "background": "It is closing.",
        "additional_details": "",
        "addressed_to": "the Home Office",
        "creator_name": "the MP for Dagenham and Rainham",
        "target": "5000",
        "opening_date": "",
        "closing_date": day(60),
        **overrides,
    }


def test_staff_pages_need_sign_in(client, petition):
    response = client.get("/staff/")
    assert response.status_code == 302
    assert response["Location"].startswith("/staff/sign-in")
    assert client.get(f"/staff/petitions/{petition.pk}/signatures.csv").status_code == 302


def test_non_staff_are_refused(petition):
    client = Client()
    client.force_login(UserFactory(is_staff=False))
    assert client.get("/staff/").status_code == 403


def test_sign_in(client):
    UserFactory(username="kim")
    response = client.post("/staff/sign-in", {"username": "kim", "password": "correct horse battery"})
    assert response.status_code == 302
    assert client.get("/staff/").status_code == 200
    bad = Client().post("/staff/sign-in", {"username": "kim", "password": "wrong"})
    assert b"There is a problem" in bad.content


def test_create_open_extend_close(staff_client):
    response = staff_client.post("/staff/petitions/new", petition_form())
    assert response.status_code == 302
    petition = Petition.objects.get()
    assert petition.state == Petition.State.DRAFT
    assert staff_client.post(f"/staff/petitions/{petition.pk}/open").status_code == 302
    petition.refresh_from_db()
    assert petition.state == Petition.State.OPEN

    response = staff_client.post(
        f"/staff/petitions/{petition.pk}/closing-date", {"closing_date": day(90), "reason": "Consultation extended"}
    )
    assert response.status_code == 302
    page = staff_client.get(f"/staff/petitions/{petition.pk}").content.decode()
    assert "Consultation extended" in page
    assert "History" in page

    staff_client.post(f"/staff/petitions/{petition.pk}/close", {"reason": "Handed in early"})
    petition.refresh_from_db()
    assert petition.state == Petition.State.CLOSED
    kinds = list(petition.events.order_by("created_at", "id").values_list("kind", flat=True))
    assert kinds == ["created", "opened", "closing_date_changed", "closed"]


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"action": ""}, "Say what the petition asks for, in English, in Welsh or in both"),
        ({"action": "x" * 81}, "Say what the petition asks for in 80 characters or fewer"),
        ({"target": "-5"}, "The signature target must be 0 or more"),
        ({"target": "many"}, "Enter the signature target as a number, like 5000"),
        ({"closing_date": "2020-01-01"}, "today or in the future"),
        ({"closing_date": "31/02/2027"}, "Enter the closing date as a real date"),
        ({"opening_date": day(30), "closing_date": day(10)}, "on or after the opening date"),
    ],
)
def test_petition_form_errors(staff_client, overrides, message):
    response = staff_client.post("/staff/petitions/new", petition_form(**overrides))
    assert response.status_code == 200
    assert "There is a problem" in response.content.decode()
    assert message in response.content.decode()
    assert not Petition.objects.exists()


def test_closing_date_change_needs_a_reason(staff_client, petition):
    response = staff_client.post(
        f"/staff/petitions/{petition.pk}/closing-date", {"closing_date": day(90), "reason": ""}
    )
    assert response.status_code == 200
    assert "Give the reason" in response.content.decode()
    assert not petition.events.exists()


def test_edit_open_petition_cannot_move_dates(staff_client, petition):
    data = petition_form(action="New wording", closing_date=day(99))
    response = staff_client.post(f"/staff/petitions/{petition.pk}/edit", data)
    assert response.status_code == 302
    petition.refresh_from_db()
    assert petition.action == "New wording"
    assert petition.closing_date != timezone.localdate() + timedelta(days=99)  # disabled field ignored


def test_open_refused_twice_shows_a_message(staff_client, petition):
    response = staff_client.post(f"/staff/petitions/{petition.pk}/open", follow=True)
    assert "Only a draft petition can be opened" in response.content.decode()


def test_open_and_close_are_posts_only(staff_client, draft_petition):
    assert staff_client.get(f"/staff/petitions/{draft_petition.pk}/open").status_code == 405


def test_csv_export_is_safe_and_logged(staff_client, organiser, petition):
    sign(petition, name="=cmd|' /C calc'!A0", email="attacker@example.com")
    sign(petition, name="Jane Smith", email="jane@example.com")
    response = staff_client.get(f"/staff/petitions/{petition.pk}/signatures.csv")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    assert "attachment" in response["Content-Disposition"]
    text = b"".join(response.streaming_content).decode()
    rows = list(csv.reader(io.StringIO(text)))
    assert len(rows) == 3
    assert not any(cell.startswith(("=", "+", "-", "@")) for row in rows for cell in row)
    export = SignatureExport.objects.get()
    assert (export.exported_by, export.row_count, export.finished) == (organiser, 2, True)
    assert petition.events.filter(kind=PetitionEvent.Kind.EXPORTED).exists()


def test_data_entry_volunteers_cannot_export_or_manage(petition):
    client = Client()
    client.force_login(UserFactory(role=User.Role.DATA_ENTRY))
    assert client.get(f"/staff/petitions/{petition.pk}/signatures.csv").status_code == 403
    assert client.get("/staff/petitions/new").status_code == 403
    assert client.post(f"/staff/petitions/{petition.pk}/close").status_code == 403
    assert not SignatureExport.objects.exists()


def test_unknown_petition_is_404(staff_client):
    assert staff_client.get("/staff/petitions/999999").status_code == 404


def test_home_lists_every_petition(staff_client):
    PetitionFactory(action="Save the library")
    assert "Save the library" in staff_client.get("/staff/").content.decode()


def test_breakdowns_page_charts_and_csv(staff_client, petition):
    postcode_directory({"RM10 7XX": DAGENHAM})
    sign(petition, postcode="RM10 7XX")
    sign(petition, postcode="", country="FR")
    page = staff_client.get(f"/staff/petitions/{petition.pk}/breakdowns").content.decode()
    assert "Dagenham and Rainham" in page and "Barking and Dagenham" in page and "France" in page
    assert page.count('<svg class="doorstep-chart"') == 2
    assert page.count('<svg class="doorstep-map"') == 3  # the bundled UK maps
    response = staff_client.get(f"/staff/petitions/{petition.pk}/breakdowns/constituency.csv")
    rows = list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode())))
    assert rows == [
        ["Constituency", "Code", "Online", "Paper", "Total", "Door to door"],
        ["Dagenham and Rainham", "E14001190", "1", "0", "1", "0"],
    ]
    days = list(
        csv.reader(
            io.StringIO(
                b"".join(
                    staff_client.get(f"/staff/petitions/{petition.pk}/breakdowns/day.csv").streaming_content
                ).decode()
            )
        )
    )
    assert days[1][1:4] == ["2", "0", "2"]
    assert staff_client.get(f"/staff/petitions/{petition.pk}/breakdowns/nonsense.csv").status_code == 404


def test_breakdowns_page_without_signatures_or_directory(staff_client, petition):
    page = staff_client.get(f"/staff/petitions/{petition.pk}/breakdowns").content.decode()
    assert "No postcode directory has been imported" in page
    assert "No signatures counted yet" in page


def test_breakdowns_page_shows_maps(staff_client, petition, tmp_path):
    hex_map(tmp_path, name="Hex map of constituencies")
    postcode_directory({"RM10 7XX": DAGENHAM})
    sign(petition, postcode="RM10 7XX")
    page = staff_client.get(f"/staff/petitions/{petition.pk}/breakdowns").content.decode()
    assert "Hex map of constituencies" in page
    assert "<title>Dagenham: 1</title>" in page


def busy_petition(organiser, size):
    """A petition with `size` of everything its staff pages list: signers from several
    areas and abroad, a tallied paper sheet, history, exports, updates, replies and emails."""
    postcode_directory({"RM10 7XX": DAGENHAM, "IG1 2AA": ILFORD})
    petition = PetitionFactory()
    sheet_count_only(sheet=printed_sheet(petition), count=size, actor=organiser)
    for number in range(size):
        sign(petition, postcode="IG1 2AA" if number % 2 else "RM10 7XX")
        sign(petition, postcode="", country="FR")
        sign(petition, confirm=False)
        later = petition.closing_date + timedelta(days=1)
        petition = petition_change_closing_date(petition=petition, actor=organiser, closing_date=later, reason="More")
        list(signature_export_stream(petition=petition, actor=organiser))
        update = campaign_news(petition, organiser, number)
        mailing_create_for_update(update=update, actor=organiser)
    return petition


@pytest.mark.parametrize("size", [1, 5])
def test_staff_home_queries(staff_client, organiser, size, django_assert_max_num_queries):
    """The session, the user and their authenticator app; every petition, their counts and
    paper tallies; the workers' heartbeats and the oldest waiting task (four): ten queries
    however many petitions there are."""
    petitions = [busy_petition(organiser, 1) for _ in range(size)]
    with django_assert_max_num_queries(10):
        page = staff_client.get("/staff/").content.decode()
    assert all(petition.action in page for petition in petitions)


@pytest.mark.parametrize("size", [1, 5])
def test_staff_petition_page_queries(staff_client, organiser, size, django_assert_max_num_queries):
    """The session, user and authenticator app; the petition, its counts, held signatures
    and paper tally; its history and exports; the hand-in, consultation, updates, replies
    and emails to supporters: fourteen queries however long each list is."""
    petition = busy_petition(organiser, size)
    with django_assert_max_num_queries(14):
        page = staff_client.get(f"/staff/petitions/{petition.pk}").content.decode()
    assert page.count("Minister ") >= size and page.count("More</td>") == size


@pytest.mark.parametrize("size", [1, 5])
def test_breakdowns_page_queries(staff_client, organiser, tmp_path, size, django_assert_max_num_queries):
    """The session, user and authenticator app; the petition; each breakdown (constituency,
    local authority, ward and region with their area names; district; country); the days;
    the counts; whether a postcode directory is loaded; the map layers and one tally per kind
    of area they show (the shipped UK maps add local authorities and wards): twenty-two queries
    however many areas, days or maps of a kind."""
    for number in range(size):
        hex_map(tmp_path, name=f"Constituencies {number}")
    hex_map(tmp_path, kind="region", name="Regions")
    petition = busy_petition(organiser, size)
    with django_assert_max_num_queries(22):
        page = staff_client.get(f"/staff/petitions/{petition.pk}/breakdowns").content.decode()
    assert "Dagenham and Rainham" in page and "France" in page and page.count("doorstep-map") >= size + 1


def test_closing_a_petition_asks_first(staff_client, petition):
    page = staff_client.get(f"/staff/petitions/{petition.pk}").content.decode()
    assert f'href="/staff/petitions/{petition.pk}/close"' in page
    response = staff_client.get(f"/staff/petitions/{petition.pk}/close")
    page = response.content.decode()
    assert response.status_code == 200
    assert "Close this petition now?" in page and "This cannot be undone." in page
    assert "Yes, close the petition" in page
    petition.refresh_from_db()
    assert petition.state == Petition.State.OPEN  # asking closes nothing
    response = staff_client.post(f"/staff/petitions/{petition.pk}/close", {"reason": ""})
    assert response.status_code == 302
    petition.refresh_from_db()
    assert petition.state == Petition.State.CLOSED
    # Nothing left to confirm: back to the petition.
    assert staff_client.get(f"/staff/petitions/{petition.pk}/close").status_code == 302
    again = staff_client.post(f"/staff/petitions/{petition.pk}/close", {"reason": ""})
    assert again.status_code == 200 and "Only an open petition can be closed" in again.content.decode()


def test_a_petition_may_name_its_own_organiser_and_logo(staff_client, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    organiser_set(settings)
    page = staff_client.get("/staff/petitions/new").content.decode()
    assert 'enctype="multipart/form-data"' in page
    assert "Only if it is not Jon Cruddas MP" in page
    logo = SimpleUploadedFile("sam.png", logo_png(), content_type="image/png")
    form = petition_form(organiser_name="Councillor Sam Tarry", organiser_phone="01708 555 555", organiser_logo=logo)
    assert staff_client.post("/staff/petitions/new", form).status_code == 302
    petition = Petition.objects.get()
    assert petition.organiser_name == "Councillor Sam Tarry" and petition.organiser_logo.name.startswith("organisers/")
    edit = staff_client.get(f"/staff/petitions/{petition.pk}/edit").content.decode()
    assert "Now: sam" in edit and "Remove it" in edit
    # Editing something else keeps the logo; "Remove it" removes it.
    assert staff_client.post(f"/staff/petitions/{petition.pk}/edit", petition_form(target="6000")).status_code == 302
    petition.refresh_from_db()
    assert petition.target == 6000 and petition.organiser_logo
    staff_client.post(f"/staff/petitions/{petition.pk}/edit", petition_form(**{"organiser_logo-clear": "on"}))
    petition.refresh_from_db()
    assert not petition.organiser_logo
    # Not an image: refused with a reason.
    text = SimpleUploadedFile("notes.png", b"not a picture", content_type="image/png")
    refused = staff_client.post(f"/staff/petitions/{petition.pk}/edit", petition_form(organiser_logo=text))
    assert refused.status_code == 200 and "Upload a valid image" in refused.content.decode()


def test_an_empty_petition_form_names_each_missing_field(staff_client):
    page = staff_client.post("/staff/petitions/new", {}).content.decode()
    for message in (
        "Say what the petition asks for, in English, in Welsh or in both",
        "Give the background, in English, in Welsh or in both",
        "Enter who the petition is addressed to",
        "Enter who launched it",
        "Enter the signature target",
        "Enter the closing date",
    ):
        assert f'">{message}</a></li>' in page, message  # in the summary, linked to its field
    assert "This field is required" not in page


def test_the_organisers_area_is_picked_by_name(staff_client):
    page = staff_client.get("/staff/petitions/new").content.decode()
    assert '<optgroup label="Westminster constituencies">' in page
    assert '<option value="constituency:E14001189">Dagenham and Rainham</option>' in page
    assert '<option value="local_authority:E09000002">Barking and Dagenham</option>' in page
    assert "ONS code" not in page and "---------" not in page
    staff_client.post("/staff/petitions/new", petition_form(home_area="constituency:E14001189"))
    petition = Petition.objects.get()
    assert (petition.home_area_kind, petition.home_area_code) == ("constituency", "E14001189")
    edit = staff_client.get(f"/staff/petitions/{petition.pk}/edit").content.decode()
    assert '<option value="constituency:E14001189" selected>Dagenham and Rainham</option>' in edit
    refused = staff_client.post("/staff/petitions/new", petition_form(home_area="constituency:E99999999"))
    assert "Select a valid choice" in refused.content.decode()
