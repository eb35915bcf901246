"""Printing packs: cover letters and signature sheets as PDF, and address labels, 21 to an A4 page.

Laying out a page with WeasyPrint takes a tenth of a second, and a batch has hundreds of
sheets that differ only in their code. So each petition's sheet is laid out once, and every
sheet is a copy of that page (sharing its drawing, with pypdf) with its own code, QR code
(segno) and number stamped into the empty box at the top right, as a few PDF operators.
The letters, which all differ, are laid out in one document, one page each.

pypdf and segno, like WeasyPrint (core.pdf), are imported only when a PDF is made: pypdf
alone takes a third of a second to load, and every process that imports the views would pay it.
"""

from __future__ import annotations

import io
from collections.abc import Iterable, Iterator
from typing import IO, TYPE_CHECKING

from django.conf import settings
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from doorstep.core.languages import Language
from doorstep.core.pdf import pdf_bytes
from doorstep.petitions.models import Petition
from doorstep.petitions.selectors import petition_organiser
from doorstep.signatures.selectors.paper import paper_entry_last_day

from .codes import sheet_code_display
from .models import Pack, Sheet

if TYPE_CHECKING:
    from pypdf import PageObject, PdfReader, PdfWriter
    from pypdf.generic import DecodedStreamObject

MM = 72 / 25.4  # PDF points in a millimetre
PAGE_HEIGHT = 297 * MM
# The empty box on the sheet (sheet.html: .code, 36 x 38 mm at the top right inside 12 mm margins).
CODE_BOX_LEFT, CODE_BOX_TOP, CODE_BOX_WIDTH = 210 - 12 - 36, 12, 36
QR_SIZE = 25  # mm, quiet zone included: big enough for a handheld scanner at arm's length
QR_BORDER = 2  # modules of quiet zone round the code (the box's white space adds to it)

# L7160-style label stationery: 3 across, 7 down, on A4 (millimetres).
LABELS_ACROSS, LABELS_DOWN = 3, 7
LABELS_PER_PAGE = LABELS_ACROSS * LABELS_DOWN
LABEL_WIDTH, LABEL_HEIGHT = 63.5, 38.1
LABEL_LEFT, LABEL_TOP, LABEL_GAP = 7.2, 15.1, 2.5

_CODE_FONT = "/DoorstepCode"


def petition_reference(petition_id: int) -> str:
    """The short reference printed on sheets and letters, quoted on the phone."""
    return f"P{petition_id}"


def _return_address() -> list[str]:
    return [line.strip() for line in settings.DOORSTEP.paper_return_address if line.strip()]


def _common() -> dict:
    return {
        "return_address": _return_address(),
        "today": timezone.localdate(),
        "site_name": settings.SITE_NAME,
        "site_url": settings.SITE_URL,
    }


def sheet_languages(pack: Pack) -> tuple[Language, ...]:
    """The languages of a pack's sheets: both, Welsh first, if its petition asks for bilingual
    sheets; otherwise the one the pack was asked for in."""
    if pack.petition.bilingual_sheets:
        return (Language.WELSH, Language.ENGLISH)
    return (Language(pack.language),)


def _organiser(petition: Petition) -> dict:
    """Whose petition it is, for the head of letters and sheets and the signature of letters."""
    organiser = petition_organiser(petition=petition)
    return {"organiser": organiser, "logo": organiser.logo_data_uri()}


def _letters_pdf(packs: list[Pack], sheet_counts: list[int]) -> PdfReader:
    from pypdf import PdfReader  # see the module's docstring

    organisers = {pack.petition_id: _organiser(pack.petition) for pack in packs}
    letters = [
        {
            **organisers[pack.petition_id],
            "pack": pack,
            "language": pack.language,
            "petition": pack.petition,
            "sheet_count": count,
            "reference": petition_reference(pack.petition_id),
            "entry_until": paper_entry_last_day(petition=pack.petition),
        }
        for pack, count in zip(packs, sheet_counts, strict=True)
    ]
    reader = PdfReader(
        io.BytesIO(pdf_bytes(html=render_to_string("paper/print/letters.html", {"letters": letters, **_common()})))
    )
    if len(reader.pages) != len(packs):
        raise RuntimeError(f"Expected one page a letter, got {len(reader.pages)} for {len(packs)} letters")
    return reader


