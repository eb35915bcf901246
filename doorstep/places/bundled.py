"""The UK areas Doorstep ships with, so a fresh install names areas and draws maps with no import.

Three hex maps from Open Innovations' hexmaps project (MIT licence, data/LICENSE; see
data/ATTRIBUTION.md): the 650 Westminster constituencies first contested at the 2024
general election, the 361 local authority districts of 2023, and London's 704 wards of
2022. Each hex carries an area's ONS code, its name and its region. The names of the
regions and countries, which the maps only give as codes, are listed here.

This module reads files only; services.uk_areas_load writes the areas.
"""

import json
from dataclasses import dataclass
from datetime import date
from functools import cache
from pathlib import Path
from typing import Any

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from .models import Area

DATA = Path(__file__).resolve().parent / "data"

# The day the 2024 boundaries' constituencies were first contested: the start of the current seats.
CONSTITUENCIES_2024_START = date(2024, 7, 4)


@dataclass(frozen=True)
class BundledMap:
    file: str
    kind: Area.Kind
    name: Promise
    start_date: date | None = None


BUNDLED_MAPS = (
    BundledMap(
        "uk-constituencies-2023.hexjson",
        Area.Kind.CONSTITUENCY,
        _("UK constituencies (2024)"),
        CONSTITUENCIES_2024_START,
    ),
    BundledMap(
        "uk-local-authority-districts-2023.hexjson", Area.Kind.LOCAL_AUTHORITY, _("UK local authorities (2023)")
    ),
    BundledMap("london-wards-2022.hexjson", Area.Kind.WARD, _("London wards (2022)")),
)

# ONS codes and names. The postcode directory gives Wales, Scotland and Northern Ireland a
# "pseudo" region code (W99999999...); the maps give their areas the country's code instead.
REGIONS = {
    "E12000001": "North East",
    "E12000002": "North West",
    "E12000003": "Yorkshire and The Humber",
    "E12000004": "East Midlands",
    "E12000005": "West Midlands",
    "E12000006": "East of England",
    "E12000007": "London",
    "E12000008": "South East",
    "E12000009": "South West",
    "W99999999": "Wales",
    "S99999999": "Scotland",
    "N99999999": "Northern Ireland",
}
COUNTRIES = {
    "E92000001": "England",
    "W92000004": "Wales",
    "S92000003": "Scotland",
    "N92000002": "Northern Ireland",
}


@dataclass(frozen=True)
class BundledArea:
    kind: Area.Kind
    code: str
    name: str
    start_date: date | None


@cache
def bundled_hexjson(file: str) -> dict[str, Any]:
    """One bundled map's HexJSON document (read once per process)."""
    return json.loads((DATA / file).read_text(encoding="utf-8"))


def bundled_areas() -> list[BundledArea]:
    """Every bundled area: each map's hexes, then the regions and countries."""
    areas = [
        BundledArea(kind=bundled.kind, code=code, name=str(hexagon["n"]), start_date=bundled.start_date)
        for bundled in BUNDLED_MAPS
        for code, hexagon in bundled_hexjson(bundled.file)["hexes"].items()
    ]
    areas += [BundledArea(Area.Kind.REGION, code, name, None) for code, name in REGIONS.items()]
    areas += [BundledArea(Area.Kind.COUNTRY, code, name, None) for code, name in COUNTRIES.items()]
    return areas
