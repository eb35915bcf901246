from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, datetime

from django.db.models import Count, QuerySet
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from doorstep.accounts.models import User
from doorstep.core.emails import email_normalise
from doorstep.core.errors import ApplicationError
from doorstep.core.leases import lease_alive
from doorstep.paper.selectors import pack_holders_wanting_updates
from doorstep.paper.totals import petition_figures
from doorstep.petitions.models import Petition
from doorstep.signatures.models import Signature

from .bundle_spec import BundleSpec
from .models import Consultation, Delivery, HandIn, Milestone, Reply, SupporterMailing, Update
from .unsubscribe_links import unsubscribe_token_read


def petition_updates(*, petition: Petition) -> QuerySet[Update]:
    """The petition's campaign updates, newest first."""
    return Update.objects.filter(petition=petition).order_by("-published_on", "-id")


def petition_replies(*, petition: Petition) -> QuerySet[Reply]:
    return Reply.objects.filter(petition=petition).order_by("-responded_on", "-id")


def reply_latest(*, petition: Petition) -> Reply | None:
    return petition_replies(petition=petition).first()


def reply_with_public_document(*, reply_id: int) -> Reply | None:
    """A reply that has a PDF, to a petition the public can see."""
    return Reply.objects.filter(pk=reply_id, petition__state__in=Petition.PUBLIC_STATES).exclude(document="").first()


def petition_consultation(*, petition: Petition) -> Consultation | None:
    return Consultation.objects.filter(petition=petition).first()


def petition_hand_in(*, petition: Petition) -> HandIn | None:
    return HandIn.objects.filter(petition=petition).first()


def handin_bundle_stalled(*, hand_in: HandIn) -> bool:
    """Is the bundle said to be being made while no worker makes it (the one making it
    was killed part way)? Staff may then make it again."""
    return hand_in.bundle_state == HandIn.BundleState.BUILDING and not lease_alive(key=HandIn.lease_key(hand_in.pk))


def petition_mailings(*, petition: Petition) -> QuerySet[SupporterMailing]:
    return SupporterMailing.objects.filter(petition=petition).order_by("-created_at")


def mailing_get(*, mailing_id: int, state: SupporterMailing.State | None = None) -> SupporterMailing | None:
    """A supporter email with its petition (only if it is in `state`, when given)."""
    mailings = SupporterMailing.objects.select_related("petition").filter(pk=mailing_id)
    if state is not None:
        mailings = mailings.filter(state=state)
    return mailings.first()


def delivery_from_unsubscribe_token(*, token: str) -> Delivery:
    """The delivery an unsubscribe link was sent with; a clear error if the link is not valid."""
    delivery_id = unsubscribe_token_read(token=token)
    delivery = Delivery.objects.select_related("mailing__petition").filter(pk=delivery_id).first()
    if delivery is None:
        raise ApplicationError(_("This unsubscribe link is no longer valid."))
    return delivery


@dataclass(frozen=True)
class Supporter:
    name: str
    email: str
    email_normalised: str
    language: str  # they signed (or asked for a pack) in it: their emails are written in it


def petition_supporters(*, petition: Petition) -> Iterator[Supporter]:
    """Everyone the campaign may email about this petition: counted signers (online, and
    paper signers who gave an email) who ticked the updates box, then consenting pack holders.
    The same inbox may come twice; deliveries keep one per inbox."""
    rows = (
        Signature.objects.filter(
            petition=petition, state__in=Signature.COUNTED_STATES, updates_consent=True, email_normalised__gt=""
        )
        .order_by("pk")
        .values_list("name", "email", "email_normalised", "language")
    )
    for name, email, normalised, language in rows.iterator(chunk_size=2000):
        yield Supporter(name=name, email=email, email_normalised=normalised, language=language)
    for name, email, language in pack_holders_wanting_updates(petition=petition):
        yield Supporter(name=name, email=email, email_normalised=email_normalise(email), language=language)


@dataclass(frozen=True)
class MailingProgress:
    total: int
    pending: int
    being_sent: int  # claimed by a worker that is sending it now
    in_doubt: int  # claimed by a worker that stopped while sending it: staff decide
    unsent: int  # in doubt, and staff chose not to send it again
    sent: int
    suppressed: int
    failed: int

    @property
    def done(self) -> int:
        return self.total - self.pending

    @property
    def percent(self) -> int:
        return round(100 * self.done / self.total) if self.total else 0


