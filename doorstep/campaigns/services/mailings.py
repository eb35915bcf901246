"""Emails to a petition's consenting supporters: drafted (by hand, or from an update, a
reply or the hand-in), previewed, tested on staff, then started in the worker; and staff's
decision on the emails left in doubt by a worker that stopped while sending them."""

import enum
from collections.abc import Callable
from datetime import datetime
from functools import partial
from typing import TypedDict

from django.conf import settings
from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone, translation
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from doorstep.accounts.models import Actor
from doorstep.core.errors import ApplicationError
from doorstep.core.languages import Language, text_in, text_pair_required
from doorstep.core.leases import LeaseHeld, job_lease
from doorstep.mailings.services import TRANSIENT_EMAIL_ERRORS, email_render, email_send
from doorstep.petitions.models import Petition

from ..models import Delivery, HandIn, Reply, SupporterMailing, Update
from ..tasks import send_supporter_mailing
from .common import campaign_event_record, petition_public_url
from .handin import handin_count_note
from .sending import SUPPORTER_TEMPLATE, deliveries_in_doubt_mark, mailing_email_context, mailing_settle


@transaction.atomic
def mailing_create(
    *,
    petition: Petition,
    actor: Actor,
    subject: str = "",
    body: str = "",
    subject_cy: str = "",
    body_cy: str = "",
    update: Update | None = None,
    reply: Reply | None = None,
) -> SupporterMailing:
    """A draft email to the petition's supporters, to preview and test before sending: in
    English, in Welsh or in both (each supporter gets the language they signed in, if written)."""
    subject, subject_cy = text_pair_required(
        subject, subject_cy, field="subject", message=_("Give the email a subject")
    )
    body, body_cy = text_pair_required(body, body_cy, field="body", message=_("Write the email"))
    return SupporterMailing.objects.create(
        petition=petition,
        subject=subject,
        body=body,
        subject_cy=subject_cy,
        body_cy=body_cy,
        update=update,
        reply=reply,
        created_by=actor,
    )


class _Texts(TypedDict, total=False):
    subject: str
    body: str
    subject_cy: str
    body_cy: str


def _in_languages(write: Callable[[], tuple[str, str]], *, english: bool, welsh: bool) -> _Texts:
    """The subject and body `write` makes in English and in Welsh, each only when staff
    wrote the texts it is made from in that language."""
    texts = _Texts()
    if english:
        with translation.override(Language.ENGLISH):
            texts["subject"], texts["body"] = write()
    if welsh:
        with translation.override(Language.WELSH):
            texts["subject_cy"], texts["body_cy"] = write()
    return texts


def mailing_create_for_update(*, update: Update, actor: Actor) -> SupporterMailing:
    def write() -> tuple[str, str]:
        body = text_in(update, "body") + (f"\n\n{update.link}" if update.link else "")
        return _("Update: %(title)s") % {"title": text_in(update, "title")}, body

    return mailing_create(
        petition=update.petition,
        actor=actor,
        update=update,
        **_in_languages(
            write, english=bool(update.title or update.body), welsh=bool(update.title_cy or update.body_cy)
        ),
    )


def mailing_create_for_reply(*, reply: Reply, actor: Actor) -> SupporterMailing:
    def write() -> tuple[str, str]:
        fields = {
            "responder": reply.responder,
            "date": date_format(reply.responded_on, "d F Y"),
            "summary": text_in(reply, "summary"),
            "url": petition_public_url(reply.petition),
        }
        body = (
            _("%(responder)s replied on %(date)s.")
            + "\n\n%(summary)s\n\n"
            + _("Read the full reply on the petition's page: %(url)s")
        ) % fields
        return _("A reply from %(responder)s") % fields, body

    return mailing_create(
        petition=reply.petition,
        actor=actor,
        reply=reply,
        **_in_languages(
            write, english=bool(reply.summary or reply.details), welsh=bool(reply.summary_cy or reply.details_cy)
        ),
    )


def mailing_create_for_hand_in(*, hand_in: HandIn, actor: Actor) -> SupporterMailing:
    if hand_in.delivered_on is None or hand_in.delivered_count is None:
        raise ApplicationError(_("Record the delivery before telling supporters about it"))
    delivered_on, delivered_count = hand_in.delivered_on, hand_in.delivered_count

    def write() -> tuple[str, str]:
        subject = _("Handed in: %(action)s") % {"action": text_in(hand_in.petition, "action")}
        body = ngettext(
            "Thank you. The petition was handed in to %(to)s on %(date)s with %(count)s signature.",
            "Thank you. The petition was handed in to %(to)s on %(date)s with %(count)s signatures.",
            delivered_count,
        ) % {"to": hand_in.delivered_to, "date": date_format(delivered_on, "j F Y"), "count": f"{delivered_count:,}"}
        if note := handin_count_note(hand_in=hand_in):
            body = f"{body} {note}"
        return subject, body

    return mailing_create(petition=hand_in.petition, actor=actor, **_in_languages(write, english=True, welsh=True))


def mailing_previews(*, mailing: SupporterMailing) -> list[tuple[Language, str, str]]:
    """(language, subject, text) a supporter would get, in each language the email is written in."""
    written = {
        Language.ENGLISH: mailing.subject or mailing.body,
        Language.WELSH: mailing.subject_cy or mailing.body_cy,
    }
    previews = []
    for language in (language for language, text in written.items() if text):
        with translation.override(language):
            context = mailing_email_context(
                mailing=mailing, name=_("Alex Example"), unsubscribe=f"{settings.SITE_URL}/unsubscribe/…"
            )
            previews.append((language, *email_render(template=SUPPORTER_TEMPLATE, context=context)))
    return previews


