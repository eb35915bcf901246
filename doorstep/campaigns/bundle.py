"""The hand-in bundle: a PDF (cover page, optional covering letter, numbered schedule
of signatures), the same schedule as CSV, and an index of the paper sheets.

Memory stays bounded for a petition of any size: signatures are read in keyset
chunks, the CSV is written a row at a time, and WeasyPrint lays out the schedule a
chunk at a time into temporary PDFs that pypdf joins at the end.
"""

import csv
import re
import tempfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from django.conf import settings
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString
from pypdf import PdfWriter

from doorstep.core.csv import csv_lines, csv_safe_cell
from doorstep.core.errors import ApplicationError
from doorstep.petitions.models import Petition
from doorstep.petitions.selectors import petition_closing_date_changes
from doorstep.signatures.models import Signature
from doorstep.signatures.selectors.counts import Dimension, petition_areas, petition_days

from .models import HandIn
from .selectors import petition_paper_sheet_index

SCHEDULE_HEADER = {
    HandIn.Detail.DISTRICT: ["No.", "Name", "Postcode district", "Signed", "How"],
    HandIn.Detail.POSTCODE: ["No.", "Name", "Postcode", "Signed", "How"],
}
PAPER_SHEET_HEADER = ["Sheet", "Signatures on it", "Collected by", "Received"]
ROWS_PER_PAGE = 50
AREA_ROWS_ON_COVER = 25
LETTER_FIELDS = (
    "total",
    "online",
    "paper_keyed",
    "paper_tallied",
    "action",
    "addressed_to",
    "creator_name",
    "closing_date",
)


@dataclass(frozen=True)
class BundleSpec:
    """What goes in a bundle: the frozen figures, or a draft's live ones."""

    petition: Petition
    online: int
    paper_keyed: int
    paper_tallied: int
    counted_at: datetime
    detail: str = HandIn.Detail.DISTRICT
    covering_letter: str = ""
    draft: bool = False

    @property
    def total(self) -> int:
        return self.online + self.paper_keyed + self.paper_tallied

    @classmethod
    def from_hand_in(cls, hand_in: HandIn) -> "BundleSpec":
        return cls(
            petition=hand_in.petition,
            online=hand_in.online_count,
            paper_keyed=hand_in.paper_keyed_count,
            paper_tallied=hand_in.paper_tallied_count,
            counted_at=hand_in.frozen_at,
            detail=hand_in.detail,
            covering_letter=hand_in.covering_letter,
            draft=False,
        )


@dataclass(frozen=True)
class BundleFiles:
    pdf: Path
    schedule_csv: Path
    paper_sheets_csv: Path
    rows: int
    pages: int


def file_names(petition_id: int, *, draft: bool) -> dict[str, str]:
    prefix = f"petition-{petition_id}-{'draft-' if draft else ''}hand-in"
    return {
        "pdf": f"{prefix}.pdf",
        "schedule_csv": f"{prefix}-schedule.csv",
        "paper_sheets_csv": f"{prefix}-paper-sheets.csv",
    }


def letter_fields(spec: BundleSpec) -> dict[str, str]:
    petition = spec.petition
    return {
        "total": f"{spec.total:,}",
        "online": f"{spec.online:,}",
        "paper_keyed": f"{spec.paper_keyed:,}",
        "paper_tallied": f"{spec.paper_tallied:,}",
        "action": petition.action,
        "addressed_to": petition.addressed_to,
        "creator_name": petition.creator_name,
        "closing_date": date_format(petition.closing_date, "j F Y"),
    }


PLACEHOLDER = re.compile(r"\{([a-z_]*)\}")


def covering_letter_check(text: str) -> None:
    unknown = sorted({name for name in PLACEHOLDER.findall(text) if name not in LETTER_FIELDS})
    if unknown:
        raise ApplicationError(
            f"The covering letter uses {', '.join('{' + n + '}' for n in unknown)}, which Doorstep does not know. "
            f"Use {', '.join('{' + n + '}' for n in LETTER_FIELDS)}.",
            field="covering_letter",
        )


def covering_letter_merge(*, text: str, spec: BundleSpec) -> str:
    """The covering letter with the figures filled in ({total} and the like)."""
    covering_letter_check(text)
    fields = letter_fields(spec)
    return PLACEHOLDER.sub(lambda match: fields[match.group(1)], text)


def _schedule_signatures(spec: BundleSpec, chunk: int) -> Iterator[list[tuple]]:
    """The counted signatures as they stood when counted, oldest first, in keyset chunks."""
    field = "postcode" if spec.detail == HandIn.Detail.POSTCODE else "postcode_district"
    rows = Signature.objects.filter(
        petition=spec.petition, state__in=Signature.COUNTED_STATES, confirmed_at__lte=spec.counted_at
    ).order_by("pk")
    last = 0
    while True:
        batch = list(
            rows.filter(pk__gt=last).values_list("pk", "name", field, "country", "confirmed_at", "channel")[:chunk]
        )
        if not batch:
            return
        last = batch[-1][0]
        yield batch


def _schedule_row(number: int, row: tuple) -> list:
    _pk, name, place, country, confirmed_at, channel = row
    return [
        number,
        name,
        place or ("" if country == "GB" else country),
        timezone.localtime(confirmed_at).strftime("%Y-%m-%d"),
        channel,
    ]


def _schedule_line(row: list) -> str:
    """One schedule row as fixed-width text: WeasyPrint lays out preformatted text about
    ten times faster than a table, which matters at 100,000 rows. Nothing is cut short:
    a longer name pushes its line on (and wraps), it is never truncated."""
    number, name, place, signed, channel = (str(cell) for cell in row)
    return f"{number:>7}  {name:<44} {place:<18} {signed:<10}  {channel}"


