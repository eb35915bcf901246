"""Where the time goes: CPU milliseconds and SQL queries per request on each hot path, in one process.

    .venv/bin/python bench/profile.py                          # SQLite, then PostgreSQL + Redis
    .venv/bin/python bench/profile.py --db sqlite --signers 300
    .venv/bin/python bench/profile.py --preload 100000         # 100,000 signatures there already

Every signer goes the whole way, through Django's test client with CSRF checks on, against a
throwaway database (SQLite in a temp folder, or PostgreSQL `doorstep_surge_profile` with Redis
db 11 as the cache; BENCH_PG_NAME and BENCH_REDIS_URL name others): GET the sign form, POST it,
run the confirmation email task as `doorstep worker` does (claim, send over SMTP to a sink in
this process, record), GET the confirm link from the email, POST it; then a reader GETs the
petition page, its JSON and count.json. CPU is this thread's CPU time (time.thread_time: not the SMTP sink's thread, not
the database or Redis server), so a busy machine disturbs it less than wall time. Queries are
counted with a connection execute wrapper. It prints the median and 90th percentile CPU ms
and the median queries per request, and the load average. The benchmark puts its own address
(127.0.0.1) and its signers' mail domain on the allow list, as a campaign's office would.
"""

import argparse
import os
import re
import socket
import statistics
import sys
import time
from collections import defaultdict
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

from _setup import run_child

# Shared machines: BENCH_PG_NAME and BENCH_REDIS_URL give each person their own.
PG_NAME = os.environ.get("BENCH_PG_NAME", "doorstep_surge_profile")
REDIS_URL = os.environ.get("BENCH_REDIS_URL", "redis://127.0.0.1:6379/11")
SIGNER_DOMAIN = "signers.example.org"
CONFIRM_RE = re.compile(r"https?://[^/\s]+(/signatures/\d+/confirm/[A-Za-z0-9_\-]+)")
CSRF_RE = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
OUTWARD = ["RM10", "SW1A", "E1", "M1", "B33", "LS1", "EH1", "CF10", "BT1", "G2", "NE1", "BS8"]
INWARD_LETTERS = "ABDEFGHJLNPQRSTUWXYZ"
PATHS = [
    "sign GET",
    "sign POST",
    "email task",
    "confirm GET",
    "confirm POST",
    "petition page",
    "petition JSON",
    "count.json",
]


