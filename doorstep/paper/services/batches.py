"""Printing: outstanding requests go into a print batch together, each pack given its
sheets, each sheet its own code. (The PDFs themselves are made by paper.printing.)"""

from datetime import datetime

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from doorstep.accounts.models import Actor
from doorstep.petitions.models import Petition

from ..codes import sheet_code_new
from ..models import Pack, PrintBatch, Sheet
from ..selectors import packs_outstanding
from .circulation import pack_event_add


def sheet_create(*, pack: Pack, number: int) -> Sheet:
    """The pack's sheet `number`, with a new code (drawn again if it was taken)."""
    for _attempt in range(10):
        try:
            with transaction.atomic():
                return Sheet.objects.create(
                    petition_id=pack.petition_id, pack=pack, number=number, code=sheet_code_new()
                )
        except IntegrityError:
            continue  # The code was taken: draw another.
    raise RuntimeError("Could not draw an unused sheet code")


def packs_print(
    *, petition: Petition, actor: Actor, pack_ids: list[int] | None = None, now: datetime | None = None
) -> PrintBatch | None:
    """Put every outstanding request (or the ones named) into a new print batch, giving each
    pack its sheets and codes. Requests flagged as duplicates or held by trust wait for staff.
    Returns None when nothing is outstanding."""
    now = now or timezone.now()
    with transaction.atomic():
        packs = packs_outstanding(petition=petition).select_for_update()
        if pack_ids is not None:
            packs = packs.filter(pk__in=pack_ids)
        packs_list = list(packs.order_by("pk"))
        if not packs_list:
            return None
        batch = PrintBatch.objects.create(petition=petition, printed_at=now, printed_by=actor)
        for pack in packs_list:
            for number in range(1, pack.sheets_requested + 1):
                sheet_create(pack=pack, number=number)
            note = _("Batch {batch}").format(batch=batch.pk)
            pack_event_add(pack=pack, state=Pack.State.PRINTED, actor=actor, now=now, note=note)
        Pack.objects.filter(pk__in=[p.pk for p in packs_list]).update(
            state=Pack.State.PRINTED, batch=batch, state_changed_at=now, told_closing_date=petition.last_day()
        )
    return batch