def _sheet_page(pack: Pack, languages: tuple[Language, ...]) -> PageObject:
    from pypdf import PdfReader  # see the module's docstring

    html = render_to_string(
        "paper/print/sheet.html",
        {
            "petition": pack.petition,
            "reference": petition_reference(pack.petition_id),
            "rows": range(1, Sheet.ROWS + 1),
            # Once it has closed, the sheet asks for it back by the last day of paper entry.
            "return_by": paper_entry_last_day(petition=pack.petition)
            if pack.petition.closed_on()
            else pack.petition.closing_date,
            # Each text in each language; the sheet's own words too, through {% language %}.
            "languages": [language.value for language in languages],
            "bilingual": len(languages) > 1,
            **_organiser(pack.petition),
            **_common(),
        },
    )
    return PdfReader(io.BytesIO(pdf_bytes(html=html))).pages[0]


def _sheet_number(sheet: Sheet, sheet_count: int, languages: tuple[Language, ...]) -> str:
    """ "sheet 1 of 3" in each of the sheet's languages."""
    numbers = []
    for language in languages:
        with translation.override(language):
            numbers.append(_("sheet {number} of {count}").format(number=sheet.number, count=sheet_count))
    return " · ".join(numbers)


def _pdf_text(text: str) -> str:
    return text.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")


def _qr_operators(code: str, left: float, top: float, size: float) -> list[str]:
    """The sheet code's QR code as filled rectangles (one per run of dark modules), in points."""
    import segno  # see the module's docstring

    qr = segno.make_qr(code, error="m")
    matrix = [list(row) for row in qr.matrix_iter(scale=1, border=QR_BORDER)]
    module = size / len(matrix)
    ops = ["q 0 g"]
    for r, row in enumerate(matrix):
        y = PAGE_HEIGHT - top - (r + 1) * module
        c = 0
        while c < len(row):
            if not row[c]:
                c += 1
                continue
            start = c
            while c < len(row) and row[c]:
                c += 1
            # A hair taller than a module, so rows meet without a seam when rasterised.
            ops.append(f"{left + start * module:.3f} {y - 0.05:.3f} {(c - start) * module:.3f} {module + 0.1:.3f} re")
    ops.append("f Q")
    return ops


def _text_operator(text: str, *, centre: float, top: float, size: float) -> str:
    width = len(text) * size * 0.6  # Courier: every character is 0.6 em wide
    x, y = centre - width / 2, PAGE_HEIGHT - top - size
    return f"BT {_CODE_FONT} {size} Tf {x:.2f} {y:.2f} Td ({_pdf_text(text)}) Tj ET"


