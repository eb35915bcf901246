"""Printing packs: cover letters and signature sheets as PDF (WeasyPrint), QR codes (segno),
and address labels, 21 to an A4 page.

Each pack is laid out on its own and the packs are joined with pypdf, so a batch of
hundreds of packs never holds more than one pack's layout in memory.
"""

import io
from collections.abc import Iterable, Iterator
from datetime import timedelta
from typing import IO

import segno
from django.conf import settings
from django.template.loader import render_to_string
from django.utils import timezone
from pypdf import PdfWriter

from .codes import sheet_code_display
from .models import Pack, Sheet

# L7160-style label stationery: 3 across, 7 down, on A4 (millimetres).
LABELS_ACROSS, LABELS_DOWN = 3, 7
LABELS_PER_PAGE = LABELS_ACROSS * LABELS_DOWN
LABEL_WIDTH, LABEL_HEIGHT = 63.5, 38.1
LABEL_LEFT, LABEL_TOP, LABEL_GAP = 7.2, 15.1, 2.5


def petition_reference(petition_id: int) -> str:
    """The short reference printed on sheets and letters, quoted on the phone."""
    return f"P{petition_id}"


def qr_data_uri(code: str) -> str:
    # Error correction M survives a crease or a smudge; the code is tiny so it stays version 1.
    return segno.make_qr(code, error="m").svg_data_uri(scale=1, border=4)


def _return_address() -> list[str]:
    return [line.strip() for line in settings.PAPER_RETURN_ADDRESS if line.strip()]


def _base_url() -> str:
    return settings.SITE_URL


def _pack_html(pack: Pack, sheets: Iterable[Sheet]) -> str:
    petition = pack.petition
    entry_until = petition.closing_date + timedelta(days=settings.DOORSTEP["PAPER_ENTRY_DAYS"])
    return render_to_string(
        "paper/print/pack.html",
        {
            "pack": pack,
            "petition": petition,
            "reference": petition_reference(petition.pk),
            "sheets": [
                {"sheet": sheet, "code": sheet_code_display(sheet.code), "qr": qr_data_uri(sheet.code)}
                for sheet in sheets
            ],
            "rows": range(1, Sheet.ROWS + 1),
            "return_address": _return_address(),
            "entry_until": entry_until,
            "today": timezone.localdate(),
            "site_name": settings.SITE_NAME,
            "site_url": settings.SITE_URL,
        },
    )


def _html_pdf(html: str) -> bytes:
    from weasyprint import HTML

    return HTML(string=html, base_url=_base_url()).write_pdf()


def pack_pdf(*, pack: Pack) -> bytes:
    """One pack: its cover letter, then its sheets."""
    return _html_pdf(_pack_html(pack, pack.sheets.order_by("number")))


def packs_pdf_write(*, packs: Iterable[Pack], out: IO[bytes]) -> int:
    """Every pack in turn into one PDF written to `out`. Returns the number of pages."""
    writer = PdfWriter()
    for pack in packs:
        writer.append(io.BytesIO(pack_pdf(pack=pack)))
    writer.write(out)
    return len(writer.pages)


def _label_pages(packs: list[Pack]) -> Iterator[list[dict]]:
    for start in range(0, len(packs), LABELS_PER_PAGE):
        labels = []
        for index, pack in enumerate(packs[start : start + LABELS_PER_PAGE]):
            row, column = divmod(index, LABELS_ACROSS)
            labels.append(
                {
                    "lines": pack.address_lines,
                    "left": LABEL_LEFT + column * (LABEL_WIDTH + LABEL_GAP),
                    "top": LABEL_TOP + row * LABEL_HEIGHT,
                }
            )
        yield labels


def labels_pdf(*, packs: Iterable[Pack]) -> bytes:
    """Address labels for the packs, 21 to an A4 page, in pack order."""
    html = render_to_string(
        "paper/print/labels.html",
        {"pages": list(_label_pages(list(packs))), "width": LABEL_WIDTH, "height": LABEL_HEIGHT},
    )
    return _html_pdf(html)
