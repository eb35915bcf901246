"""The kept counts and breakdowns of a petition, read from its Tally rows: never by
counting signatures, so every page and the API stay cheap however many there are."""

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.db.models import QuerySet, Sum
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from doorstep.petitions.models import Petition
from doorstep.places.countries import country_name
from doorstep.places.selectors import area_names

from ..models import Tally

# The kinds of breakdown kept, for callers that must not import the models.
Dimension = Tally.Dimension

# Tally dimensions whose keys are ONS codes named in the postcode directory.
DIRECTORY_DIMENSIONS = (
    Tally.Dimension.CONSTITUENCY,
    Tally.Dimension.LOCAL_AUTHORITY,
    Tally.Dimension.WARD,
    Tally.Dimension.REGION,
)


class ByChannel:
    """Figures kept by channel (online, keyed in from paper, door to door); `total` is
    their sum, defined here only (never with tallied sheets or held signatures)."""

    online: int
    paper: int
    door: int

    @property
    def total(self) -> int:
        return self.online + self.paper + self.door


@dataclass(frozen=True)
class Counts(ByChannel):
    """A petition's count: its counted signatures, online, keyed in from paper and door to door."""

    online: int = 0
    paper: int = 0
    door: int = 0

    @property
    def in_words(self) -> str:
        """The count's parts, adding up to it: "301 online, 9 on paper and 5 door to door"."""
        parts = [ngettext("%(n)s online", "%(n)s online", self.online) % {"n": f"{self.online:,}"}]
        if self.paper:
            parts.append(ngettext("%(n)s on paper", "%(n)s on paper", self.paper) % {"n": f"{self.paper:,}"})
        if self.door:
            parts.append(ngettext("%(n)s door to door", "%(n)s door to door", self.door) % {"n": f"{self.door:,}"})
        if len(parts) == 1:
            return parts[0]
        return _("%(parts)s and %(last)s") % {"parts": ", ".join(parts[:-1]), "last": parts[-1]}


@dataclass(frozen=True)
class AreaCount(ByChannel):
    key: str
    online: int
    paper: int
    door: int = 0


@dataclass(frozen=True)
class NamedAreaCount(ByChannel):
    code: str
    name: str
    online: int
    paper: int
    door: int = 0


def _by_channel(tallies: QuerySet[Tally], group: str) -> dict[Any, dict[str, int]]:
    """{the `group` field's value: {channel: the sum of those tallies' counts}}, in one query."""
    grouped: dict[Any, dict[str, int]] = defaultdict(dict)
    for row in tallies.values(group, "channel").annotate(n=Sum("count")).order_by():
        grouped[row[group]][row["channel"]] = row["n"] or 0
    return grouped


def petition_counts_many(*, petition_ids: Iterable[int]) -> dict[int, Counts]:
    """Counts for many petitions in one query, from the kept tallies (never a count of signatures)."""
    tallies = Tally.objects.filter(petition_id__in=list(petition_ids), dimension=Tally.Dimension.TOTAL)
    by_petition = _by_channel(tallies, "petition_id")
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
    by_key = _by_channel(Tally.objects.filter(petition=petition, dimension=dimension), "key")
    counts = [
        AreaCount(key=key, online=ch.get("online", 0), paper=ch.get("paper", 0), door=ch.get("door", 0))
        for key, ch in by_key.items()
    ]
    return sorted((c for c in counts if c.total), key=lambda c: (-c.total, c.key))


def petition_tally(*, petition: Petition, dimension: str) -> list[tuple[str, int]]:
    """A kept breakdown as [(key, total), ...], biggest first."""
    return [(row.key, row.total) for row in petition_breakdown(petition=petition, dimension=dimension)]


def petition_counts_by_code(*, petition: Petition, dimension: str) -> dict[str, int]:
    """{area code: signatures}, for shading a map."""
    return {row.key: row.total for row in petition_breakdown(petition=petition, dimension=dimension)}


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


@dataclass(frozen=True)
class WhereFrom:
    """What the public page says about where signers come from."""

    label: str  # "constituencies" or "postcode districts"
    top: list[NamedAreaCount]
    home_name: str = ""
    home_count: int = 0
    home_share: int = 0  # per cent of all signatures


def petition_where_from(*, petition: Petition, top: int = 5) -> WhereFrom:
    dimension, label = Tally.Dimension.CONSTITUENCY, _("constituencies")
    areas = petition_areas(petition=petition, dimension=dimension)
    if not areas:
        dimension, label = Tally.Dimension.DISTRICT, _("postcode districts")
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
