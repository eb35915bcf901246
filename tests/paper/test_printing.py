"""Printing packs: the PDF is rendered to images (pdftoppm) and every QR code read back (zxing-cpp)."""

import io
import shutil
import subprocess
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from pypdf import PdfReader

from doorstep.paper.codes import sheet_code_display
from doorstep.paper.models import Pack
from doorstep.paper.printing import LABELS_PER_PAGE, labels_pdf, pack_pdf, packs_pdf_write
from doorstep.paper.services.batches import packs_print
from tests.factories import printed_pack, request_pack

pytestmark = pytest.mark.django_db

needs_poppler = pytest.mark.skipif(shutil.which("pdftoppm") is None, reason="needs pdftoppm (poppler-utils)")


def page_images(pdf: Path, tmp_path: Path, dpi: int = 150) -> list[Path]:
    subprocess.run(["pdftoppm", "-r", str(dpi), "-png", str(pdf), str(tmp_path / "page")], check=True)  # noqa: S603, S607
    return sorted(tmp_path.glob("page-*.png"))


def qr_codes(image: Path) -> list[str]:
    """The QR codes on a page; each must stand upright in the box at the top right of the sheet."""
    import zxingcpp
    from PIL import Image

    picture = Image.open(image)
    found = [r for r in zxingcpp.read_barcodes(picture) if r.format == zxingcpp.BarcodeFormat.QRCode]
    for result in found:
        corner = result.position.top_left
        assert result.orientation == 0, "the QR code is turned or flipped"
        assert corner.x > picture.width * 0.75 and corner.y < picture.height * 0.1, "the QR code is out of its box"
    return [r.text for r in found]


@needs_poppler
def test_printed_pack_qr_codes_read_back_to_their_sheets(petition, tmp_path):
    request_pack(petition, name="Ada Lovelace", address_line_1="12 Ockham Road", town="Dagenham", sheets=3)
    request_pack(petition, sheets=2)
    pdf = tmp_path / "packs.pdf"
    call_command("print_packs", petition=petition.pk, output=pdf, stdout=io.StringIO())

    packs = list(Pack.objects.filter(petition=petition).order_by("pk"))
    assert [p.state for p in packs] == [Pack.State.PRINTED] * 2
    expected = []  # page by page: a letter (no code), then one code a sheet
    for pack in packs:
        expected.append([])
        expected.extend([sheet.code] for sheet in pack.sheets.order_by("number"))
    assert len(expected) == 2 + 5
    images = page_images(pdf, tmp_path)
    assert [qr_codes(image) for image in images] == expected

    text = PdfReader(pdf).pages
    letter = text[0].extract_text()
    assert "Ada Lovelace" in letter and "12 Ockham Road" in letter
    assert petition.closing_date.strftime("%B %Y") in letter
    first_sheet = text[1].extract_text()
    assert petition.action in first_sheet
    assert sheet_code_display(packs[0].sheets.get(number=1).code) in first_sheet
    assert f"P{petition.pk}" in first_sheet
    assert "15" in first_sheet and "Privacy" in first_sheet


def test_print_packs_prints_only_what_is_outstanding(petition, tmp_path):
    printed_pack(petition)
    waiting = request_pack(petition, sheets=1)
    out = io.StringIO()
    call_command("print_packs", petition=petition.pk, output=tmp_path / "a.pdf", stdout=out)
    assert "1 packs, 2 pages" in out.getvalue()
    waiting.refresh_from_db()
    assert waiting.state == Pack.State.PRINTED

    out = io.StringIO()
    call_command("print_packs", petition=petition.pk, output=tmp_path / "b.pdf", stdout=out)
    assert "No packs are waiting" in out.getvalue()
    assert not (tmp_path / "b.pdf").exists()


def test_print_packs_bad_input(petition, tmp_path):
    with pytest.raises(CommandError, match="no petition 999999"):
        call_command("print_packs", petition=999999, output=tmp_path / "a.pdf")
    request_pack(petition)
    with pytest.raises(CommandError, match="no folder"):
        call_command("print_packs", petition=petition.pk, output=tmp_path / "missing" / "a.pdf")
    # Nothing was printed: the pack still waits.
    assert Pack.objects.get(petition=petition).state == Pack.State.REQUESTED


def test_flagged_duplicate_requests_wait_for_a_decision(petition):
    first = request_pack(petition, address_line_1="4 Mill Lane", postcode="RM10 7XX")
    second = request_pack(petition, address_line_1="4, Mill lane", postcode="rm107xx")
    assert second.possible_duplicate_of == first
    batch = packs_print(petition=petition, actor=None)
    assert list(batch.packs.all()) == [first]


def test_one_pack_and_batch_page_counts(petition):
    pack = printed_pack(petition, sheets=4)
    assert len(PdfReader(io.BytesIO(pack_pdf(pack=pack))).pages) == 5
    out = io.BytesIO()
    assert packs_pdf_write(packs=[pack, pack], out=out) == 10


def test_labels_21_to_a_page(petition):
    packs = [request_pack(petition) for _ in range(LABELS_PER_PAGE + 1)]
    reader = PdfReader(io.BytesIO(labels_pdf(packs=packs)))
    assert len(reader.pages) == 2
    first = reader.pages[0].extract_text()
    assert all(p.name in first for p in packs[:LABELS_PER_PAGE])
    assert packs[-1].name in reader.pages[1].extract_text()
    assert packs[-1].name not in first
