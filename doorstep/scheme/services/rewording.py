"""A moderator may change a resident's petition's words only with its creator's agreement: the new
words are emailed to the creator, and replace the old ones if they accept."""

import hmac
from datetime import datetime

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from doorstep.accounts.models import Actor
from doorstep.core.errors import ApplicationError
from doorstep.petitions.models import Petition, PetitionEvent
from doorstep.petitions.services import petition_record_event, petition_reword
from doorstep.signatures.services.confirmation import LINK_NOT_VALID

from ..models import CreatorEmail, Proposal, Rewording
from ..selectors.flags import petition_flags
from .emails import creator_email_queue
from .starting import Start, start_clean


@transaction.atomic
def rewording_propose(
    *, proposal: Proposal, actor: Actor, action: str, background: str, additional_details: str, note: str = ""
) -> Rewording:
    """Propose new words to the creator (an earlier proposal still waiting is withdrawn)."""
    petition = proposal.petition
    if petition.state not in Petition.STARTED_STATES:
        raise ApplicationError(_("Only a petition waiting for moderation can be reworded"))
    # The same rules as when the resident wrote them.
    start = Start(
        action, background, additional_details, petition.creator_name, proposal.creator_email, proposal.creator_postcode
    )
    cleaned = start_clean(start=start)
    new = (cleaned.action, cleaned.background, cleaned.additional_details)
    if new == (petition.action, petition.background, petition.additional_details):
        raise ApplicationError(_("Change the words before proposing them"), field="action")
    proposal.rewordings.filter(state=Rewording.State.WAITING).update(state=Rewording.State.WITHDRAWN)
    rewording = Rewording.objects.create(
        proposal=proposal,
        action=cleaned.action,
        background=cleaned.background,
        additional_details=cleaned.additional_details,
        note=note.strip()[:1000],
        proposed_by=actor,
    )
    petition_record_event(
        petition=petition,
        kind=PetitionEvent.Kind.MODERATED,
        description=_("New words proposed to its creator"),
        actor=actor,
        rewording=rewording.pk,
    )
    creator_email_queue(proposal=proposal, kind=CreatorEmail.REWORDING)
    return rewording


def rewording_answer(*, rewording: Rewording, token: str, accept: bool, now: datetime | None = None) -> Rewording:
    """The creator accepts the new words (they replace the old, and are flagged again) or declines them."""
    if not hmac.compare_digest(rewording.token, token or ""):
        raise ApplicationError(str(LINK_NOT_VALID))
    now = now or timezone.now()
    with transaction.atomic():
        answered = Rewording.objects.filter(pk=rewording.pk, state=Rewording.State.WAITING).update(
            state=Rewording.State.ACCEPTED if accept else Rewording.State.DECLINED, answered_at=now
        )
        if not answered:
            raise ApplicationError(_("This change has already been answered, or replaced by another"))
        rewording.refresh_from_db()
        proposal = rewording.proposal
        if not accept:
            petition_record_event(
                petition=proposal.petition,
                kind=PetitionEvent.Kind.MODERATED,
                description=_("Its creator declined the new words proposed"),
            )
            return rewording
        petition = petition_reword(
            petition=proposal.petition,
            actor=None,
            description=_("Reworded by a moderator, as its creator agreed"),
            action=rewording.action,
            background=rewording.background,
            additional_details=rewording.additional_details,
        )
        proposal.flags = petition_flags(petition=petition, held_reason=proposal.held_reason)
        proposal.save(update_fields=["flags", "updated_at"])
    return rewording
