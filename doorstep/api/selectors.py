"""What the public API reads, as plain data: petitions, their kept counts and breakdowns, the
latest reply, the current constituencies. Nothing here hands out a model instance, and
nothing reads a signature: the counts come from the kept tallies (signatures.selectors.counts).
"""

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime
from enum import StrEnum
from typing import Any

from django.conf import settings
from django.db.models import Max, Q, QuerySet
from django.utils import timezone

from doorstep.campaigns.models import HandIn, Reply
from doorstep.core.languages import WELSH_SUFFIX, Language, text_in
from doorstep.evidence.selectors import evidence_document
from doorstep.paper.totals import petition_figures
from doorstep.petitions.models import Petition
from doorstep.petitions.selectors import (
    Listing,
    petition_closing_date_changes,
    petition_get_visible,
    petition_list_public,
)
from doorstep.places.selectors import constituencies_get
from doorstep.scheme.selectors.thresholds import SchemeFigures, petitions_listed, scheme_figures
from doorstep.signatures.selectors.counts import (
    Counts,
    NamedAreaCount,
    petition_areas,
    petition_breakdown,
    petition_counts,
    petition_counts_many,
    signatures_by_country,
)

PAGE_SIZE = 50
# The largest id a petition can have (a 64-bit key): a bigger one in a URL is simply not found.
ID_MAX = 2**63 - 1


class ListState(StrEnum):
    """The `state` filters petition.parliament.uk's clients send, each meaning what it can in Doorstep."""

    ALL = "all"
    OPEN = "open"  # taking signatures: never one past its closing time
    RECENT = "recent"  # the same, newest opened first (as that site)
    CLOSED = "closed"  # closed or handed in, or past the closing time
    # With the petition scheme on, these five mean what they mean on that site (see scheme.selectors.thresholds).
    REJECTED = "rejected"  # none; with the scheme, rejected by a moderator (never hidden)
    HIDDEN = "hidden"  # none
    AWAITING_RESPONSE = "awaiting_response"  # handed in, no reply yet; with the scheme, past its response threshold
    WITH_RESPONSE = "with_response"  # a reply recorded, latest reply first
    AWAITING_DEBATE = "awaiting_debate"  # none; with the scheme, past its debate threshold (or scheduled), not debated
    DEBATED = "debated"  # none; with the scheme, debated
    NOT_DEBATED = "not_debated"  # none; with the scheme, decided not to debate


SCHEME_STATES = (
    ListState.REJECTED,
    ListState.AWAITING_RESPONSE,
    ListState.AWAITING_DEBATE,
    ListState.DEBATED,
    ListState.NOT_DEBATED,
)


class Breakdown(StrEnum):
    """The kept breakdowns the API publishes, by the names the tallies are kept under."""

    COUNTRY = "country"
    REGION = "region"
    CONSTITUENCY = "constituency"
    LOCAL_AUTHORITY = "local_authority"
    WARD = "ward"
    DISTRICT = "district"


@dataclass(frozen=True)
class Response:
    """The latest reply recorded from the body a petition is addressed to."""

    responded_on: date
    summary: str  # in English, or in Welsh when staff wrote only Welsh
    details: str
    summary_cy: str | None  # None when staff wrote no Welsh
    details_cy: str | None
    responder: str
    created_at: datetime
    updated_at: datetime


@dataclass(frozen=True)
class PetitionSummary:
    id: int
    # Each in English, or in Welsh when staff wrote only Welsh; the Welsh (None when none) beside.
    action: str
    background: str
    additional_details: str
    action_cy: str | None
    background_cy: str | None
    additional_details_cy: str | None
    state: str  # Doorstep's public state: open, closed or handed_in
    created_at: datetime
    updated_at: datetime
    opened_at: datetime | None
    closed_at: datetime | None
    closing_date: date
    creator_name: str
    addressed_to: str
    target: int
    handed_in_at: datetime | None
    original_closing_date: date | None
    counts: Counts
    response: Response | None
    scheme: SchemeFigures | None = None  # moderation, thresholds and debate, when the petition scheme is on


@dataclass(frozen=True)
class ConstituencyCount:
    name: str
    ons_code: str
    mp: str
    signature_count: int


