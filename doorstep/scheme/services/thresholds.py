"""The install's thresholds, each reached once with its date (however the count moves after), and
debates: scheduled for a day, then debated or not. The creator of a resident's petition is told
about its debate."""

from datetime import date, datetime

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import Count
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from doorstep.accounts.models import Actor
from doorstep.core.errors import ApplicationError, text_required
from doorstep.petitions.models import Petition, PetitionEvent
from doorstep.petitions.services import petition_record_event
from doorstep.signatures.selectors.counts import petition_counts_many

from ..models import CreatorEmail, Debate, ThresholdReached
from ..selectors.thresholds import thresholds_active
from .emails import creator_email_about
from .supporters import supporters_check

# A count in these may reach a threshold (a signature confirmed in the grace time after the close too).
COUNTING_STATES = (Petition.State.OPEN, Petition.State.CLOSED)


def scheme_count_changed(*, petition_id: int) -> None:
    """After a petition's count went up (a confirmation, a release, a keyed paper row): a resident's
    petition gathering supporters may have enough, an open one may have reached a threshold. Nothing
    when the scheme is off; one query when there is nothing to do."""
    if not settings.DOORSTEP.petition_scheme:
        return
    row = (
        Petition.objects.filter(pk=petition_id)
        .values("state")
        .annotate(reached=Count("thresholds_reached"))
        .order_by("state")
        .first()
    )
    if row is None:
        return
    if row["state"] == Petition.State.VALIDATED:
        supporters_check(petition_id=petition_id)
    elif row["state"] in COUNTING_STATES and row["reached"] < len(thresholds_active()):
        thresholds_check(petition_id=petition_id)


def thresholds_check(*, petition_id: int, now: datetime | None = None) -> list[ThresholdReached]:
    """Record each threshold the kept count has reached and not reached before: once, with the
    date (of two confirmations at once, one records it), however the count moves after."""
    total = petition_counts_many(petition_ids=[petition_id]).get(petition_id)
    if total is None:
        return []
    reached = set(ThresholdReached.objects.filter(petition_id=petition_id).values_list("kind", flat=True))
    now = now or timezone.now()
    newly = []
    for threshold in thresholds_active():
        if threshold.kind in reached or total.total < threshold.signatures:
            continue
        try:
            with transaction.atomic():
                row = ThresholdReached.objects.create(
                    petition_id=petition_id, kind=threshold.kind, signatures=threshold.signatures, reached_at=now
                )
                petition_record_event(
                    petition=row.petition,
                    kind=PetitionEvent.Kind.THRESHOLD_REACHED,
                    description=_("%(signatures)s signatures reached: %(meaning)s")
                    % {"signatures": f"{threshold.signatures:,}", "meaning": threshold.meaning},
                    threshold=threshold.kind,
                )
        except IntegrityError:
            continue  # Recorded by another confirmation at the same moment.
        newly.append(row)
    return newly


def _debatable(petition: Petition) -> None:
    if petition.state not in Petition.PUBLIC_STATES:
        raise ApplicationError(_("Only a published petition can be debated"))


@transaction.atomic
def debate_schedule(*, petition: Petition, actor: Actor, scheduled_on: date, now: datetime | None = None) -> Debate:
    """Set (or move) the day the petition will be debated; its creator is told."""
    _debatable(petition)
    debate, _created = Debate.objects.get_or_create(petition=petition)
    if debate.outcome:
        raise ApplicationError(_("This petition's debate has an outcome already"), field="scheduled_on")
    debate.scheduled_on = scheduled_on
    debate.scheduled_at = now or timezone.now()
    debate.save()
    petition_record_event(
        petition=petition,
        kind=PetitionEvent.Kind.DEBATE,
        description=_("Debate scheduled for %(day)s") % {"day": date_format(scheduled_on, "j F Y")},
        actor=actor,
    )
    creator_email_about(petition_id=petition.pk, kind=CreatorEmail.DEBATE_SCHEDULED)
    return debate


@transaction.atomic
def debate_outcome_record(
    *,
    petition: Petition,
    actor: Actor,
    debated: bool,
    overview: str,
    debated_on: date | None = None,
    links: dict[str, str] | None = None,
    now: datetime | None = None,
) -> Debate:
    """Record that the petition was debated (on a day, with what was decided and links to the
    transcript, video and papers) or not (and why); its creator is told."""
    _debatable(petition)
    if debated and debated_on is None:
        raise ApplicationError(_("Enter the day it was debated"), field="debated_on")
    overview = text_required(
        overview, field="overview", message=_("Say what was decided, or why it was not debated"), max_length=5000
    )
    debate, _created = Debate.objects.get_or_create(petition=petition)
    debate.outcome = Debate.Outcome.DEBATED if debated else Debate.Outcome.NOT_DEBATED
    debate.debated_on = debated_on if debated else None
    debate.overview = overview
    for name in ("transcript_url", "video_url", "debate_pack_url"):
        setattr(debate, name, (links or {}).get(name, "").strip())
    debate.outcome_at = now or timezone.now()
    debate.full_clean()
    debate.save()
    petition_record_event(
        petition=petition,
        kind=PetitionEvent.Kind.DEBATE,
        description=_("Debated: %(overview)s") % {"overview": overview[:200]}
        if debated
        else _("Not debated: %(overview)s") % {"overview": overview[:200]},
        actor=actor,
    )
    creator_email_about(petition_id=petition.pk, kind=CreatorEmail.DEBATE_OUTCOME)
    return debate
