from typing import Any

from django import template
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext as _

from doorstep.paper.models import Sheet

from ..selectors import sheet_scan

register = template.Library()


@register.inclusion_tag("scans/viewer.html")
def sheet_scan_viewer(sheet: Sheet) -> dict[str, Any]:
    """The sheet's scan beside its keying grid: `{% sheet_scan_viewer sheet %}` (nothing when it has none)."""
    scan = sheet_scan(sheet=sheet)
    if scan is None:
        return {"scan": None}
    image = format_html(
        '<img id="scan-image" src="{}" alt="{}" width="{}" height="{}">',
        reverse("scans_staff:image", args=[scan.pk]),
        _("The scanned sheet, with its handwritten rows"),
        scan.width,
        scan.height,
    )
    return {"scan": scan, "image": image}
