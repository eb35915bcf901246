"""Moderators publish a resident's petition, or turn it down: rejected with a standard reason and
their own explanation (published with it), or hidden (no public page). A petition whose words
were flagged is published only once the moderator says they have read them. Every decision is kept."""

from dataclasses import dataclass
from datetime import datetime

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from doorstep.accounts.models import Actor
from doorstep.core.dates import months_later
from doorstep.core.errors import ApplicationError, text_required
from doorstep.petitions.models import Petition, PetitionEvent
from doorstep.petitions.selectors import petition_get_public
from doorstep.petitions.services import petition_move, petition_open, petition_record_event

from ..models import CreatorEmail, Decision, Proposal, RejectionReason
from .emails import creator_email_queue


def _proposal(petition: Petition) -> Proposal:
    proposal = Proposal.objects.filter(petition=petition).first()
    if proposal is None:
        raise ApplicationError(_("Only a petition a resident started is moderated"))
    return proposal


@transaction.atomic
def petition_publish(
    *, petition: Petition, actor: Actor, flags_seen: bool = False, now: datetime | None = None
) -> Decision:
    """Publish a petition waiting for moderation: it opens for the install's months, its supporters'
    signatures count, and its creator is told. Refused for flagged words the moderator has not read."""
    now = now or timezone.now()
    proposal = _proposal(petition)
    if petition.state != Petition.State.SPONSORED:
        state = str(petition.get_state_display()).lower()
        raise ApplicationError(
            _("Only a petition waiting for moderation can be published; this one is %(state)s") % {"state": state}
        )
    if proposal.flagged and not flags_seen:
        raise ApplicationError(
            _("Its words were flagged: read the flagged text, then say you have before publishing it"),
            field="flags_seen",
        )
    closing_date = months_later(timezone.localdate(now), settings.DOORSTEP.scheme_open_months)
    petition = petition_open(petition=petition, actor=actor, now=now, closing_date=closing_date)
    decision = Decision.objects.create(
        petition=petition, outcome=Decision.Outcome.PUBLISH, flags_seen=flags_seen, decided_by=actor, decided_at=now
    )
    petition_record_event(
        petition=petition, kind=PetitionEvent.Kind.MODERATED, description=_("Moderated: published"), actor=actor
    )
    creator_email_queue(proposal=proposal, kind=CreatorEmail.PUBLISHED)
    return decision


@dataclass(frozen=True)
class Refusal:
    """Why a moderator turns a petition down, as the public page and the creator's email say it."""

    reason: RejectionReason
    details: str = ""
    # The open petition it duplicates (its number), for a reason that asks for one.
    duplicate_of_id: int | None = None
    # Where to go instead, for a reason that asks for it.
    elsewhere: str = ""


def _duplicate(refusal: Refusal, petition: Petition) -> Petition | None:
    if refusal.reason.asks != RejectionReason.Asks.DUPLICATE:
        return None
    original = petition_get_public(petition_id=refusal.duplicate_of_id) if refusal.duplicate_of_id else None
    if original is None or original.pk == petition.pk or original.state != Petition.State.OPEN:
        raise ApplicationError(_("Give the number of the open petition it duplicates"), field="duplicate_of")
    return original


@transaction.atomic
def petition_turn_down(
    *, petition: Petition, actor: Actor, refusal: Refusal, hide: bool = False, now: datetime | None = None
) -> Decision:
    """Reject a resident's petition (a public page shows the reason and explanation) or, with `hide`
    or a reason that hides, hide it (no public page at all). Its creator is told the first time;
    a moderator may later hide a rejected petition, or show a hidden one as rejected."""
    now = now or timezone.now()
    proposal = _proposal(petition)
    if not refusal.reason.active:
        raise ApplicationError(_("Choose one of the reasons offered"), field="reason")
    duplicate_of = _duplicate(refusal, petition)
    elsewhere = refusal.elsewhere.strip()
    if refusal.reason.asks == RejectionReason.Asks.ELSEWHERE:
        elsewhere = text_required(elsewhere, field="elsewhere", message=_("Say where to go instead"), max_length=500)
    hidden = hide or refusal.reason.hides
    first = not Decision.objects.filter(petition=petition).exclude(outcome=Decision.Outcome.PUBLISH).exists()
    to = Petition.State.HIDDEN if hidden else Petition.State.REJECTED
    description = _("Hidden: %(reason)s") if hidden else _("Rejected: %(reason)s")
    petition = petition_move(
        petition=petition,
        actor=actor,
        to=to,
        kind=PetitionEvent.Kind.MODERATED,
        description=description % {"reason": refusal.reason.title},
        now=now,
        reason=refusal.reason.code,
    )
    decision = Decision.objects.create(
        petition=petition,
        outcome=Decision.Outcome.HIDE if hidden else Decision.Outcome.REJECT,
        reason=refusal.reason,
        details=refusal.details.strip(),
        duplicate_of=duplicate_of,
        elsewhere=elsewhere,
        decided_by=actor,
        decided_at=now,
    )
    if first:
        creator_email_queue(proposal=proposal, kind=CreatorEmail.REJECTED)
    return decision
