import ipaddress
import re
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from django.conf import settings
from django.db.models import Sum
from django.utils import timezone

from doorstep.core.emails import email_normalise
from doorstep.petitions.models import Petition
from doorstep.places.countries import country_name
from doorstep.places.selectors import area_names
from doorstep.trust.lists import domain_matches, ip_hash

from .models import DataRequest, Signature, Tally

# The kinds of breakdown kept, for callers that must not import the models.
Dimension = Tally.Dimension


@dataclass(frozen=True)
class Counts:
    online: int = 0
    paper: int = 0
    door: int = 0

    @property
    def total(self) -> int:
        return self.online + self.paper + self.door


@dataclass(frozen=True)
class AreaCount:
    key: str
    online: int
    paper: int
    door: int = 0

    @property
    def total(self) -> int:
        return self.online + self.paper + self.door


def petition_counts_many(*, petition_ids: Iterable[int]) -> dict[int, Counts]:
    """Counts for many petitions in one query, from the kept tallies (never a count of signatures)."""
    rows = (
        Tally.objects.filter(petition_id__in=list(petition_ids), dimension=Tally.Dimension.TOTAL)
        .values("petition_id", "channel")
        .annotate(n=Sum("count"))
        .order_by()
    )
    by_petition: dict[int, dict[str, int]] = defaultdict(dict)
    for row in rows:
        by_petition[row["petition_id"]][row["channel"]] = row["n"] or 0
    return {
        petition_id: Counts(
            online=channels.get("online", 0), paper=channels.get("paper", 0), door=channels.get("door", 0)
        )
        for petition_id, channels in by_petition.items()
    }


def petition_counts(*, petition: Petition) -> Counts:
    return petition_counts_many(petition_ids=[petition.pk]).get(petition.pk, Counts())


def petition_breakdown(*, petition: Petition, dimension: str) -> list[AreaCount]:
    """A kept breakdown, online and paper apart, biggest first, without empty rows."""
    rows = (
        Tally.objects.filter(petition=petition, dimension=dimension)
        .values("key", "channel")
        .annotate(n=Sum("count"))
        .order_by()
    )
    by_key: dict[str, dict[str, int]] = defaultdict(dict)
    for row in rows:
        by_key[row["key"]][row["channel"]] = row["n"] or 0
    counts = [
        AreaCount(key=key, online=ch.get("online", 0), paper=ch.get("paper", 0), door=ch.get("door", 0))
        for key, ch in by_key.items()
    ]
    return sorted((c for c in counts if c.total), key=lambda c: (-c.total, c.key))


def petition_tally(*, petition: Petition, dimension: str) -> list[tuple[str, int]]:
    """A kept breakdown as [(key, total), ...], biggest first."""
    return [(row.key, row.total) for row in petition_breakdown(petition=petition, dimension=dimension)]


def petition_days(*, petition: Petition) -> list[tuple[str, AreaCount, AreaCount]]:
    """Signatures per day, oldest first: (ISO day, that day's counts, cumulative counts)."""
    days = sorted(petition_breakdown(petition=petition, dimension=Tally.Dimension.DAY), key=lambda c: c.key)
    series = []
    online = paper = door = 0
    for day in days:
        online += day.online
        paper += day.paper
        door += day.door
        series.append((day.key, day, AreaCount(key=day.key, online=online, paper=paper, door=door)))
    return series


@dataclass(frozen=True)
class NamedAreaCount:
    code: str
    name: str
    online: int
    paper: int
    door: int = 0

    @property
    def total(self) -> int:
        return self.online + self.paper + self.door


# Tally dimensions whose keys are ONS codes named in the postcode directory.
DIRECTORY_DIMENSIONS = (
    Tally.Dimension.CONSTITUENCY,
    Tally.Dimension.LOCAL_AUTHORITY,
    Tally.Dimension.WARD,
    Tally.Dimension.REGION,
)


def petition_areas(*, petition: Petition, dimension: str) -> list[NamedAreaCount]:
    """A breakdown with each area's name, biggest first."""
    counts = petition_breakdown(petition=petition, dimension=dimension)
    codes = [c.key for c in counts]
    if dimension in DIRECTORY_DIMENSIONS:
        names = area_names(kind=dimension, codes=codes)
    elif dimension == Tally.Dimension.COUNTRY:
        names = {code: country_name(code) for code in codes}
    else:
        names = {code: code for code in codes}
    return [
        NamedAreaCount(code=c.key, name=names.get(c.key, c.key), online=c.online, paper=c.paper, door=c.door)
        for c in counts
    ]


def signatures_by_country(*, petition: Petition) -> list[dict]:
    """In the petition.parliament.uk shape: name, code, signature_count; by name."""
    rows = [
        {"name": country_name(code), "code": code, "signature_count": count}
        for code, count in petition_tally(petition=petition, dimension=Tally.Dimension.COUNTRY)
    ]
    return sorted(rows, key=lambda row: row["name"])


EXPORT_HEADER = [
    "Signature ID",
    "Channel",
    "State",
    "Name",
    "Email",
    "Postcode",
    "Country",
    "Wants campaign updates",
    "Signed at",
    "Confirmed at",
]


