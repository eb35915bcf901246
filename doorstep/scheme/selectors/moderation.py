"""What moderators see (the queue, a petition with its flags, the reasons, the decisions) and what
the public sees of a rejected petition."""

import hmac
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.conf import settings
from django.db.models import QuerySet
from django.utils import timezone

from doorstep.petitions.models import Petition

from ..models import Decision, Proposal, RejectionReason, Rewording


@dataclass(frozen=True)
class Waiting:
    """A petition in the moderation queue: how long it has waited, against the target."""

    proposal: Proposal
    waited: timedelta
    overdue: bool

    @property
    def petition(self) -> Petition:
        return self.proposal.petition

    @property
    def days(self) -> int:
        return self.waited.days


def moderation_queue(*, now: datetime | None = None) -> list[Waiting]:
    """Petitions waiting for moderation, the longest waiting first."""
    now = now or timezone.now()
    target = timedelta(days=settings.DOORSTEP.moderation_target_days)
    proposals = (
        Proposal.objects.select_related("petition")
        .filter(petition__state=Petition.State.SPONSORED)
        .order_by("supported_at", "pk")
    )
    waiting = []
    for proposal in proposals:
        waited = now - (proposal.supported_at or proposal.created_at)
        waiting.append(Waiting(proposal=proposal, waited=waited, overdue=waited > target))
    return waiting


def proposals_before_moderation(*, limit: int = 100) -> list[Proposal]:
    """Petitions still waiting for their creator or gathering supporters, newest first."""
    started = (Petition.State.PENDING, Petition.State.VALIDATED)
    return list(
        Proposal.objects.select_related("petition").filter(petition__state__in=started).order_by("-created_at")[:limit]
    )


def proposal_for_moderation(*, petition_id: int) -> Proposal | None:
    if not 0 < petition_id < 2**63:  # a number no database column holds: no such petition
        return None
    return Proposal.objects.select_related("petition", "creator_signature").filter(petition_id=petition_id).first()


def decisions_of(*, petition: Petition) -> list[Decision]:
    return list(petition.decisions.select_related("reason", "decided_by", "duplicate_of"))


def decisions_recent(*, limit: int = 20) -> list[Decision]:
    return list(Decision.objects.select_related("petition", "reason", "decided_by")[:limit])


def reasons_offered() -> QuerySet[RejectionReason]:
    """The reasons a moderator may choose from."""
    return RejectionReason.objects.filter(active=True)


def reasons_all() -> QuerySet[RejectionReason]:
    return RejectionReason.objects.all()


def reason_get(*, reason_id: int) -> RejectionReason | None:
    return RejectionReason.objects.filter(pk=reason_id).first()


def reason_by_code(*, code: str) -> RejectionReason | None:
    return RejectionReason.objects.filter(code=code).first()


def rewordings_of(*, proposal: Proposal) -> list[Rewording]:
    return list(proposal.rewordings.select_related("proposed_by"))


def rewording_for_creator(*, rewording_id: int, token: str) -> Rewording | None:
    """The rewording the creator's link is for, with its petition; None if the link is not right."""
    rewording = Rewording.objects.select_related("proposal__petition").filter(pk=rewording_id).first()
    if rewording is None or not hmac.compare_digest(rewording.token, token or ""):
        return None
    return rewording


@dataclass(frozen=True)
class Rejection:
    """What the public page of a rejected petition shows."""

    petition: Petition
    decision: Decision
    # The open petition it duplicates, if there is one to link to.
    duplicate_of: Petition | None


def rejection_public(*, petition_id: int) -> Rejection | None:
    """A rejected petition with the decision that rejected it; None for any other (a hidden one has no page)."""
    petition = Petition.objects.filter(pk=petition_id, state=Petition.State.REJECTED).first()
    if petition is None:
        return None
    decision = (
        petition.decisions.filter(outcome=Decision.Outcome.REJECT).select_related("reason", "duplicate_of").first()
    )
    if decision is None:
        return None
    duplicate = decision.duplicate_of
    shown = duplicate if duplicate is not None and duplicate.state in Petition.PUBLIC_STATES else None
    return Rejection(petition=petition, decision=decision, duplicate_of=shown)