def schedule_count(spec: BundleSpec) -> int:
    return Signature.objects.filter(
        petition=spec.petition, state__in=Signature.COUNTED_STATES, confirmed_at__lte=spec.counted_at
    ).count()


def _chart_svg(petition: Petition) -> SafeString:
    """Signatures in all over time, as a line (WeasyPrint draws inline SVG)."""
    days = petition_days(petition=petition)
    if not days:
        return SafeString("")
    width, height, left, bottom = 640.0, 200.0, 60.0, 24.0
    top = max(total.total for _, _, total in days) or 1
    step = (width - left) / max(1, len(days) - 1)
    points = " ".join(
        f"{left + i * step:.1f},{(height - bottom) * (1 - total.total / top) + 4:.1f}"
        for i, (_, _, total) in enumerate(days)
    )
    labels = format_html_join(
        "",
        '<text x="{}" y="{}" font-size="10" text-anchor="middle">{}</text>',
        (
            (f"{left + i * step:.1f}", height - 6, day)
            for i, (day, _, _) in enumerate(days)
            if i in (0, len(days) - 1) or i % max(1, len(days) // 6) == 0
        ),
    )
    return format_html(
        '<svg xmlns="http://www.w3.org/2000/svg" width="{}" height="{}" viewBox="0 0 {} {}" role="img">'
        "<title>Signatures over time</title>"
        '<line x1="{}" x2="{}" y1="{}" y2="{}" stroke="#0b0c0c"/>'
        '<text x="{}" y="12" font-size="10" text-anchor="end">{}</text>'
        '<polyline fill="none" stroke="#00703c" stroke-width="2" points="{}"/>{}</svg>',
        width,
        height,
        width,
        height,
        left,
        width,
        height - bottom + 4,
        height - bottom + 4,
        left - 4,
        f"{top:,}",
        points,
        labels,
    )


def _areas(petition: Petition) -> tuple[str, list]:
    for dimension, label in ((Dimension.CONSTITUENCY, "constituency"), (Dimension.LOCAL_AUTHORITY, "local authority")):
        areas = petition_areas(petition=petition, dimension=dimension)
        if areas:
            return label, areas[:AREA_ROWS_ON_COVER]
    return "", []


def _render_pdf(html: str, path: Path) -> None:
    from weasyprint import HTML  # heavy: loaded only when a bundle is made

    HTML(string=html).write_pdf(path)


def bundle_write(
    *,
    spec: BundleSpec,
    directory: Path,
    chunk_rows: int = 2000,
    progress: Callable[[int, int], None] | None = None,
) -> BundleFiles:
    """Write the PDF and the CSV files into `directory`; `progress(done, total)` is told
    after each chunk of the schedule."""
    directory.mkdir(parents=True, exist_ok=True)
    chunk_rows = max(ROWS_PER_PAGE, chunk_rows // ROWS_PER_PAGE * ROWS_PER_PAGE)  # whole pages per chunk
    names = file_names(spec.petition.pk, draft=spec.draft)
    total_rows = schedule_count(spec)
    header = SCHEDULE_HEADER[HandIn.Detail(spec.detail)]
    area_label, areas = _areas(spec.petition)
    generated_at = timezone.now()
    context = {
        "spec": spec,
        "petition": spec.petition,
        "extensions": list(petition_closing_date_changes(petition=spec.petition)),
        "area_label": area_label,
        "areas": areas,
        "chart": _chart_svg(spec.petition),
        "rows": total_rows,
        "letter": covering_letter_merge(text=spec.covering_letter, spec=spec) if spec.covering_letter else "",
        "generated_at": generated_at,
        "header": header,
        "header_line": _schedule_line(header),
        "site_name": settings.SITE_NAME,
    }
    pdf_path = directory / names["pdf"]
    csv_path = directory / names["schedule_csv"]
    with tempfile.TemporaryDirectory(prefix="doorstep-handin-") as temp:
        parts = [Path(temp) / "cover.pdf"]
        _render_pdf(render_to_string("campaigns/handin/cover.html", context), parts[0])
        number = 0
        with csv_path.open("w", newline="", encoding="utf-8") as csv_file:
            writer = csv.writer(csv_file)
            writer.writerow([csv_safe_cell(cell) for cell in header])
            for batch in _schedule_signatures(spec, chunk_rows):
                rows = []
                for row in batch:
                    number += 1
                    rows.append(_schedule_row(number, row))
                writer.writerows([csv_safe_cell(cell) for cell in row] for row in rows)
                lines = [_schedule_line(row) for row in rows]
                pages = [lines[i : i + ROWS_PER_PAGE] for i in range(0, len(lines), ROWS_PER_PAGE)]
                part = Path(temp) / f"schedule-{len(parts):05d}.pdf"
                _render_pdf(
                    render_to_string("campaigns/handin/schedule.html", {**context, "pages": pages}),
                    part,
                )
                parts.append(part)
                if progress:
                    progress(number, total_rows)
        merged = PdfWriter()
        for part in parts:
            merged.append(str(part))
        with pdf_path.open("wb") as pdf_file:
            merged.write(pdf_file)
        page_count = len(merged.pages)
        merged.close()
    sheets_path = directory / names["paper_sheets_csv"]
    with sheets_path.open("w", newline="", encoding="utf-8") as sheets_file:
        sheets_file.writelines(csv_lines(PAPER_SHEET_HEADER, petition_paper_sheet_index(petition=spec.petition)))
    return BundleFiles(pdf=pdf_path, schedule_csv=csv_path, paper_sheets_csv=sheets_path, rows=number, pages=page_count)