@dataclass(frozen=True)
class ClosingDateChange:
    old: str | None  # ISO dates, as recorded
    new: str | None
    changed_at: datetime


@dataclass(frozen=True)
class HandInSummary:
    """A prepared hand-in: the count frozen for it, and its delivery once recorded."""

    signature_count: int  # the frozen count
    paper_tallied: int  # frozen beside it, never in it
    frozen_at: datetime
    delivered_to: str
    delivered_on: date | None
    delivered_count: int | None
    delivered_count_reason: str  # why the number delivered is not the frozen count


@dataclass(frozen=True)
class PetitionDetail:
    summary: PetitionSummary
    paper_tallied: int  # counted on paper sheets but not keyed in: beside the count, never in it
    hand_in: HandInSummary | None
    evidence: dict[str, Any]  # figures and facts the petition is handed in with
    by_country: list[dict]  # name, code, signature_count
    by_constituency: list[ConstituencyCount]
    by_region: list[NamedAreaCount]
    by_local_area: dict[Breakdown, list[NamedAreaCount]]  # local authority, ward, postcode district
    closing_date_changes: list[ClosingDateChange]


@dataclass(frozen=True)
class PetitionPage:
    number: int  # as asked for, even past the last page (then with no petitions)
    last: int
    petitions: list[PetitionSummary]


def _texts(record: Petition | Reply, *fields: str) -> dict[str, Any]:
    """Each field in English (Welsh when there is no English), and its Welsh as `<field>_cy` (None when none)."""
    texts: dict[str, Any] = {}
    for field in fields:
        texts[field] = str(text_in(record, field, Language.ENGLISH))
        texts[field + WELSH_SUFFIX] = getattr(record, field + WELSH_SUFFIX) or None
    return texts


def _responses(*, petition_ids: Iterable[int]) -> dict[int, Response]:
    """The latest reply of each petition that has one, in one query."""
    latest: dict[int, Response] = {}
    replies = Reply.objects.filter(petition_id__in=list(petition_ids)).order_by("petition_id", "-responded_on", "-id")
    for reply in replies:
        latest.setdefault(
            reply.petition_id,
            Response(
                responded_on=reply.responded_on,
                **_texts(reply, "summary", "details"),
                responder=reply.responder,
                created_at=reply.created_at,
                updated_at=reply.updated_at,
            ),
        )
    return latest


def _summary(
    petition: Petition, *, counts: Counts, response: Response | None, now: datetime, scheme: SchemeFigures | None
) -> PetitionSummary:
    return PetitionSummary(
        id=petition.pk,
        **_texts(petition, "action", "background", "additional_details"),
        state=petition.public_state(now),
        created_at=petition.created_at,
        updated_at=petition.updated_at,
        opened_at=petition.opened_at,
        # When it stopped taking signatures, even before the closing task has run.
        closed_at=petition.closed_at or (petition.closes_at if petition.closed_on(now) else None),
        closing_date=petition.closing_date,
        creator_name=petition.creator_name,
        addressed_to=petition.addressed_to,
        target=petition.target,
        handed_in_at=petition.handed_in_at,
        original_closing_date=petition.original_closing_date,
        counts=counts,
        response=response,
        scheme=scheme,
    )


def _listed(*, state: ListState, today: date) -> QuerySet[Petition]:
    if state in SCHEME_STATES and settings.DOORSTEP.petition_scheme:
        return petitions_listed(state=state)
    published = petition_list_public(state=Listing.ALL)
    replied = Q(replies__isnull=False)
    match state:
        case ListState.ALL:
            return published
        case ListState.OPEN | ListState.RECENT:
            return petition_list_public(state=Listing.OPEN, today=today)
        case ListState.CLOSED:
            return petition_list_public(state=Listing.CLOSED, today=today)
        case ListState.AWAITING_RESPONSE:
            return published.filter(state=Petition.State.HANDED_IN).exclude(replied)
        case ListState.WITH_RESPONSE:
            return (
                published.filter(replied)
                .annotate(replied_on=Max("replies__responded_on"))
                .order_by("-replied_on", "-opened_at", "-id")
            )
    return published.none()  # rejected, hidden, and no debates