def mailing_send_test(*, mailing: SupporterMailing, to: str) -> None:
    """Send the email to a member of staff, marked as a test; no supporter gets it."""
    if not to:
        raise ApplicationError(_("Your staff account has no email address to send a test to"))
    context = mailing_email_context(
        mailing=mailing, name=_("(test)"), unsubscribe=f"{settings.SITE_URL}/unsubscribe/test"
    )
    try:
        email_send(to=to, template=SUPPORTER_TEMPLATE, context={**context, "test": True})
    except TRANSIENT_EMAIL_ERRORS as error:
        raise ApplicationError(_("The mail server could not be reached. Try again in a few minutes.")) from error


@transaction.atomic
def mailing_start(*, mailing: SupporterMailing, actor: Actor, now: datetime | None = None) -> SupporterMailing:
    """Send the email to every consenting supporter, in the worker."""
    mailing = SupporterMailing.objects.select_for_update().get(pk=mailing.pk)
    if mailing.state != SupporterMailing.State.DRAFT:
        raise ApplicationError(_("This email is already being sent"))
    mailing.state = SupporterMailing.State.SENDING
    mailing.started_at = now or timezone.now()
    mailing.save()
    campaign_event_record(
        petition=mailing.petition,
        actor=actor,
        description=_("Email to supporters sent: %(subject)s") % {"subject": mailing.subject},
        mailing_id=mailing.pk,
    )
    mailing_id = mailing.pk
    transaction.on_commit(lambda: send_supporter_mailing.enqueue(mailing_id=mailing_id))
    return mailing


def mailing_resume(*, mailing: SupporterMailing) -> None:
    """Queue the next batch of a mailing whose worker stopped. Harmless if one is
    running already: deliveries are claimed one at a time."""
    if not SupporterMailing.objects.filter(pk=mailing.pk, state=SupporterMailing.State.SENDING).exists():
        raise ApplicationError(_("This email is not being sent, so there is nothing to resume"))
    send_supporter_mailing.enqueue(mailing_id=mailing.pk)


def mailings_resume() -> int:
    """Queue a batch for every mailing still sending (after a worker was stopped).
    Harmless if one is already running: deliveries are claimed one at a time."""
    ids = list(SupporterMailing.objects.filter(state=SupporterMailing.State.SENDING).values_list("pk", flat=True))
    for mailing_id in ids:
        send_supporter_mailing.enqueue(mailing_id=mailing_id)
    return len(ids)


# Seconds staff's decision holds a mailing's lease: a few writes.
DECISION_LEASE_SECONDS = 60


class InDoubtDecision(enum.StrEnum):
    """What staff do with the emails a worker that stopped mid-send left in doubt."""

    SEND_AGAIN = "send_again"  # a supporter may get the email twice
    MARK_UNSENT = "mark_unsent"  # none is sent twice; some may never have arrived


def mailing_in_doubt_decide(*, mailing: SupporterMailing, actor: Actor, decision: InDoubtDecision) -> int:
    """Send the emails in doubt again, or mark them not sent, holding the mailing's lease so
    that no worker sends it meanwhile. Returns how many were in doubt."""
    try:
        with job_lease(key=SupporterMailing.lease_key(mailing.pk), seconds=DECISION_LEASE_SECONDS):
            with transaction.atomic():
                deliveries_in_doubt_mark(mailing=mailing)
                in_doubt = Delivery.objects.filter(mailing=mailing, state=Delivery.State.IN_DOUBT)
                count = in_doubt.count()
                if not count:
                    raise ApplicationError(_("No email to supporters is in doubt"))
                description = _in_doubt_apply(mailing=mailing, in_doubt=in_doubt, decision=decision, count=count)
                campaign_event_record(
                    petition=mailing.petition,
                    actor=actor,
                    description=description % {"count": count, "subject": mailing.subject},
                    mailing_id=mailing.pk,
                )
    except LeaseHeld:
        raise ApplicationError(
            _("A worker is sending this email right now: decide once it has finished its batch")
        ) from None
    return count


def _in_doubt_apply(
    *, mailing: SupporterMailing, in_doubt: QuerySet[Delivery], decision: InDoubtDecision, count: int
) -> str:
    """Carry out the decision; the event to record, to fill with the count and the subject."""
    if decision == InDoubtDecision.SEND_AGAIN:
        in_doubt.update(state=Delivery.State.PENDING, claimed_at=None)
        SupporterMailing.objects.filter(pk=mailing.pk).update(state=SupporterMailing.State.SENDING, finished_at=None)
        transaction.on_commit(partial(send_supporter_mailing.enqueue, mailing_id=mailing.pk))
        return ngettext(
            "%(count)s email to supporters in doubt sent again: %(subject)s",
            "%(count)s emails to supporters in doubt sent again: %(subject)s",
            count,
        )
    in_doubt.update(state=Delivery.State.UNSENT)
    mailing_settle(mailing=mailing)
    return ngettext(
        "%(count)s email to supporters in doubt marked not sent: %(subject)s",
        "%(count)s emails to supporters in doubt marked not sent: %(subject)s",
        count,
    )