def _stamp(writer: PdfWriter, page: PageObject, sheet: Sheet, number: str, shared: _Shared) -> None:
    """Draw the sheet's QR code, code and `number` into the box, as a content stream of the page's own."""
    from pypdf.generic import ArrayObject, DecodedStreamObject, DictionaryObject, NameObject  # see above

    box_left, box_top, box_width = CODE_BOX_LEFT * MM, CODE_BOX_TOP * MM, CODE_BOX_WIDTH * MM
    qr_size = QR_SIZE * MM
    centre = box_left + box_width / 2
    ops = _qr_operators(sheet.code, centre - qr_size / 2, box_top + 0.5 * MM, qr_size)
    ops.append("q 0 g")
    ops.append(_text_operator(sheet_code_display(sheet.code), centre=centre, top=box_top + 26 * MM, size=12))
    # Both languages' "sheet 1 of 3" fit the box's width at 5.5 points (Courier is 0.6 em a character).
    size = 7 if len(number) * 7 * 0.6 < box_width - 2 * MM else 5.5
    ops.append(_text_operator(number, centre=centre, top=box_top + 31 * MM, size=size))
    ops.append("Q")
    stamp = DecodedStreamObject()
    # The font is set in WinAnsiEncoding (cp1252), so a translated "sheet 1 of 2" may have accents.
    stamp.set_data(" ".join(ops).encode("cp1252", errors="replace"))
    drawing = page[NameObject("/Contents")]
    # The sheet's drawing stays shared by every copy; only the stamp is this page's own. The drawing
    # is wrapped in q/Q because WeasyPrint leaves its flipped coordinates in force after it.
    # (pypdf has no public call to make a stream an indirect object; _add_object is what it uses itself.)
    page[NameObject("/Contents")] = ArrayObject([shared.save, drawing, shared.restore, writer._add_object(stamp)])
    resources = page[NameObject("/Resources")].get_object()
    assert isinstance(resources, DictionaryObject)
    fonts = resources.setdefault(NameObject("/Font"), DictionaryObject()).get_object()
    fonts[NameObject(_CODE_FONT)] = shared.font


class _Shared:
    """Objects every stamped page refers to, made once per PDF."""

    def __init__(self, writer: PdfWriter) -> None:
        from pypdf.generic import DictionaryObject, NameObject  # see the module's docstring

        # One of the PDF standard fonts: every reader has it, so nothing is embedded.
        self.font = writer._add_object(
            DictionaryObject(
                {
                    NameObject("/Type"): NameObject("/Font"),
                    NameObject("/Subtype"): NameObject("/Type1"),
                    NameObject("/BaseFont"): NameObject("/Courier-Bold"),
                    NameObject("/Encoding"): NameObject("/WinAnsiEncoding"),
                }
            )
        )
        self.save = writer._add_object(self._stream(b"q"))
        self.restore = writer._add_object(self._stream(b"Q"))

    @staticmethod
    def _stream(data: bytes) -> DecodedStreamObject:
        from pypdf.generic import DecodedStreamObject  # see the module's docstring

        stream = DecodedStreamObject()
        stream.set_data(data)
        return stream


def packs_pdf_write(*, packs: Iterable[Pack], out: IO[bytes]) -> int:
    """Every pack in turn (its letter, then its sheets) into one PDF written to `out`.
    Returns the number of pages."""
    from pypdf import PdfWriter  # see the module's docstring

    packs = list(packs)
    sheets = [list(pack.sheets.order_by("number")) for pack in packs]
    writer = PdfWriter()
    if packs:
        letters = _letters_pdf(packs, [len(s) for s in sheets])
        shared = _Shared(writer)
        templates: dict[tuple[int, tuple[Language, ...]], PageObject] = {}
        for index, pack in enumerate(packs):
            writer.add_page(letters.pages[index])
            languages = sheet_languages(pack)
            key = (pack.petition_id, languages)
            if key not in templates:
                templates[key] = _sheet_page(pack, languages)
            for sheet in sheets[index]:
                page = writer.add_page(templates[key])
                _stamp(writer, page, sheet, _sheet_number(sheet, len(sheets[index]), languages), shared)
    writer.write(out)
    return len(writer.pages)


def pack_pdf(*, pack: Pack) -> bytes:
    """One pack: its cover letter, then its sheets."""
    out = io.BytesIO()
    packs_pdf_write(packs=[pack], out=out)
    return out.getvalue()


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
    return pdf_bytes(html=html)


def closing_date_letters_pdf(*, petition: Petition, packs: Iterable[Pack]) -> bytes:
    """Letters telling pack holders without email the petition's new closing date (or that it closed)."""
    html = render_to_string(
        "paper/print/closing_date_letters.html",
        {
            "petition": petition,
            "packs": list(packs),
            "entry_until": paper_entry_last_day(petition=petition),
            **_organiser(petition),
            **_common(),
        },
    )
    return pdf_bytes(html=html)
