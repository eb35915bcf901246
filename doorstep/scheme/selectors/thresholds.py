"""The install's thresholds and what they mean, a petition's progress to them and its debate, and
the figures petition.parliament.uk's JSON shows for them (with its list states)."""

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from django.conf import settings
from django.db import models
from django.db.models import Q, QuerySet
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from doorstep.petitions.models import Petition
from doorstep.petitions.selectors import Listing, petition_list_public

from ..models import Debate, Decision, Proposal, ThresholdReached


def scheme_addressed_to() -> str:
    """Who residents' petitions are addressed to."""
    return settings.DOORSTEP.scheme_addressed_to or settings.SITE_NAME


@dataclass(frozen=True)
class Threshold:
    kind: ThresholdReached.Kind
    signatures: int
    meaning: str


def thresholds_active() -> list[Threshold]:
    """The install's thresholds, lowest first, each with what reaching it means (a threshold of 0 is none)."""
    config = settings.DOORSTEP
    found = []
    if config.response_threshold > 0:
        meaning = config.response_threshold_meaning or _("%(organisation)s responds") % {
            "organisation": scheme_addressed_to()
        }
        found.append(Threshold(ThresholdReached.Kind.RESPONSE, config.response_threshold, meaning))
    if config.debate_threshold > 0:
        meaning = config.debate_threshold_meaning or _("it is considered for a debate")
        found.append(Threshold(ThresholdReached.Kind.DEBATE, config.debate_threshold, meaning))
    return sorted(found, key=lambda threshold: threshold.signatures)


@dataclass(frozen=True)
class Progress:
    threshold: Threshold
    reached_at: datetime | None
    percent: int


@dataclass(frozen=True)
class SchemeProgress:
    """What the petition page shows of the scheme: the thresholds with progress, and the debate."""

    thresholds: list[Progress]
    debate: Debate | None


def petition_progress(*, petition: Petition, total: int) -> SchemeProgress | None:
    """None when the scheme is off. Two small queries: the thresholds reached, the debate."""
    if not settings.DOORSTEP.petition_scheme:
        return None
    reached = {row.kind: row.reached_at for row in ThresholdReached.objects.filter(petition=petition)}
    progress = [
        Progress(
            threshold=threshold,
            reached_at=reached.get(threshold.kind),
            percent=min(100, round(100 * total / threshold.signatures)),
        )
        for threshold in thresholds_active()
    ]
    return SchemeProgress(thresholds=progress, debate=Debate.objects.filter(petition=petition).first())


class SchemeListing(models.TextChoices):
    """petition.parliament.uk's list states beyond open, closed and all, meaning what they mean there."""

    REJECTED = "rejected", gettext_lazy("Rejected petitions")
    AWAITING_RESPONSE = "awaiting_response", gettext_lazy("Waiting for a response")
    WITH_RESPONSE = "with_response", gettext_lazy("With a response")
    AWAITING_DEBATE = "awaiting_debate", gettext_lazy("Waiting for a debate")
    DEBATED = "debated", gettext_lazy("Debated")
    NOT_DEBATED = "not_debated", gettext_lazy("Not debated")


OUTCOMES = (Debate.Outcome.DEBATED, Debate.Outcome.NOT_DEBATED)


def petitions_listed(*, state: str) -> QuerySet[Petition]:
    """The petitions in a list state (a SchemeListing; open, closed and all as petitions lists them):
    rejected ones (never hidden ones), those past the response threshold with no response yet,
    those with one, those past the debate threshold (or with a debate date) not yet debated, and
    those debated or not."""
    published = petition_list_public(state=Listing.ALL)
    match state:
        case SchemeListing.REJECTED:
            return Petition.objects.filter(state=Petition.State.REJECTED).order_by("-rejected_at", "-id")
        case SchemeListing.AWAITING_RESPONSE:
            reached = Q(thresholds_reached__kind=ThresholdReached.Kind.RESPONSE)
            return published.filter(reached, replies__isnull=True)
        case SchemeListing.WITH_RESPONSE:
            return published.filter(pk__in=published.filter(replies__isnull=False).values("pk"))
        case SchemeListing.AWAITING_DEBATE:
            due = Q(thresholds_reached__kind=ThresholdReached.Kind.DEBATE) | Q(debate__scheduled_on__isnull=False)
            return published.filter(due).exclude(debate__outcome__in=OUTCOMES).distinct()
        case SchemeListing.DEBATED | SchemeListing.NOT_DEBATED:
            return published.filter(debate__outcome=state)
    return petition_list_public(state=state)


@dataclass(frozen=True)
class DebateFigures:
    outcome: str  # Debate.Outcome: debated or not_debated
    debated_on: date | None
    overview: str
    transcript_url: str
    video_url: str
    debate_pack_url: str


