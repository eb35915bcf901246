"""One count, one truth: every surface gives the same figures and the same dates.

A petition with online, keyed paper and door-to-door signatures, a tallied (count-only)
sheet, one signature held as suspect, one paper row held as a possible duplicate and one
signature never confirmed. The count is online + keyed paper + door to door, everywhere;
the tallied are beside it, labelled; the held and the unconfirmed are in nothing. Checked
while open, once closed early, once the hand-in is prepared, and once it is delivered."""

import csv
import re
from collections import Counter

import pytest
from django.core import mail

from doorstep.campaigns.bundle_spec import BundleFile, covering_letter_merge
from doorstep.campaigns.models import HandIn
from doorstep.campaigns.selectors import handin_bundle_spec
from doorstep.campaigns.services.bundles import handin_files
from doorstep.campaigns.services.handin import handin_prepare
from doorstep.campaigns.services.mailings import mailing_create_for_hand_in
from doorstep.campaigns.services.milestones import milestones_set
from doorstep.core.errors import ApplicationError
from doorstep.paper.services.count_only import sheet_count_only
from doorstep.paper.services.keying import sheet_row_save
from doorstep.paper.totals import Figures, petition_figures
from tests.canvass.helpers import canvasser, collect, phone_of
from tests.factories import UserFactory, printed_sheet, sign
from tests.paper.services import row

from .surfaces import by_id, pdf_text, text

pytestmark = pytest.mark.django_db

FIGURES = Figures(online=3, paper=2, door=2, tallied=5)  # the count is 7; 12 with the tallied
LETTER = (
    "{total} residents ({breakdown}) ask: {action}. A further {paper_tallied} signed on sheets we have "
    "counted but not yet typed in. It closed on {closing_date}."
)


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def petition(petition, organiser, on_commit):
    """The petition of the module docstring, with milestones at the count and one past it."""
    volunteer = UserFactory(role="data_entry")
    milestones_set(petition=petition, actor=organiser, counts=[FIGURES.total, FIGURES.total + 1])
    with on_commit(execute=True):
        first = sign(petition, name="Ada Lovelace")
        sign(petition)
        sign(petition)
        sign(petition, confirm=False)  # never confirmed
        sign(petition, suspect_reason="test")  # held as suspect
        sheet = printed_sheet(petition)
        sheet_row_save(sheet=sheet, row=row(1, name="Grace Hopper"), actor=volunteer)
        sheet_row_save(sheet=sheet, row=row(2, name="Alan Turing", address="3 Navy Street"), actor=volunteer)
        held = sheet_row_save(sheet=sheet, row=row(3, name=first.name, postcode=first.postcode), actor=volunteer)
        assert held.signature is None  # held as a possible duplicate of the online signer
        sheet_count_only(sheet=printed_sheet(petition), count=FIGURES.tallied, actor=volunteer)
        phone = phone_of(canvasser())
        collect(petition, phone, name="Ann Lee", address="1 Elm Road")
        collect(petition, phone, name="Bob Ray", address="2 Elm Road")
    return petition


def public_figures(client, petition) -> None:
    """The public page, the list, the JSON petition, count.json and the JSON list."""
    page = client.get(f"/petitions/{petition.pk}").content.decode()
    shown = {name: by_id(page, f"{name}-count") for name in ("signature", "online", "paper", "door")}
    assert shown == {"signature": "7", "online": "3", "paper": "2", "door": "2"}
    assert by_id(page, "paper-tallied") == "5" and "tallied, not yet keyed" in page
    listing = text(client.get("/?state=all").content.decode())
    assert f"7 signatures · to {petition.addressed_to}" in listing
    attributes = client.get(f"/petitions/{petition.pk}.json").json()["data"]["attributes"]
    doorstep = attributes["doorstep"]
    assert attributes["signature_count"] == 7
    assert (doorstep["online_signature_count"], doorstep["paper_signature_count"]) == (3, 2)
    assert (doorstep["door_signature_count"], doorstep["paper_tallied_count"]) == (2, 5)
    assert client.get(f"/petitions/{petition.pk}/count.json").json()["signature_count"] == 7
    [item] = client.get("/petitions.json?state=all").json()["data"]
    assert item["attributes"]["signature_count"] == 7


