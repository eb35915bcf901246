"""Milestones: numbers of signatures staff want to celebrate, reached once each."""

from datetime import datetime
from functools import partial

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from doorstep.accounts.models import Actor
from doorstep.core.errors import ApplicationError
from doorstep.petitions.models import Petition
from doorstep.signatures.selectors.counts import petition_counts_many

from ..models import Milestone
from ..tasks import send_milestone_email
from .common import campaign_event_record

# More signatures than there are people: a typing mistake.
MILESTONE_MOST = 100_000_000


@transaction.atomic
def milestones_set(*, petition: Petition, actor: Actor, counts: list[int]) -> list[int]:
    """Set the milestones still to reach (reached ones are kept, with their time)."""
    wanted = sorted(set(counts))
    if any(count <= 0 for count in wanted):
        raise ApplicationError(_("Milestones must be whole numbers above 0"), field="counts")
    if any(count > MILESTONE_MOST for count in wanted):
        raise ApplicationError(
            _("Milestones must be %(most)s signatures or fewer") % {"most": f"{MILESTONE_MOST:,}"}, field="counts"
        )
    reached = set(petition.milestones.exclude(reached_at=None).values_list("count", flat=True))
    petition.milestones.filter(reached_at=None).exclude(count__in=wanted).delete()
    for count in wanted:
        if count not in reached:
            Milestone.objects.get_or_create(petition=petition, count=count)
    campaign_event_record(
        petition=petition,
        actor=actor,
        description=_("Milestones set: %(counts)s") % {"counts": ", ".join(f"{count:,}" for count in wanted)},
    )
    milestones_check(petition_id=petition.pk)  # any already passed are reached now
    return wanted


def milestones_check(*, petition_id: int, now: datetime | None = None) -> list[Milestone]:
    """Mark the milestones the kept count has reached, each once, and email the organisers.
    Cheap when there is nothing to reach: one indexed query."""
    waiting = Milestone.objects.filter(petition_id=petition_id, reached_at=None)
    lowest = waiting.order_by("count").values_list("count", flat=True).first()
    if lowest is None:
        return []
    total = petition_counts_many(petition_ids=[petition_id]).get(petition_id)
    if total is None or total.total < lowest:
        return []
    now = now or timezone.now()
    newly = []
    for milestone in waiting.filter(count__lte=total.total):
        # The reached_at check in the UPDATE makes two confirmations at once record it once.
        if waiting.filter(pk=milestone.pk).update(reached_at=now):
            milestone.reached_at = now
            newly.append(milestone)
            transaction.on_commit(partial(send_milestone_email.enqueue, milestone_id=milestone.pk))
    return newly
