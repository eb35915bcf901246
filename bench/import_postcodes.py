"""Postcode directory import benchmark: a full-size ONSPD-style file through `doorstep import-postcodes`.

Writes a realistic ONSPD CSV (the 2024 column set, about 2.7 million postcodes,
a third of them terminated) into a temporary folder, migrates a fresh database
and imports the file with the real command in a child process, timing it and
reading the child's peak memory (ru_maxrss from wait4). With --runs 2 the
second run is a re-import, which also deletes the replaced edition's rows.

    .venv/bin/python bench/import_postcodes.py                      # SQLite, 2.7 million rows
    .venv/bin/python bench/import_postcodes.py --db both --runs 2   # and PostgreSQL, re-importing
    .venv/bin/python bench/import_postcodes.py --rows 100000 --zip  # small, as the ONS zip

PostgreSQL uses (creates, then drops) the doorstep_bench_places database on
127.0.0.1. Prints figures only; it asserts nothing about speed.
"""

from __future__ import annotations

import argparse
import os
import random
import shutil
import subprocess
import sys
import tempfile
import time
import zipfile
from collections.abc import Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DOORSTEP = str(ROOT / ".venv" / "bin" / "doorstep")
PG_ADMIN_URL = "postgresql://postgres@127.0.0.1:5432/postgres"
PG_DB = "doorstep_bench_places"
PG_URL = f"postgres://postgres@127.0.0.1:5432/{PG_DB}"

# The ONSPD column set (November 2024 generation).
HEADER = (
    "pcd,pcd2,pcds,dointr,doterm,oscty,ced,oslaua,osward,parish,usertype,oseast1m,osnrth1m,osgrdind,"
    "oshlthau,nhser,ctry,rgn,streg,pcon,eer,teclec,ttwa,pct,itl,statsward,oa01,casward,npark,lsoa01,"
    "msoa01,ur01ind,oac01,oa11,lsoa11,msoa11,wz11,sicbl,bua22,ru11ind,oac11,lat,long,lep1,lep2,pfa,imd,"
    "calncv,icb,oa21,lsoa21,msoa21"
).split(",")
# Real postcode areas; districts, sectors and units are generated under them.
AREAS = (
    "AB AL B BA BB BD BH BL BN BR BS BT CA CB CF CH CM CO CR CT CV CW DA DD DE DG DH DL DN DT DY E EC EH EN EX FK "
    "FY G GL GU GY HA HD HG HP HR HS HU HX IG IM IP IV JE KA KT KW KY L LA LD LE LL LN LS LU M ME MK ML N NE NG NN "
    "NP NR NW OL OX PA PE PH PL PO PR RG RH RM S SA SE SG SK SL SM SN SO SP SR SS ST SW SY TA TD TF TN TQ TR TS TW "
    "UB W WA WC WD WF WN WR WS WV YO ZE"
).split()
INWARD_LETTERS = "ABDEFGHJLNPQRSTUWXYZ"
UNITS = [a + b for a in INWARD_LETTERS for b in INWARD_LETTERS]
COUNTRIES = {"E": ("E92000001", "E12000007"), "W": ("W92000004", "W99999999"), "S": ("S92000003", "S99999999")}


