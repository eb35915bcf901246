"""Seconds and peak memory to build the hand-in bundle (PDF and CSV) for N signatures.

Loads N confirmed signatures into a fresh database, freezes the count, and builds the
bundle as the worker does (WeasyPrint a chunk of the schedule at a time, joined with pypdf).
Peak memory is the process's maximum resident set size, before and after the build.

    .venv/bin/python bench/handin.py                          # 100,000 signatures, SQLite
    .venv/bin/python bench/handin.py --signatures 10000 --chunk 1000
"""

import argparse
import resource
import sys
import time
from dataclasses import replace
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))


def peak_mib() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def child(args: argparse.Namespace) -> None:
    import django

    django.setup()
    from _setup import load_petition
    from django.conf import settings

    from doorstep.campaigns.services import bundles
    from doorstep.campaigns.services.bundles import handin_build_bundle
    from doorstep.campaigns.services.handin import handin_prepare

    settings.DOORSTEP = replace(settings.DOORSTEP, handin_chunk_rows=args.chunk)
    started = time.perf_counter()
    petition = load_petition(args.signatures)
    print(f"loaded {args.signatures:,} signatures in {time.perf_counter() - started:.1f} s")
    hand_in = handin_prepare(petition=petition, actor=None)
    before = peak_mib()
    last = [0.0]

    started = time.perf_counter()

    def show(done: int, total: int) -> None:
        if time.perf_counter() - last[0] > 15:
            last[0] = time.perf_counter()
            print(f"  {done:,} of {total:,} ({time.perf_counter() - started:.0f} s, peak {peak_mib():.0f} MiB)")

    original = bundles.bundle_write

    def with_progress(**kwargs):  # type: ignore[no-untyped-def]
        inner = kwargs.pop("progress")

        def both(done: int, total: int) -> None:
            inner(done, total)
            show(done, total)

        return original(progress=both, **kwargs)

    bundles.bundle_write = with_progress  # type: ignore[assignment]
    files = handin_build_bundle(hand_in_id=hand_in.pk)
    seconds = time.perf_counter() - started
    assert files is not None
    print(
        f"bundle of {files.rows:,} signatures: {seconds:.1f} s, {files.pages:,} pages, "
        f"PDF {files.pdf.stat().st_size / 2**20:.1f} MiB, CSV {files.schedule_csv.stat().st_size / 2**20:.1f} MiB"
    )
    print(f"peak memory: {before:.0f} MiB before the build, {peak_mib():.0f} MiB after (chunks of {args.chunk:,} rows)")


def main() -> None:
    from _setup import run_child

    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--signatures", type=int, default=100_000)
    parser.add_argument("--chunk", type=int, default=2000, help="schedule rows laid out per WeasyPrint run")
    parser.add_argument("--db", choices=["sqlite", "postgres"], default="sqlite")
    parser.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        child(args)
        return
    print(f"== {args.db}, {args.signatures:,} signatures")
    run_child(
        __file__,
        ["--signatures", str(args.signatures), "--chunk", str(args.chunk), "--db", args.db],
        db=args.db,
        pg_name="doorstep_bench_handin",
    )


if __name__ == "__main__":
    main()
