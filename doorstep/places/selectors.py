"""Reads of the postcode directory; only the active edition is ever seen."""

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from typing import NamedTuple

from .models import Area, Postcode, PostcodeEdition

# Keeps each IN (...) well under SQLite's and PostgreSQL's parameter limits.
CODES_PER_QUERY = 1000


class Place(NamedTuple):
    """Where a postcode is, as the directory says (a NamedTuple: the import makes millions)."""

    postcode: str
    constituency_code: str
    local_authority_code: str
    ward_code: str
    region_code: str
    country_code: str
    latitude: float | None
    longitude: float | None


def postcode_place(*, postcode: str) -> Place | None:
    """Where a normalised postcode ("RM10 7XX") is, terminated or not; None if unknown or no directory."""
    row = (
        Postcode.objects.filter(edition__status=PostcodeEdition.Status.ACTIVE, postcode=postcode)
        .values_list(*Place._fields)
        .first()
    )
    return Place(*row) if row else None


def area_names(*, kind: str, codes: Iterable[str]) -> dict[str, str]:
    """Code -> name for areas of one kind (an Area.Kind value); an unknown code is its own name."""
    wanted = sorted(set(codes))
    names = dict.fromkeys(wanted, "")
    for start in range(0, len(wanted), CODES_PER_QUERY):
        chunk = wanted[start : start + CODES_PER_QUERY]
        names.update(Area.objects.filter(kind=kind, code__in=chunk).values_list("code", "name"))
    return {code: name or code for code, name in names.items()}


def postcode_directory_loaded() -> bool:
    return PostcodeEdition.objects.filter(status=PostcodeEdition.Status.ACTIVE).exists()


@dataclass(frozen=True)
class Constituency:
    """A Westminster constituency, in the words petition.parliament.uk uses for one."""

    ons_code: str
    name: str
    mp: str  # "Jane Smith MP"; empty when no MP is recorded
    party: str
    start_date: date | None
    end_date: date | None


_CONSTITUENCY_FIELDS = ("code", "name", "mp", "party", "start_date", "end_date")


def constituencies_get(*, codes: Iterable[str]) -> dict[str, Constituency]:
    """Code -> constituency, for the codes recorded (unknown codes are left out)."""
    wanted = sorted(set(codes))
    found: dict[str, Constituency] = {}
    for start in range(0, len(wanted), CODES_PER_QUERY):
        chunk = wanted[start : start + CODES_PER_QUERY]
        rows = Area.objects.filter(kind=Area.Kind.CONSTITUENCY, code__in=chunk).values_list(*_CONSTITUENCY_FIELDS)
        found.update((row[0], Constituency(*row)) for row in rows)
    return found


def constituencies_current() -> list[Constituency]:
    """The current seats (begun and not ended), by ONS code."""
    rows = (
        Area.objects.filter(kind=Area.Kind.CONSTITUENCY, start_date__isnull=False, end_date__isnull=True)
        .order_by("code")
        .values_list(*_CONSTITUENCY_FIELDS)
    )
    return [Constituency(*row) for row in rows]


def areas_by_name(*, kind: str) -> list[tuple[str, str]]:
    """(code, name) of every current area of one kind (an Area.Kind value), by name: for
    staff to pick an area by its name."""
    return list(
        Area.objects.filter(kind=kind, end_date__isnull=True).order_by("name", "code").values_list("code", "name")
    )
