import logging
import smtplib
import time
from collections.abc import Callable
from datetime import date, datetime
from typing import Any

from django.conf import settings
from django.core import signing
from django.core.files.uploadedfile import UploadedFile
from django.core.mail import get_connection
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from doorstep.core.errors import ApplicationError
from doorstep.mailings.models import Suppression
from doorstep.mailings.selectors import suppressed_addresses
from doorstep.mailings.services import email_render, email_send, suppression_add, unsubscribe_headers
from doorstep.petitions.models import Petition, PetitionEvent
from doorstep.petitions.services import petition_record_event

from .models import Delivery, Reply, SupporterMailing, Update
from .selectors import petition_supporters

logger = logging.getLogger(__name__)

SUPPORTER_TEMPLATE = "campaigns/email/supporter"
UNSUBSCRIBE_SALT = "doorstep.campaigns.unsubscribe"
REPLY_DOCUMENT_MAX_BYTES = 10 * 1024 * 1024


def _record(*, petition: Petition, actor: Any, description: str, **data: Any) -> None:
    petition_record_event(
        petition=petition, kind=PetitionEvent.Kind.CAMPAIGN, description=description, actor=actor, **data
    )


def _required(value: str, *, field: str, message: str) -> str:
    value = (value or "").strip()
    if not value:
        raise ApplicationError(message, field=field)
    return value


# Updates and replies.


@transaction.atomic
def update_create(
    *, petition: Petition, actor: Any, title: str, body: str, link: str = "", published_on: date | None = None
) -> Update:
    if petition.state == Petition.State.DRAFT:
        raise ApplicationError("Open the petition before posting updates to it")
    update = Update(
        petition=petition,
        title=_required(title, field="title", message="Give the update a title"),
        body=_required(body, field="body", message="Write the update"),
        link=(link or "").strip(),
        published_on=published_on or timezone.localdate(),
        created_by=actor,
    )
    update.full_clean()
    update.save()
    _record(petition=petition, actor=actor, description=f"Update posted: {update.title}", update_id=update.pk)
    return update


def _check_pdf(document: UploadedFile) -> None:
    if document.size and document.size > REPLY_DOCUMENT_MAX_BYTES:
        raise ApplicationError("The PDF must be 10 MB or smaller", field="document")
    head = document.read(5)
    document.seek(0)
    if head != b"%PDF-":
        raise ApplicationError("The file must be a PDF", field="document")


@transaction.atomic
def reply_create(
    *,
    petition: Petition,
    actor: Any,
    responder: str,
    responded_on: date,
    summary: str,
    details: str,
    document: UploadedFile | None = None,
) -> Reply:
    if petition.state == Petition.State.DRAFT:
        raise ApplicationError("Open the petition before recording a reply to it")
    if responded_on > timezone.localdate():
        raise ApplicationError("The date of the reply cannot be in the future", field="responded_on")
    if document is not None:
        _check_pdf(document)
    reply = Reply(
        petition=petition,
        responder=_required(responder, field="responder", message="Say who replied"),
        responded_on=responded_on,
        summary=_required(summary, field="summary", message="Summarise the reply"),
        details=_required(details, field="details", message="Give the full text of the reply"),
        created_by=actor,
    )
    reply.full_clean(exclude=["document"])
    if document is not None:
        reply.document.save(f"petition-{petition.pk}-reply.pdf", document, save=False)
    reply.save()
    _record(petition=petition, actor=actor, description=f"Reply recorded from {reply.responder}", reply_id=reply.pk)
    return reply


# Supporter mailings.


def _petition_url(petition: Petition) -> str:
    return f"{settings.SITE_URL}{petition.get_absolute_url()}"


@transaction.atomic
def mailing_create(
    *,
    petition: Petition,
    actor: Any,
    subject: str,
    body: str,
    update: Update | None = None,
    reply: Reply | None = None,
) -> SupporterMailing:
    """A draft email to the petition's supporters, to preview and test before sending."""
    mailing = SupporterMailing.objects.create(
        petition=petition,
        subject=_required(subject, field="subject", message="Give the email a subject"),
        body=_required(body, field="body", message="Write the email"),
        update=update,
        reply=reply,
        created_by=actor,
    )
    return mailing


def mailing_create_for_update(*, update: Update, actor: Any) -> SupporterMailing:
    body = update.body + (f"\n\n{update.link}" if update.link else "")
    return mailing_create(
        petition=update.petition, actor=actor, subject=f"Update: {update.title}", body=body, update=update
    )


def mailing_create_for_reply(*, reply: Reply, actor: Any) -> SupporterMailing:
    body = (
        f"{reply.responder} replied on {reply.responded_on:%d %B %Y}.\n\n{reply.summary}\n\n"
        f"Read the full reply on the petition's page: {_petition_url(reply.petition)}"
    )
    return mailing_create(
        petition=reply.petition, actor=actor, subject=f"A reply from {reply.responder}", body=body, reply=reply
    )


