import csv
import math
from dataclasses import replace
from datetime import date, timedelta

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.utils import timezone
from pypdf import PdfReader

from doorstep.campaigns.bundle import ROWS_PER_PAGE, bundle_write
from doorstep.campaigns.bundle_spec import BundleFile
from doorstep.campaigns.models import HandIn
from doorstep.campaigns.selectors import handin_bundle_spec
from doorstep.campaigns.services.bundles import handin_build_bundle, handin_files
from doorstep.campaigns.services.handin import handin_prepare, handin_record_delivery
from doorstep.campaigns.services.mailings import mailing_create_for_hand_in
from doorstep.core.errors import ApplicationError
from doorstep.petitions.models import Petition
from doorstep.signatures.services.confirmation import signature_confirm
from doorstep.trust.models import PersonalDataAccess
from tests.factories import sign

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def pdf_text(path) -> tuple[str, int]:
    reader = PdfReader(path)
    return "\n".join(page.extract_text() for page in reader.pages), len(reader.pages)


def test_prepare_closes_freezes_and_builds_the_bundle(petition, organiser, on_commit, settings):
    settings.DOORSTEP = replace(settings.DOORSTEP, handin_chunk_rows=50)  # several chunks, merged
    for n in range(120):
        sign(petition, name=f"Signer Number{n}", postcode="RM10 7XX")
    sign(petition, name='=HYPERLINK("#x")', postcode="IG1 1AA")
    with on_commit(execute=True):
        hand_in = handin_prepare(
            petition=petition, actor=organiser, covering_letter="Dear Minister,\n{total} people ask: {action}."
        )
    petition.refresh_from_db()
    hand_in.refresh_from_db()
    assert petition.state == Petition.State.CLOSED
    assert (hand_in.online_count, hand_in.paper_keyed_count, hand_in.paper_tallied_count) == (121, 0, 0)
    assert hand_in.bundle_state == HandIn.BundleState.READY and hand_in.bundle_percent == 100

    files = handin_files(hand_in=hand_in)
    text, pages = pdf_text(files[BundleFile.PDF])
    # The cover, the covering letter, then the schedule's whole pages.
    assert pages == 2 + math.ceil(121 / ROWS_PER_PAGE)
    assert petition.action in text and "the Home Office" in text and "the MP for Dagenham and Rainham" in text
    assert "121" in text and "DRAFT" not in text
    assert f"121 people ask: {petition.action}." in text
    assert "Signer Number0" in text and "Signer Number119" in text and "RM10" in text
    assert "RM10 7XX" not in text  # districts only, by default

    with files[BundleFile.SCHEDULE_CSV].open(newline="") as f:
        rows = list(csv.reader(f))
    assert rows[0] == ["No.", "Name", "Postcode district", "Signed", "How"]
    assert [row[0] for row in rows[1:]] == [str(n) for n in range(1, 122)]
    assert rows[1][2] == "RM10" and rows[1][4] == "online"
    assert rows[-1][1] == '\'=HYPERLINK("#x")'  # safe to open in a spreadsheet
    assert files[BundleFile.PAPER_SHEETS_CSV].read_text().startswith("Sheet,")


def test_late_confirmation_is_not_in_the_frozen_schedule(petition, organiser, on_commit):
    sign(petition)
    late = sign(petition, confirm=False)
    with on_commit(execute=True):
        hand_in = handin_prepare(petition=petition, actor=organiser)
    # Confirmed within the grace period after the close, but after the count was frozen.
    signature_confirm(signature=late, token=late.token, now=timezone.now() + timedelta(minutes=1))
    files = handin_build_bundle(hand_in_id=hand_in.pk)
    assert files is not None and files.rows == 1 == hand_in.online_count


