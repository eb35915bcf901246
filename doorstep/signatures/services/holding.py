"""Signatures held as suspect: by trust's check when they are made, by staff, or swept
up when their source goes over a limit. A held signature counts only once released."""

from datetime import timedelta

from django.db import transaction
from django.utils import timezone

from doorstep.petitions.models import Petition
from doorstep.trust.models import Source

from ..models import Signature
from .counts import count_increase_announce, tally_add


def signature_hold(*, signature: Signature, reason: str) -> bool:
    """Staff doubt a signature: take it out of the count until it is released."""
    with transaction.atomic():
        row = Signature.objects.select_for_update().get(pk=signature.pk)
        if row.state not in (Signature.State.PENDING, Signature.State.CONFIRMED):
            return False
        was_counted = row.state in Signature.COUNTED_STATES
        row.state = Signature.State.SUSPECT
        row.suspect_reason = reason[:100]
        row.save(update_fields=["state", "suspect_reason"])
        if was_counted:
            tally_add(signature=row, delta=-1)
    signature.state = row.state
    return True


def signature_release(*, signature: Signature) -> bool:
    """Staff judged a held signature real: it counts if the signer has confirmed it,
    else it waits for confirmation like any other. Returns True if it was held."""
    with transaction.atomic():
        row = Signature.objects.select_for_update().get(pk=signature.pk)
        if row.state != Signature.State.SUSPECT:
            return False
        row.state = Signature.State.CONFIRMED if row.confirmed_at else Signature.State.PENDING
        row.save(update_fields=["state"])
        if row.state in Signature.COUNTED_STATES:
            tally_add(signature=row, delta=1)
            count_increase_announce(petition_id=row.petition_id)
    signature.state = row.state
    return True


def signatures_hold_recent(*, petition: Petition, source: Source, value: str, seconds: int, reason: str) -> int:
    """Hold a source's recent signatures of a petition (those made in the last `seconds`
    from one IP address, or one email domain) once it has gone over a limit, taking the
    counted ones out of the count. Returns how many were held."""
    since = timezone.now() - timedelta(seconds=seconds)
    rows = Signature.objects.filter(
        petition=petition,
        channel=Signature.Channel.ONLINE,
        created_at__gte=since,
        state__in=[Signature.State.PENDING, Signature.State.CONFIRMED],
    )
    if source == Source.IP:
        rows = rows.filter(ip_address=value)
    elif source == Source.DOMAIN:
        rows = rows.filter(email_normalised__endswith=f"@{value}")
    else:
        raise ValueError(f"Signatures are not held by {source!r}")
    held = 0
    for signature in rows:
        held += signature_hold(signature=signature, reason=reason)
    return held
