import logging
import smtplib
import time
from collections.abc import Callable
from datetime import date, datetime
from functools import partial
from pathlib import Path
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
from doorstep.petitions.services import petition_close, petition_mark_handed_in, petition_record_event
from doorstep.signatures.selectors.counts import petition_counts, petition_counts_many

from .bundle import BundleFiles, BundleSpec, bundle_write, covering_letter_check, file_names
from .models import Consultation, Delivery, HandIn, Milestone, Reply, SupporterMailing, Update
from .selectors import petition_paper_tallied_count, petition_supporters

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


# The hand-in.


def _handin_location(petition_id: int) -> Path:
    return Path(settings.MEDIA_ROOT) / "handins" / str(petition_id)


def handin_files(*, hand_in: HandIn) -> dict[str, Path]:
    """The bundle's files by kind (pdf, schedule_csv, paper_sheets_csv), once made."""
    names = file_names(hand_in.petition_id, draft=False)
    return {kind: _handin_location(hand_in.petition_id) / name for kind, name in names.items()}


@transaction.atomic
def handin_prepare(
    *,
    petition: Petition,
    actor: Any,
    detail: str = HandIn.Detail.DISTRICT,
    privacy_allows_postcode: bool = False,
    covering_letter: str = "",
    now: datetime | None = None,
) -> HandIn:
    """Close the petition if it is still open, freeze its count, and queue the bundle.
    Preparing again before the delivery is recorded counts again."""
    from .tasks import build_hand_in_bundle

    now = now or timezone.now()
    petition = Petition.objects.select_for_update().get(pk=petition.pk)
    if petition.state == Petition.State.DRAFT:
        raise ApplicationError("A draft petition cannot be handed in")
    if petition.state == Petition.State.HANDED_IN:
        raise ApplicationError("This petition has been handed in already")
    if detail not in HandIn.Detail.values:
        raise ApplicationError("Choose what the schedule shows", field="detail")
    if detail == HandIn.Detail.POSTCODE and not privacy_allows_postcode:
        raise ApplicationError(
            "Full postcodes can be handed in only if the privacy notice told signers so; otherwise choose "
            "postcode districts",
            field="privacy_allows_postcode",
        )
    covering_letter = (covering_letter or "").strip()
    covering_letter_check(covering_letter)
    if petition.state == Petition.State.OPEN:
        petition = petition_close(petition=petition, actor=actor, now=now, reason="to hand it in")
    counts = petition_counts(petition=petition)
    hand_in, _ = HandIn.objects.update_or_create(
        petition=petition,
        defaults={
            "online_count": counts.online,
            "paper_keyed_count": counts.paper,
            "paper_tallied_count": petition_paper_tallied_count(petition=petition),
            "frozen_at": now,
            "detail": detail,
            "covering_letter": covering_letter,
            "bundle_state": HandIn.BundleState.QUEUED,
            "bundle_rows_done": 0,
            "bundle_rows_total": 0,
            "bundle_error": "",
        },
    )
    _record(
        petition=petition,
        actor=actor,
        description=f"Count frozen for the hand-in at {hand_in.total:,} signatures",
        online=hand_in.online_count,
        paper_keyed=hand_in.paper_keyed_count,
        paper_tallied=hand_in.paper_tallied_count,
    )
    hand_in_id = hand_in.pk
    transaction.on_commit(lambda: build_hand_in_bundle.enqueue(hand_in_id=hand_in_id))
    return hand_in


def handin_build_bundle(*, hand_in_id: int) -> BundleFiles | None:
    """Make the bundle of a prepared hand-in, telling staff how far it has got."""
    hand_in = HandIn.objects.select_related("petition").filter(pk=hand_in_id).first()
    if hand_in is None:
        return None
    HandIn.objects.filter(pk=hand_in_id).update(bundle_state=HandIn.BundleState.BUILDING, bundle_error="")

    def progress(done: int, total: int) -> None:
        HandIn.objects.filter(pk=hand_in_id).update(bundle_rows_done=done, bundle_rows_total=total)

    try:
        files = bundle_write(
            spec=BundleSpec.from_hand_in(hand_in),
            directory=_handin_location(hand_in.petition_id),
            chunk_rows=settings.DOORSTEP.handin_chunk_rows,
            progress=progress,
        )
    except Exception as error:
        logger.exception("The hand-in bundle of petition %s failed", hand_in.petition_id)
        HandIn.objects.filter(pk=hand_in_id).update(bundle_state=HandIn.BundleState.FAILED, bundle_error=str(error))
        raise
    HandIn.objects.filter(pk=hand_in_id).update(
        bundle_state=HandIn.BundleState.READY,
        bundle_made_at=timezone.now(),
        bundle_rows_done=files.rows,
        bundle_rows_total=files.rows,
    )
    return files


def handin_draft_spec(*, petition: Petition, detail: str = HandIn.Detail.DISTRICT) -> BundleSpec:
    """The bundle of a petition: its frozen count once prepared, else the live count marked as a draft."""
    hand_in = HandIn.objects.filter(petition=petition).first()
    if hand_in is not None:
        return BundleSpec.from_hand_in(hand_in)
    counts = petition_counts(petition=petition)
    return BundleSpec(
        petition=petition,
        online=counts.online,
        paper_keyed=counts.paper,
        paper_tallied=petition_paper_tallied_count(petition=petition),
        counted_at=timezone.now(),
        detail=detail,
        draft=True,
    )