@transaction.atomic
def mailing_update(*, mailing: SupporterMailing, subject: str, body: str) -> SupporterMailing:
    mailing = SupporterMailing.objects.select_for_update().get(pk=mailing.pk)
    if mailing.state != SupporterMailing.State.DRAFT:
        raise ApplicationError("This email has been sent and can no longer be changed")
    mailing.subject = _required(subject, field="subject", message="Give the email a subject")
    mailing.body = _required(body, field="body", message="Write the email")
    mailing.save()
    return mailing


def unsubscribe_token(*, delivery_id: int) -> str:
    return signing.dumps(delivery_id, salt=UNSUBSCRIBE_SALT)


def unsubscribe_url(*, delivery_id: int) -> str:
    return settings.SITE_URL + reverse("campaigns:unsubscribe", args=[unsubscribe_token(delivery_id=delivery_id)])


def petition_mailing_scope(petition_id: int) -> str:
    """The suppression scope of one petition's supporter emails."""
    return f"petition:{petition_id}"


def mailing_email_context(*, mailing: SupporterMailing, name: str, unsubscribe: str) -> dict[str, Any]:
    return {
        "mailing": mailing,
        "petition": mailing.petition,
        "petition_url": _petition_url(mailing.petition),
        "name": name,
        "unsubscribe_url": unsubscribe,
    }


def mailing_preview(*, mailing: SupporterMailing, name: str = "Alex Example") -> tuple[str, str]:
    """The subject and text a supporter would get."""
    return email_render(
        template=SUPPORTER_TEMPLATE,
        context=mailing_email_context(mailing=mailing, name=name, unsubscribe=f"{settings.SITE_URL}/unsubscribe/…"),
    )


def mailing_send_test(*, mailing: SupporterMailing, to: str) -> None:
    """Send the email to a member of staff, marked as a test; no supporter gets it."""
    if not to:
        raise ApplicationError("Your staff account has no email address to send a test to")
    context = mailing_email_context(mailing=mailing, name="(test)", unsubscribe=f"{settings.SITE_URL}/unsubscribe/test")
    context["test"] = True
    email_send(to=to, template=SUPPORTER_TEMPLATE, context=context)


@transaction.atomic
def mailing_start(*, mailing: SupporterMailing, actor: Any, now: datetime | None = None) -> SupporterMailing:
    """Send the email to every consenting supporter, in the worker."""
    from .tasks import send_supporter_mailing

    mailing = SupporterMailing.objects.select_for_update().get(pk=mailing.pk)
    if mailing.state != SupporterMailing.State.DRAFT:
        raise ApplicationError("This email is already being sent")
    mailing.state = SupporterMailing.State.SENDING
    mailing.started_at = now or timezone.now()
    mailing.save()
    _record(
        petition=mailing.petition,
        actor=actor,
        description=f"Email to supporters sent: {mailing.subject}",
        mailing_id=mailing.pk,
    )
    mailing_id = mailing.pk
    transaction.on_commit(lambda: send_supporter_mailing.enqueue(mailing_id=mailing_id))
    return mailing


def mailing_list_recipients(*, mailing: SupporterMailing, chunk: int = 2000) -> int:
    """Give every supporter a delivery row, once. Safe to run again after a crash:
    the unique constraint keeps one row per inbox. Returns the number of recipients."""
    if not mailing.recipients_listed:
        batch: list[Delivery] = []
        for supporter in petition_supporters(petition=mailing.petition):
            batch.append(
                Delivery(
                    mailing=mailing,
                    name=supporter.name,
                    email=supporter.email,
                    email_normalised=supporter.email_normalised,
                )
            )
            if len(batch) >= chunk:
                Delivery.objects.bulk_create(batch, ignore_conflicts=True)
                batch = []
        Delivery.objects.bulk_create(batch, ignore_conflicts=True)
        count = Delivery.objects.filter(mailing=mailing).count()
        SupporterMailing.objects.filter(pk=mailing.pk).update(recipients_listed=True, recipient_count=count)
        mailing.recipients_listed, mailing.recipient_count = True, count
    return mailing.recipient_count


def _claim(delivery_id: int, now: datetime) -> bool:
    """Take one delivery for sending. The state check makes two workers claim it once."""
    return (
        Delivery.objects.filter(pk=delivery_id, state=Delivery.State.PENDING).update(
            state=Delivery.State.CLAIMED, claimed_at=now
        )
        == 1
    )


