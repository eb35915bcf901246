from django.db.models import QuerySet

from doorstep.paper.models import Sheet
from doorstep.petitions.models import Petition

from .models import Scan, Upload


def uploads_list(*, petition: Petition) -> QuerySet[Upload]:
    return Upload.objects.filter(petition=petition).select_related("uploaded_by")


def scans_unmatched(*, petition: Petition) -> QuerySet[Scan]:
    return Scan.objects.filter(petition=petition, sheet__isnull=True).order_by("created_at", "pk")


def scan_get(*, scan_id: int) -> Scan | None:
    return Scan.objects.select_related("petition", "sheet", "upload").filter(pk=scan_id).first()


def sheet_scan(*, sheet: Sheet) -> Scan | None:
    """The latest scan of a sheet, shown beside its keying grid."""
    return Scan.objects.filter(sheet=sheet).order_by("-created_at", "-pk").first()


def sheet_scans(*, sheet_ids: list[int]) -> dict[int, list[Scan]]:
    """Each sheet's scans, for listing them (by reference, not the images) in the sheet index."""
    found: dict[int, list[Scan]] = {}
    for scan in Scan.objects.filter(sheet_id__in=sheet_ids).order_by("created_at", "pk"):
        found.setdefault(scan.sheet_id or 0, []).append(scan)
    return found