@dataclass(frozen=True)
class SchemeFigures:
    """A petition's moderation, thresholds and debate, as plain data for the public API."""

    moderation_threshold_reached_at: datetime | None = None
    response_threshold_reached_at: datetime | None = None
    debate_threshold_reached_at: datetime | None = None
    rejected_at: datetime | None = None
    rejection_code: str | None = None
    rejection_details: str | None = None
    debate_scheduled_at: datetime | None = None
    scheduled_debate_date: date | None = None
    debate_outcome_at: datetime | None = None
    debate: DebateFigures | None = None

    @property
    def debated(self) -> bool:
        return self.debate is not None and self.debate.outcome == Debate.Outcome.DEBATED

    def attributes(
        self, *, time: Callable[[datetime | None], Any], day: Callable[[date | None], Any]
    ) -> dict[str, Any]:
        """petition.parliament.uk's attributes, with times and dates written by `time` and `day` (the API's own)."""
        debate = self.debate
        return {
            "moderation_threshold_reached_at": time(self.moderation_threshold_reached_at),
            "response_threshold_reached_at": time(self.response_threshold_reached_at),
            "debate_threshold_reached_at": time(self.debate_threshold_reached_at),
            "rejected_at": time(self.rejected_at),
            "rejection": {"code": self.rejection_code, "details": self.rejection_details}
            if self.rejection_code
            else None,
            "debate_scheduled_at": time(self.debate_scheduled_at),
            "scheduled_debate_date": day(self.scheduled_debate_date),
            "debate_outcome_at": time(self.debate_outcome_at),
            "debate": {
                "debated_on": day(debate.debated_on),
                "transcript_url": debate.transcript_url or None,
                "video_url": debate.video_url or None,
                "debate_pack_url": debate.debate_pack_url or None,
                "public_engagement_url": None,
                "debate_summary_url": None,
                "overview": debate.overview or None,
            }
            if debate
            else None,
        }


def _debate_figures(debate: Debate | None) -> DebateFigures | None:
    if debate is None or not debate.outcome:
        return None
    return DebateFigures(
        outcome=debate.outcome,
        debated_on=debate.debated_on,
        overview=debate.overview,
        transcript_url=debate.transcript_url,
        video_url=debate.video_url,
        debate_pack_url=debate.debate_pack_url,
    )


def _rejections(petitions: list[Petition]) -> dict[int, Decision]:
    """The decision that rejected each rejected petition (a hidden one is never served)."""
    rejected = [petition.pk for petition in petitions if petition.state == Petition.State.REJECTED]
    decisions: dict[int, Decision] = {}
    for decision in Decision.objects.filter(petition_id__in=rejected, outcome=Decision.Outcome.REJECT).select_related(
        "reason"
    ):
        decisions.setdefault(decision.petition_id, decision)
    return decisions


def scheme_figures(*, petitions: Iterable[Petition]) -> dict[int, SchemeFigures]:
    """Each petition's moderation, thresholds and debate, by id: four queries however many petitions;
    none, and no figures, when the scheme is off."""
    petitions = list(petitions)
    if not settings.DOORSTEP.petition_scheme or not petitions:
        return {}
    ids = [petition.pk for petition in petitions]
    reached: dict[tuple[int, str], datetime] = {
        (row.petition_id, row.kind): row.reached_at for row in ThresholdReached.objects.filter(petition_id__in=ids)
    }
    debates = {debate.petition_id: debate for debate in Debate.objects.filter(petition_id__in=ids)}
    supported = dict(Proposal.objects.filter(petition_id__in=ids).values_list("petition_id", "supported_at"))
    rejections = _rejections(petitions)
    figures = {}
    for petition in petitions:
        debate, rejection = debates.get(petition.pk), rejections.get(petition.pk)
        figures[petition.pk] = SchemeFigures(
            moderation_threshold_reached_at=supported.get(petition.pk),
            response_threshold_reached_at=reached.get((petition.pk, ThresholdReached.Kind.RESPONSE)),
            debate_threshold_reached_at=reached.get((petition.pk, ThresholdReached.Kind.DEBATE)),
            rejected_at=petition.rejected_at if rejection else None,
            rejection_code=rejection.reason.code if rejection and rejection.reason else None,
            rejection_details=(rejection.details or None) if rejection else None,
            debate_scheduled_at=debate.scheduled_at if debate else None,
            scheduled_debate_date=debate.scheduled_on if debate else None,
            debate_outcome_at=debate.outcome_at if debate else None,
            debate=_debate_figures(debate),
        )
    return figures


def scheme_target() -> int:
    """The target a resident's petition shows: its highest threshold (or its supporters, if the install sets none)."""
    return max((threshold.signatures for threshold in thresholds_active()), default=settings.DOORSTEP.scheme_supporters)
