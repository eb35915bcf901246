"""The demo's places: a small postcode directory of made-up postcodes in real areas around
Dagenham, loaded through the same importer an administrator uses.

The areas are the real ones Doorstep ships with (places.bundled): their names, and the maps
that show them, need no import.
"""

import csv
import random
import tempfile
from pathlib import Path
from typing import NamedTuple

from doorstep.places.services import postcodes_import


class District(NamedTuple):
    """Where the demo puts a postcode district: ONS codes of its constituency, borough and ward."""

    constituency: str
    borough: str
    ward: str


DAGENHAM_AND_RAINHAM, BARKING, ROMFORD, EAST_HAM = "E14001189", "E14001073", "E14001448", "E14001213"
BARKING_AND_DAGENHAM, HAVERING, NEWHAM = "E09000002", "E09000016", "E09000025"
DISTRICTS = {
    "RM10": District(DAGENHAM_AND_RAINHAM, BARKING_AND_DAGENHAM, "E05014070"),  # Village
    "RM9": District(DAGENHAM_AND_RAINHAM, BARKING_AND_DAGENHAM, "E05014067"),  # Parsloes
    "RM6": District(DAGENHAM_AND_RAINHAM, BARKING_AND_DAGENHAM, "E05014058"),  # Chadwell Heath
    "RM13": District(DAGENHAM_AND_RAINHAM, HAVERING, "E05013979"),  # Rainham & Wennington
    "RM8": District(BARKING, BARKING_AND_DAGENHAM, "E05014057"),  # Becontree
    "IG11": District(BARKING, BARKING_AND_DAGENHAM, "E05014061"),  # Gascoigne
    "RM7": District(ROMFORD, HAVERING, "E05013978"),  # Mawneys
    "RM1": District(ROMFORD, HAVERING, "E05013983"),  # St Edward's
    "E6": District(EAST_HAM, NEWHAM, "E05013909"),  # East Ham
}
LONDON, ENGLAND = "E12000007", "E92000001"
UNIT_LETTERS = "ABDEFGHJLNPQRSTUWXYZ"
HEADER = ["pcd7", "pcds", "doterm", "lad25cd", "wd25cd", "ctry25cd", "rgn25cd", "pcon24cd", "lat", "long"]


def demo_postcodes(rng: random.Random, per_district: int = 12) -> list[str]:
    """The postcodes the demo's signers live at."""
    return sorted(
        {
            f"{district} {rng.randint(0, 9)}{rng.choice(UNIT_LETTERS)}{rng.choice(UNIT_LETTERS)}"
            for district in DISTRICTS
            for _ in range(per_district)
        }
    )


def demo_places_load(*, postcodes: list[str]) -> None:
    """Import a postcode directory (an ONSPD-style CSV) holding `postcodes`."""
    rng = random.Random(7)
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "ONSPD_DEMO_UK.csv"
        with path.open("w", newline="") as handle:
            writer = csv.writer(handle)
            writer.writerow(HEADER)
            for postcode in postcodes:
                where = DISTRICTS[postcode.split()[0]]
                lat, lon = 51.54 + rng.uniform(-0.03, 0.03), 0.15 + rng.uniform(-0.08, 0.08)
                codes = [where.borough, where.ward, ENGLAND, LONDON, where.constituency]
                writer.writerow([postcode.replace(" ", ""), postcode, "", *codes, f"{lat:.5f}", f"{lon:.5f}"])
        postcodes_import(path=path)
