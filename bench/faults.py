"""Fault benchmark: nothing lost, nothing counted twice, no 500, while things fail.

Starts the real processes, as deploy/'s systemd units do: `doorstep serve` and two
`doorstep worker`, each started again two seconds after it exits (Restart=always), an
SMTP sink in this process, and, on PostgreSQL, a TCP proxy in front of the database and a
Redis of its own (REDIS_URL set). Signers sign continuously, like people who press the
button again when told "try again"; each confirms from the email link. One fault after
another, each while its own petition is being signed:

    kill-worker   SIGKILL a worker while it sends a confirmation email (that email is dropped)
    kill-web      SIGKILL a gunicorn worker while requests are in flight
    pg-cut        every database connection cut, new ones refused, for 10 s (PostgreSQL)
    smtp-down     the mail server down for 30 s
    redis-stop    Redis stopped for 10 s (PostgreSQL run, REDIS_URL set)
    sqlite-lock   another program holds SQLite's write lock for 10 s (SQLite)

Then it waits until every accepted signer has confirmed (or --drain seconds pass) and
prints, per fault: signatures accepted, answers other than success or 503, emails
delivered, confirmations counted, kept count minus recount, and signers lost.

    .venv/bin/python bench/faults.py                 # SQLite, then PostgreSQL (about 8 minutes)
    .venv/bin/python bench/faults.py --db sqlite --faults kill-worker,sqlite-lock
"""

from __future__ import annotations

import argparse
import os
import random
import re
import shutil
import signal
import sys
import tempfile
import threading
import time
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from contextlib import suppress
from dataclasses import dataclass, field
from pathlib import Path

from _faults import Proxy, Redis, Sink, sqlite_lock
from signing import (
    CSRF_RE,
    DOORSTEP,
    HOST,
    Browser,
    HttpError,
    Processes,
    database,
    fetch_count,
    free_port,
    postcode_for,
    proc_table,
    run_command,
    server_env,
)

PG_DB = "doorstep_faults"
LEASE_SECONDS = 10  # DOORSTEP_TASK_LEASE_SECONDS for the run: a killed worker's task comes back within ~15 s
DEFAULT_FAULTS = {
    "sqlite": ["kill-worker", "kill-web", "smtp-down", "sqlite-lock"],
    "postgres": ["kill-worker", "kill-web", "pg-cut", "smtp-down", "redis-stop"],
}
# Seconds of signing after each fault ends, before the next one starts.
AFTER = {"kill-worker": LEASE_SECONDS + 10, "pg-cut": 10, "smtp-down": 10}

SETUP = """
from datetime import timedelta
from django.utils import timezone
from doorstep.petitions.services import petition_create, petition_open
from doorstep.trust.services import list_entry_add
# The signers all come from 127.0.0.1 and example.org: let them past the rate limits.
list_entry_add(kind="ip", action="allow", value="127.0.0.1", actor=None)
list_entry_add(kind="domain", action="allow", value="example.org", actor=None)
ids = []
for fault in FAULTS:
    p = petition_create(actor=None, action="Fault: " + fault, background="Made by bench/faults.py.",
        addressed_to="The benchmark", creator_name="Bench", target=100000,
        closing_date=timezone.localdate() + timedelta(days=30))
    petition_open(petition=p, actor=None)
    ids.append(str(p.pk))
print("PETITIONS=" + ",".join(ids))
"""


@dataclass
class Phase:
    name: str
    petition_id: int
    lock: threading.Lock = field(default_factory=threading.Lock)
    accepted: set[str] = field(default_factory=set)
    confirmed: set[str] = field(default_factory=set)
    answers: Counter = field(default_factory=Counter)
    broken: int = 0
    gave_up: int = 0
    restarts: list[str] = field(default_factory=list)
    note: str = ""

    def count(self, what: str | int) -> None:
        with self.lock:
            self.answers[str(what)] += 1


