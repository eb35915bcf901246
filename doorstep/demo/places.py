"""The demo's places: a small postcode directory and a hexagon map of the constituencies
around Dagenham, loaded through the same importers an administrator uses.

The constituency and ward codes here are made up for the demo (E149..., E059...);
the borough codes are the real ONS ones.
"""

import csv
import io
import json
import random
import tempfile
import zipfile
from pathlib import Path

from doorstep.maps.services import map_layer_import
from doorstep.places.services import postcodes_import

# District -> (constituency code, constituency, borough code, borough, ward code, ward, hex q, hex r)
DISTRICTS = {
    "RM10": ("E14900001", "Dagenham and Rainham", "E09000002", "Barking and Dagenham", "E05900001", "Village", 2, 1),
    "RM9": ("E14900001", "Dagenham and Rainham", "E09000002", "Barking and Dagenham", "E05900002", "Eastbrook", 2, 1),
    "RM8": ("E14900002", "Barking", "E09000002", "Barking and Dagenham", "E05900003", "Valence", 1, 1),
    "IG11": ("E14900002", "Barking", "E09000002", "Barking and Dagenham", "E05900004", "Gascoigne", 1, 1),
    "RM6": ("E14900003", "Romford", "E09000016", "Havering", "E05900005", "Chadwell Heath", 3, 2),
    "RM7": ("E14900003", "Romford", "E09000016", "Havering", "E05900006", "Mawneys", 3, 2),
    "RM1": ("E14900003", "Romford", "E09000016", "Havering", "E05900007", "Romford Town", 3, 2),
    "RM13": ("E14900004", "Hornchurch and Upminster", "E09000016", "Havering", "E05900008", "Rainham", 3, 1),
    "E6": ("E14900005", "East Ham", "E09000025", "Newham", "E05900009", "East Ham", 0, 1),
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


def _names_csv(header: str, rows: dict[str, str]) -> str:
    out = io.StringIO()
    out.write(header + "\n")
    writer = csv.writer(out)
    for code, name in sorted(rows.items()):
        writer.writerow([code, name])
    return out.getvalue()


def demo_places_load(*, postcodes: list[str]) -> None:
    """Import a directory holding `postcodes` (an ONS-style zip) and a hexagon map."""
    rng = random.Random(7)
    with tempfile.TemporaryDirectory() as folder:
        data = io.StringIO()
        writer = csv.writer(data)
        writer.writerow(HEADER)
        for postcode in postcodes:
            pcon, _, la, _, ward, _, _, _ = DISTRICTS[postcode.split()[0]]
            lat, lon = 51.54 + rng.uniform(-0.03, 0.03), 0.15 + rng.uniform(-0.08, 0.08)
            writer.writerow(
                [postcode.replace(" ", ""), postcode, "", la, ward, ENGLAND, LONDON, pcon, f"{lat:.5f}", f"{lon:.5f}"]
            )
        zip_path = Path(folder) / "ONSPD_DEMO.zip"
        with zipfile.ZipFile(zip_path, "w") as archive:
            archive.writestr("Data/ONSPD_DEMO_UK.csv", data.getvalue())
            archive.writestr(
                "Documents/Westminster Parliamentary Constituency names and codes UK as at 07_24.csv",
                _names_csv("PCON24CD,PCON24NM", {d[0]: d[1] for d in DISTRICTS.values()}),
            )
            archive.writestr(
                "Documents/LA_UA names and codes UK as at 04_25.csv",
                _names_csv("LAD25CD,LAD25NM", {d[2]: d[3] for d in DISTRICTS.values()}),
            )
            archive.writestr(
                "Documents/Ward names and codes UK as at 05_25.csv",
                _names_csv("WD25CD,WD25NM", {d[4]: d[5] for d in DISTRICTS.values()}),
            )
            archive.writestr(
                "Documents/Region names and codes EN as at 12_20.csv", "RGN20CD,RGN20NM\nE12000007,London\n"
            )
        postcodes_import(path=zip_path)

        hexes = {d[0]: {"q": d[6], "r": d[7], "n": d[1]} for d in DISTRICTS.values()}
        hex_path = Path(folder) / "constituencies.hexjson"
        hex_path.write_text(json.dumps({"layout": "odd-r", "hexes": hexes}))
        map_layer_import(path=hex_path, kind="constituency", name="Constituencies around Dagenham")
