"""The signer's click on the link in their email: it makes a signature count."""

from datetime import datetime, timedelta

from django.conf import settings
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from doorstep.core.errors import ApplicationError
from doorstep.petitions.models import Petition

from ..models import Signature
from ..selectors.confirmation import signature_token_matches
from .counts import count_increase_announce, tally_add

LINK_NOT_VALID = gettext_lazy("This confirmation link is not valid. Check you copied the whole link.")


def _confirmable(*, signature: Signature, token: str, now: datetime) -> bool:
    """Whether the link may confirm the signature (False: it has been confirmed already);
    ApplicationError, for the signer, if it may not."""
    if not signature_token_matches(signature=signature, token=token):
        raise ApplicationError(str(LINK_NOT_VALID))
    if signature.state == Signature.State.INVALIDATED:
        raise ApplicationError(_("This signature has been removed and cannot be confirmed"))
    if signature.state == Signature.State.CONFIRMED:
        return False
    if signature.state == Signature.State.SUSPECT and signature.confirmed_at:
        return False
    petition = signature.petition
    grace = timedelta(hours=settings.DOORSTEP.confirmation_grace_hours)
    # A resident's petition gathering supporters has no closing time yet.
    closed = petition.state not in Petition.SUPPORTED_STATES and now > petition.closes_at + grace
    if petition.state not in Petition.CONFIRMABLE_STATES or closed:
        raise ApplicationError(_("This petition has closed, so the signature can no longer be confirmed"))
    return True


def signature_confirm(*, signature: Signature, token: str, now: datetime | None = None) -> bool:
    """Confirm a signature from the link in its email. Returns True if this call
    confirmed it, False if it was confirmed already."""
    now = now or timezone.now()
    if not _confirmable(signature=signature, token=token, now=now):
        return False
    if signature.state == Signature.State.SUSPECT:
        # Held: the signer's click is recorded, and the signature counts only if staff release it.
        held = Signature.objects.filter(
            pk=signature.pk, state=Signature.State.SUSPECT, confirmed_at__isnull=True
        ).update(confirmed_at=now)
        if held:
            signature.confirmed_at = now
        return bool(held)
    with transaction.atomic():
        # The state check in the UPDATE makes two clicks at once count once.
        confirmed = Signature.objects.filter(pk=signature.pk, state=Signature.State.PENDING).update(
            state=Signature.State.CONFIRMED, confirmed_at=now
        )
        if confirmed:
            signature.state = Signature.State.CONFIRMED
            signature.confirmed_at = now
            tally_add(signature=signature, delta=1)
            count_increase_announce(petition_id=signature.petition_id)
    return bool(confirmed)


def confirmation_email_give_back(*, signature_id: int) -> None:
    """A confirmation email was not sent (staff stopped emails): give the signer it back,
    so signing again once emails restart sends the link."""
    Signature.objects.filter(pk=signature_id, confirmation_emails_sent__gt=0).update(
        confirmation_emails_sent=F("confirmation_emails_sent") - 1
    )
