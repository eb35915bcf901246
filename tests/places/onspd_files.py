"""Small ONSPD and NSPL files, written by the tests: both header generations, as CSV or as the ONS zip."""

import csv
import io
import zipfile
from pathlib import Path

# The older ONSPD header (a subset, in ONS order) and where each of our fields is.
ONSPD_OLD = (
    "pcd,pcd2,pcds,dointr,doterm,oscty,ced,oslaua,osward,parish,usertype,oseast1m,osnrth1m,osgrdind,"
    "oshlthau,nhser,ctry,rgn,streg,pcon,eer,teclec,ttwa,lat,long,imd"
).split(",")
# The 2025 ONSPD header: dated column names, no pcd.
ONSPD_NEW = (
    "pcd7,pcd8,pcds,dointr,doterm,usrtypind,east1m,north1m,gridind,cty25cd,ced25cd,lad25cd,wd25cd,"
    "nhser24cd,ctry25cd,rgn25cd,pcon24cd,eer20cd,lat,long,imd20ind"
).split(",")
# The NSPL header: laua and ward, not oslaua and osward.
NSPL = (
    "pcd,pcd2,pcds,dointr,doterm,usertype,oseast1m,osnrth1m,osgrdind,oa21,cty,ced,laua,ward,nhser,ctry,rgn,"
    "pcon,ttwa,itl,lat,long,imd"
).split(",")

FIELDS = {
    "old": {"la": "oslaua", "ward": "osward", "pcon": "pcon", "rgn": "rgn", "ctry": "ctry"},
    "new": {"la": "lad25cd", "ward": "wd25cd", "pcon": "pcon24cd", "rgn": "rgn25cd", "ctry": "ctry25cd"},
    "nspl": {"la": "laua", "ward": "ward", "pcon": "pcon", "rgn": "rgn", "ctry": "ctry"},
}
HEADERS = {"old": ONSPD_OLD, "new": ONSPD_NEW, "nspl": NSPL}

# (postcode, doterm, la, ward, pcon, rgn, ctry, lat, long)
DAGENHAM = ("RM10 7XX", "", "E09000002", "E05014061", "E14001193", "E12000007", "E92000001", "51.543", "0.160")
WESTMINSTER = ("SW1A 1AA", "", "E09000033", "E05013806", "E14001172", "E12000007", "E92000001", "51.501", "-0.141")
CARDIFF = ("CF10 1EP", "", "W06000015", "W05001300", "W07000095", "W99999999", "W92000004", "51.482", "-3.176")
# Terminated in June 2023, still in the directory.
EDINBURGH_OLD = ("EH1 1YZ", "202306", "S12000036", "S13002933", "S14000027", "S99999999", "S92000003", "55.95", "-3.19")
# No grid reference: ONSPD's 99.999999 placeholder.
GUERNSEY = ("GY1 1AA", "", "L99999999", "L99999999", "L99999999", "L99999999", "L93000001", "99.999999", "0.000000")
PLACES = [DAGENHAM, WESTMINSTER, CARDIFF, EDINBURGH_OLD, GUERNSEY]

NAME_FILES = {
    "Westminster Parliamentary Constituency names and codes UK as at 07_24.csv": (
        "PCON24CD,PCON24NM,PCON24NMW",
        [("E14001193", "Dagenham and Rainham", ""), ("W07000095", "Cardiff East", "Dwyrain Caerdydd")],
    ),
    "LA_UA names and codes UK as at 04_25.csv": (
        "LAD25CD,LAD25NM,LAD25NMW",
        [("E09000002", "Barking and Dagenham", ""), ("W06000015", "Cardiff", "Caerdydd")],
    ),
    "Ward names and codes UK as at 05_25.csv": ("WD25CD,WD25NM", [("E05014061", "Eastbrook & Rylands")]),
    "Region names and codes EN as at 12_20.csv": ("RGN20CD,RGN20NM,RGN20NMW", [("E12000007", "London", "")]),
    "Country names and codes UK as at 08_12.csv": (
        "CTRY12CD,CTRY12CDO,CTRY12NM,CTRY12NMW",
        [("E92000001", "921", "England", "Lloegr"), ("W92000004", "924", "Wales", "Cymru")],
    ),
    # Says "region" but is not ours: must not name E12000007.
    "NHS England (Region) names and codes EN as at 04_24.csv": ("NHSER24CD,NHSER24NM", [("E12000007", "Wrong")]),
}


def onspd_row(header: list[str], kind: str, place: tuple[str, ...]) -> list[str]:
    postcode, doterm, la, ward, pcon, rgn, ctry, lat, long = place
    outward, _, inward = postcode.partition(" ")
    values = {
        "pcds": postcode,
        "pcd": f"{outward:<4}{inward}",
        "pcd7": f"{outward:<4}{inward}",
        "pcd2": f"{outward:<5}{inward}",
        "pcd8": f"{outward:<5}{inward}",
        "doterm": doterm,
        "dointr": "198001",
        "lat": lat,
        "long": long,
    }
    fields = FIELDS[kind]
    values.update({fields["la"]: la, fields["ward"]: ward, fields["pcon"]: pcon, fields["rgn"]: rgn})
    values[fields["ctry"]] = ctry
    return [values.get(column.lower(), "x") for column in header]


def csv_text(kind: str = "old", places: list[tuple[str, ...]] | None = None, *, header: list[str] | None = None) -> str:
    header = header or HEADERS[kind]
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")  # ONS files use CRLF
    writer.writerow(header)
    for place in PLACES if places is None else places:
        writer.writerow(onspd_row(header, kind, place))
    return out.getvalue()


def csv_write(path: Path, text: str) -> Path:
    path.write_bytes(text.encode())
    return path


def zip_write(path: Path, text: str, *, prefix: str = "ONSPD_NOV_2025_UK", names: bool = True) -> Path:
    """The layout ONS publishes: Data/ (whole file, plus multi_csv/ parts) and Documents/."""
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(f"Data/{prefix}.csv", text)
        part = "\r\n".join(text.split("\r\n")[:2]) + "\r\n"  # a smaller per-area part, ignored
        archive.writestr(f"Data/multi_csv/{prefix}_RM.csv", part)
        archive.writestr("User Guide/ONSPD User Guide Nov 2025.txt", "Read me.")
        if names:
            for name, (header, rows) in NAME_FILES.items():
                body = "\r\n".join([header, *(",".join(row) for row in rows)]) + "\r\n"
                archive.writestr(f"Documents/{name}", "\ufeff" + body)
            # Older lookups are Windows-encoded, not UTF-8.
            archive.writestr(
                "Documents/Ward names and codes UK as at 12_22.csv",
                "WD22CD,WD22NM\r\nW05001300,Adamsdown ô\r\n".encode("cp1252"),
            )
    return path
