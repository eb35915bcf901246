"""Reads of the postcode directory; only the active edition is ever seen."""

from collections.abc import Iterable
from dataclasses import dataclass

from .models import Area, Postcode, PostcodeEdition

# Keeps each IN (...) well under SQLite's and PostgreSQL's parameter limits.
CODES_PER_QUERY = 1000


@dataclass(frozen=True)
class Place:
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
        .values_list(
            "postcode",
            "constituency_code",
            "local_authority_code",
            "ward_code",
            "region_code",
            "country_code",
            "latitude",
            "longitude",
        )
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


def constituency_mps(*, codes: Iterable[str]) -> dict[str, str | None]:
    """Constituency code -> its MP ("Jane Smith MP"), or None where none is recorded."""
    wanted = sorted(set(codes))
    mps: dict[str, str | None] = dict.fromkeys(wanted)
    for start in range(0, len(wanted), CODES_PER_QUERY):
        chunk = wanted[start : start + CODES_PER_QUERY]
        rows = Area.objects.filter(kind=Area.Kind.CONSTITUENCY, code__in=chunk).exclude(mp="")
        mps.update(rows.values_list("code", "mp"))
    return mps
