from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from doorstep.paper.models import Sheet
from doorstep.petitions.models import Petition

from .models import Scan, Upload


def uploads_recent(*, petition: Petition, limit: int = 50) -> list[Upload]:
    """The latest uploads, as the scans page lists them (and follows those being read)."""
    return list(Upload.objects.filter(petition=petition).select_related("uploaded_by")[:limit])


def scans_unmatched(*, petition: Petition) -> QuerySet[Scan]:
    return Scan.objects.filter(petition=petition, sheet__isnull=True).order_by("created_at", "pk")


def scan_get(*, scan_id: int) -> Scan | None:
    return Scan.objects.select_related("petition", "sheet", "upload").filter(pk=scan_id).first()


def sheet_scan(*, sheet: Sheet) -> Scan | None:
    """The latest scan of a sheet, shown beside its keying grid."""
    return Scan.objects.filter(sheet=sheet).order_by("-created_at", "-pk").first()


def sheet_scan_references(*, petition: Petition) -> dict[str, list[str]]:
    """Each sheet's scans by reference, never the images, for the hand-in's sheet index:
    sheet code -> ["scan 12: returns.pdf, page 3, uploaded 2026-11-30", ...], oldest first."""
    found: dict[str, list[str]] = {}
    rows = (
        Scan.objects.filter(petition=petition, sheet__isnull=False)
        .order_by("created_at", "pk")
        .values_list("sheet__code", "pk", "source", "upload__uploaded_at")
    )
    for code, pk, source, uploaded_at in rows.iterator(chunk_size=2000):
        found.setdefault(code, []).append(
            _("scan %(number)s: %(page)s, uploaded %(day)s")
            % {"number": pk, "page": source, "day": timezone.localdate(uploaded_at).isoformat()}
        )
    return found
