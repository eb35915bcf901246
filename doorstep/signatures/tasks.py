from django.conf import settings
from django_tasks import task

from doorstep.core.tasks import run_with_retries
from doorstep.mailings.services import TRANSIENT_EMAIL_ERRORS, email_send

from .models import Signature
from .services import signature_confirmation_email_context, signatures_place


@task()
def send_signature_confirmation(*, signature_id: int, attempt: int = 1) -> None:
    """Email a signer the link that confirms their signature."""
    signature = (
        Signature.objects.select_related("petition").filter(pk=signature_id, state=Signature.State.PENDING).first()
    )
    if signature is None:
        return  # Confirmed or removed since: nothing to send.
    run_with_retries(
        lambda: email_send(
            to=signature.email,
            template="signatures/email/confirm",
            context=signature_confirmation_email_context(signature=signature),
        ),
        task=send_signature_confirmation,
        attempt=attempt,
        max_attempts=settings.DOORSTEP["EMAIL_MAX_ATTEMPTS"],
        retry_on=TRANSIENT_EMAIL_ERRORS,
        signature_id=signature_id,
    )


@task()
def place_signatures() -> None:
    """After a postcode directory import: place every signature by the new edition."""
    signatures_place()
