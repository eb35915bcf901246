"""Supporters sign a resident's petition through the link its creator shares (signing through
`signatures`, checked by trust like any signature); once enough have confirmed, the petition
goes to moderation, once, and its creator is told. Their signatures count when it opens."""

import hmac
from datetime import datetime

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from doorstep.core.errors import ApplicationError
from doorstep.petitions.models import Petition, PetitionEvent
from doorstep.petitions.selectors import petition_get
from doorstep.petitions.services import petition_move
from doorstep.signatures.services.signing import Signer, SignResult, signature_create_checked

from ..models import CreatorEmail, Proposal
from ..selectors.proposals import proposal_for_petition, supporters_count
from .emails import creator_email_queue


def supporter_sign(
    *,
    proposal: Proposal,
    token: str,
    signer: Signer,
    ip_address: str | None,
    honeypot: str = "",
    proof_of_work_failed: bool = False,
) -> SignResult:
    """A supporter signs through the share link: a signature like any other, checked by trust,
    confirmed by email; it counts once the petition opens."""
    if not hmac.compare_digest(proposal.share_token, token or ""):
        raise ApplicationError(_("This link is not valid. Check you copied the whole link."))
    petition = petition_get(petition_id=proposal.petition_id)  # as it is now: a moderator may have just acted
    if petition is None or petition.state not in Petition.SUPPORTED_STATES:
        raise ApplicationError(_("This petition is not gathering supporters"))
    return signature_create_checked(
        petition=petition,
        signer=signer,
        ip_address=ip_address,
        honeypot=honeypot,
        proof_of_work_failed=proof_of_work_failed,
    )


def supporters_check(*, petition_id: int, now: datetime | None = None) -> bool:
    """If enough supporters have signed and confirmed, send the petition to moderation and tell its
    creator. Of two confirmations at once, only one moves it. True if this call moved it."""
    proposal = proposal_for_petition(petition_id=petition_id)
    if proposal is None or proposal.petition.state != Petition.State.VALIDATED:
        return False
    count = supporters_count(proposal=proposal)
    if count < settings.DOORSTEP.scheme_supporters:
        return False
    now = now or timezone.now()
    try:
        with transaction.atomic():
            petition_move(
                petition=proposal.petition,
                actor=None,
                to=Petition.State.SPONSORED,
                kind=PetitionEvent.Kind.SPONSORED,
                description=ngettext(
                    "%(count)s supporter signed: waiting for moderation",
                    "%(count)s supporters signed: waiting for moderation",
                    count,
                )
                % {"count": count},
                now=now,
                supporters=count,
            )
            Proposal.objects.filter(pk=proposal.pk).update(supported_at=now)
            creator_email_queue(proposal=proposal, kind=CreatorEmail.SUPPORTED)
    except ApplicationError:
        return False  # Moved already (another confirmation got there first), or turned down.
    return True
