"""Taking signatures out of the count: one at a time (staff, a withdrawal, a paper row
keyed twice) or in bulk (a staff invalidation the worker runs in batches). Each keeps
the state it had, so a bulk invalidation can be reversed."""

import logging
from datetime import datetime

from django.conf import settings
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from doorstep.accounts.models import Actor
from doorstep.core.errors import ApplicationError
from doorstep.core.leases import Heartbeat, job_heartbeat
from doorstep.petitions.models import PetitionEvent
from doorstep.petitions.services import petition_record_event
from doorstep.trust.models import Invalidation

from ..models import Signature
from ..selectors.matching import signature_match_ids
from .counts import tally_add

logger = logging.getLogger(__name__)


def signature_invalidate(
    *, signature: Signature, now: datetime | None = None, invalidation: Invalidation | None = None
) -> bool:
    """Take a signature out of the count. Returns True if it was counted, pending or held before.

    The state it had is kept, so a bulk invalidation can be reversed."""
    now = now or timezone.now()
    with transaction.atomic():
        row = Signature.objects.select_for_update().get(pk=signature.pk)
        if row.state == Signature.State.INVALIDATED:
            return False
        was_counted = row.state in Signature.COUNTED_STATES
        row.state_before_invalidation = row.state
        row.state = Signature.State.INVALIDATED
        row.invalidated_at = now
        row.invalidation = invalidation
        row.save(update_fields=["state", "state_before_invalidation", "invalidated_at", "invalidation"])
        if was_counted:
            tally_add(signature=row, delta=-1)
    signature.state = Signature.State.INVALIDATED
    signature.invalidated_at = now
    return True


def _invalidation_batch(*, invalidation: Invalidation, ids: list[int], now: datetime | None) -> None:
    """Take out one batch in one transaction, and add it to the invalidation's progress."""
    done = counted = 0
    with transaction.atomic():
        for signature in Signature.objects.filter(pk__in=ids):
            was_counted = signature.state in Signature.COUNTED_STATES
            if signature_invalidate(signature=signature, now=now, invalidation=invalidation):
                done += 1
                counted += was_counted
        Invalidation.objects.filter(pk=invalidation.pk).update(
            done=F("done") + done, counted_removed=F("counted_removed") + counted
        )


def invalidation_run(*, invalidation_id: int, now: datetime | None = None) -> Invalidation:
    """Take out every signature matching a bulk invalidation, a batch per transaction,
    keeping its progress up to date and stopping early if staff cancel it.

    It holds the invalidation's job lease (LeaseHeld if another worker runs it). One still
    running whose worker died part way is resumed: each batch it finished was committed with
    its progress, and the signatures it had not reached yet are taken out now."""
    with job_heartbeat(key=Invalidation.lease_key(invalidation_id)) as heartbeat:
        invalidation = Invalidation.objects.select_related("petition").get(pk=invalidation_id)
        if invalidation.state == Invalidation.State.RUNNING:
            logger.warning("Bulk invalidation %s resumed after its worker stopped", invalidation.pk)
        elif not Invalidation.objects.filter(pk=invalidation.pk, state=Invalidation.State.QUEUED).update(
            state=Invalidation.State.RUNNING
        ):
            return invalidation  # run already, or cancelled before it started
        state = _invalidation_batches(invalidation=invalidation, heartbeat=heartbeat, now=now)
        with transaction.atomic():
            Invalidation.objects.filter(pk=invalidation.pk).update(state=state, finished_at=timezone.now())
            invalidation.refresh_from_db()
            petition_record_event(
                petition=invalidation.petition,
                kind=PetitionEvent.Kind.SIGNATURES_INVALIDATED,
                description=_invalidated_description(invalidation),
                actor=invalidation.created_by,
                invalidation_id=invalidation.pk,
            )
    return invalidation


def _invalidation_batches(
    *, invalidation: Invalidation, heartbeat: Heartbeat, now: datetime | None
) -> Invalidation.State:
    """Take out the matching signatures not yet taken out, a batch at a time, until done or
    cancelled. Returns how it ended."""
    ids = signature_match_ids(petition=invalidation.petition, criteria=invalidation.criteria)
    batch_size = max(1, int(settings.DOORSTEP.invalidation_batch))
    for start in range(0, len(ids), batch_size):
        if Invalidation.objects.filter(pk=invalidation.pk, cancel_requested=True).exists():
            return Invalidation.State.CANCELLED
        _invalidation_batch(invalidation=invalidation, ids=ids[start : start + batch_size], now=now)
        heartbeat.beat()
    return Invalidation.State.DONE


def _invalidated_description(invalidation: Invalidation) -> str:
    values = {
        "done": invalidation.done,
        "counted": invalidation.counted_removed,
        "description": invalidation.description,
        "reason": invalidation.reason,
    }
    if invalidation.state == Invalidation.State.CANCELLED:
        text = ngettext(
            "%(done)s signature taken out (%(counted)s had counted) before it was cancelled: "
            "%(description)s. Reason: %(reason)s",
            "%(done)s signatures taken out (%(counted)s had counted) before it was cancelled: "
            "%(description)s. Reason: %(reason)s",
            invalidation.done,
        )
    else:
        text = ngettext(
            "%(done)s signature taken out (%(counted)s had counted): %(description)s. Reason: %(reason)s",
            "%(done)s signatures taken out (%(counted)s had counted): %(description)s. Reason: %(reason)s",
            invalidation.done,
        )
    return text % values


def invalidation_reverse(*, invalidation: Invalidation, actor: Actor) -> int:
    """Put back every signature a bulk invalidation took out, in the state it had
    (counted again if it was counted), in one transaction: a process killed part way
    leaves it as it was, to reverse again. Returns how many were restored."""
    restored = 0
    with transaction.atomic():
        reversing = Invalidation.objects.filter(
            pk=invalidation.pk, state__in=[Invalidation.State.DONE, Invalidation.State.CANCELLED]
        ).update(state=Invalidation.State.REVERSING)
        if not reversing:
            raise ApplicationError(_("Only a finished or cancelled invalidation can be reversed"))
        rows = Signature.objects.select_for_update().filter(
            invalidation=invalidation, state=Signature.State.INVALIDATED
        )
        for row in rows:
            row.state = row.state_before_invalidation or Signature.State.PENDING
            row.invalidated_at = None
            row.invalidation = None
            row.state_before_invalidation = ""
            row.save(update_fields=["state", "invalidated_at", "invalidation", "state_before_invalidation"])
            if row.state in Signature.COUNTED_STATES:
                tally_add(signature=row, delta=1)
            restored += 1
        Invalidation.objects.filter(pk=invalidation.pk).update(
            state=Invalidation.State.REVERSED, restored=restored, reversed_by=actor, reversed_at=timezone.now()
        )
        petition_record_event(
            petition=invalidation.petition,
            kind=PetitionEvent.Kind.SIGNATURES_RESTORED,
            description=ngettext(
                "Put back: %(restored)s signature of a group taken out (%(description)s)",
                "Put back: %(restored)s signatures of a group taken out (%(description)s)",
                restored,
            )
            % {"restored": restored, "description": invalidation.description},
            actor=actor,
            invalidation_id=invalidation.pk,
        )
    invalidation.refresh_from_db()
    return restored
