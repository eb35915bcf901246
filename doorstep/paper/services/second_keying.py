"""An independent second keying of a keyed sheet, by someone other than its first keyer,
and settling the rows where the two keyings differ."""

from datetime import datetime

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from doorstep.accounts.models import Actor
from doorstep.core.errors import ApplicationError

from ..models import Sheet, SheetRow
from .entry import sheet_entry_check
from .keying import RowInput, row_apply


def sheet_want_second_keying(*, sheet: Sheet, actor: Actor) -> Sheet:
    """Ask for an independent second keying of a keyed sheet, to compare with the first."""
    sheet = Sheet.objects.get(pk=sheet.pk)
    if sheet.state != Sheet.State.KEYED:
        raise ApplicationError(_("Only a keyed sheet can be keyed a second time"))
    if sheet.second_keying_wanted:
        raise ApplicationError(_("A second keying has been asked for already"))
    Sheet.objects.filter(pk=sheet.pk).update(second_keying_wanted=True)
    sheet.second_keying_wanted = True
    return sheet


def sheet_resolve_keyings(*, sheet: Sheet, take_second: list[int], actor: Actor, now: datetime | None = None) -> Sheet:
    """Settle the differences between the two keyings: for the rows named the second
    keying was right and replaces the first (and its signature); the rest stand."""
    now = now or timezone.now()
    first_keying = SheetRow.Keying.FIRST
    with transaction.atomic():
        sheet = Sheet.objects.select_for_update().select_related("petition").get(pk=sheet.pk)
        if not sheet.second_keyed_by_id or sheet.second_keying_resolved_at:
            raise ApplicationError(_("There is no finished second keying waiting to be compared"))
        if take_second:
            sheet_entry_check(sheet=sheet, now=now)
        first_rows = SheetRow.objects.select_related("signature").filter(sheet=sheet, keying=first_keying)
        first = {r.number: r for r in first_rows}
        second = SheetRow.objects.filter(sheet=sheet, keying=SheetRow.Keying.SECOND, number__in=take_second)
        for row in second:
            data = RowInput.of(row)
            row_apply(sheet=sheet, stored=first.get(row.number), data=data, keying=first_keying, actor=actor, now=now)
        # A row named that the second keyer left empty is blank.
        for number in set(take_second) - {row.number for row in second}:
            if number in first:
                data = RowInput(number, SheetRow.Status.BLANK)
                row_apply(sheet=sheet, stored=first[number], data=data, keying=first_keying, actor=actor, now=now)
        sheet.second_keying_resolved_at = now
        sheet.save(update_fields=["second_keying_resolved_at"])
    return sheet
