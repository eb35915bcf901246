"""A resident starts a petition under the scheme, and confirms their email address (a POST from
the emailed link, as a signature is confirmed): the petition then gathers supporters, with the
creator's own signature as its first."""

import hmac
from dataclasses import dataclass
from datetime import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from doorstep.core.dates import months_later
from doorstep.core.errors import ApplicationError, text_required
from doorstep.core.languages import Language, language_of
from doorstep.petitions.models import Petition, PetitionEvent
from doorstep.petitions.services import petition_create, petition_move
from doorstep.places.countries import UNITED_KINGDOM
from doorstep.signatures.services.confirmation import LINK_NOT_VALID, signature_confirm
from doorstep.signatures.services.signing import Signer, name_clean, place_clean, signature_create
from doorstep.trust.services import starting_check

from ..models import CreatorEmail, Proposal
from ..selectors.flags import petition_flags
from ..selectors.thresholds import scheme_addressed_to, scheme_target
from .emails import creator_email_queue


@dataclass(frozen=True)
class Start:
    """What a resident gave on the start pages."""

    action: str
    background: str
    additional_details: str
    name: str
    email: str
    postcode: str


def start_clean(*, start: Start) -> Start:
    """The answers tidied; ApplicationError, on its field, for one that cannot be kept."""
    action = text_required(
        start.action,
        field="action",
        message=_("Enter what you want us to do"),
        max_length=Petition.ACTION_MAX,
        one_line=True,
    )
    background = text_required(
        start.background,
        field="background",
        message=_("Enter why you want us to do it"),
        max_length=Petition.BACKGROUND_MAX,
    )
    details = (start.additional_details or "").strip()
    if len(details) > Petition.DETAILS_MAX:
        raise ApplicationError(
            _("Use %(max_length)s characters or fewer") % {"max_length": Petition.DETAILS_MAX},
            field="additional_details",
        )
    email = (start.email or "").strip()
    try:
        validate_email(email)
    except ValidationError:
        raise ApplicationError(
            _("Enter an email address in the correct format, like name@example.com"), field="email"
        ) from None
    postcode, _country = place_clean(postcode=start.postcode, country=UNITED_KINGDOM)
    name = name_clean(name=start.name)
    return Start(action, background, details, name, email, postcode)


def proposal_start(
    *,
    start: Start,
    ip_address: str | None,
    honeypot: str = "",
    proof_of_work_failed: bool = False,
    language: str = Language.ENGLISH,
    now: datetime | None = None,
) -> Proposal:
    """A resident starts a petition: it waits for them to confirm their email address (the email is
    queued). Checked as signing is (trust's starting_check): one started over a limit, from a
    blocked source or by a bot is held for moderators, flagged, and its creator sees nothing
    different. Its words are flagged for links, email addresses, phone numbers and the install's words."""
    start = start_clean(start=start)
    verdict = starting_check(
        email=start.email, ip_address=ip_address, honeypot=honeypot, proof_of_work_failed=proof_of_work_failed, now=now
    )
    with transaction.atomic():
        petition = petition_create(
            actor=None,
            state=Petition.State.PENDING,
            action=start.action,
            background=start.background,
            additional_details=start.additional_details,
            addressed_to=scheme_addressed_to(),
            creator_name=start.name,
            target=scheme_target(),
            opening_date=None,
            # For now: set again when it is published.
            closing_date=months_later(timezone.localdate(now), settings.DOORSTEP.scheme_open_months),
        )
        proposal = Proposal.objects.create(
            petition=petition,
            creator_email=start.email,
            creator_postcode=start.postcode,
            language=language_of(language),
            ip_address=ip_address,
            held_reason=verdict.reason[:100],
            flags=petition_flags(petition=petition, held_reason=verdict.reason),
        )
        creator_email_queue(proposal=proposal, kind=CreatorEmail.CONFIRM)
    return proposal


def proposal_confirm(*, proposal: Proposal, token: str, now: datetime | None = None) -> bool:
    """The creator confirms their email address: the petition gathers supporters, the creator's
    own signature (held if the start was) is its first, and the creator is emailed the link to
    share. True if this call confirmed it, False if it was confirmed already."""
    if not hmac.compare_digest(proposal.token, token or ""):
        raise ApplicationError(str(LINK_NOT_VALID))
    now = now or timezone.now()
    with transaction.atomic():
        proposal = Proposal.objects.select_for_update().select_related("petition").get(pk=proposal.pk)
        if proposal.confirmed_at:
            return False
        if proposal.petition.state != Petition.State.PENDING:
            raise ApplicationError(_("This petition can no longer be confirmed"))
        petition = petition_move(
            petition=proposal.petition,
            actor=None,
            to=Petition.State.VALIDATED,
            kind=PetitionEvent.Kind.CONFIRMED,
            description=_("Its creator confirmed their email address: it is gathering supporters"),
            now=now,
        )
        signer = Signer(
            name=petition.creator_name,
            email=proposal.creator_email,
            postcode=proposal.creator_postcode,
            language=proposal.language,
        )
        signature = signature_create(
            petition=petition,
            signer=signer,
            ip_address=proposal.ip_address,
            now=now,
            send_email=False,
            suspect_reason=proposal.held_reason,
        ).signature
        signature_confirm(signature=signature, token=signature.token, now=now)
        proposal.creator_signature = signature
        proposal.confirmed_at = now
        proposal.save(update_fields=["creator_signature", "confirmed_at", "updated_at"])
        creator_email_queue(proposal=proposal, kind=CreatorEmail.SHARE)
    return True
