"""The hand-in bundle: a PDF (cover page, optional covering letter, numbered schedule
of signatures), the same schedule as CSV, and an index of the paper sheets.

Memory stays bounded for a petition of any size: signatures are read in keyset
chunks, the CSV is written a row at a time, and WeasyPrint lays out the schedule a
chunk at a time into temporary PDFs that pypdf joins at the end.

Every file is made in this process's temporary folder inside the data directory (never
/tmp: they hold signers' names) and renamed into place only once all three are complete,
so a process killed part way leaves no half-made file where staff download it.
"""

import csv
import tempfile
from collections.abc import Callable
from contextlib import ExitStack
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.conf import settings
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _

from doorstep.core.csv import csv_lines, csv_safe_cell
from doorstep.core.files import file_build, tmp_dir
from doorstep.core.pdf import pdf_write
from doorstep.evidence.handin import evidence_handin_html
from doorstep.paper.selectors import sheet_index
from doorstep.petitions.models import Petition
from doorstep.petitions.selectors import petition_closing_date_changes
from doorstep.scans.selectors import sheet_scan_references
from doorstep.signatures.models import Signature
from doorstep.signatures.selectors.counts import Dimension, petition_areas, petition_days

from .bundle_spec import BundleFile, BundleSpec, bundle_file_names, covering_letter_merge
from .models import HandIn
from .selectors import ScheduleSignature, handin_signature_batches, handin_signatures

ROWS_PER_PAGE = 50
AREA_ROWS_ON_COVER = 25

Progress = Callable[[int, int], None]


def _no_progress(done: int, total: int) -> None:
    """Nobody is told."""


def _no_heartbeat() -> None:
    """Nobody holds a lease."""


def schedule_header(detail: HandIn.Detail) -> list[str]:
    place = _("Postcode") if detail == HandIn.Detail.POSTCODE else _("Postcode district")
    return [_("No."), _("Name"), place, _("Signed"), _("How")]


def _how(channel: str) -> str:
    """How a signature was made, as the schedule's last column says it."""
    names: dict[str, str] = {Signature.Channel.PAPER: _("paper"), Signature.Channel.DOOR: _("door to door")}
    return names.get(channel, _("online"))


def paper_sheet_header(*, list_scans: bool = False) -> list[str]:
    header = [_("Sheet"), _("Signatures on it"), _("Collected by"), _("Received")]
    return [*header, _("Scan held"), _("Scans")] if list_scans else header


def paper_sheet_rows(spec: BundleSpec) -> list[list]:
    """The index of paper sheets; with `spec.list_scans`, whether a scan of each sheet is held
    and which page of which upload it is (a reference: the images never go in the bundle)."""
    index = sheet_index(petition=spec.petition)
    if not spec.list_scans:
        return index
    scans = sheet_scan_references(petition=spec.petition)
    return [[*row, _("yes") if scans.get(row[0]) else _("no"), "; ".join(scans.get(row[0], []))] for row in index]


@dataclass(frozen=True)
class BundleFiles:
    pdf: Path
    schedule_csv: Path
    paper_sheets_csv: Path
    rows: int
    pages: int


def _schedule_row(number: int, signature: ScheduleSignature) -> list:
    country = signature.country
    return [
        number,
        signature.name,
        signature.place or ("" if country == "GB" else country),
        timezone.localtime(signature.confirmed_at).strftime("%Y-%m-%d"),
        _how(signature.channel),
    ]


def _schedule_line(row: list) -> str:
    """One schedule row as fixed-width text: WeasyPrint lays out preformatted text about
    ten times faster than a table, which matters at 100,000 rows. Nothing is cut short:
    a longer name pushes its line on (and wraps), it is never truncated."""
    number, name, place, signed, channel = (str(cell) for cell in row)
    return f"{number:>7}  {name:<44} {place:<18} {signed:<10}  {channel}"