def test_full_postcodes_only_when_the_privacy_notice_allowed(petition, organiser, on_commit):
    sign(petition, postcode="RM10 7XX")
    with pytest.raises(ApplicationError) as error:
        handin_prepare(petition=petition, actor=organiser, detail=HandIn.Detail.POSTCODE)
    assert error.value.field == "privacy_allows_postcode"
    petition.refresh_from_db()
    assert petition.state == Petition.State.OPEN and not HandIn.objects.exists()  # nothing changed
    with on_commit(execute=True):
        hand_in = handin_prepare(
            petition=petition, actor=organiser, detail=HandIn.Detail.POSTCODE, privacy_allows_postcode=True
        )
    assert "RM10 7XX" in pdf_text(handin_files(hand_in=hand_in)[BundleFile.PDF])[0]


def test_unknown_letter_field_is_refused(petition, organiser):
    with pytest.raises(ApplicationError, match=r"\{signatures\}"):
        handin_prepare(petition=petition, actor=organiser, covering_letter="{signatures} people")
    petition.refresh_from_db()
    assert petition.state == Petition.State.OPEN


def test_record_delivery_and_page_says_so(client, petition, organiser, on_commit):
    sign(petition)
    with on_commit(execute=True):
        handin_prepare(petition=petition, actor=organiser)
    HandIn.objects.filter(petition=petition).update(paper_tallied_count=4999)  # as the paper branch will add
    with pytest.raises(ApplicationError) as error:
        handin_record_delivery(
            petition=petition,
            actor=organiser,
            delivered_to="x",
            delivered_on=date(2026, 10, 9),
            method="post",
            count=6000,
        )
    assert error.value.field == "delivered_count"
    delivery = {
        "petition": petition,
        "actor": organiser,
        "delivered_to": "the Home Office",
        "delivered_on": date(2026, 10, 9),
        "method": HandIn.Method.IN_PERSON,
        "count": 5000,
    }
    with pytest.raises(ApplicationError) as error:  # not the frozen count (1): say why
        handin_record_delivery(**delivery)
    assert error.value.field == "delivered_count_reason"
    handin_record_delivery(**delivery, count_reason="the 4,999 on tallied sheets went too")
    petition.refresh_from_db()
    assert petition.state == Petition.State.HANDED_IN and petition.handed_in_at
    html = client.get(f"/petitions/{petition.pk}").content.decode()
    assert "Handed in to the Home Office on 9 October with 5,000 signatures" in html
    assert "The count was 1: the 4,999 on tallied sheets went too" in html
    with pytest.raises(ApplicationError):
        handin_prepare(petition=petition, actor=organiser)


def test_delivery_needs_a_prepared_hand_in(petition, organiser):
    with pytest.raises(ApplicationError, match="Prepare the hand-in"):
        handin_record_delivery(
            petition=petition,
            actor=organiser,
            delivered_to="HO",
            delivered_on=date(2026, 10, 9),
            method="post",
            count=1,
        )


def test_command_writes_a_draft_for_an_open_petition(petition, tmp_path):
    sign(petition, name="Ada Lovelace")
    call_command("handin_bundle", petition=petition.pk, output=tmp_path / "out")
    [pdf] = (tmp_path / "out").glob("*.pdf")
    text, pages = pdf_text(pdf)
    assert "DRAFT" in text and "not final" in text and "Ada Lovelace" in text
    assert pages == 2
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == [
        f"petition-{petition.pk}-draft-hand-in-paper-sheets.csv",
        f"petition-{petition.pk}-draft-hand-in-schedule.csv",
        f"petition-{petition.pk}-draft-hand-in.pdf",
    ]


def test_command_unknown_petition(db, tmp_path):
    with pytest.raises(CommandError, match="no petition 999"):
        call_command("handin_bundle", petition=999, output=tmp_path)


def test_empty_petition_bundle(petition, organiser, tmp_path):
    files = bundle_write(spec=handin_bundle_spec(petition=petition), directory=tmp_path)
    assert files.rows == 0 and files.pages == 1


