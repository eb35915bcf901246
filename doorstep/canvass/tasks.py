from django.conf import settings
from django_tasks import task

from doorstep.core.emails import email_normalise
from doorstep.core.languages import Language
from doorstep.mailings.models import Suppression
from doorstep.mailings.selectors import suppressed_addresses
from doorstep.mailings.services import email_send_in, email_with_retries
from doorstep.petitions.selectors import petition_organiser
from doorstep.trust.selectors import switches_get

from .selectors import door_signature_for_thank_you


@task()
def send_door_thank_you(*, signature_id: int, attempt: int = 1) -> None:
    """Thank a signer who gave their email at the door: the petition's link, and (if they
    ticked it) that updates will follow. Nothing to confirm: the signature counts already."""
    record = door_signature_for_thank_you(signature_id=signature_id)
    if record is None or switches_get().emails_stopped:
        return
    # A thank-you, not a campaign email: only an address that bounced or complained is skipped.
    if suppressed_addresses(emails_normalised=[email_normalise(record.email)], scope=Suppression.EVERYWHERE):
        return
    language = record.signature.language if record.signature else Language.ENGLISH
    email_with_retries(
        lambda: email_send_in(
            language,
            to=record.email,
            template="canvass/email/thank_you",
            context=lambda: {
                "record": record,
                "petition": record.petition,
                "organiser": petition_organiser(petition=record.petition),
                "petition_url": f"{settings.SITE_URL}{record.petition.get_absolute_url()}",
            },
        ),
        task=send_door_thank_you,
        attempt=attempt,
        signature_id=signature_id,
    )