class Load:
    """Signers: threads that sign one after another, and confirmers that follow each email link."""

    def __init__(self, port: int, args: argparse.Namespace) -> None:
        self.port = port
        self.args = args
        self.expected: dict[str, Phase] = {}
        self.confirmers = ThreadPoolExecutor(max_workers=8)
        self.signing: threading.Event | None = None
        self.threads: list[threading.Thread] = []
        self.serial = 0
        self.lock = threading.Lock()

    def request(self, phase: Phase, browser: Browser, method: str, path: str, form: dict | None = None):
        """One step, tried again on a 503 or a broken connection (a second later) for --retry-for seconds."""
        deadline = time.monotonic() + self.args.retry_for
        while True:
            try:
                status, headers, html = browser.request(method, path, form)
            except HttpError:
                with phase.lock:
                    phase.broken += 1
            else:
                phase.count(status)
                if status != 503:
                    return status, headers, html
            if time.monotonic() > deadline:
                with phase.lock:
                    phase.gave_up += 1
                return None
            time.sleep(1)

    def sign(self, phase: Phase, n: int) -> None:
        email = f"signer{n}.{phase.name}@example.org"
        browser = Browser(self.port, 30)
        try:
            self.expected[email] = phase
            postcode = postcode_for(n, random.Random(n))
            form = {"name": f"Signer {n}", "email": email, "country": "GB", "postcode": postcode}
            for _ in range(3):
                got = self.request(phase, browser, "GET", f"/petitions/{phase.petition_id}/sign")
                token = CSRF_RE.search(got[2]) if got else None
                if got is None or token is None:
                    return
                got = self.request(
                    phase,
                    browser,
                    "POST",
                    f"/petitions/{phase.petition_id}/sign",
                    {**form, "csrfmiddlewaretoken": token.group(1)},
                )
                if got is None:
                    return
                if got[0] == 302 and "check-your-email" in got[1].get("location", ""):
                    with phase.lock:
                        phase.accepted.add(email)
                    return
                if got[0] != 403:  # a CSRF failure after a broken connection: fetch the form again
                    return
        finally:
            browser.close()

    def email_arrived(self, email: str, link: str) -> None:
        phase = self.expected.get(email)
        if phase is not None:
            self.confirmers.submit(self.confirm, phase, email, link)

    def confirm(self, phase: Phase, email: str, link: str) -> None:
        browser = Browser(self.port, 30)
        try:
            got = self.request(phase, browser, "GET", link)
            token = CSRF_RE.search(got[2]) if got else None
            if got is None or token is None:
                return
            got = self.request(phase, browser, "POST", link, {"csrfmiddlewaretoken": token.group(1)})
            if got and got[0] == 302 and "thank-you" in got[1].get("location", ""):
                with phase.lock:
                    phase.confirmed.add(email)
        finally:
            browser.close()

    def start(self, phase: Phase) -> None:
        self.signing = threading.Event()
        signing = self.signing

        def signer() -> None:
            while not signing.is_set():
                with self.lock:
                    self.serial += 1
                    n = self.serial
                self.sign(phase, n)
                time.sleep(self.args.pause)

        self.threads = [threading.Thread(target=signer, daemon=True) for _ in range(self.args.concurrency)]
        for thread in self.threads:
            thread.start()

    def stop(self) -> None:
        if self.signing is not None:
            self.signing.set()
        for thread in self.threads:
            thread.join(timeout=120)


class Services:
    """The processes under test, started again like systemd would when one exits."""

    def __init__(self, data_dir: Path, env: dict[str, str], port: int) -> None:
        self.procs = Processes(data_dir)
        self.env = env
        self.port = port
        self.phase: Phase | None = None
        self.expected_exit: set[int] = set()
        self.stopping = threading.Event()
        self.argv = {
            "web": [DOORSTEP, "serve", "--bind", f"{HOST}:{port}", "--workers", "2"],
            "worker0": [DOORSTEP, "worker"],
            "worker1": [DOORSTEP, "worker"],
        }
        self.generation = Counter()

    def start(self) -> None:
        for name, argv in self.argv.items():
            self.procs.start(name, argv, self.env)
        threading.Thread(target=self.watch, daemon=True).start()

    def workers(self) -> list[int]:
        procs = list(self.procs.procs.items())
        return [proc.pid for name, proc in procs if name.startswith("worker") and proc.poll() is None]

    def watch(self) -> None:
        while not self.stopping.wait(0.5):
            for name, proc in list(self.procs.procs.items()):
                base = name.split("#")[0]
                if proc.poll() is None or base not in self.argv:
                    continue
                del self.procs.procs[name]
                if self.phase is not None and proc.pid not in self.expected_exit:
                    self.phase.restarts.append(f"{base} exited {proc.returncode}")
                time.sleep(2)  # RestartSec=2
                self.generation[base] += 1
                self.procs.start(f"{base}#{self.generation[base]}", self.argv[base], self.env)

    def web_workers(self) -> list[int]:
        web = next(proc for name, proc in list(self.procs.procs.items()) if name.startswith("web"))
        return [pid for pid, (ppid, _) in proc_table().items() if ppid == web.pid]

    def stop(self) -> None:
        self.stopping.set()
        self.procs.stop_all()


