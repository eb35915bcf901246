"""The worker's side of a supporter email: one delivery row per inbox, batches sent at a
steady rate and never twice, and the unsubscribe link that stops them."""

import smtplib
import time
from collections.abc import Callable
from datetime import datetime
from typing import Any

from django.core.mail import get_connection
from django.core.mail.backends.base import BaseEmailBackend
from django.utils import timezone

from doorstep.core.leases import Heartbeat, job_heartbeat
from doorstep.mailings.models import Suppression
from doorstep.mailings.selectors import suppressed_addresses
from doorstep.mailings.services import email_send_in, suppression_add, unsubscribe_headers
from doorstep.petitions.selectors import petition_organiser

from ..models import Delivery, SupporterMailing
from ..selectors import delivery_from_unsubscribe_token, petition_supporters
from ..unsubscribe_links import unsubscribe_token, unsubscribe_url
from .common import petition_mailing_scope, petition_public_url

SUPPORTER_TEMPLATE = "campaigns/email/supporter"


def mailing_email_context(*, mailing: SupporterMailing, name: str, unsubscribe: str) -> dict[str, Any]:
    return {
        "mailing": mailing,
        "petition": mailing.petition,
        "organiser": petition_organiser(petition=mailing.petition),
        "petition_url": petition_public_url(mailing.petition),
        "name": name,
        "unsubscribe_url": unsubscribe,
    }


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
                    language=supporter.language,
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


def delivery_claim(*, delivery_id: int, now: datetime) -> bool:
    """Take one delivery for sending. The state check makes two workers claim it once."""
    return (
        Delivery.objects.filter(pk=delivery_id, state=Delivery.State.PENDING).update(
            state=Delivery.State.CLAIMED, claimed_at=now
        )
        == 1
    )


def deliveries_in_doubt_mark(*, mailing: SupporterMailing) -> int:
    """Call in doubt the deliveries of `mailing` left claimed by a worker that stopped while
    sending them: the mail server may or may not have taken them. Only with the mailing's
    lease held (nobody else is sending it). Returns how many."""
    return Delivery.objects.filter(mailing=mailing, state=Delivery.State.CLAIMED).update(state=Delivery.State.IN_DOUBT)


def mailing_settle(*, mailing: SupporterMailing, now: datetime | None = None) -> SupporterMailing.State:
    """Once no delivery waits, a mailing being sent is sent, or in doubt while any delivery
    is (staff then decide). Only with the mailing's lease held. Returns its state."""
    deliveries = Delivery.objects.filter(mailing=mailing)
    if deliveries.filter(state__in=[Delivery.State.PENDING, Delivery.State.CLAIMED]).exists():
        return SupporterMailing.State.SENDING
    doubt = deliveries.filter(state=Delivery.State.IN_DOUBT).exists()
    state = SupporterMailing.State.IN_DOUBT if doubt else SupporterMailing.State.SENT
    SupporterMailing.objects.filter(
        pk=mailing.pk, state__in=[SupporterMailing.State.SENDING, SupporterMailing.State.IN_DOUBT]
    ).update(state=state, finished_at=now or timezone.now())
    return state


def mailing_send_batch(
    *,
    mailing: SupporterMailing,
    batch_size: int,
    rate: float,
    sleep: Callable[[float], None] = time.sleep,
) -> bool:
    """Send up to batch_size waiting deliveries at `rate` a second. Returns True if any
    are still waiting. Raises LeaseHeld if another worker is sending this mailing.

    Each delivery is claimed (committed) before it is handed to the mail server and
    marked sent after, so a worker killed in between leaves it claimed, and it is
    never sent again: the next batch calls it in doubt, and the mailing is not called
    sent while one is, until staff decide.
    """
    with job_heartbeat(key=SupporterMailing.lease_key(mailing.pk)) as heartbeat:
        deliveries_in_doubt_mark(mailing=mailing)
        pending = Delivery.objects.filter(mailing=mailing, state=Delivery.State.PENDING)
        rows = list(
            pending.order_by("pk").values_list("pk", "name", "email", "email_normalised", "language")[:batch_size]
        )
        if rows:
            suppressed = suppressed_addresses(
                emails_normalised=[row[3] for row in rows], scope=petition_mailing_scope(mailing.petition_id)
            )
            if suppressed:
                pending.filter(email_normalised__in=suppressed).update(state=Delivery.State.SUPPRESSED)
            sendable = [row for row in rows if row[3] not in suppressed]
            _send_rows(mailing, sendable, rate=rate, sleep=sleep, heartbeat=heartbeat)
        return mailing_settle(mailing=mailing) == SupporterMailing.State.SENDING


def _send_rows(
    mailing: SupporterMailing,
    rows: list[tuple[int, str, str, str, str]],
    *,
    rate: float,
    sleep: Callable[[float], None],
    heartbeat: Heartbeat,
) -> None:
    """Claim and send each row over one connection, the n-th sent no sooner than n / rate seconds in."""
    connection = get_connection(fail_silently=False)
    connection.open()  # a server that is down fails here, before anything is claimed
    started = time.monotonic()
    sent = 0
    try:
        for delivery_id, name, email, _normalised, language in rows:
            heartbeat.beat()  # before the claim: a worker that lost the mailing claims nothing more
            if not delivery_claim(delivery_id=delivery_id, now=timezone.now()):
                continue
            wait = started + sent / rate - time.monotonic() if rate > 0 else 0
            if wait > 0:
                sleep(wait)
            sent += _deliver(
                mailing, delivery_id=delivery_id, name=name, email=email, language=language, connection=connection
            )
    finally:
        connection.close()


def _deliver(
    mailing: SupporterMailing,
    *,
    delivery_id: int,
    name: str,
    email: str,
    language: str,
    connection: BaseEmailBackend,
) -> bool:
    """Send one claimed delivery, in the supporter's language, and record how it went.
    True if the mail server took it."""
    token = unsubscribe_token(delivery_id=delivery_id)  # one token for the body's link and the header's
    try:
        email_send_in(
            language,
            to=email,
            template=SUPPORTER_TEMPLATE,
            # The page the link opens is in their language; the one-click header needs none.
            context=lambda: mailing_email_context(
                mailing=mailing, name=name, unsubscribe=unsubscribe_url(delivery_id=delivery_id, token=token)
            ),
            headers=unsubscribe_headers(url=unsubscribe_url(delivery_id=delivery_id, token=token)),
            connection=connection,
        )
    except (smtplib.SMTPRecipientsRefused, smtplib.SMTPSenderRefused) as error:
        # Refused outright, so certainly not sent: say so and go on.
        Delivery.objects.filter(pk=delivery_id).update(state=Delivery.State.FAILED, error=str(error)[:300])
        return False
    # In doubt too: a worker thought dead may still finish its send, and then it is known to have gone.
    Delivery.objects.filter(pk=delivery_id, state__in=[Delivery.State.CLAIMED, Delivery.State.IN_DOUBT]).update(
        state=Delivery.State.SENT, sent_at=timezone.now()
    )
    return True


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
