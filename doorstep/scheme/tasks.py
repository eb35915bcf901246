"""The emails to a resident who started a petition: one task per kind (as petition.parliament.uk's
e-petitions has one job per email), each queued by the services once their transaction commits."""

from django_tasks import task
from django_tasks.base import Task

from doorstep.core.tasks import daily_task_again
from doorstep.mailings.services import email_send_in, email_with_retries
from doorstep.trust.selectors import switches_get

from .models import CreatorEmail
from .selectors.emails import creator_message
from .services.retention import proposals_apply_retention


def _send(task: Task, kind: CreatorEmail, *, proposal_id: int, attempt: int) -> None:
    message = creator_message(proposal_id=proposal_id, kind=kind)
    if message is None or switches_get().emails_stopped:
        return  # Nothing to say any more (the petition moved on), or staff stopped emails.
    email_with_retries(
        lambda: email_send_in(
            message.language, to=message.to, template=message.template, context=lambda: message.context
        ),
        task=task,
        attempt=attempt,
        proposal_id=proposal_id,
    )


@task()
def send_confirm_email(*, proposal_id: int, attempt: int = 1) -> None:
    """Ask the creator to confirm their email address, which starts the petition."""
    _send(send_confirm_email, CreatorEmail.CONFIRM, proposal_id=proposal_id, attempt=attempt)


@task()
def send_share_email(*, proposal_id: int, attempt: int = 1) -> None:
    """Give the creator the link to share with supporters."""
    _send(send_share_email, CreatorEmail.SHARE, proposal_id=proposal_id, attempt=attempt)


@task()
def send_supported_email(*, proposal_id: int, attempt: int = 1) -> None:
    """Tell the creator enough supporters signed: the petition waits for moderation."""
    _send(send_supported_email, CreatorEmail.SUPPORTED, proposal_id=proposal_id, attempt=attempt)


@task()
def send_rewording_email(*, proposal_id: int, attempt: int = 1) -> None:
    """Ask the creator to accept or decline the words a moderator proposes."""
    _send(send_rewording_email, CreatorEmail.REWORDING, proposal_id=proposal_id, attempt=attempt)


@task()
def send_published_email(*, proposal_id: int, attempt: int = 1) -> None:
    """Tell the creator their petition is published."""
    _send(send_published_email, CreatorEmail.PUBLISHED, proposal_id=proposal_id, attempt=attempt)


@task()
def send_rejected_email(*, proposal_id: int, attempt: int = 1) -> None:
    """Tell the creator their petition was rejected, and why."""
    _send(send_rejected_email, CreatorEmail.REJECTED, proposal_id=proposal_id, attempt=attempt)


@task()
def send_response_email(*, proposal_id: int, attempt: int = 1) -> None:
    """Tell the creator the organisation responded to their petition."""
    _send(send_response_email, CreatorEmail.RESPONSE, proposal_id=proposal_id, attempt=attempt)


@task()
def send_debate_scheduled_email(*, proposal_id: int, attempt: int = 1) -> None:
    """Tell the creator when their petition will be debated."""
    _send(send_debate_scheduled_email, CreatorEmail.DEBATE_SCHEDULED, proposal_id=proposal_id, attempt=attempt)


@task()
def send_debate_outcome_email(*, proposal_id: int, attempt: int = 1) -> None:
    """Tell the creator whether their petition was debated, and what was said."""
    _send(send_debate_outcome_email, CreatorEmail.DEBATE_OUTCOME, proposal_id=proposal_id, attempt=attempt)


@task()
def send_closed_email(*, proposal_id: int, attempt: int = 1) -> None:
    """Tell the creator their petition has closed, with its count."""
    _send(send_closed_email, CreatorEmail.CLOSED, proposal_id=proposal_id, attempt=attempt)


@task()
def apply_scheme_retention() -> None:
    """Daily: the creators' IP addresses, email addresses and postcodes kept no longer than signers'."""
    proposals_apply_retention()
    daily_task_again(apply_scheme_retention)


CREATOR_EMAIL_TASKS: dict[CreatorEmail, Task] = {
    CreatorEmail.CONFIRM: send_confirm_email,
    CreatorEmail.SHARE: send_share_email,
    CreatorEmail.SUPPORTED: send_supported_email,
    CreatorEmail.REWORDING: send_rewording_email,
    CreatorEmail.PUBLISHED: send_published_email,
    CreatorEmail.REJECTED: send_rejected_email,
    CreatorEmail.RESPONSE: send_response_email,
    CreatorEmail.DEBATE_SCHEDULED: send_debate_scheduled_email,
    CreatorEmail.DEBATE_OUTCOME: send_debate_outcome_email,
    CreatorEmail.CLOSED: send_closed_email,
}
