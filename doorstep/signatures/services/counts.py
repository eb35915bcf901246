"""The kept counts: each counted signature adds to a few Tally rows in its own
transaction, and `counts_rebuild` recounts them from scratch (`doorstep recount`)."""

import random
from collections.abc import Iterator
from typing import Any

from django.conf import settings
from django.db import transaction
from django.db.models import CharField, Count, F, Value
from django.db.models.functions import Cast, TruncDate
from django.utils import timezone
from django.utils.translation import gettext as _

from doorstep.accounts.models import Actor
from doorstep.core.upsert import counts_add
from doorstep.petitions.models import Petition, PetitionEvent
from doorstep.petitions.services import petition_record_event

from ..models import Signature, Tally
from ..selectors.counts import petition_counts
from ..signals import count_increased


def _tally_keys(signature: Signature) -> list[tuple[str, str]]:
    """The counts one counted signature adds to: the total, each area it lies in, its day."""
    keys = [(str(Tally.Dimension.TOTAL), "")]
    for dimension, field in Tally.AREA_FIELDS.items():
        if value := getattr(signature, field):
            keys.append((str(dimension), value))
    if signature.confirmed_at:
        keys.append((str(Tally.Dimension.DAY), timezone.localdate(signature.confirmed_at).isoformat()))
    return keys


TALLY_ROW = ("petition_id", "dimension", "key", "channel", "shard")


def _shard() -> int:
    return random.randrange(max(1, settings.DOORSTEP.count_shards))  # noqa: S311 - spreading load, not security


def tally_add(*, signature: Signature, delta: int) -> None:
    """Add delta to each of the signature's counts, on one random shard row each, in one
    statement (core.upsert: a count's shard row is made the first time). Runs inside the
    caller's transaction."""
    shard = _shard()
    rows = [
        {
            "petition_id": signature.petition_id,
            "channel": signature.channel,
            "dimension": dimension,
            "key": key,
            "shard": shard,
            "count": delta,
        }
        # In one order everywhere, so two confirmations at once lock their rows in the same order.
        for dimension, key in sorted(_tally_keys(signature))
    ]
    counts_add(model=Tally, conflict=TALLY_ROW, rows=rows)


def tally_move(*, petition_id: int, channel: str, dimension: str, old: str, new: str, count: int) -> None:
    """Move `count` counted signatures of a petition's channel from the area `old` to the area
    `new` of one dimension (either may be "", no area). Runs inside the caller's transaction."""
    if old == new:
        return
    shard = _shard()
    rows = [
        {
            "petition_id": petition_id,
            "channel": channel,
            "dimension": dimension,
            "key": key,
            "shard": shard,
            "count": delta,
        }
        for key, delta in sorted(((old, -count), (new, count)))
        if key
    ]
    counts_add(model=Tally, conflict=TALLY_ROW, rows=rows)


def count_increase_announce(*, petition_id: int) -> None:
    """Tell the `count_increased` receivers (milestones), once the transaction has committed."""
    transaction.on_commit(lambda: count_increased.send(sender=Signature, petition_id=petition_id))


def _fresh_tallies(petition: Petition) -> list[Tally]:
    """The petition's counts, recounted from its counted signatures (one shard each)."""
    counted = Signature.objects.filter(petition=petition, state__in=Signature.COUNTED_STATES)
    groups: dict[str, Any] = {str(Tally.Dimension.TOTAL): Value("", output_field=CharField())}
    groups.update({str(dimension): F(field) for dimension, field in Tally.AREA_FIELDS.items()})
    groups[str(Tally.Dimension.DAY)] = Cast(
        TruncDate("confirmed_at", tzinfo=timezone.get_current_timezone()), CharField()
    )
    fresh: list[Tally] = []
    for dimension, key in groups.items():
        rows = counted.annotate(tally_key=key).values("channel", "tally_key").annotate(n=Count("id")).order_by()
        fresh.extend(
            Tally(petition=petition, channel=row["channel"], dimension=dimension, key=row["tally_key"], count=row["n"])
            for row in rows
            if row["tally_key"] or dimension == Tally.Dimension.TOTAL
        )
    return fresh


@transaction.atomic
def counts_rebuild(*, petition: Petition, actor: Actor = None) -> dict[str, int]:
    """Recount a petition's signatures from scratch and replace its tallies.

    Returns the drift found per channel (new count minus old), for the record.
    Confirmations that land while it runs may be missed: run it when signing is quiet.
    """
    Petition.objects.select_for_update().filter(pk=petition.pk).first()
    before = petition_counts(petition=petition)
    fresh = _fresh_tallies(petition)
    Tally.objects.filter(petition=petition).delete()
    Tally.objects.bulk_create(fresh, batch_size=1000)
    after = petition_counts(petition=petition)
    drift = {
        "online": after.online - before.online,
        "paper": after.paper - before.paper,
        "door": after.door - before.door,
    }
    if any(drift.values()):
        petition_record_event(
            petition=petition,
            kind=PetitionEvent.Kind.RECOUNTED,
            description=_(
                "Recounted: online %(online_before)s → %(online_after)s, paper %(paper_before)s → %(paper_after)s"
                ", door to door %(door_before)s → %(door_after)s"
            )
            % {
                "online_before": before.online,
                "online_after": after.online,
                "paper_before": before.paper,
                "paper_after": after.paper,
                "door_before": before.door,
                "door_after": after.door,
            },
            actor=actor,
            drift=drift,
        )
    return drift


def counts_rebuild_every(*, actor: Actor = None) -> Iterator[tuple[Petition, dict[str, int]]]:
    """Rebuild every petition's counts, oldest petition first, yielding each with its drift."""
    for petition in Petition.objects.order_by("pk"):
        yield petition, counts_rebuild(petition=petition, actor=actor)
