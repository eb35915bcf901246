"""Scans listed, never embedded, in the hand-in's index of paper sheets, when staff choose so."""

import csv

import pytest
from django.core.files.base import ContentFile
from django.utils import timezone
from pypdf import PdfReader

from doorstep.campaigns.bundle import bundle_write
from doorstep.campaigns.selectors import handin_bundle_spec
from doorstep.campaigns.services.bundles import handin_files
from doorstep.campaigns.services.handin import handin_prepare
from doorstep.scans.models import Scan, Upload
from tests.factories import printed_pack, sign

pytestmark = pytest.mark.django_db

JPEG = b"\xff\xd8\xff\xe0 a scanned page, never in the bundle"


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def sheets(petition):
    """Two sheets back in the office: the first scanned (page 2 of returns.pdf), the second not."""
    scanned, unscanned = printed_pack(petition, sheets=2).sheets.order_by("number")
    for sheet in (scanned, unscanned):
        sheet.returned_at = timezone.now()
        sheet.save(update_fields=["returned_at"])
    upload = Upload.objects.create(petition=petition, files="returns.pdf", pages=2, matched=1)
    scan = Scan(upload=upload, petition=petition, sheet=scanned, source="returns.pdf, page 2", match=Scan.Match.QR)
    scan.image.save("page.jpg", ContentFile(JPEG), save=False)
    scan.save()
    return scanned, unscanned, scan


def index_rows(path) -> list[list[str]]:
    with open(path, newline="", encoding="utf-8") as index:
        return list(csv.reader(index))


def bundle_bytes(files) -> bytes:
    return b"".join(path.read_bytes() for path in (files.pdf, files.schedule_csv, files.paper_sheets_csv))


def test_scans_listed_by_reference_in_the_csv_and_the_pdf(petition, sheets, tmp_path):
    scanned, unscanned, scan = sheets
    sign(petition, name="Ada Lovelace")
    files = bundle_write(spec=handin_bundle_spec(petition=petition, list_scans=True), directory=tmp_path)
    header, *rows = index_rows(files.paper_sheets_csv)
    assert header == ["Sheet", "Signatures on it", "Collected by", "Received", "Scan held", "Scans"]
    day = timezone.localdate().isoformat()
    by_code = {row[0]: row[4:] for row in rows}
    assert by_code == {
        scanned.code: ["yes", f"scan {scan.pk}: returns.pdf, page 2, uploaded {day}"],
        unscanned.code: ["no", ""],
    }
    reader = PdfReader(files.pdf)
    last = reader.pages[-1].extract_text()
    assert "Index of paper sheets" in last and scanned.code in last and "returns.pdf, page 2" in last
    assert not any(page.images for page in reader.pages)  # referenced, never embedded
    assert JPEG not in bundle_bytes(files)


def test_scans_not_listed_unless_chosen(petition, sheets, tmp_path):
    files = bundle_write(spec=handin_bundle_spec(petition=petition), directory=tmp_path)
    header, *rows = index_rows(files.paper_sheets_csv)
    assert header == ["Sheet", "Signatures on it", "Collected by", "Received"]
    assert len(rows) == 2 and all(len(row) == 4 for row in rows)
    assert "Index of paper sheets" not in PdfReader(files.pdf).pages[-1].extract_text()


def test_the_choice_is_made_when_preparing_the_hand_in(staff_client, petition, sheets, on_commit):
    scanned, _unscanned, _scan = sheets
    form = staff_client.get(f"/staff/petitions/{petition.pk}/hand-in").content.decode()
    assert 'name="list_scans"' in form and "never put in the bundle" in form
    with on_commit(execute=True):
        answer = staff_client.post(
            f"/staff/petitions/{petition.pk}/hand-in", {"detail": "district", "list_scans": "on"}
        )
    assert answer.status_code == 302
    petition.hand_in.refresh_from_db()
    assert petition.hand_in.list_scans
    _header, *rows = index_rows(handin_files(hand_in=petition.hand_in)["paper_sheets_csv"])
    assert {row[0]: row[4] for row in rows}[scanned.code] == "yes"


def test_the_command_lists_scans_in_a_draft(petition, sheets, tmp_path):
    from django.core.management import call_command

    call_command("handin_bundle", petition=petition.pk, output=tmp_path / "out", list_scans=True)
    [index] = (tmp_path / "out").glob("*-paper-sheets.csv")
    assert index_rows(index)[0][-2:] == ["Scan held", "Scans"]


def test_prepare_keeps_the_choice(petition, organiser, on_commit):
    with on_commit(execute=False):
        hand_in = handin_prepare(petition=petition, actor=organiser, list_scans=True)
    assert hand_in.list_scans