def postcode(n: int) -> str:
    letters = INWARD_LETTERS[n % 20] + INWARD_LETTERS[(n // 20) % 20]
    return f"{OUTWARD[n % len(OUTWARD)]} {n % 10}{letters}"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class Sink:
    """aiosmtpd handler keeping the last confirm link sent to each address."""

    def __init__(self) -> None:
        self.links: dict[str, str] = {}

    async def handle_DATA(self, server, session, envelope):  # aiosmtpd calls it by this name
        text = (envelope.original_content or envelope.content).decode("utf-8", "replace")
        text = text.replace("=\r\n", "").replace("=\n", "")  # quoted-printable soft breaks
        if match := CONFIRM_RE.search(text):
            for rcpt in envelope.rcpt_tos:
                self.links[rcpt.lower()] = match.group(1)
        return "250 Message accepted for delivery"


def python_profiler():  # type: ignore[no-untyped-def]
    """cProfile.Profile(): the standard library's, not this file (which is named profile.py too)."""
    here = sys.path.pop(0)
    try:
        import cProfile
    finally:
        sys.path.insert(0, here)
    return cProfile.Profile(time.thread_time)  # CPU time, as the figures


class Profile:
    """CPU ms (this thread) and queries of each measured call, by path."""

    def __init__(self, *, cprofile: str = "") -> None:
        self.cpu: dict[str, list[float]] = defaultdict(list)
        self.queries: dict[str, list[int]] = defaultdict(list)
        self.recording = True
        # --cprofile PATH: Python's profiler over every measured call of that path.
        self.cprofile = python_profiler() if cprofile else None
        self.cprofile_path = cprofile

    @contextmanager
    def measure(self, path: str) -> Iterator[None]:
        from django.db import connection

        count = [0]

        def counting(execute: Callable, sql: str, params: Any, many: bool, context: Any) -> Any:
            count[0] += 1
            return execute(sql, params, many, context)

        profiler = self.cprofile if self.recording and path == self.cprofile_path else None
        with connection.execute_wrapper(counting):
            if profiler:
                profiler.enable()
            start = time.thread_time()
            yield
            used = time.thread_time() - start
            if profiler:
                profiler.disable()
        if self.recording:
            self.cpu[path].append(used * 1000)
            self.queries[path].append(count[0])


def child(args: argparse.Namespace) -> None:
    smtp_port = free_port()
    os.environ["EMAIL_URL"] = f"smtp://127.0.0.1:{smtp_port}"
    os.environ.setdefault("SECRET_KEY", "bench-only")
    # One alert email would stand in for one confirmation email in the worker's queue.
    os.environ["DOORSTEP_ALERT_PER_HOUR"] = str(10 * (args.signers + args.warmup))
    import django

    django.setup()
    quiet_logs()
    from aiosmtpd.controller import Controller
    from django.conf import settings
    from django.core.cache import cache
    from django.core.management import call_command
    from django.test import Client

    call_command("migrate", verbosity=0)
    cache.clear()  # our own Redis db (BENCH_REDIS_URL), or local memory
    sink = Sink()
    controller = Controller(sink, hostname="127.0.0.1", port=smtp_port)
    controller.start()
    try:
        petition = make_petition(preload=args.preload)
        profile = Profile(cprofile=args.cprofile)
        worker = make_worker()
        # One client each, as one server process sees many browsers: a new test client loads
        # the middleware again (WhiteNoise lists every static file), which no server does per request.
        browser, reader = Client(enforce_csrf_checks=True), Client()
        profile.recording = False
        for n in range(args.warmup + args.signers):
            profile.recording = n >= args.warmup
            browser.cookies.clear()
            one_signer(n, petition_id=petition.pk, profile=profile, worker=worker, sink=sink, clients=(browser, reader))
    finally:
        controller.stop()
    engine = settings.DATABASES["default"]["ENGINE"].rsplit(".", 1)[-1]
    cache_name = "Redis" if settings.REDIS_URL else "local memory"
    print(
        f"\n=== {engine} (cache: {cache_name}, counters: {settings.DOORSTEP.counter_store}), "
        f"{args.signers} signers after {args.warmup} warm-up, {args.preload:,} signatures there before ==="
    )
    report(profile)
    if profile.cprofile:
        print(f"\n--- cProfile of {args.cprofile} (its CPU above includes the profiler's own) ---")
        import pstats

        pstats.Stats(profile.cprofile).sort_stats("cumulative").print_stats(45)
    print(f"load average at the end: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")


def quiet_logs() -> None:
    """The worker still formats its log lines (that is part of its cost), into /dev/null;
    the SMTP sink's (not measured) are off."""
    import logging

    logging.getLogger("mail.log").setLevel(logging.WARNING)
    for handler in logging.getLogger().handlers:
        if isinstance(handler, logging.StreamHandler):
            handler.setStream(open(os.devnull, "w"))  # kept open for the life of the process


def make_petition(*, preload: int):  # type: ignore[no-untyped-def]
    from datetime import timedelta

    from django.utils import timezone

    from doorstep.petitions.services import petition_create, petition_open
    from doorstep.trust.models import ListEntry
    from doorstep.trust.services import list_entry_add

    petition = petition_create(
        actor=None,
        action="Keep our police station open",
        background="Dagenham police station is due to close its front counter for good.",
        addressed_to="the Home Office",
        creator_name="the MP for Dagenham and Rainham",
        target=1_000_000,
        closing_date=timezone.localdate() + timedelta(days=30),
    )
    petition_open(petition=petition, actor=None)
    for kind, value in ((ListEntry.Kind.IP, "127.0.0.1"), (ListEntry.Kind.DOMAIN, SIGNER_DOMAIN)):
        list_entry_add(kind=kind, action=ListEntry.Action.ALLOW, value=value, note="bench/profile.py", actor=None)
    if preload:
        preload_signatures(petition=petition, count=preload)
    return petition


def preload_signatures(*, petition, count: int) -> None:  # type: ignore[no-untyped-def]
    """`count` confirmed signatures, spread over postcodes and days, then the kept counts rebuilt."""
    from datetime import timedelta

    from django.utils import timezone

    from doorstep.signatures.models import Signature
    from doorstep.signatures.services.counts import counts_rebuild

    started = time.perf_counter()
    now = timezone.now()
    batch = 5000
    for first in range(0, count, batch):
        Signature.objects.bulk_create(
            Signature(
                petition=petition,
                name=f"Earlier Signer {n}",
                email=f"earlier{n}@example.com",
                email_normalised=f"earlier{n}@example.com",
                postcode=postcode(n),
                postcode_district=postcode(n).split()[0],
                country="GB",
                state=Signature.State.CONFIRMED,
                confirmed_at=now - timedelta(days=n % 28),
                created_at=now - timedelta(days=n % 28),
            )
            for n in range(first, min(first + batch, count))
        )
    counts_rebuild(petition=petition)
    print(f"preloaded {count:,} signatures in {time.perf_counter() - started:.0f} s", flush=True)


def make_worker():  # type: ignore[no-untyped-def]
    from doorstep.core.worker import Worker

    return Worker(
        lease_seconds=60,
        heartbeat=False,
        on_start=None,
        queue_names=["default"],
        interval=0,
        batch=True,
        backend_name="default",
        startup_delay=False,
        max_tasks=None,
        worker_id="bench-profile",
        excluded_queue_names=[],
    )


def one_signer(n: int, *, petition_id: int, profile: Profile, worker, sink: Sink, clients) -> None:  # type: ignore[no-untyped-def]
    browser, reader = clients
    email = f"signer{n}@{SIGNER_DOMAIN}"
    with profile.measure("sign GET"):
        page = browser.get(f"/petitions/{petition_id}/sign")
    expect(page, 200, "sign GET")
    form = {
        "name": f"Signer {n}",
        "email": email,
        "country": "GB",
        "postcode": postcode(n),
        "website": "",
        **csrf_field(page.content.decode()),
    }
    with profile.measure("sign POST"):
        signed = browser.post(f"/petitions/{petition_id}/sign", form, **same_origin())
    expect(signed, 302, "sign POST")
    with profile.measure("email task"):
        ran = worker.step()
    if not ran or email not in sink.links:
        raise RuntimeError(f"no confirmation email for {email}")
    link = sink.links.pop(email)
    with profile.measure("confirm GET"):
        page = browser.get(link)
    expect(page, 200, "confirm GET")
    with profile.measure("confirm POST"):
        confirmed = browser.post(link, csrf_field(page.content.decode()), **same_origin())
    expect(confirmed, 302, "confirm POST")
    for path, url in (
        ("petition page", f"/petitions/{petition_id}"),
        ("petition JSON", f"/petitions/{petition_id}.json"),
        ("count.json", f"/petitions/{petition_id}/count.json"),
    ):
        with profile.measure(path):
            answer = reader.get(url)
        expect(answer, 200, path)


def csrf_field(html: str) -> dict[str, str]:
    """The form's CSRF token, if the page carries one."""
    match = CSRF_RE.search(html)
    return {"csrfmiddlewaretoken": match.group(1)} if match else {}


def same_origin() -> dict[str, str]:
    """What a browser sends with a form posted from the site's own page."""
    return {"HTTP_ORIGIN": "http://testserver", "HTTP_SEC_FETCH_SITE": "same-origin"}


def expect(response, status: int, what: str) -> None:  # type: ignore[no-untyped-def]
    if response.status_code != status:
        raise RuntimeError(f"{what}: {response.status_code}, expected {status}: {response.content[:300]!r}")


def report(profile: Profile) -> None:
    print(f"{'path':<16}{'CPU ms p50':>11}{'p90':>8}{'queries':>9}")
    total = 0.0
    for path in PATHS:
        cpu = sorted(profile.cpu[path])
        p50 = statistics.median(cpu)
        p90 = cpu[max(0, int(len(cpu) * 0.9) - 1)]
        queries = statistics.median(profile.queries[path])
        if path in PATHS[:5]:
            total += p50
        print(f"{path:<16}{p50:>11.2f}{p90:>8.2f}{queries:>9.0f}")
    print(f"{'signing (5 above)':<16}{total:>10.2f}  CPU ms a confirmed signature in this process")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--db", choices=["sqlite", "postgres", "both"], default="both")
    parser.add_argument("--signers", type=int, default=200, help="signers measured (default 200)")
    parser.add_argument("--warmup", type=int, default=30, help="signers first, not measured (default 30)")
    parser.add_argument("--preload", type=int, default=0, help="confirmed signatures loaded first (default 0)")
    parser.add_argument("--cprofile", choices=PATHS, default="", help="print Python's profile of one path")
    parser.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        child(args)
        return
    passed = ["--signers", str(args.signers), "--warmup", str(args.warmup), "--preload", str(args.preload)]
    if args.cprofile:
        passed += ["--cprofile", args.cprofile]
    for db in ["sqlite", "postgres"] if args.db == "both" else [args.db]:
        extra = {"REDIS_URL": REDIS_URL} if db == "postgres" else {}
        run_child(__file__, passed, db=db, pg_name=PG_NAME, env=extra)
        sys.stdout.flush()


if __name__ == "__main__":
    main()
