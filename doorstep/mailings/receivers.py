from typing import Any

from anymail.signals import AnymailTrackingEvent, tracking
from django.dispatch import receiver

from .services import SUPPRESSING_EVENTS, suppression_add


@receiver(tracking, dispatch_uid="mailings_suppress_on_tracking")
def suppress_bounces_and_complaints(*, event: AnymailTrackingEvent, esp_name: str, **kwargs: Any) -> None:
    """The mail provider said an address bounced, complained or refuses mail: stop mailing it."""
    reason = SUPPRESSING_EVENTS.get(event.event_type)
    if reason and event.recipient:
        suppression_add(
            email=event.recipient,
            reason=reason,
            detail=f"{esp_name}: {event.description or event.mta_response or event.event_type}"[:300],
        )