def mailing_send_batch(
    *,
    mailing: SupporterMailing,
    batch_size: int,
    rate: float,
    sleep: Callable[[float], None] = time.sleep,
) -> bool:
    """Send up to batch_size waiting deliveries at `rate` a second. Returns True if any
    are still waiting.

    Each delivery is claimed (committed) before it is handed to the mail server and
    marked sent after, so a worker killed in between leaves it claimed, and it is
    never sent again: at most one email per crash is in doubt, and none goes twice.
    """
    rows = list(
        Delivery.objects.filter(mailing=mailing, state=Delivery.State.PENDING)
        .order_by("pk")
        .values_list("pk", "name", "email", "email_normalised")[:batch_size]
    )
    if rows:
        suppressed = suppressed_addresses(
            emails_normalised=[row[3] for row in rows], scope=petition_mailing_scope(mailing.petition_id)
        )
        if suppressed:
            Delivery.objects.filter(
                mailing=mailing, state=Delivery.State.PENDING, email_normalised__in=suppressed
            ).update(state=Delivery.State.SUPPRESSED)
        connection = get_connection(fail_silently=False)
        connection.open()  # a server that is down fails here, before anything is claimed
        started = time.monotonic()
        sent = 0
        try:
            for delivery_id, name, email, normalised in rows:
                if normalised in suppressed or not _claim(delivery_id, timezone.now()):
                    continue
                # Keep to the rate: the n-th email goes no sooner than n / rate seconds in.
                wait = started + sent / rate - time.monotonic() if rate > 0 else 0
                if wait > 0:
                    sleep(wait)
                context = mailing_email_context(
                    mailing=mailing, name=name, unsubscribe=unsubscribe_url(delivery_id=delivery_id)
                )
                try:
                    email_send(
                        to=email,
                        template=SUPPORTER_TEMPLATE,
                        context=context,
                        headers=unsubscribe_headers(url=context["unsubscribe_url"]),
                        connection=connection,
                    )
                except (smtplib.SMTPRecipientsRefused, smtplib.SMTPSenderRefused) as error:
                    # Refused outright, so certainly not sent: say so and go on.
                    Delivery.objects.filter(pk=delivery_id).update(state=Delivery.State.FAILED, error=str(error)[:300])
                    continue
                Delivery.objects.filter(pk=delivery_id, state=Delivery.State.CLAIMED).update(
                    state=Delivery.State.SENT, sent_at=timezone.now()
                )
                sent += 1
        finally:
            connection.close()
    more = Delivery.objects.filter(mailing=mailing, state=Delivery.State.PENDING).exists()
    if not more:
        SupporterMailing.objects.filter(pk=mailing.pk, state=SupporterMailing.State.SENDING).update(
            state=SupporterMailing.State.SENT, finished_at=timezone.now()
        )
    return more


def mailing_resume(*, mailing: SupporterMailing) -> bool:
    """Queue the next batch of a mailing whose worker stopped. Harmless if one is
    running already: deliveries are claimed one at a time."""
    from .tasks import send_supporter_mailing

    if not SupporterMailing.objects.filter(pk=mailing.pk, state=SupporterMailing.State.SENDING).exists():
        return False
    send_supporter_mailing.enqueue(mailing_id=mailing.pk)
    return True


def mailings_resume() -> int:
    """Queue a batch for every mailing still sending (after a worker was stopped).
    Harmless if one is already running: deliveries are claimed one at a time."""
    from .tasks import send_supporter_mailing

    ids = list(SupporterMailing.objects.filter(state=SupporterMailing.State.SENDING).values_list("pk", flat=True))
    for mailing_id in ids:
        send_supporter_mailing.enqueue(mailing_id=mailing_id)
    return len(ids)


class InvalidUnsubscribeLink(ApplicationError):
    pass


def delivery_from_unsubscribe_token(*, token: str) -> Delivery:
    try:
        delivery_id = signing.loads(token, salt=UNSUBSCRIBE_SALT)
    except signing.BadSignature as error:
        raise InvalidUnsubscribeLink("This unsubscribe link is not valid. Check you copied the whole link.") from error
    delivery = Delivery.objects.select_related("mailing__petition").filter(pk=delivery_id).first()
    if delivery is None:
        raise InvalidUnsubscribeLink("This unsubscribe link is no longer valid.")
    return delivery


def delivery_unsubscribe(*, token: str) -> Delivery:
    """Stop emails about this petition to the inbox the link was sent to. Works without
    signing in, and twice is the same as once."""
    delivery = delivery_from_unsubscribe_token(token=token)
    suppression_add(
        email=delivery.email_normalised,
        reason=Suppression.Reason.UNSUBSCRIBED,
        scope=petition_mailing_scope(delivery.mailing.petition_id),
        detail=f"link in mailing {delivery.mailing_id}",
    )
    return delivery