def staff_figures(staff_client, petition) -> None:
    """The staff home, the petition's staff page and its breakdowns."""
    home = text(staff_client.get("/staff/").content.decode())
    assert re.search(r" 3 2 2 7 5 ", home), home  # online, paper keyed, door, total, tallied beside
    detail = staff_client.get(f"/staff/petitions/{petition.pk}").content.decode()
    assert by_id(detail, "staff-count") == (
        "7 (3 online, 2 on paper and 2 door to door); beside it, not in it, 5 on paper tallied, not yet keyed; "
        "1 held as suspect, not counted"
    )
    breakdowns = staff_client.get(f"/staff/petitions/{petition.pk}/breakdowns").content.decode()
    assert by_id(breakdowns, "breakdown-count").startswith("7 signatures: 3 online, 2 on paper and 2 door to door.")


def test_every_surface_gives_the_same_figures(client, staff_client, petition, organiser, on_commit):
    assert petition_figures(petition=petition) == FIGURES
    assert handin_bundle_spec(petition=petition).figures == FIGURES  # a draft bundle's cover
    # Milestones: the count reached 7, and 8 only with the tallied, which are not in it.
    [reached] = petition.milestones.exclude(reached_at=None)
    assert reached.count == 7 and not petition.milestones.filter(count=8).exclude(reached_at=None).exists()
    [email] = [message for message in mail.outbox if "signatures:" in message.subject]
    assert email.subject == f"7 signatures: {petition.action}" and "reached 7 signatures" in email.body
    public_figures(client, petition)
    staff_figures(staff_client, petition)

    staff_client.post(f"/staff/petitions/{petition.pk}/close", {"reason": "The council has decided"})
    public_figures(client, petition)
    with on_commit(execute=True):
        response = staff_client.post(
            f"/staff/petitions/{petition.pk}/hand-in", {"detail": "district", "covering_letter": LETTER}
        )
    assert response.status_code == 302
    public_figures(client, petition)
    staff_figures(staff_client, petition)
    hand_in = HandIn.objects.get(petition=petition)
    assert hand_in.figures == FIGURES
    handin_page = staff_client.get(f"/staff/petitions/{petition.pk}/hand-in").content.decode()
    assert by_id(handin_page, "frozen-total").startswith("7 (frozen")
    assert by_id(handin_page, "frozen-tallied") == "5" and 'id="count-changed"' not in handin_page
    bundle_figures(hand_in, petition)

    record_delivery(staff_client, petition, count="7")
    public_figures(client, petition)
    page = client.get(f"/petitions/{petition.pk}").content.decode()
    assert by_id(page, "handed-in").startswith("Handed in to the Home Office on 9 October with 7 signatures.")
    assert 'id="delivered-differs"' not in page and 'id="count-changed"' not in page
    hand_in_json = client.get(f"/petitions/{petition.pk}.json").json()["data"]["attributes"]["doorstep"]["hand_in"]
    assert (hand_in_json["signature_count"], hand_in_json["paper_tallied_count"]) == (7, 5)
    assert (hand_in_json["delivered_signature_count"], hand_in_json["delivered_count_reason"]) == (7, None)
    assert "with 7 signatures" in petition.events.get(kind="handed_in").description


def bundle_figures(hand_in: HandIn, petition) -> None:
    """The bundle's cover (PDF text), its schedule (CSV) and the covering letter's placeholders."""
    files = handin_files(hand_in=hand_in)
    cover = pdf_text(files[BundleFile.PDF])
    assert "Online 3 On paper, keyed in 2 Door to door 2 Signatures counted 7" in cover
    assert "On paper, tallied but not yet keyed in (not in the count) 5" in cover
    assert "The count and the tallied sheets together 12" in cover
    letter = f"7 residents (3 online, 2 on paper and 2 door to door) ask: {petition.action}. A further 5 signed"
    assert letter in cover
    with files[BundleFile.SCHEDULE_CSV].open(newline="") as schedule:
        rows = list(csv.reader(schedule))[1:]
    assert len(rows) == 7 and Counter(r[4] for r in rows) == {"online": 3, "paper": 2, "door to door": 2}
    assert "Ada Lovelace" in {r[1] for r in rows}