def inject(fault: str, ctx: dict) -> str:
    """Cause one fault; return a note on what was done."""
    services: Services = ctx["services"]
    if fault == "kill-worker":
        sink: Sink = ctx["sink"]
        sink.killed.clear()
        sink.kill_armed.set()
        if not sink.killed.wait(30):
            sink.kill_armed.clear()
            return "no email was sent within 30 s: nothing killed"
        return "a worker SIGKILLed mid-send, its email dropped"
    if fault == "kill-web":
        # Three times, a second apart, so that some requests are cut mid-way.
        for _ in range(3):
            os.kill(random.choice(services.web_workers()), signal.SIGKILL)
            time.sleep(1.5)
        return "a gunicorn worker SIGKILLed, three times"
    outages = {
        "pg-cut": ("proxy", "cut", "restore", 10, "database connections cut"),
        "smtp-down": ("sink", "stop", "start", 30, "mail server down"),
        "redis-stop": ("redis", "stop", "start", 10, "Redis stopped"),
    }
    if fault in outages:
        name, stop, start, seconds, what = outages[fault]
        getattr(ctx[name], stop)()
        time.sleep(seconds)
        getattr(ctx[name], start)()
        return f"{what} for {seconds} s"
    if fault == "sqlite-lock":
        sqlite_lock(ctx["data_dir"] / "doorstep.sqlite3", 10)
        return "write lock held by another program for 10 s"
    raise ValueError(f"unknown fault {fault}")


def kept_minus_recount(petition_id: int, env: dict[str, str]) -> int:
    out = run_command([DOORSTEP, "recount", "--petition", str(petition_id)], env, 120)
    drift = sum(int(n) for n in re.findall(r"(?:online|paper) ([+-]\d+)", out))
    return -drift


def run_db(kind: str, faults: list[str], args: argparse.Namespace) -> list[dict]:
    data_dir = Path(tempfile.mkdtemp(prefix=f"doorstep-faults-{kind}-"))
    port, smtp_port = free_port(), free_port()
    load = Load(port, args)
    services: Services | None = None
    ctx: dict = {"data_dir": data_dir}
    try:
        with database(kind, PG_DB) as database_url:
            env = server_env(data_dir=data_dir, port=port, smtp_port=smtp_port, database_url=database_url)
            env["DOORSTEP_TASK_LEASE_SECONDS"] = str(LEASE_SECONDS)
            if database_url:
                run_command([DOORSTEP, "migrate", "--noinput"], env, 300)
                ctx["proxy"] = proxy = Proxy(5432)
                env["DATABASE_URL"] = database_url.replace(":5432/", f":{proxy.port}/")
                ctx["redis"] = Redis(free_port(), data_dir)
                ctx["redis"].start()
                env["REDIS_URL"] = f"redis://{HOST}:{ctx['redis'].port}/0"
            else:
                run_command([DOORSTEP, "migrate", "--noinput"], env, 300)
            setup = SETUP.replace("FAULTS", repr(faults))
            out = run_command([DOORSTEP, "shell", "-c", setup], env, 120)
            ids = [int(x) for x in re.search(r"PETITIONS=([\d,]+)", out).group(1).split(",")]  # type: ignore[union-attr]

            services = Services(data_dir, env, port)
            ctx["services"] = services
            ctx["sink"] = sink = Sink(smtp_port, load.email_arrived, services.workers)
            sink.before_kill = services.expected_exit.add
            sink.start()
            services.start()
            wait_ready(port)
            phases = [Phase(name=fault, petition_id=pid) for fault, pid in zip(faults, ids, strict=True)]
            for phase in phases:
                print(f"  {kind}: {phase.name}...", flush=True)
                services.phase = phase
                load.start(phase)
                time.sleep(args.before)
                phase.note = inject(phase.name, ctx)
                time.sleep(AFTER.get(phase.name, 5))
                load.stop()
            services.phase = None
            drain(phases, args.drain)
            return [figures(phase, port, env, sink) for phase in phases]
    finally:
        load.confirmers.shutdown(wait=False, cancel_futures=True)
        if services is not None:
            services.stop()
        for name in ("sink", "redis"):
            with suppress(Exception):
                ctx[name].stop()
        if not args.keep:
            shutil.rmtree(data_dir, ignore_errors=True)
        else:
            print(f"  logs and data kept in {data_dir}")


