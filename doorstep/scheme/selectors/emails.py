"""What each email to a resident who started a petition says, read when the worker sends it:
an email whose moment has passed (the petition moved on) is not sent."""

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.urls import reverse
from django.utils import translation

from doorstep.campaigns.selectors import reply_latest
from doorstep.petitions.models import Petition
from doorstep.signatures.selectors.counts import petition_counts

from ..models import CreatorEmail, Debate, Decision, Proposal, Rewording
from .proposals import creator_url, share_url
from .thresholds import scheme_addressed_to, thresholds_active

State = Petition.State

# The states a petition must be in for each email to be worth sending.
SENT_IN: dict[CreatorEmail, tuple[Petition.State, ...]] = {
    CreatorEmail.CONFIRM: (State.PENDING,),
    CreatorEmail.SHARE: Petition.SUPPORTED_STATES,
    CreatorEmail.SUPPORTED: (State.SPONSORED,),
    CreatorEmail.REWORDING: Petition.STARTED_STATES,
    CreatorEmail.PUBLISHED: Petition.PUBLIC_STATES,
    CreatorEmail.REJECTED: Petition.TURNED_DOWN_STATES,
    CreatorEmail.RESPONSE: Petition.PUBLIC_STATES,
    CreatorEmail.DEBATE_SCHEDULED: Petition.PUBLIC_STATES,
    CreatorEmail.DEBATE_OUTCOME: Petition.PUBLIC_STATES,
    CreatorEmail.CLOSED: (State.CLOSED, State.HANDED_IN),
}


@dataclass(frozen=True)
class CreatorMessage:
    to: str
    template: str
    context: dict[str, Any]
    # The language the creator started the petition in: the email, its dates and links are in it.
    language: str


def _url(path: str) -> str:
    return f"{settings.SITE_URL}{path}"


def _confirm(proposal: Proposal) -> dict[str, Any] | None:
    if proposal.confirmed_at:
        return None
    return {"confirm_url": _url(reverse("scheme:confirm", args=[proposal.pk, proposal.token]))}


def _share(proposal: Proposal) -> dict[str, Any]:
    return {"share_url": share_url(proposal=proposal), "needed": settings.DOORSTEP.scheme_supporters}


def _supported(proposal: Proposal) -> dict[str, Any]:
    return {"target_days": settings.DOORSTEP.moderation_target_days}


def _rewording(proposal: Proposal) -> dict[str, Any] | None:
    rewording = proposal.rewordings.filter(state=Rewording.State.WAITING).first()
    if rewording is None:
        return None
    path = reverse("scheme:rewording", args=[rewording.pk, rewording.token])
    return {"rewording": rewording, "rewording_url": _url(path)}


def _published(proposal: Proposal) -> dict[str, Any]:
    return {"thresholds": thresholds_active()}


def _rejected(proposal: Proposal) -> dict[str, Any] | None:
    decision = proposal.petition.decisions.exclude(outcome=Decision.Outcome.PUBLISH).select_related("reason").first()
    if decision is None:
        return None
    return {"decision": decision, "hidden": proposal.petition.state == State.HIDDEN}


def _response(proposal: Proposal) -> dict[str, Any] | None:
    reply = reply_latest(petition=proposal.petition)
    return {"reply": reply} if reply else None


def _debate(proposal: Proposal) -> dict[str, Any] | None:
    debate = Debate.objects.filter(petition=proposal.petition).first()
    return {"debate": debate} if debate else None


def _closed(proposal: Proposal) -> dict[str, Any]:
    return {"counts": petition_counts(petition=proposal.petition)}


SAYS: dict[CreatorEmail, Callable[[Proposal], dict[str, Any] | None]] = {
    CreatorEmail.CONFIRM: _confirm,
    CreatorEmail.SHARE: _share,
    CreatorEmail.SUPPORTED: _supported,
    CreatorEmail.REWORDING: _rewording,
    CreatorEmail.PUBLISHED: _published,
    CreatorEmail.REJECTED: _rejected,
    CreatorEmail.RESPONSE: _response,
    CreatorEmail.DEBATE_SCHEDULED: _debate,
    CreatorEmail.DEBATE_OUTCOME: _debate,
    CreatorEmail.CLOSED: _closed,
}


def creator_message(*, proposal_id: int, kind: CreatorEmail) -> CreatorMessage | None:
    """The email of `kind` to the petition's creator; None if there is nothing to say any more."""
    proposal = Proposal.objects.select_related("petition").filter(pk=proposal_id).first()
    if proposal is None or proposal.petition.state not in SENT_IN[kind]:
        return None
    with translation.override(proposal.language):  # its links to the creator's language's pages
        return _message(proposal, kind)


def _message(proposal: Proposal, kind: CreatorEmail) -> CreatorMessage | None:
    says = SAYS[kind](proposal)
    if says is None:
        return None
    petition = proposal.petition
    context = {
        "proposal": proposal,
        "petition": petition,
        "addressed_to": scheme_addressed_to(),
        "creator_url": creator_url(proposal=proposal),
        "petition_url": _url(petition.get_absolute_url()),
        **says,
    }
    return CreatorMessage(
        to=proposal.creator_email, template=f"scheme/email/{kind.value}", context=context, language=proposal.language
    )
