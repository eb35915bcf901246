"""How long the constituency breakdown of a petition with a million signatures takes.

Loads N confirmed signatures spread over the 650 constituencies (their real codes, which a
fresh install names) into a fresh database (SQLite in a temp folder, or PostgreSQL), builds
the kept tallies with the recount (`counts_rebuild`), then times:

- the kept breakdown the pages and the API read (`petition_areas`),
- the JSON API's requests for that petition (`/petitions/<id>.json`, its `count.json`,
  `/petitions.json`, `/constituencies.json`), through Django's test client, and
- for comparison, the naive GROUP BY over every signature that Doorstep avoids.

    .venv/bin/python bench/breakdown.py                   # 1,000,000 signatures, SQLite
    .venv/bin/python bench/breakdown.py --db postgres --signatures 200000
"""

import argparse
import random
import statistics
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PG_ADMIN = "postgres://postgres@127.0.0.1:5432/postgres"
PG_URL = "postgres://postgres@127.0.0.1:5432/doorstep_bench_breakdown"


def child(args: argparse.Namespace) -> None:
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection
    from django.db.models import Count
    from django.test import Client
    from django.utils import timezone

    from doorstep.petitions.models import Petition
    from doorstep.places.models import Area
    from doorstep.signatures.models import Signature, Tally
    from doorstep.signatures.selectors.counts import petition_areas, petition_counts
    from doorstep.signatures.services.counts import counts_rebuild

    call_command("migrate", verbosity=0)
    today = timezone.localdate()
    petition = Petition.objects.create(
        action="Bench",
        background="b",
        addressed_to="x",
        creator_name="y",
        target=10**6,
        closing_date=today.replace(year=today.year + 1),
        state=Petition.State.OPEN,
        opened_at=timezone.now(),
    )
    rng = random.Random(1)
    # The 650 seats a fresh install names (older code without them: made-up codes).
    named = Area.objects.filter(kind="constituency").values_list("code", flat=True)
    constituencies = list(named) or [f"E14{n:06d}" for n in range(650)]
    now = timezone.now()
    started = time.perf_counter()
    batch = 20_000
    for start in range(0, args.signatures, batch):
        Signature.objects.bulk_create(
            Signature(
                petition=petition,
                name="Bench Signer",
                email="",
                email_normalised="",
                postcode="RM10 7XX",
                postcode_district="RM10",
                country="GB",
                constituency_code=rng.choice(constituencies),
                state=Signature.State.CONFIRMED,
                confirmed_at=now,
                created_at=now,
            )
            for _ in range(min(batch, args.signatures - start))
        )
    print(f"loaded {args.signatures:,} signatures in {time.perf_counter() - started:.1f} s")

    started = time.perf_counter()
    counts_rebuild(petition=petition)
    print(f"recount (builds every kept breakdown): {time.perf_counter() - started:.1f} s")
    print(f"kept tally rows: {Tally.objects.filter(petition=petition).count():,}")

    def timed(fn, repeat: int) -> tuple[float, float]:
        times = []
        for _ in range(repeat):
            t = time.perf_counter()
            fn()
            times.append((time.perf_counter() - t) * 1000)
        return statistics.median(times), max(times)

    kept = petition_areas(petition=petition, dimension=Tally.Dimension.CONSTITUENCY)
    assert sum(a.total for a in kept) == args.signatures == petition_counts(petition=petition).total
    median, worst = timed(lambda: petition_areas(petition=petition, dimension=Tally.Dimension.CONSTITUENCY), 50)
    print(f"kept constituency breakdown ({len(kept)} rows): median {median:.2f} ms, worst {worst:.2f} ms (50 runs)")
    median, worst = timed(lambda: petition_counts(petition=petition), 50)
    print(f"kept total count: median {median:.2f} ms, worst {worst:.2f} ms (50 runs)")
    client = Client()
    for address in (
        f"/petitions/{petition.pk}.json",
        f"/petitions/{petition.pk}/count.json",
        "/petitions.json",
        "/constituencies.json",
    ):
        response = client.get(address)
        if response.status_code != 200:
            print(f"GET {address}: {response.status_code}")
            continue
        median, worst = timed(lambda address=address: client.get(address), 50)
        size = len(response.content)
        print(f"GET {address} ({size:,} bytes): median {median:.2f} ms, worst {worst:.2f} ms (50 runs)")
    naive = lambda: list(  # noqa: E731
        Signature.objects.filter(petition=petition, state="confirmed")
        .values("constituency_code")
        .annotate(n=Count("id"))
        .order_by()
    )
    median, worst = timed(naive, 3)
    print(f"naive GROUP BY over every signature: median {median:.0f} ms, worst {worst:.0f} ms (3 runs)")
    print(f"database: {connection.vendor}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--signatures", type=int, default=1_000_000)
    parser.add_argument("--db", choices=["sqlite", "postgres"], default="sqlite")
    parser.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        child(args)
        return
    from _setup import run_child

    print(f"== {args.db}, {args.signatures:,} signatures")
    run_child(
        __file__,
        ["--signatures", str(args.signatures), "--db", args.db],
        db=args.db,
        pg_name="doorstep_bench_breakdown",
    )


if __name__ == "__main__":
    main()