def wait_ready(port: int, limit: float = 90) -> None:
    deadline = time.monotonic() + limit
    while time.monotonic() < deadline:
        browser = Browser(port, 2)
        with suppress(HttpError):
            if browser.request("GET", "/readyz")[0] == 200:
                browser.close()
                time.sleep(1)
                return
        browser.close()
        time.sleep(0.3)
    raise RuntimeError(f"the server did not become ready on port {port}")


def drain(phases: list[Phase], limit: float) -> None:
    """Wait until every accepted signer has confirmed, or `limit` seconds."""
    deadline = time.monotonic() + limit
    while time.monotonic() < deadline:
        if all(phase.accepted <= phase.confirmed for phase in phases):
            return
        time.sleep(1)


def figures(phase: Phase, port: int, env: dict[str, str], sink: Sink) -> dict:
    with sink.lock:
        emails = {email: sink.received.get(email, 0) for email in phase.accepted}
    other = {code: n for code, n in phase.answers.items() if code not in {"200", "302", "503"}}
    kept = fetch_count(port, phase.petition_id)
    return {
        "fault": phase.name,
        "accepted": len(phase.accepted),
        "503": phase.answers.get("503", 0),
        "other": other,
        "broken": phase.broken,
        "gave_up": phase.gave_up,
        "emailed": sum(1 for n in emails.values() if n),
        "twice": sum(1 for n in emails.values() if n > 1),
        "confirmed": len(phase.confirmed & phase.accepted),
        "counted": kept,
        "kept_minus_recount": kept_minus_recount(phase.petition_id, env),
        "lost": len(phase.accepted - phase.confirmed),
        "restarts": phase.restarts,
        "note": phase.note,
    }


def report(kind: str, rows: list[dict]) -> None:
    print(f"\n=== {kind} ===")
    head = f"{'fault':<12}{'accepted':>9}{'503s':>7}{'other':>7}{'broken':>7}{'emailed':>8}{'twice':>6}"
    print(head + f"{'confirmed':>10}{'counted':>8}{'kept-recount':>13}{'lost':>6}")
    for r in rows:
        other = sum(r["other"].values())
        print(
            f"{r['fault']:<12}{r['accepted']:>9}{r['503']:>7}{other:>7}{r['broken']:>7}{r['emailed']:>8}{r['twice']:>6}"
            f"{r['confirmed']:>10}{r['counted']!s:>8}{r['kept_minus_recount']:>13}{r['lost']:>6}"
        )
    for r in rows:
        extra = []
        if r["other"]:
            extra.append(f"other answers {r['other']}")
        if r["gave_up"]:
            extra.append(f"{r['gave_up']} steps given up after --retry-for")
        if r["restarts"]:
            extra.append(f"unexpected exits: {r['restarts']}")
        print(f"  {r['fault']}: {r['note']}" + (f"; {'; '.join(extra)}" if extra else ""))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--db", choices=["sqlite", "postgres", "both"], default="both")
    parser.add_argument("--faults", default="", help="comma-separated; default: every fault that fits the database")
    parser.add_argument("--concurrency", type=int, default=3, help="signers at once (default 3)")
    parser.add_argument("--pause", type=float, default=0.2, help="seconds each signer thread rests between signers")
    parser.add_argument("--before", type=float, default=5, help="seconds of signing before each fault")
    parser.add_argument("--retry-for", type=float, default=90, help="seconds a signer keeps trying one step")
    parser.add_argument("--drain", type=float, default=240, help="seconds to wait at the end for confirmations")
    parser.add_argument("--keep", action="store_true", help="keep the data folder and the logs")
    args = parser.parse_args()
    for sig in (signal.SIGTERM, signal.SIGHUP):
        signal.signal(sig, lambda signum, frame: sys.exit(128 + signum))
    kinds = ["sqlite", "postgres"] if args.db == "both" else [args.db]
    for kind in kinds:
        faults = [f for f in args.faults.split(",") if f] or DEFAULT_FAULTS[kind]
        started = time.monotonic()
        rows = run_db(kind, faults, args)
        report(kind, rows)
        print(f"({time.monotonic() - started:.0f} s)")
        sys.stdout.flush()


if __name__ == "__main__":
    main()