def postcodes(rows: int) -> Iterator[tuple[str, int, int, int]]:
    """(postcode, area index, district, sector) in ONSPD (sorted) order."""
    made = 0
    districts = max(1, -(-rows // (len(AREAS) * 10 * 100)))
    units_per_sector = min(len(UNITS), -(-rows // (len(AREAS) * districts * 10)))
    for a, area in enumerate(AREAS):
        for district in range(1, districts + 1):
            for sector in range(10):
                for unit in UNITS[:units_per_sector]:
                    yield f"{area}{district} {sector}{unit}", a, district, sector
                    made += 1
                    if made == rows:
                        return


def csv_write(path: Path, rows: int) -> None:
    rng = random.Random(2024)
    filler = {name: f"{name.upper()[:3]}0001" for name in HEADER}
    with path.open("w", newline="") as out:
        out.write(",".join(HEADER) + "\r\n")
        lines = []
        for postcode, a, district, sector in postcodes(rows):
            outward, inward = postcode.split(" ")
            prefix = "WSE"[a % 3] if a % 10 == 0 else "E"
            country, region = COUNTRIES[prefix]
            if prefix == "E":
                region = f"E1200000{1 + a % 9}"
            terminated = rng.random() < 0.33
            no_grid = rng.random() < 0.0005
            lat = "99.999999" if no_grid else f"{rng.uniform(49.9, 58.6):.6f}"
            lon = "0.000000" if no_grid else f"{rng.uniform(-7.5, 1.7):.6f}"
            values = dict(filler)
            values.update(
                pcd=f"{outward:<4}{inward}",
                pcd2=f"{outward:<5}{inward}",
                pcds=postcode,
                dointr=f"{1980 + a % 40}01",
                doterm=f"{2000 + district % 24}{1 + sector:02d}" if terminated else "",
                oslaua=f"{prefix}0{6 + a % 3}000{a * 3 + district % 3:03d}",
                osward=f"{prefix}05{a:03d}{district:02d}{sector}",
                usertype=str(int(rng.random() < 0.1)),
                oseast1m=str(rng.randint(100000, 650000)),
                osnrth1m=str(rng.randint(10000, 1200000)),
                osgrdind="9" if no_grid else "1",
                ctry=country,
                rgn=region,
                pcon=f"{prefix}140{a * 5 + district % 5:05d}",
                lat=lat,
                long=lon,
                imd=str(rng.randint(1, 32844)),
            )
            lines.append(",".join(values.values()))
            if len(lines) == 10_000:
                out.write("\r\n".join(lines) + "\r\n")
                lines = []
        if lines:
            out.write("\r\n".join(lines) + "\r\n")


def zip_write(csv_path: Path) -> Path:
    """The ONS layout: Data/ and a Documents/ name file."""
    path = csv_path.with_suffix(".zip")
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=1) as archive:
        archive.write(csv_path, f"Data/{csv_path.name}")
        archive.writestr(
            "Documents/Country names and codes UK as at 08_12.csv", "CTRY12CD,CTRY12NM\r\nE92000001,England\r\n"
        )
    return path


def psql(sql: str) -> None:
    subprocess.run(["psql", PG_ADMIN_URL, "-v", "ON_ERROR_STOP=1", "-qc", sql], check=True, timeout=120)


def timed(command: list[str], env: dict[str, str]) -> tuple[float, int]:
    """Run a child; return its wall seconds and peak resident memory in MiB."""
    started = time.monotonic()
    child = subprocess.Popen(command, env=env)
    _, status, usage = os.wait4(child.pid, 0)
    child.returncode = os.waitstatus_to_exitcode(status)
    seconds = time.monotonic() - started
    if child.returncode:
        raise SystemExit(f"{' '.join(command)} failed with exit code {child.returncode}")
    return seconds, usage.ru_maxrss // 1024  # KiB on Linux


def bench(db: str, file: Path, rows: int, runs: int, workdir: Path) -> None:
    env = dict(os.environ, DOORSTEP_DATA_DIR=str(workdir / f"data-{db}"), DEBUG="0")
    env.pop("DATABASE_URL", None)
    if db == "postgres":
        psql(f"DROP DATABASE IF EXISTS {PG_DB} WITH (FORCE)")
        psql(f"CREATE DATABASE {PG_DB}")
        env["DATABASE_URL"] = PG_URL
    try:
        subprocess.run([DOORSTEP, "migrate", "-v", "0"], env=env, check=True)
        for run in range(1, runs + 1):
            label = "import" if run == 1 else "re-import"
            print(f"\n== {db}: {label} {run} of {runs}", flush=True)
            seconds, peak = timed([DOORSTEP, "import-postcodes", str(file)], env)
            print(
                f"{db} {label}: {rows:,} rows in {seconds:.1f} s = {rows / seconds:,.0f} rows/s, "
                f"peak memory {peak} MiB",
                flush=True,
            )
        if db == "sqlite":
            size = sum(p.stat().st_size for p in (workdir / f"data-{db}").glob("doorstep.sqlite3*"))
            print(f"sqlite database on disk: {size / 2**20:,.0f} MiB")
    finally:
        if db == "postgres":
            psql(f"DROP DATABASE IF EXISTS {PG_DB} WITH (FORCE)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--rows", type=int, default=2_700_000, help="Postcodes in the generated file")
    parser.add_argument("--db", choices=["sqlite", "postgres", "both"], default="sqlite")
    parser.add_argument("--runs", type=int, default=1, help="Imports in a row (2 or more: re-imports)")
    parser.add_argument("--zip", action="store_true", help="Import the ONS zip layout rather than the bare CSV")
    parser.add_argument("--keep", action="store_true", help="Keep the temporary folder")
    args = parser.parse_args()

    workdir = Path(tempfile.mkdtemp(prefix="doorstep-bench-postcodes-"))
    try:
        started = time.monotonic()
        file = workdir / "ONSPD_BENCH_UK.csv"
        csv_write(file, args.rows)
        if args.zip:
            file = zip_write(file)
        print(
            f"generated {file.name}: {args.rows:,} rows, {file.stat().st_size / 2**20:,.0f} MiB "
            f"in {time.monotonic() - started:.0f} s",
            flush=True,
        )
        for db in ["sqlite", "postgres"] if args.db == "both" else [args.db]:
            bench(db, file, args.rows, args.runs, workdir)
    finally:
        if args.keep:
            print(f"kept {workdir}", file=sys.stderr)
        else:
            shutil.rmtree(workdir, ignore_errors=True)


if __name__ == "__main__":
    main()
