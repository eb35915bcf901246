from typing import Any

from django import template

from doorstep.paper.models import Sheet

from ..selectors import sheet_scan

register = template.Library()


@register.inclusion_tag("scans/viewer.html")
def sheet_scan_viewer(sheet: Sheet) -> dict[str, Any]:
    """The sheet's scan beside its keying grid: `{% sheet_scan_viewer sheet %}` (nothing when it has none)."""
    return {"scan": sheet_scan(sheet=sheet)}