def mailing_progress(*, mailing: SupporterMailing) -> MailingProgress:
    """How far a mailing has got, for the staff page (one grouped query on an indexed column;
    one more while a delivery is claimed, to tell whether its worker is still sending it)."""
    by_state = dict(Delivery.objects.filter(mailing=mailing).values_list("state").annotate(n=Count("id")).order_by())
    claimed = by_state.get(Delivery.State.CLAIMED, 0)
    sending = bool(claimed) and lease_alive(key=SupporterMailing.lease_key(mailing.pk))
    return MailingProgress(
        total=sum(by_state.values()),
        pending=by_state.get(Delivery.State.PENDING, 0),
        being_sent=claimed if sending else 0,
        in_doubt=by_state.get(Delivery.State.IN_DOUBT, 0) + (0 if sending else claimed),
        unsent=by_state.get(Delivery.State.UNSENT, 0),
        sent=by_state.get(Delivery.State.SENT, 0),
        suppressed=by_state.get(Delivery.State.SUPPRESSED, 0),
        failed=by_state.get(Delivery.State.FAILED, 0),
    )


def petition_milestones(*, petition: Petition) -> QuerySet[Milestone]:
    return Milestone.objects.filter(petition=petition).order_by("count")


def milestone_get(*, milestone_id: int) -> Milestone | None:
    return Milestone.objects.select_related("petition").filter(pk=milestone_id).first()


def milestone_email_recipients() -> list[str]:
    """The organisers: active staff who run petitions and have an email address."""
    managers = User.objects.filter(is_active=True, is_staff=True).exclude(email="")
    return sorted({user.email for user in managers if user.can_manage_petitions})


# Staff are warned this many days before a linked consultation closes.
CONSULTATION_WARNING_DAYS = 14


def consultation_warning(*, petition: Petition, today: date) -> str:
    """A warning for staff when the consultation closes soon (or has closed) while the petition is open."""
    consultation = petition_consultation(petition=petition)
    if consultation is None or petition.state != Petition.State.OPEN:
        return ""
    days = (consultation.closes_on - today).days
    if days < 0:
        return ngettext(
            "The consultation “%(title)s” closed %(days)s day ago.",
            "The consultation “%(title)s” closed %(days)s days ago.",
            -days,
        ) % {"title": consultation.title, "days": -days}
    if days > CONSULTATION_WARNING_DAYS:
        return ""
    fields = {"title": consultation.title, "days": days, "date": date_format(consultation.closes_on, "d F Y")}
    if days == 0:
        return (
            _(
                "The consultation “%(title)s” closes today (%(date)s), and the petition is still open. "
                "Hand it in before then for it to count."
            )
            % fields
        )
    return (
        ngettext(
            "The consultation “%(title)s” closes in %(days)s day (%(date)s), and the petition is still open. "
            "Hand it in before then for it to count.",
            "The consultation “%(title)s” closes in %(days)s days (%(date)s), and the petition is still open. "
            "Hand it in before then for it to count.",
            days,
        )
        % fields
    )


def handin_bundle_spec(
    *, petition: Petition, detail: HandIn.Detail = HandIn.Detail.DISTRICT, list_scans: bool = False
) -> BundleSpec:
    """The bundle of a petition: its frozen count once prepared (and its choices), else the
    live count marked as a draft."""
    hand_in = petition_hand_in(petition=petition)
    if hand_in is not None:
        return BundleSpec.from_hand_in(hand_in)
    return BundleSpec(
        petition=petition,
        figures=petition_figures(petition=petition),
        counted_at=timezone.now(),
        detail=detail,
        draft=True,
        list_scans=list_scans,
    )


@dataclass(frozen=True)
class ScheduleSignature:
    """One line of a hand-in's schedule, as the signature stood when counted."""

    pk: int
    name: str
    place: str | None  # the postcode or its district, as the hand-in shows
    country: str
    confirmed_at: datetime
    channel: str


def handin_signatures(*, spec: BundleSpec) -> QuerySet[Signature]:
    """The signatures a hand-in lists: counted, and confirmed by the time it was counted, oldest first."""
    return Signature.objects.filter(
        petition=spec.petition, state__in=Signature.COUNTED_STATES, confirmed_at__lte=spec.counted_at
    ).order_by("pk")


def handin_signature_batches(*, spec: BundleSpec, chunk: int) -> Iterator[list[ScheduleSignature]]:
    """`handin_signatures` in keyset chunks of `chunk`, so memory stays bounded at any size."""
    place = "postcode" if spec.detail == HandIn.Detail.POSTCODE else "postcode_district"
    rows = handin_signatures(spec=spec).values_list("pk", "name", place, "country", "confirmed_at", "channel")
    last = 0
    while batch := [ScheduleSignature(*row) for row in rows.filter(pk__gt=last)[:chunk]]:
        last = batch[-1].pk
        yield batch