def _chart_svg(petition: Petition) -> SafeString:
    """Signatures in all over time, as a line (WeasyPrint draws inline SVG)."""
    days = petition_days(petition=petition)
    if not days:
        return SafeString("")
    width, height, left, bottom = 640.0, 200.0, 60.0, 24.0
    top = max(total.total for _day, _counts, total in days) or 1
    step = (width - left) / max(1, len(days) - 1)
    points = " ".join(
        f"{left + i * step:.1f},{(height - bottom) * (1 - total.total / top) + 4:.1f}"
        for i, (_day, _counts, total) in enumerate(days)
    )
    labels = format_html_join(
        "",
        '<text x="{}" y="{}" font-size="10" text-anchor="middle">{}</text>',
        (
            (f"{left + i * step:.1f}", height - 6, day)
            for i, (day, _counts, _total) in enumerate(days)
            if i in (0, len(days) - 1) or i % max(1, len(days) // 6) == 0
        ),
    )
    return format_html(
        '<svg xmlns="http://www.w3.org/2000/svg" width="{}" height="{}" viewBox="0 0 {} {}" role="img">'
        "<title>{}</title>"
        '<line x1="{}" x2="{}" y1="{}" y2="{}" stroke="#0b0c0c"/>'
        '<text x="{}" y="12" font-size="10" text-anchor="end">{}</text>'
        '<polyline fill="none" stroke="#00703c" stroke-width="2" points="{}"/>{}</svg>',
        width,
        height,
        width,
        height,
        _("Signatures over time"),
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
    """The areas with most signatures for the cover: by constituency if known, else by local authority."""
    for dimension, label in (
        (Dimension.CONSTITUENCY, _("constituency")),
        (Dimension.LOCAL_AUTHORITY, _("local authority")),
    ):
        areas = petition_areas(petition=petition, dimension=dimension)
        if areas:
            return label, areas[:AREA_ROWS_ON_COVER]
    return "", []


def _cover_context(spec: BundleSpec, rows: int) -> dict[str, Any]:
    """What the cover and the schedule pages show, apart from the schedule itself."""
    area_label, areas = _areas(spec.petition)
    header = schedule_header(spec.detail)
    return {
        "spec": spec,
        "petition": spec.petition,
        "extensions": list(petition_closing_date_changes(petition=spec.petition)),
        "area_label": area_label,
        "areas": areas,
        "area_rows": AREA_ROWS_ON_COVER,
        "chart": _chart_svg(spec.petition),
        "rows": rows,
        "letter": covering_letter_merge(text=spec.covering_letter, spec=spec) if spec.covering_letter else "",
        "generated_at": timezone.now(),
        "header": header,
        "header_line": _schedule_line(header),
        "site_name": settings.SITE_NAME,
    }


def _write_schedule(
    spec: BundleSpec, context: dict[str, Any], *, csv_path: Path, temp: Path, chunk_rows: int, progress: Progress
) -> tuple[list[Path], int]:
    """Write the schedule CSV, and lay out its PDF pages a chunk at a time: the PDF parts
    in order, and the number of signatures listed."""
    parts: list[Path] = []
    number = 0
    with csv_path.open("w", newline="", encoding="utf-8") as csv_file:
        writer = csv.writer(csv_file)
        writer.writerow([csv_safe_cell(cell) for cell in context["header"]])
        for batch in handin_signature_batches(spec=spec, chunk=chunk_rows):
            rows = [_schedule_row(number + i, signature) for i, signature in enumerate(batch, start=1)]
            number += len(rows)
            writer.writerows([csv_safe_cell(cell) for cell in row] for row in rows)
            lines = [_schedule_line(row) for row in rows]
            pages = [lines[i : i + ROWS_PER_PAGE] for i in range(0, len(lines), ROWS_PER_PAGE)]
            part = temp / f"schedule-{len(parts):05d}.pdf"
            pdf_write(html=render_to_string("campaigns/handin/schedule.html", {**context, "pages": pages}), path=part)
            parts.append(part)
            progress(number, context["rows"])
    return parts, number


def _write_sheet_index(spec: BundleSpec, context: dict[str, Any], *, csv_path: Path, temp: Path) -> list[Path]:
    """Write the index of paper sheets CSV; with its scans listed, the index goes at the end
    of the PDF too: the PDF parts for that (none otherwise)."""
    header, sheets = paper_sheet_header(list_scans=spec.list_scans), paper_sheet_rows(spec)
    with csv_path.open("w", newline="", encoding="utf-8") as sheets_file:
        sheets_file.writelines(csv_lines(header, sheets))
    if not (spec.list_scans and sheets):
        return []
    part = temp / "sheets.pdf"
    html = render_to_string("campaigns/handin/sheets.html", {**context, "sheet_header": header, "sheets": sheets})
    pdf_write(html=html, path=part)
    return [part]


def _pdf_join(parts: list[Path], path: Path, heartbeat: Callable[[], None]) -> int:
    """Join the PDF parts into one file at `path`; its number of pages."""
    from pypdf import PdfWriter  # as WeasyPrint (core.pdf): a third of a second to load, only when joining

    merged = PdfWriter()
    for part in parts:
        merged.append(str(part))
        heartbeat()
    with path.open("wb") as pdf_file:
        merged.write(pdf_file)
    pages = len(merged.pages)
    merged.close()
    return pages


def bundle_write(
    *,
    spec: BundleSpec,
    directory: Path,
    chunk_rows: int = 2000,
    progress: Progress = _no_progress,
    heartbeat: Callable[[], None] = _no_heartbeat,
) -> BundleFiles:
    """Write the PDF and the CSV files into `directory`, all three at once when complete;
    `progress(done, total)` is told after each chunk of the schedule, and `heartbeat()`
    called between the steps of a long job (it renews the job's lease)."""
    chunk_rows = max(ROWS_PER_PAGE, chunk_rows // ROWS_PER_PAGE * ROWS_PER_PAGE)  # whole pages per chunk
    names = bundle_file_names(petition_id=spec.petition.pk, draft=spec.draft)
    paths = {kind: directory / name for kind, name in names.items()}
    context = _cover_context(spec, rows=handin_signatures(spec=spec).count())
    with ExitStack() as building:
        # Each part is moved to its path when the stack closes without an error; on an error, removed.
        parts = {kind: building.enter_context(file_build(target=path)) for kind, path in paths.items()}
        temp = Path(building.enter_context(tempfile.TemporaryDirectory(prefix="handin-", dir=tmp_dir())))
        cover = temp / "cover.pdf"
        pdf_write(html=render_to_string("campaigns/handin/cover.html", context), path=cover)
        front = [cover]
        if evidence := evidence_handin_html(petition=spec.petition, context=context):
            front.append(temp / "evidence.pdf")
            pdf_write(html=evidence, path=front[-1])
        heartbeat()
        schedule, rows = _write_schedule(
            spec,
            context,
            csv_path=parts[BundleFile.SCHEDULE_CSV],
            temp=temp,
            chunk_rows=chunk_rows,
            progress=progress,
        )
        back = _write_sheet_index(spec, context, csv_path=parts[BundleFile.PAPER_SHEETS_CSV], temp=temp)
        pages = _pdf_join([*front, *schedule, *back], parts[BundleFile.PDF], heartbeat)
    return BundleFiles(
        pdf=paths[BundleFile.PDF],
        schedule_csv=paths[BundleFile.SCHEDULE_CSV],
        paper_sheets_csv=paths[BundleFile.PAPER_SHEETS_CSV],
        rows=rows,
        pages=pages,
    )