def petitions_page(*, state: ListState, page: int, now: datetime | None = None) -> PetitionPage:
    """One page of published petitions in `state`, PAGE_SIZE a page, with their counts and replies."""
    now = now or timezone.now()
    listed = _listed(state=state, today=timezone.localdate(now))
    total = listed.count()
    start = (page - 1) * PAGE_SIZE
    petitions = list(listed[start : start + PAGE_SIZE]) if start < total else []
    ids = [petition.pk for petition in petitions]
    counts = petition_counts_many(petition_ids=ids)
    responses = _responses(petition_ids=ids)
    figures = scheme_figures(petitions=petitions)
    return PetitionPage(
        number=page,
        last=max(1, -(-total // PAGE_SIZE)),
        petitions=[
            _summary(
                p, counts=counts.get(p.pk, Counts()), response=responses.get(p.pk), now=now, scheme=figures.get(p.pk)
            )
            for p in petitions
        ],
    )


def _petition(petition_id: int) -> Petition | None:
    """A published petition, or a rejected one (as that site serves them); never a hidden one."""
    return petition_get_visible(petition_id=petition_id) if 0 < petition_id <= ID_MAX else None


def _summary_of(petition: Petition, now: datetime | None, counts: Counts | None = None) -> PetitionSummary:
    response = _responses(petition_ids=[petition.pk]).get(petition.pk)
    counts = petition_counts(petition=petition) if counts is None else counts
    return _summary(
        petition,
        counts=counts,
        response=response,
        now=now or timezone.now(),
        scheme=scheme_figures(petitions=[petition]).get(petition.pk),
    )


def petition_summary(*, petition_id: int, now: datetime | None = None) -> PetitionSummary | None:
    """A published petition with its count and latest reply; None if there is no such petition."""
    petition = _petition(petition_id)
    return _summary_of(petition, now) if petition else None


def _hand_in(petition: Petition) -> HandInSummary | None:
    hand_in = HandIn.objects.filter(petition=petition).first()
    if hand_in is None:
        return None
    return HandInSummary(
        signature_count=hand_in.figures.total,
        paper_tallied=hand_in.figures.tallied,
        frozen_at=hand_in.frozen_at,
        delivered_to=hand_in.delivered_to,
        delivered_on=hand_in.delivered_on,
        delivered_count=hand_in.delivered_count,
        delivered_count_reason=hand_in.delivered_count_reason,
    )


def _by_constituency(petition: Petition) -> list[ConstituencyCount]:
    """By ONS code, as that site sorts them; named, with the MP, from one read of the seats."""
    counts = petition_breakdown(petition=petition, dimension=Breakdown.CONSTITUENCY)
    seats = constituencies_get(codes=[count.key for count in counts])
    return [
        ConstituencyCount(
            name=seats[count.key].name if count.key in seats else count.key,
            ons_code=count.key,
            mp=seats[count.key].mp if count.key in seats else "",
            signature_count=count.total,
        )
        for count in sorted(counts, key=lambda count: count.key)
    ]


def petition_detail(*, petition_id: int, now: datetime | None = None) -> PetitionDetail | None:
    """A published petition with every breakdown the API shows; None if there is no such petition."""
    petition = _petition(petition_id)
    if petition is None:
        return None
    local = (Breakdown.LOCAL_AUTHORITY, Breakdown.WARD, Breakdown.DISTRICT)
    figures = petition_figures(petition=petition)
    return PetitionDetail(
        summary=_summary_of(petition, now, counts=figures),
        paper_tallied=figures.tallied,
        hand_in=_hand_in(petition),
        evidence=evidence_document(petition=petition),
        by_country=signatures_by_country(petition=petition),
        by_constituency=_by_constituency(petition),
        by_region=sorted(petition_areas(petition=petition, dimension=Breakdown.REGION), key=lambda area: area.code),
        by_local_area={kind: petition_areas(petition=petition, dimension=kind) for kind in local},
        closing_date_changes=[
            ClosingDateChange(old=event.data.get("old"), new=event.data.get("new"), changed_at=event.created_at)
            for event in petition_closing_date_changes(petition=petition)
        ],
    )
