from django.conf import settings
from django_tasks import task

from doorstep.core.tasks import run_unless_held
from doorstep.mailings.services import email_with_retries

from .models import SupporterMailing
from .selectors import mailing_get, milestone_get
from .services.bundles import handin_build_bundle
from .services.milestone_emails import milestone_email_send
from .services.sending import mailing_list_recipients, mailing_send_batch


@task()
def send_supporter_mailing(*, mailing_id: int, attempt: int = 1) -> None:
    """Send one batch of a supporter email, then queue the next batch."""
    mailing = mailing_get(mailing_id=mailing_id, state=SupporterMailing.State.SENDING)
    if mailing is None:
        return  # Finished already.
    mailing_list_recipients(mailing=mailing)
    more: list[bool] = []

    def send_batch() -> None:
        batch_size, rate = settings.DOORSTEP.mailing_batch_size, settings.DOORSTEP.mailing_rate
        more.append(mailing_send_batch(mailing=mailing, batch_size=batch_size, rate=rate))

    run_unless_held(
        lambda: email_with_retries(
            send_batch,
            task=send_supporter_mailing,
            attempt=attempt,
            mailing_id=mailing_id,
        ),
        task=send_supporter_mailing,
        mailing_id=mailing_id,
        attempt=attempt,
    )
    if more and more[0]:
        send_supporter_mailing.enqueue(mailing_id=mailing_id)


@task()
def build_hand_in_bundle(*, hand_in_id: int) -> None:
    """Make the hand-in PDF and CSV files (minutes for a large petition), unless made already."""
    run_unless_held(
        lambda: handin_build_bundle(hand_in_id=hand_in_id, unless_ready=True),
        task=build_hand_in_bundle,
        hand_in_id=hand_in_id,
    )


@task()
def send_milestone_email(*, milestone_id: int, attempt: int = 1) -> None:
    """Tell the organisers a milestone has been reached."""
    milestone = milestone_get(milestone_id=milestone_id)
    if milestone is None:
        return
    email_with_retries(
        lambda: milestone_email_send(milestone=milestone),
        task=send_milestone_email,
        attempt=attempt,
        milestone_id=milestone_id,
    )
