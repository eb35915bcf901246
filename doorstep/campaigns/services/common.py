"""What the campaign services share."""

from typing import Any

from django.conf import settings

from doorstep.accounts.models import Actor
from doorstep.core.errors import ApplicationError
from doorstep.petitions.models import Petition, PetitionEvent
from doorstep.petitions.services import petition_record_event


def campaign_event_record(*, petition: Petition, actor: Actor, description: str, **data: Any) -> None:
    """Add a campaign step to the petition's audit trail."""
    petition_record_event(
        petition=petition, kind=PetitionEvent.Kind.CAMPAIGN, description=description, actor=actor, **data
    )


def text_required(value: str, *, field: str, message: str) -> str:
    """`value` without surrounding spaces; `message` (about `field`) if that leaves nothing."""
    value = (value or "").strip()
    if not value:
        raise ApplicationError(message, field=field)
    return value


def petition_public_url(petition: Petition) -> str:
    """The petition's public page, as a full address for emails."""
    return f"{settings.SITE_URL}{petition.get_absolute_url()}"


def petition_mailing_scope(petition_id: int) -> str:
    """The suppression scope of one petition's supporter emails."""
    return f"petition:{petition_id}"
