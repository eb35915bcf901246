from django_tasks import task

from doorstep.core.emails import email_connection_send
from doorstep.core.languages import Language
from doorstep.core.tasks import daily_task_again, run_unless_held
from doorstep.mailings.services import email_send_in, email_with_retries
from doorstep.trust.selectors import switches_get_cached

from .selectors.confirmation import signature_awaiting_confirmation, signature_confirmation_email_context
from .selectors.data_requests import data_request_email_context, data_request_get_by_id
from .services.confirmation import confirmation_email_give_back
from .services.invalidation import invalidation_run
from .services.placing import signatures_place
from .services.retention import signatures_apply_retention


@task()
def send_signature_confirmation(*, signature_id: int, attempt: int = 1) -> None:
    """Email a signer the link that confirms their signature."""
    signature = signature_awaiting_confirmation(signature_id=signature_id)
    if signature is None:
        return  # Confirmed or removed since: nothing to send.
    if switches_get_cached().emails_stopped:
        # Staff stopped emails (an attack, a mail provider complaining).
        confirmation_email_give_back(signature_id=signature_id)
        return
    email_with_retries(
        lambda: email_connection_send(
            lambda connection: email_send_in(
                signature.language,
                to=signature.email,
                template="signatures/email/confirm",
                context=lambda: signature_confirmation_email_context(signature=signature),
                connection=connection,
            )
        ),
        task=send_signature_confirmation,
        attempt=attempt,
        signature_id=signature_id,
    )


@task()
def place_signatures() -> None:
    """After a postcode directory import: place every signature by the new edition."""
    run_unless_held(signatures_place, task=place_signatures)


@task()
def run_invalidation(*, invalidation_id: int) -> None:
    """A bulk invalidation staff confirmed (or resumed): take the matching signatures out, in batches."""
    run_unless_held(
        lambda: invalidation_run(invalidation_id=invalidation_id),
        task=run_invalidation,
        invalidation_id=invalidation_id,
    )


@task()
def apply_retention() -> None:
    """Daily: anonymise petitions past their retention period and hash old IP addresses."""
    signatures_apply_retention()
    daily_task_again(apply_retention)


@task()
def send_data_request_link(
    *, data_request_id: int, to: str, attempt: int = 1, language: str = Language.ENGLISH
) -> None:
    """Email a signer the link to what is held about them, in the language they asked in."""
    request = data_request_get_by_id(data_request_id=data_request_id)
    if request is None or switches_get_cached().emails_stopped:
        return
    email_with_retries(
        lambda: email_send_in(
            language,
            to=to,
            template="signatures/email/your_data",
            context=lambda: data_request_email_context(data_request=request),
        ),
        task=send_data_request_link,
        attempt=attempt,
        data_request_id=data_request_id,
        to=to,
        language=language,
    )