@transaction.atomic
def handin_record_delivery(
    *,
    petition: Petition,
    actor: Any,
    delivered_to: str,
    delivered_on: date,
    method: str,
    count: int,
    notes: str = "",
) -> HandIn:
    """Record that the petition was handed in: to whom, when, how, how many signatures."""
    hand_in = HandIn.objects.select_for_update().filter(petition=petition).first()
    if hand_in is None:
        raise ApplicationError("Prepare the hand-in (which freezes the count) before recording its delivery")
    delivered_to = _required(delivered_to, field="delivered_to", message="Say who it was handed in to")
    if method not in HandIn.Method.values:
        raise ApplicationError("Choose how it was handed in", field="delivery_method")
    if count < 0 or count > hand_in.total:
        raise ApplicationError(
            f"The number delivered must be between 0 and the frozen count, {hand_in.total:,}", field="delivered_count"
        )
    if delivered_on > timezone.localdate():
        raise ApplicationError("The date of the hand-in cannot be in the future", field="delivered_on")
    petition_mark_handed_in(
        petition=petition,
        actor=actor,
        description=f"Handed in to {delivered_to} on {delivered_on:%d %B %Y} with {count:,} signatures",
    )
    hand_in.delivered_to = delivered_to
    hand_in.delivered_on = delivered_on
    hand_in.delivery_method = method
    hand_in.delivered_count = count
    hand_in.delivery_notes = notes.strip()
    hand_in.delivery_recorded_by = actor
    hand_in.save()
    return hand_in


def mailing_create_for_hand_in(*, hand_in: HandIn, actor: Any) -> SupporterMailing:
    return mailing_create(
        petition=hand_in.petition,
        actor=actor,
        subject=f"Handed in: {hand_in.petition.action}",
        body=(
            f"Thank you. The petition was handed in to {hand_in.delivered_to} on "
            f"{hand_in.delivered_on:%d %B %Y} with {hand_in.delivered_count:,} signatures."
        ),
    )


# Milestones.


@transaction.atomic
def milestones_set(*, petition: Petition, actor: Any, counts: list[int]) -> list[int]:
    """Set the milestones still to reach (reached ones are kept, with their time)."""
    wanted = sorted(set(counts))
    if any(count <= 0 for count in wanted):
        raise ApplicationError("Milestones must be whole numbers above 0", field="counts")
    reached = set(petition.milestones.exclude(reached_at=None).values_list("count", flat=True))
    petition.milestones.filter(reached_at=None).exclude(count__in=wanted).delete()
    for count in wanted:
        if count not in reached:
            Milestone.objects.get_or_create(petition=petition, count=count)
    _record(petition=petition, actor=actor, description=f"Milestones set: {', '.join(f'{c:,}' for c in wanted)}")
    milestones_check(petition_id=petition.pk)  # any already passed are reached now
    return wanted


def milestones_check(*, petition_id: int, now: datetime | None = None) -> list[Milestone]:
    """Mark the milestones the kept count has reached, each once, and email the organisers.
    Cheap when there is nothing to reach: one indexed query."""
    from .tasks import send_milestone_email

    lowest = (
        Milestone.objects.filter(petition_id=petition_id, reached_at=None)
        .order_by("count")
        .values_list("count", flat=True)
        .first()
    )
    if lowest is None:
        return []
    total = petition_counts_many(petition_ids=[petition_id]).get(petition_id)
    if total is None or total.total < lowest:
        return []
    now = now or timezone.now()
    newly = []
    for milestone in Milestone.objects.filter(petition_id=petition_id, reached_at=None, count__lte=total.total):
        # The reached_at check in the UPDATE makes two confirmations at once record it once.
        if Milestone.objects.filter(pk=milestone.pk, reached_at=None).update(reached_at=now):
            milestone.reached_at = now
            newly.append(milestone)
            transaction.on_commit(partial(send_milestone_email.enqueue, milestone_id=milestone.pk))
    return newly


def milestone_email_recipients() -> list[str]:
    """The organisers: active staff who run petitions and have an email address."""
    from doorstep.accounts.models import User

    managers = User.objects.filter(is_active=True, is_staff=True).exclude(email="")
    return sorted({user.email for user in managers if user.can_manage_petitions})


def milestone_email_send(*, milestone: Milestone) -> None:
    for to in milestone_email_recipients():
        email_send(
            to=to,
            template="campaigns/email/milestone",
            context={
                "milestone": milestone,
                "petition": milestone.petition,
                "petition_url": _petition_url(milestone.petition),
            },
        )


# Consultations.


@transaction.atomic
def consultation_set(
    *, petition: Petition, actor: Any, run_by: str, title: str, url: str, closes_on: date
) -> Consultation:
    consultation, _ = Consultation.objects.update_or_create(
        petition=petition,
        defaults={
            "run_by": _required(run_by, field="run_by", message="Say who runs the consultation"),
            "title": _required(title, field="title", message="Give the consultation's title"),
            "url": _required(url, field="url", message="Give the link to the consultation"),
            "closes_on": closes_on,
        },
    )
    consultation.full_clean()
    _record(petition=petition, actor=actor, description=f"Linked to the consultation: {consultation.title}")
    return consultation