def signature_export_rows(*, petition: Petition) -> Iterator[list]:
    """Every signature of a petition, oldest first, read in chunks."""
    rows = (
        Signature.objects.filter(petition=petition)
        .order_by("pk")
        .values_list(
            "pk",
            "channel",
            "state",
            "name",
            "email",
            "postcode",
            "country",
            "updates_consent",
            "created_at",
            "confirmed_at",
        )
    )
    for row in rows.iterator(chunk_size=2000):
        pk, channel, state, name, email, postcode, country, consent, created, confirmed = row
        yield [
            pk,
            channel,
            state,
            name,
            email,
            postcode,
            country,
            "yes" if consent else "no",
            created.isoformat(),
            confirmed.isoformat() if confirmed else "",
        ]


def signature_get_for_confirmation(*, signature_id: int) -> Signature | None:
    return Signature.objects.select_related("petition").filter(pk=signature_id).first()


@dataclass(frozen=True)
class WhereFrom:
    """What the public page says about where signers come from."""

    label: str  # "constituencies" or "postcode districts"
    top: list[NamedAreaCount]
    home_name: str = ""
    home_count: int = 0
    home_share: int = 0  # per cent of all signatures


def petition_where_from(*, petition: Petition, top: int = 5) -> WhereFrom:
    dimension, label = Tally.Dimension.CONSTITUENCY, "constituencies"
    areas = petition_areas(petition=petition, dimension=dimension)
    if not areas:
        dimension, label = Tally.Dimension.DISTRICT, "postcode districts"
        areas = petition_areas(petition=petition, dimension=dimension)
    where = WhereFrom(label=label, top=areas[:top])
    if petition.home_area_kind and petition.home_area_code:
        total = sum(c.total for c in petition_breakdown(petition=petition, dimension=Tally.Dimension.TOTAL))
        home = next(
            (
                area
                for area in petition_areas(petition=petition, dimension=petition.home_area_kind)
                if area.code == petition.home_area_code
            ),
            None,
        )
        name = area_names(kind=petition.home_area_kind, codes=[petition.home_area_code])[petition.home_area_code]
        count = home.total if home else 0
        where = WhereFrom(
            label=label,
            top=where.top,
            home_name=name,
            home_count=count,
            home_share=round(100 * count / total) if total else 0,
        )
    return where


def petition_counts_by_code(*, petition: Petition, dimension: str) -> dict[str, int]:
    """{area code: signatures}, for shading a map."""
    return {row.key: row.total for row in petition_breakdown(petition=petition, dimension=dimension)}


# The filters a bulk invalidation may use (see the staff form that cleans them).
MATCH_CRITERIA = ("ip", "domain", "email", "name", "postcode", "since", "until", "channel", "state")


def _ip_matcher(value: str) -> Callable[[str | None, str], bool]:
    network = ipaddress.ip_network(value, strict=False)
    single = network.num_addresses == 1
    hashed = ip_hash(str(network.network_address)) if single else ""

    def matches(ip: str | None, ip_hashed: str) -> bool:
        if ip:
            address = ipaddress.ip_address(ip)
            return address.version == network.version and address in network
        # The address itself is gone (kept only as a hash): only a single address can match.
        return bool(single and ip_hashed and ip_hashed == hashed)

    return matches


def signature_match_ids(*, petition: Petition, criteria: dict[str, Any]) -> list[int]:
    """The ids of a petition's signatures (not yet invalidated) matching every given filter:
    ip (address or range), domain (wildcards allowed), email, name (* as wildcard), postcode
    (a district like RM10 or the start of a full postcode), since/until (ISO times), channel
    and state."""
    rows = Signature.objects.filter(petition=petition).exclude(state=Signature.State.INVALIDATED)
    if email := criteria.get("email"):
        rows = rows.filter(email_normalised=email_normalise(email))
    if name := criteria.get("name"):
        pattern = "^" + ".*".join(re.escape(part) for part in name.split("*")) + "$"
        rows = rows.filter(name__iregex=pattern)
    if postcode := criteria.get("postcode"):
        postcode = postcode.strip().upper()
        rows = (
            rows.filter(postcode__startswith=postcode) if " " in postcode else rows.filter(postcode_district=postcode)
        )
    if since := criteria.get("since"):
        rows = rows.filter(created_at__gte=datetime.fromisoformat(since))
    if until := criteria.get("until"):
        rows = rows.filter(created_at__lt=datetime.fromisoformat(until))
    if channel := criteria.get("channel"):
        rows = rows.filter(channel=channel)
    if state := criteria.get("state"):
        rows = rows.filter(state=state)
    ip = criteria.get("ip")
    domain = criteria.get("domain")
    if not ip and not domain:
        return list(rows.order_by("pk").values_list("pk", flat=True))
    # Ranges and wildcards are matched here rather than in SQL, the same way on SQLite and PostgreSQL.
    ip_matches = _ip_matcher(ip) if ip else None
    found = []
    for pk, address, hashed, email_normalised in (
        rows.order_by("pk").values_list("pk", "ip_address", "ip_hash", "email_normalised").iterator(chunk_size=5000)
    ):
        if ip_matches and not ip_matches(address, hashed):
            continue
        if domain and not domain_matches(email_normalised.rpartition("@")[2], domain):
            continue
        found.append(pk)
    return found


