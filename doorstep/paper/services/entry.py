"""What every returned sheet goes through, whether it is keyed or entered as a count only:
paper entry must still be open, and the first entry marks the sheet (and its pack) back."""

from datetime import datetime

from django.utils.formats import date_format
from django.utils.translation import gettext as _

from doorstep.accounts.models import Actor
from doorstep.core.errors import ApplicationError
from doorstep.signatures.selectors.paper import paper_entry_last_day, paper_entry_open

from ..models import Pack, Sheet
from .circulation import pack_event_add


def sheet_entry_check(*, sheet: Sheet, now: datetime) -> None:
    """Refuse anything more for a sheet of a petition whose paper entry has closed."""
    if not paper_entry_open(petition=sheet.petition, now=now):
        last_day = paper_entry_last_day(petition=sheet.petition)
        raise ApplicationError(
            _("Paper entry for this petition closed at the end of {day}: nothing more can be added").format(
                day=date_format(last_day, "j F Y")
            )
        )


def sheet_entry_lock(*, sheet: Sheet, now: datetime) -> Sheet:
    """The sheet (and its petition) fresh, locked for the caller's transaction, once paper
    entry is known to be open."""
    sheet = Sheet.objects.select_for_update().select_related("petition").get(pk=sheet.pk)
    sheet_entry_check(sheet=sheet, now=now)
    return sheet


def sheet_signatures_check(*, count: int, field: str) -> None:
    """How many signatures someone says a sheet holds: 0 to a full sheet."""
    if not 0 <= count <= Sheet.ROWS:
        raise ApplicationError(_("A sheet holds between 0 and {rows} signatures").format(rows=Sheet.ROWS), field=field)


def sheet_mark_returned(*, sheet: Sheet, actor: Actor, now: datetime) -> None:
    """The first time a sheet is entered (count only or keyed), it is back: so is its pack,
    or part of it. Runs inside the caller's transaction, the sheet locked."""
    if sheet.returned_at:
        return
    sheet.returned_at = now
    Sheet.objects.filter(pk=sheet.pk).update(returned_at=now)
    if sheet.pack_id is None:
        return
    pack = Pack.objects.select_for_update().get(pk=sheet.pack_id)
    out = Sheet.objects.filter(pack=pack, returned_at__isnull=True).exists()
    state = Pack.State.PARTLY_RETURNED if out else Pack.State.RETURNED
    if pack.state != state and pack.state in (*Pack.OUT_STATES, Pack.State.LOST):
        Pack.objects.filter(pk=pack.pk).update(state=state, state_changed_at=now)
        note = _("Sheet {code} back").format(code=sheet.code)
        pack_event_add(pack=pack, state=state, actor=actor, now=now, note=note)
