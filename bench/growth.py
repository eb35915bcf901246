"""Growth: the hot paths' CPU and queries with 10,000, 100,000 and 1,000,000 signatures already there.

    .venv/bin/python bench/growth.py                                  # SQLite, then PostgreSQL + Redis
    .venv/bin/python bench/growth.py --db sqlite --sizes 10000,100000 --signers 60

For each size, runs bench/profile.py with `--preload N` (N confirmed signatures bulk-loaded
in batches, spread over postcodes and days, kept counts rebuilt) and with
DOORSTEP_PAGE_CACHE_SECONDS=0, so every read renders (the cost a page pays each time its
copy runs out), then prints one table: CPU ms p50 / queries per path and size. A hot path
that slowed as the petition grew would show here. BENCH_PG_NAME and BENCH_REDIS_URL as for
profile.py.
"""

import argparse
import os
import re
import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
LINE = re.compile(r"^(sign GET|sign POST|email task|confirm GET|confirm POST|petition page|petition JSON|count\.json)"
                  r"\s+([\d.]+)\s+([\d.]+)\s+(\d+)\s*$")  # fmt: skip


def measure(db: str, size: int, args: argparse.Namespace) -> dict[str, tuple[float, int]]:
    argv = [sys.executable, str(HERE / "profile.py"), "--db", db, "--preload", str(size)]
    argv += ["--signers", str(args.signers), "--warmup", str(args.warmup)]
    env = {**os.environ, "DOORSTEP_PAGE_CACHE_SECONDS": "0"}
    out = subprocess.run(argv, env=env, capture_output=True, text=True, check=True, timeout=7200).stdout
    figures = {}
    for line in out.splitlines():
        if match := LINE.match(line):
            figures[match.group(1)] = (float(match.group(2)), int(match.group(4)))
        elif line.startswith(("preloaded", "load average")):
            print(f"  {db} {size:,}: {line}", flush=True)
    return figures


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--db", choices=["sqlite", "postgres", "both"], default="both")
    parser.add_argument("--sizes", default="10000,100000,1000000", help="signatures there first, comma-separated")
    parser.add_argument("--signers", type=int, default=60, help="signers measured at each size (default 60)")
    parser.add_argument("--warmup", type=int, default=15)
    args = parser.parse_args()
    sizes = [int(size) for size in args.sizes.split(",")]
    for db in ["sqlite", "postgres"] if args.db == "both" else [args.db]:
        results = {size: measure(db, size, args) for size in sizes}
        paths = list(next(iter(results.values())))
        print(f"\n{db}: CPU ms p50 / queries per request, page copies off (DOORSTEP_PAGE_CACHE_SECONDS=0)")
        print("| path | " + " | ".join(f"{size:,} there" for size in sizes) + " |")
        print("|---|" + "---|" * len(sizes))
        for path in paths:
            cells = [f"{results[size][path][0]:.2f} / {results[size][path][1]}" for size in sizes]
            print(f"| {path} | " + " | ".join(cells) + " |")
        sys.stdout.flush()


if __name__ == "__main__":
    main()