def signatures_held(*, petition: Petition, limit: int = 200) -> list[Signature]:
    """Signatures held as suspect, newest first, for staff to review."""
    return list(
        Signature.objects.filter(petition=petition, state=Signature.State.SUSPECT).order_by("-created_at")[:limit]
    )


def signatures_held_count(*, petition: Petition) -> int:
    # A staff page, not a hot path: counting here is fine.
    return Signature.objects.filter(petition=petition, state=Signature.State.SUSPECT).count()


def signature_sample(*, ids: list[int], limit: int = 20) -> list[Signature]:
    return list(Signature.objects.filter(pk__in=ids[:limit]).order_by("pk"))


@dataclass(frozen=True)
class SourceCount:
    value: str
    last_hour: int
    hour_before: int

    @property
    def trend(self) -> int:
        return self.last_hour - self.hour_before


def signing_activity(*, now: datetime | None = None, top: int = 15) -> dict[str, list[SourceCount]]:
    """Signatures of the last hour by IP address, email domain, postcode district and
    country, biggest first, each with the hour before for the trend. For staff."""
    now = now or timezone.now()
    hour = timedelta(hours=1)
    recent = Signature.objects.filter(created_at__gte=now - 2 * hour, channel=Signature.Channel.ONLINE)
    last = defaultdict(lambda: defaultdict(int))  # type: ignore[var-annotated]
    before = defaultdict(lambda: defaultdict(int))  # type: ignore[var-annotated]
    for created, ip, email, district, country in recent.values_list(
        "created_at", "ip_address", "email_normalised", "postcode_district", "country"
    ).iterator(chunk_size=5000):
        bucket = last if created >= now - hour else before
        for source, value in (
            ("ip", ip or ""),
            ("domain", email.rpartition("@")[2]),
            ("district", district),
            ("country", country),
        ):
            if value:
                bucket[source][value] += 1
    activity = {}
    for source in ("ip", "domain", "district", "country"):
        rows = [SourceCount(value, n, before[source].get(value, 0)) for value, n in last[source].items()]
        activity[source] = sorted(rows, key=lambda r: (-r.last_hour, r.value))[:top]
    return activity


def signatures_find(*, query: str, limit: int = 50) -> list[Signature]:
    """Staff search for a signer (a phone call asking what is held, or to withdraw):
    by email address (any variant of the inbox) or by name."""
    query = " ".join(query.split())
    if not query:
        return []
    if "@" in query:
        rows = Signature.objects.filter(email_normalised=email_normalise(query))
    else:
        rows = Signature.objects.filter(name__icontains=query)
    return list(rows.select_related("petition").order_by("-created_at")[:limit])


def signature_get(*, petition: Petition, signature_id: int) -> Signature | None:
    return Signature.objects.filter(petition=petition, pk=signature_id).first()


# The shape of new_token()'s tokens.
TOKEN_PATTERN = re.compile(r"[A-Za-z0-9_-]{1,64}")


def data_request_get(*, token: str, now: datetime | None = None) -> DataRequest | None:
    """A signer's data request from its link, while the link is still valid."""
    now = now or timezone.now()
    since = now - timedelta(hours=DataRequest.LIFETIME_HOURS)
    if not TOKEN_PATTERN.fullmatch(token or ""):
        return None  # not one we made (and a NUL byte would upset PostgreSQL)
    return DataRequest.objects.filter(token=token, created_at__gte=since).first()


def signatures_of_inbox(*, email_normalised: str) -> list[Signature]:
    """Everything held about one inbox: its signatures of every petition, newest first."""
    return list(
        Signature.objects.filter(email_normalised=email_normalised).select_related("petition").order_by("-created_at")
    )


def paper_entry_closes_at(*, petition: Petition) -> datetime:
    """Paper signatures may be keyed until PAPER_ENTRY_DAYS after the petition closed
    (or is due to close), for sheets posted back on the last day."""
    closed = (
        petition.closed_at if petition.closed_at and petition.closed_at < petition.closes_at else petition.closes_at
    )
    return closed + timedelta(days=settings.DOORSTEP.paper_entry_days)


def paper_entry_open(*, petition: Petition, now: datetime | None = None) -> bool:
    now = now or timezone.now()
    return (
        petition.state in (Petition.State.OPEN, Petition.State.CLOSED)
        and petition.opened_at is not None
        and now < paper_entry_closes_at(petition=petition)
    )


@dataclass(frozen=True)
class SignerAtPostcode:
    signature_id: int
    name: str
    channel: str


def signers_at_postcode(*, petition: Petition, postcode: str) -> list[SignerAtPostcode]:
    """Counted signers of a petition at one postcode, to look for a paper row's duplicate."""
    rows = Signature.objects.filter(
        petition=petition, postcode=postcode, state__in=Signature.COUNTED_STATES
    ).values_list("pk", "name", "channel")
    return [SignerAtPostcode(signature_id=pk, name=name, channel=channel) for pk, name, channel in rows]