def test_staff_prepare_download_and_record_delivery(staff_client, petition, on_commit):
    sign(petition, name="Grace Hopper")
    page = staff_client.get(f"/staff/petitions/{petition.pk}/hand-in").content.decode()
    assert "Close and prepare the hand-in" in page
    with on_commit(execute=True):
        response = staff_client.post(f"/staff/petitions/{petition.pk}/hand-in", {"detail": "district"})
    assert response.status_code == 302
    page = staff_client.get(f"/staff/petitions/{petition.pk}/hand-in").content.decode()
    assert "Ready" in page and "Record the delivery" in page
    pdf = staff_client.get(f"/staff/petitions/{petition.pk}/hand-in/pdf")
    assert pdf["Content-Type"] == "application/pdf"
    schedule = b"".join(staff_client.get(f"/staff/petitions/{petition.pk}/hand-in/schedule_csv").streaming_content)
    assert b"Grace Hopper" in schedule
    assert staff_client.get(f"/staff/petitions/{petition.pk}/hand-in/other").status_code == 404

    bad = staff_client.post(f"/staff/petitions/{petition.pk}/hand-in/delivery", {"delivered_to": ""})
    assert bad.status_code == 200 and "There is a problem" in bad.content.decode()
    response = staff_client.post(
        f"/staff/petitions/{petition.pk}/hand-in/delivery",
        {
            "delivered_to": "the Home Office",
            "delivered_on": "2026-10-09",
            "delivery_method": "in_person",
            "delivered_count": "1",
            "tell_supporters": "on",
        },
    )
    petition.refresh_from_db()
    assert petition.state == Petition.State.HANDED_IN
    assert response["Location"].startswith("/staff/mailings/")
    assert "the Home Office on 9 October 2026" in staff_client.get(response["Location"]).content.decode()


def test_prepare_form_errors_change_nothing(staff_client, petition):
    response = staff_client.post(f"/staff/petitions/{petition.pk}/hand-in", {"detail": "postcode"})
    assert response.status_code == 200 and "privacy notice" in response.content.decode()
    petition.refresh_from_db()
    assert petition.state == Petition.State.OPEN


def test_staff_hand_in_page_queries(staff_client, petition, organiser, on_commit, django_assert_max_num_queries):
    """Session, user, authenticator device, petition, hand-in, the kept count: however many signatures."""
    for _ in range(3):
        sign(petition)
    url = f"/staff/petitions/{petition.pk}/hand-in"
    with django_assert_max_num_queries(6):
        assert staff_client.get(url).status_code == 200
    with on_commit(execute=True):
        handin_prepare(petition=petition, actor=organiser)
    with django_assert_max_num_queries(6):
        page = staff_client.get(url).content.decode()
    assert "Ready" in page and "Record the delivery" in page


def test_supporters_are_told_of_a_recorded_delivery_only(petition, organiser, on_commit):
    with on_commit(execute=True):
        hand_in = handin_prepare(petition=petition, actor=organiser)
    with pytest.raises(ApplicationError, match="Record the delivery"):
        mailing_create_for_hand_in(hand_in=hand_in, actor=organiser)


def test_every_download_of_the_bundle_is_in_the_audit_log(staff_client, petition, organiser, on_commit):
    sign(petition, name="Grace Hopper")
    sign(petition, name="Ada Lovelace")
    with on_commit(execute=True):
        staff_client.post(f"/staff/petitions/{petition.pk}/hand-in", {"detail": "district"})
    for kind in ("pdf", "schedule_csv", "paper_sheets_csv"):
        assert staff_client.get(f"/staff/petitions/{petition.pk}/hand-in/{kind}").status_code == 200
    assert staff_client.get(f"/staff/petitions/{petition.pk}/hand-in/other").status_code == 404
    logged = PersonalDataAccess.objects.order_by("id").values_list("user", "action", "what", "petition", "rows", "path")
    assert list(logged) == [
        (organiser.pk, "exported", what, petition.pk, rows, f"/staff/petitions/{petition.pk}/hand-in/{kind}")
        for what, rows, kind in (
            ("hand-in PDF", 2, "pdf"),
            ("hand-in schedule CSV", 2, "schedule_csv"),
            ("hand-in paper sheets CSV", 0, "paper_sheets_csv"),
        )
    ]
