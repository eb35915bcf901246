from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date

from django.db.models import Count, QuerySet

from doorstep.core.emails import email_normalise
from doorstep.paper.selectors import pack_holders_wanting_updates, paper_tallied, sheet_index
from doorstep.petitions.models import Petition
from doorstep.signatures.models import Signature

from .models import Consultation, Delivery, HandIn, Milestone, Reply, SupporterMailing, Update


def petition_updates(*, petition: Petition) -> QuerySet[Update]:
    """The petition's campaign updates, newest first."""
    return Update.objects.filter(petition=petition).order_by("-published_on", "-id")


def petition_replies(*, petition: Petition) -> QuerySet[Reply]:
    return Reply.objects.filter(petition=petition).order_by("-responded_on", "-id")


def reply_latest(*, petition: Petition) -> Reply | None:
    return petition_replies(petition=petition).first()


def petition_consultation(*, petition: Petition) -> Consultation | None:
    return Consultation.objects.filter(petition=petition).first()


def petition_hand_in(*, petition: Petition) -> HandIn | None:
    return HandIn.objects.filter(petition=petition).first()


def petition_mailings(*, petition: Petition) -> QuerySet[SupporterMailing]:
    return SupporterMailing.objects.filter(petition=petition).order_by("-created_at")


def petition_paper_tallied_count(*, petition: Petition) -> int:
    """Paper signatures counted by tally (not keyed in one by one), for the hand-in."""
    return paper_tallied(petition=petition)


def petition_paper_sheet_index(*, petition: Petition) -> list[list]:
    """The paper sheets handed in, one row each (see bundle.PAPER_SHEET_HEADER)."""
    return sheet_index(petition=petition)


@dataclass(frozen=True)
class Supporter:
    name: str
    email: str
    email_normalised: str


def pack_holder_supporters(*, petition: Petition) -> list[Supporter]:
    """People holding paper packs who agreed to hear from the campaign."""
    return [
        Supporter(name=name, email=email, email_normalised=email_normalise(email))
        for name, email in pack_holders_wanting_updates(petition=petition)
    ]


def petition_supporters(*, petition: Petition) -> Iterator[Supporter]:
    """Everyone the campaign may email about this petition: counted signers (online, and
    paper signers who gave an email) who ticked the updates box, then consenting pack holders.
    The same inbox may come twice; deliveries keep one per inbox."""
    rows = (
        Signature.objects.filter(
            petition=petition, state__in=Signature.COUNTED_STATES, updates_consent=True, email_normalised__gt=""
        )
        .order_by("pk")
        .values_list("name", "email", "email_normalised")
    )
    for name, email, normalised in rows.iterator(chunk_size=2000):
        yield Supporter(name=name, email=email, email_normalised=normalised)
    yield from pack_holder_supporters(petition=petition)


@dataclass(frozen=True)
class MailingProgress:
    total: int
    pending: int
    claimed: int
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
    """How far a mailing has got, for the staff page (one grouped query on an indexed column)."""
    by_state = dict(Delivery.objects.filter(mailing=mailing).values_list("state").annotate(n=Count("id")).order_by())
    return MailingProgress(
        total=sum(by_state.values()),
        pending=by_state.get(Delivery.State.PENDING, 0),
        claimed=by_state.get(Delivery.State.CLAIMED, 0),
        sent=by_state.get(Delivery.State.SENT, 0),
        suppressed=by_state.get(Delivery.State.SUPPRESSED, 0),
        failed=by_state.get(Delivery.State.FAILED, 0),
    )


def petition_milestones(*, petition: Petition) -> QuerySet[Milestone]:
    return Milestone.objects.filter(petition=petition).order_by("count")


# Staff are warned this many days before a linked consultation closes.
CONSULTATION_WARNING_DAYS = 14


def consultation_warning(*, petition: Petition, today: date) -> str:
    """A warning for staff when the consultation closes soon (or has closed) while the petition is open."""
    consultation = petition_consultation(petition=petition)
    if consultation is None or petition.state != Petition.State.OPEN:
        return ""
    days = (consultation.closes_on - today).days
    if days < 0:
        return f"The consultation “{consultation.title}” closed {-days} day{'s' if days != -1 else ''} ago."
    if days <= CONSULTATION_WARNING_DAYS:
        when = "today" if days == 0 else f"in {days} day{'s' if days != 1 else ''}"
        return (
            f"The consultation “{consultation.title}” closes {when} ({consultation.closes_on:%d %B %Y}), "
            "and the petition is still open. Hand it in before then for it to count."
        )
    return ""