def record_delivery(staff_client, petition, *, count: str, reason: str = "") -> str:
    response = staff_client.post(
        f"/staff/petitions/{petition.pk}/hand-in/delivery",
        {
            "delivered_to": "the Home Office",
            "delivered_on": "2026-10-09",
            "delivery_method": "in_person",
            "delivered_count": count,
            "delivered_count_reason": reason,
        },
    )
    return response.content.decode()


def test_a_delivery_of_another_number_says_why_beside_the_count(client, staff_client, petition, organiser, on_commit):
    with on_commit(execute=True):
        handin_prepare(petition=petition, actor=organiser)
    page = staff_client.get(f"/staff/petitions/{petition.pk}/hand-in").content.decode()
    assert 'name="delivered_count" type="number" value="7"' in page  # the frozen count is offered
    refused = record_delivery(staff_client, petition, count="12")
    assert "12 is not the frozen count, 7: say why the number handed in differs" in refused
    assert "between 0 and 12" in record_delivery(staff_client, petition, count="13")
    record_delivery(staff_client, petition, count="12", reason="the 5 on tallied sheets went too")

    page = client.get(f"/petitions/{petition.pk}").content.decode()
    assert by_id(page, "signature-count") == "7"
    assert by_id(page, "handed-in").startswith(
        "Handed in to the Home Office on 9 October with 12 signatures. "
        "The count was 7: the 5 on tallied sheets went too"
    )
    hand_in = client.get(f"/petitions/{petition.pk}.json").json()["data"]["attributes"]["doorstep"]["hand_in"]
    assert hand_in["signature_count"] == 7 and hand_in["delivered_signature_count"] == 12
    assert hand_in["delivered_count_reason"] == "the 5 on tallied sheets went too"
    staff = staff_client.get(f"/staff/petitions/{petition.pk}/hand-in").content.decode()
    assert "with 12 signatures. The count was 7: the 5 on tallied sheets went too" in text(staff)
    told = "with 12 signatures. The count was 7: the 5 on tallied sheets went too"
    assert told in petition.events.get(kind="handed_in").description
    assert told in mailing_create_for_hand_in(hand_in=HandIn.objects.get(petition=petition), actor=organiser).body


def test_a_count_changed_after_the_freeze_is_said_until_frozen_again(staff_client, petition, organiser, on_commit):
    with on_commit(execute=True):
        handin_prepare(petition=petition, actor=organiser)
        sheet = printed_sheet(petition)  # paper entry stays open after the close
        sheet_row_save(sheet=sheet, row=row(1, name="Mary Seacole", address="9 Navy Street"), actor=organiser)
    page = staff_client.get(f"/staff/petitions/{petition.pk}/hand-in").content.decode()
    assert "The count is 8 now: it has changed since it was frozen." in text(page)
    with on_commit(execute=True):
        handin_prepare(petition=petition, actor=organiser)
    page = staff_client.get(f"/staff/petitions/{petition.pk}/hand-in").content.decode()
    assert 'id="count-changed"' not in page and by_id(page, "frozen-total").startswith("8 (frozen")


def test_a_letter_whose_parts_would_not_add_up_is_refused(petition, organiser):
    with pytest.raises(ApplicationError, match=r"gives \{online\}, \{paper_keyed\} but not \{door\}") as error:
        handin_prepare(petition=petition, actor=organiser, covering_letter="{total}: {online} and {paper_keyed}")
    assert error.value.field == "covering_letter"
    hand_in = handin_prepare(petition=petition, actor=organiser, covering_letter="{online}, {paper_keyed}, {door}")
    assert covering_letter_merge(text=hand_in.covering_letter, spec=handin_bundle_spec(petition=petition)) == "3, 2, 2"
