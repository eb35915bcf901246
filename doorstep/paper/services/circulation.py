"""A pack's steps once printed (posted, returned, lost, cancelled), each dated and by whom,
and telling the holders of packs still out a new closing date, or that it closed early."""

from dataclasses import dataclass
from datetime import datetime
from functools import partial

from django.db import transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from doorstep.accounts.models import Actor
from doorstep.core.errors import ApplicationError
from doorstep.petitions.models import Petition

from ..models import Pack, PackEvent, PrintBatch
from ..tasks import send_pack_closing_date

# Where a pack may go next. Returns are recorded by keying its sheets or entering their count
# only, or by hand for a pack that came back with nothing on it.
PACK_MOVES: dict[str, tuple[Pack.State, ...]] = {
    Pack.State.REQUESTED: (Pack.State.CANCELLED,),
    Pack.State.PRINTED: (Pack.State.POSTED, Pack.State.LOST, Pack.State.CANCELLED),
    Pack.State.POSTED: (Pack.State.PARTLY_RETURNED, Pack.State.RETURNED, Pack.State.LOST),
    Pack.State.PARTLY_RETURNED: (Pack.State.RETURNED, Pack.State.LOST),
    Pack.State.LOST: (Pack.State.PARTLY_RETURNED, Pack.State.RETURNED),
    Pack.State.RETURNED: (),
    Pack.State.CANCELLED: (),
}


def pack_event_add(*, pack: Pack, state: str, actor: Actor, now: datetime, note: str = "") -> PackEvent:
    """One step of a pack in its history."""
    return PackEvent.objects.create(pack=pack, state=state, by=actor, at=now, note=note)


def pack_move(*, pack: Pack, to: str, actor: Actor, note: str = "", now: datetime | None = None) -> Pack:
    """Move a pack on a step: posted, returned, lost or cancelled."""
    now = now or timezone.now()
    if to not in Pack.State.values:
        raise ApplicationError(_("Choose what happened to the pack"))
    with transaction.atomic():
        pack = Pack.objects.select_for_update().get(pk=pack.pk)
        if to not in PACK_MOVES.get(pack.state, ()):
            raise ApplicationError(
                _("A {state} pack cannot be marked {to}").format(
                    state=pack.get_state_display().lower(), to=Pack.State(to).label.lower()
                )
            )
        pack.state = to
        pack.state_changed_at = now
        pack.save(update_fields=["state", "state_changed_at"])
        pack_event_add(pack=pack, state=to, actor=actor, now=now, note=note[:300])
    return pack


def batch_mark_posted(*, batch: PrintBatch, actor: Actor, now: datetime | None = None) -> int:
    """Mark every pack of a print batch that is still only printed as posted (the office posts
    a batch at once). Packs already moved on (posted, lost, cancelled...) stay as they are.
    Returns how many packs were marked."""
    now = now or timezone.now()
    note = _("Batch {batch} posted").format(batch=batch.pk)
    with transaction.atomic():
        packs = list(Pack.objects.select_for_update().filter(batch=batch, state=Pack.State.PRINTED).order_by("pk"))
        for pack in packs:
            pack_event_add(pack=pack, state=Pack.State.POSTED, actor=actor, now=now, note=note)
        Pack.objects.filter(pk__in=[pack.pk for pack in packs]).update(state=Pack.State.POSTED, state_changed_at=now)
    return len(packs)


def _told_note(*, closed: bool, by_email: bool) -> str:
    if closed:
        return (
            _("Told the petition closed on {day}, by email")
            if by_email
            else _("Told the petition closed on {day}, by letter")
        )
    return (
        _("Told the closing date is now {day}, by email")
        if by_email
        else _("Told the closing date is now {day}, by letter")
    )


@dataclass(frozen=True)
class Told:
    emailed: int
    by_letter: int


def packs_tell_closing_date(*, petition: Petition, actor: Actor, now: datetime | None = None) -> Told:
    """Tell the holders of packs still out the petition's new closing date, or the day it closed
    if it closed early: by email where they gave one, else by a letter staff print (paper
    selectors: packs_to_write_to)."""
    now = now or timezone.now()
    last_day = petition.last_day(now)
    day = date_format(last_day, "j F Y")
    with transaction.atomic():
        packs = list(
            Pack.objects.select_for_update()
            .filter(petition=petition, state__in=Pack.OUT_STATES)
            .exclude(told_closing_date=last_day)
        )
        emailed = [pack.pk for pack in packs if pack.email]
        for pack in packs:
            note = _told_note(closed=petition.closed_on(now) is not None, by_email=bool(pack.email))
            pack_event_add(pack=pack, state=pack.state, actor=actor, now=now, note=note.format(day=day))
        Pack.objects.filter(pk__in=[p.pk for p in packs]).update(told_closing_date=last_day)
        Pack.objects.filter(pk__in=[p.pk for p in packs if not p.email]).update(letter_closing_date=last_day)
        for pack_id in emailed:
            transaction.on_commit(partial(send_pack_closing_date.enqueue, pack_id=pack_id))
    return Told(emailed=len(emailed), by_letter=len(packs) - len(emailed))
