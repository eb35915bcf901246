"""A sheet entered as a count only: how many signatures it holds, typed before (or instead
of) keying its rows. The count shows beside the petition's count, never in it, until the
sheet is keyed; each petition keeps the sum (CountOnlyTotal) so no page adds it up.

(Staff pages and the API call this "tallied"; in the code it is "count-only", because
"tally" is the signatures app's word for its kept counts.)"""

from datetime import datetime

from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from doorstep.accounts.models import Actor
from doorstep.core.errors import ApplicationError

from ..models import CountOnlyTotal, Sheet
from .entry import sheet_entry_lock, sheet_mark_returned, sheet_signatures_check


def count_only_total_add(*, petition_id: int, delta: int) -> None:
    """Add to the petition's kept sum of count-only signatures. Runs in the caller's transaction."""
    if not delta:
        return
    rows = CountOnlyTotal.objects.filter(petition_id=petition_id)
    if rows.update(signatures=F("signatures") + delta):
        return
    try:
        with transaction.atomic():
            CountOnlyTotal.objects.create(petition_id=petition_id, signatures=delta)
    except IntegrityError:
        rows.update(signatures=F("signatures") + delta)  # another entry made the row first


def sheet_count_only(*, sheet: Sheet, count: int, actor: Actor, now: datetime | None = None) -> Sheet:
    """Enter a sheet as a count only, to be keyed later (entering it again corrects the count).
    It never joins the keyed paper count."""
    now = now or timezone.now()
    sheet_signatures_check(count=count, field="count")
    with transaction.atomic():
        sheet = sheet_entry_lock(sheet=sheet, now=now)
        if sheet.state not in (Sheet.State.OUT, Sheet.State.COUNT_ONLY):
            raise ApplicationError(_("This sheet is already being keyed, so its count comes from its rows"))
        count_only_total_add(petition_id=sheet.petition_id, delta=count - (sheet.count_only or 0))
        sheet.count_only = count
        sheet.count_only_at = now
        sheet.count_only_by = actor
        sheet.state = Sheet.State.COUNT_ONLY
        sheet.save(update_fields=["count_only", "count_only_at", "count_only_by", "state"])
        sheet_mark_returned(sheet=sheet, actor=actor, now=now)
    return sheet
