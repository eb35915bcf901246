"""End-to-end signing benchmark: sign, get the email, confirm, against the real server.

Starts `doorstep serve` (gunicorn) and `doorstep worker` as separate processes, an
SMTP sink (aiosmtpd) in this process, and drives simulated signers from threads.
Every signer: GET the sign form, POST it, wait for the confirmation email, GET the
confirm link, POST it. Prints figures only; it asserts nothing about speed.

    .venv/bin/python bench/signing.py --signers 2000 --concurrency 32 --db both

All traffic stays on 127.0.0.1. See bench/README.md.
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import random
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager, suppress
from dataclasses import dataclass, field
from email import message_from_bytes
from email.message import Message
from http.cookies import SimpleCookie
from pathlib import Path
from urllib.parse import urlencode

from aiosmtpd.controller import Controller

ROOT = Path(__file__).resolve().parent.parent
BIN = ROOT / ".venv" / "bin"
DOORSTEP = str(BIN / "doorstep")
HOST = "127.0.0.1"
PG_ADMIN_URL = "postgresql://postgres@127.0.0.1:5432/postgres"
# Shared machines: BENCH_PG_NAME and BENCH_REDIS_URL give each person their own database and Redis db.
PG_DB = os.environ.get("BENCH_PG_NAME", "doorstep_bench")
PG_URL = f"postgres://postgres@127.0.0.1:5432/{PG_DB}"
REDIS_URL = os.environ.get("BENCH_REDIS_URL", "redis://127.0.0.1:6379/12")

CSRF_RE = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
CONFIRM_RE = re.compile(r"https?://127\.0\.0\.1:\d+(/signatures/\d+/confirm/[A-Za-z0-9_\-]+)")
# Valid outward codes, and inward letters without C I K M O V.
OUTWARD = ["RM10", "SW1A", "E1", "M1", "B33", "LS1", "EH1", "CF10", "BT1", "G2", "NE1", "BS8"]
INWARD_LETTERS = "ABDEFGHJLNPQRSTUWXYZ"
CLK_TCK = os.sysconf("SC_CLK_TCK")

CREATE_PETITION = """
from datetime import timedelta
from django.utils import timezone
from doorstep.petitions.services import petition_create, petition_open
p = petition_create(
    actor=None,
    action="Benchmark the signing pipeline",
    background="A petition made by bench/signing.py.",
    addressed_to="The benchmark",
    creator_name="Bench",
    target=1000000,
    closing_date=timezone.localdate() + timedelta(days=30),
)
petition_open(petition=p, actor=None)
# The anti-fraud checks stay on; the benchmark's own address and its signers' mail domain are
# allowed, as a campaign's office allows its own, so its one address is not held as a flood.
from doorstep.trust.models import ListEntry
from doorstep.trust.services import list_entry_add
for kind, value in ((ListEntry.Kind.IP, "127.0.0.1"), (ListEntry.Kind.DOMAIN, "example.org")):
    list_entry_add(kind=kind, action=ListEntry.Action.ALLOW, value=value, note="bench/signing.py", actor=None)
print("PETITION_ID=%d" % p.pk)
"""


# --------------------------------------------------------------------------- helpers


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind((HOST, 0))
        return sock.getsockname()[1]


def percentile(values: list[float], q: float) -> float:
    """Nearest-rank percentile, q in 0..100; nan when empty."""
    if not values:
        return float("nan")
    ordered = sorted(values)
    rank = max(1, min(len(ordered), round(q / 100 * len(ordered) + 0.5)))
    return ordered[rank - 1]


def proc_cpu_seconds(pid: int) -> float:
    """User + system CPU seconds of one process, from /proc; 0 if it is gone."""
    try:
        raw = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return 0.0
    fields = raw.rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / CLK_TCK


def machine_busy_seconds() -> float:
    """CPU seconds the whole machine spent busy (every core), from /proc/stat."""
    ticks = [int(x) for x in Path("/proc/stat").read_text().split("\n", 1)[0].split()[1:]]
    idle = ticks[3] + ticks[4]  # idle + iowait
    return (sum(ticks[:8]) - idle) / CLK_TCK


def proc_table() -> dict[int, tuple[int, str]]:
    """pid -> (parent pid, command name) for every process we may read."""
    table: dict[int, tuple[int, str]] = {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            raw = (entry / "stat").read_text()
        except OSError:
            continue
        name = raw[raw.index("(") + 1 : raw.rindex(")")]
        ppid = int(raw.rsplit(")", 1)[1].split()[1])
        table[int(entry.name)] = (ppid, name)
    return table


def process_tree(root: int, table: dict[int, tuple[int, str]]) -> list[int]:
    pids, frontier = [root], [root]
    for _ in range(5):  # bounded depth: gunicorn master -> workers
        frontier = [pid for pid, (ppid, _name) in table.items() if ppid in frontier]
        if not frontier:
            break
        pids += frontier
    return pids


# --------------------------------------------------------------------------- SMTP sink


class Inbox:
    """aiosmtpd handler: records when each recipient's confirm link arrived."""

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.events: dict[str, threading.Event] = {}
        self.links: dict[str, tuple[str, float]] = {}
        self.received = 0
        self.unmatched = 0
        self.first_at: float | None = None
        self.last_at: float | None = None

    def expect(self, email: str) -> threading.Event:
        with self.lock:
            return self.events.setdefault(email.lower(), threading.Event())

    async def handle_DATA(self, server, session, envelope):  # aiosmtpd calls it by this name
        now = time.perf_counter()
        message = message_from_bytes(envelope.original_content or envelope.content)
        match = CONFIRM_RE.search(body_text(message))
        with self.lock:
            self.received += 1
            self.first_at = self.first_at or now
            self.last_at = now
            for rcpt in envelope.rcpt_tos:
                key = rcpt.lower()
                if match and key not in self.links:
                    self.links[key] = (match.group(1), now)
                    self.events.setdefault(key, threading.Event()).set()
                elif not match:
                    self.unmatched += 1
        return "250 Message accepted for delivery"


def body_text(message: Message) -> str:
    if message.is_multipart():
        return "".join(body_text(part) for part in message.get_payload())
    payload = message.get_payload(decode=True)
    return payload.decode(message.get_content_charset() or "utf-8") if payload else ""


# --------------------------------------------------------------------------- HTTP client


class HttpError(Exception):
    pass


class Browser:
    """One signer's connection and cookies (keep-alive; reconnects when idle)."""

    IDLE_RECONNECT = 1.0  # gunicorn closes idle keep-alive connections after 2 s

    def __init__(self, port: int, timeout: float) -> None:
        self.port = port
        self.timeout = timeout
        self.cookies: dict[str, str] = {}
        self.conn: http.client.HTTPConnection | None = None
        self.last_used = 0.0
        self.origin = f"http://{HOST}:{port}"

    def close(self) -> None:
        if self.conn is not None:
            self.conn.close()
            self.conn = None

    def request(self, method: str, path: str, form: dict[str, str] | None = None) -> tuple[int, dict[str, str], str]:
        headers = {"User-Agent": "doorstep-bench"}
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        body = None
        if form is not None:
            body = urlencode(form)
            headers["Content-Type"] = "application/x-www-form-urlencoded"
            headers["Origin"] = self.origin
            headers["Referer"] = self.origin + path
        attempts = 2 if method == "GET" else 1
        for attempt in range(attempts):
            if self.conn is None or time.monotonic() - self.last_used > self.IDLE_RECONNECT:
                self.close()
                self.conn = http.client.HTTPConnection(HOST, self.port, timeout=self.timeout)
            try:
                self.conn.request(method, path, body=body, headers=headers)
                response = self.conn.getresponse()
                text = response.read().decode("utf-8", "replace")
            except (OSError, http.client.HTTPException) as exc:
                self.close()
                if attempt + 1 >= attempts:
                    raise HttpError(f"{method} {path}: {exc!r}") from exc
                continue
            self.last_used = time.monotonic()
            for raw in response.headers.get_all("Set-Cookie") or []:
                cookie = SimpleCookie()
                cookie.load(raw)
                for name, morsel in cookie.items():
                    self.cookies[name] = morsel.value
            if response.getheader("Connection", "").lower() == "close":
                self.close()
            return response.status, {k.lower(): v for k, v in response.getheaders()}, text
        raise HttpError("unreachable")


# --------------------------------------------------------------------------- one signer


@dataclass
class Results:
    lock: threading.Lock = field(default_factory=threading.Lock)
    confirmed: int = 0
    sign_ms: list[float] = field(default_factory=list)
    confirm_ms: list[float] = field(default_factory=list)
    email_ms: list[float] = field(default_factory=list)
    errors: dict[str, int] = field(default_factory=dict)
    first_error: str = ""

    def error(self, kind: str, detail: str) -> None:
        with self.lock:
            self.errors[kind] = self.errors.get(kind, 0) + 1
            self.first_error = self.first_error or f"{kind}: {detail}"[:300]


def csrf_field(html: str) -> dict[str, str]:
    """The form's CSRF token, if the page carries one (the sign and confirm forms are checked
    by their Origin header instead, which Browser sends with every POST)."""
    match = CSRF_RE.search(html)
    return {"csrfmiddlewaretoken": match.group(1)} if match else {}


def postcode_for(i: int, rng: random.Random) -> str:
    outward = OUTWARD[i % len(OUTWARD)]
    return f"{outward} {rng.randrange(10)}{rng.choice(INWARD_LETTERS)}{rng.choice(INWARD_LETTERS)}"


def run_signer(
    i: int,
    *,
    tag: str,
    port: int,
    petition_id: int,
    inbox: Inbox,
    results: Results,
    deadline: float,
    email_timeout: float,
    http_timeout: float,
) -> None:
    if time.monotonic() > deadline:
        results.error("skipped (time limit)", f"signer {i}")
        return
    rng = random.Random(i)
    email = f"signer{i}.{tag}@example.org"
    browser = Browser(port, http_timeout)
    sign_path = f"/petitions/{petition_id}/sign"
    try:
        status, _, html = browser.request("GET", sign_path)
        if status != 200 or "<form" not in html:
            results.error("sign GET", f"status {status}")
            return
        arrived = inbox.expect(email)
        form = {
            "name": f"Bench Signer {i}",
            "email": email,
            "country": "GB",
            "postcode": postcode_for(i, rng),
            **csrf_field(html),
        }
        if i % 2:
            form["updates_consent"] = "on"
        start = time.perf_counter()
        status, headers, html = browser.request("POST", sign_path, form)
        signed_at = time.perf_counter()
        if status != 302 or "check-your-email" not in headers.get("location", ""):
            errors = re.findall(r'govuk-error-message">\s*(?:<[^>]+>[^<]*</[^>]+>)?([^<]+)', html)
            results.error("sign POST", f"status {status} {errors[:2]}")
            return
        browser.close()  # the signer goes off to read their email
        wait = max(0.0, min(email_timeout, deadline - time.monotonic()))
        if not arrived.wait(wait):
            results.error("email not received", email)
            return
        with inbox.lock:
            link, arrived_at = inbox.links[email.lower()]
        status, _, html = browser.request("GET", link)
        if status != 200 or "<form" not in html:
            results.error("confirm GET", f"status {status}")
            return
        start_confirm = time.perf_counter()
        status, headers, _ = browser.request("POST", link, csrf_field(html))
        confirmed_at = time.perf_counter()
        if status != 302 or "thank-you" not in headers.get("location", ""):
            results.error("confirm POST", f"status {status}")
            return
        with results.lock:
            results.confirmed += 1
            results.sign_ms.append((signed_at - start) * 1000)
            results.email_ms.append((arrived_at - signed_at) * 1000)
            results.confirm_ms.append((confirmed_at - start_confirm) * 1000)
    except HttpError as exc:
        results.error("http", str(exc))
    finally:
        browser.close()


# --------------------------------------------------------------------------- processes


class Processes:
    """Every child process we start, each in its own process group, stopped on exit."""

    def __init__(self, log_dir: Path) -> None:
        self.log_dir = log_dir
        self.procs: dict[str, subprocess.Popen] = {}
        self.logs: list = []

    def start(self, name: str, argv: list[str], env: dict[str, str]) -> subprocess.Popen:
        log = (self.log_dir / f"{name}.log").open("wb")
        self.logs.append(log)
        proc = subprocess.Popen(
            argv, env=env, cwd=self.log_dir, stdout=log, stderr=subprocess.STDOUT, start_new_session=True
        )
        self.procs[name] = proc
        return proc

    def stop_all(self) -> None:
        for proc in self.procs.values():
            if proc.poll() is None:
                with suppress(ProcessLookupError):
                    os.killpg(proc.pid, signal.SIGTERM)
        deadline = time.monotonic() + 15
        for proc in self.procs.values():
            try:
                proc.wait(timeout=max(0.1, deadline - time.monotonic()))
            except subprocess.TimeoutExpired:
                with suppress(ProcessLookupError):
                    os.killpg(proc.pid, signal.SIGKILL)
                proc.wait(timeout=5)
        # Gunicorn workers left behind by a killed master share its process group.
        for proc in self.procs.values():
            with suppress(ProcessLookupError, PermissionError):
                os.killpg(proc.pid, signal.SIGKILL)
        self.procs.clear()
        for log in self.logs:
            log.close()
        self.logs.clear()


def run_command(argv: list[str], env: dict[str, str], timeout: float, cwd: Path | None = None) -> str:
    # Not run from the checkout: gunicorn puts its working directory first on sys.path,
    # so PYTHONPATH can point the whole benchmark at another copy of the code.
    done = subprocess.run(
        argv, env=env, cwd=cwd or tempfile.gettempdir(), capture_output=True, text=True, timeout=timeout
    )
    if done.returncode != 0:
        raise RuntimeError(f"{' '.join(argv)} failed:\n{done.stdout}\n{done.stderr}")
    return done.stdout


def redis_flush(url: str) -> None:
    """Empty the benchmark's own Redis db (its limit counters and cache)."""
    import redis

    redis.Redis.from_url(url).flushdb()


def psql(sql: str) -> None:
    run_command(["psql", PG_ADMIN_URL, "-v", "ON_ERROR_STOP=1", "-qc", sql], dict(os.environ), 60)


@contextmanager
def database(kind: str, name: str = PG_DB) -> Iterator[str | None]:
    """None for SQLite; else a fresh PostgreSQL database `name`, dropped afterwards."""
    if kind == "sqlite":
        yield None
        return
    psql(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")
    psql(f"CREATE DATABASE {name}")
    try:
        yield PG_URL.replace(f"/{PG_DB}", f"/{name}")
    finally:
        with suppress(Exception):
            psql(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")


def server_env(
    *, data_dir: Path, port: int, smtp_port: int, database_url: str | None, redis_url: str = ""
) -> dict[str, str]:
    """The environment of the servers under test: this one's, without its database, cache and mail settings."""
    env = {
        k: v
        for k, v in os.environ.items()
        if k not in {"DATABASE_URL", "REDIS_URL", "DEBUG", "DOORSTEP_TESTING", "EMAIL_URL"}
    }
    env.update(
        DOORSTEP_DATA_DIR=str(data_dir),
        SITE_URL=f"http://{HOST}:{port}",
        EMAIL_URL=f"smtp://{HOST}:{smtp_port}",
        PYTHONUNBUFFERED="1",
        # Gunicorn's control socket goes here, not shared with other gunicorns.
        XDG_RUNTIME_DIR=str(data_dir),
    )
    if database_url:
        env["DATABASE_URL"] = database_url
    if redis_url:
        env["REDIS_URL"] = redis_url
    return env


def wait_until_up(port: int, petition_id: int, procs: Processes, limit: float) -> None:
    deadline = time.monotonic() + limit
    path = f"/petitions/{petition_id}/count.json"
    last = "no answer"
    while time.monotonic() < deadline:
        for name, proc in procs.procs.items():
            if proc.poll() is not None:
                raise RuntimeError(f"{name} exited with {proc.returncode}; see {procs.log_dir}")
        browser = Browser(port, 2)
        try:
            status, _, text = browser.request("GET", path)
            if status == 200:
                return
            last = f"status {status}: {text[:200]}"
        except HttpError as exc:
            last = str(exc)
        finally:
            browser.close()
        time.sleep(0.2)
    raise RuntimeError(f"server not up on port {port} after {limit:.0f} s ({last}); logs in {procs.log_dir}")


def fetch_count(port: int, petition_id: int) -> int | None:
    browser = Browser(port, 10)
    try:
        status, _, text = browser.request("GET", f"/petitions/{petition_id}/count.json")
    except HttpError:
        return None
    finally:
        browser.close()
    return json.loads(text)["signature_count"] if status == 200 else None


# --------------------------------------------------------------------------- one run


def run_one(kind: str, args: argparse.Namespace) -> dict:
    data_dir = Path(tempfile.mkdtemp(prefix=f"doorstep-bench-{kind}-"))
    port, smtp_port = free_port(), free_port()
    inbox = Inbox()
    controller = Controller(inbox, hostname=HOST, port=smtp_port)
    procs = Processes(data_dir)
    try:
        with database(kind) as database_url:
            redis_url = REDIS_URL if args.redis and database_url else ""
            if redis_url:
                redis_flush(redis_url)
            env = server_env(
                data_dir=data_dir, port=port, smtp_port=smtp_port, database_url=database_url, redis_url=redis_url
            )
            run_command([DOORSTEP, "migrate", "--noinput"], env, 300)
            out = run_command([DOORSTEP, "shell", "-c", CREATE_PETITION], env, 120)
            petition_id = int(re.search(r"PETITION_ID=(\d+)", out).group(1))  # type: ignore[union-attr]

            controller.start()
            web = procs.start(
                "web",
                [DOORSTEP, "serve", "--bind", f"{HOST}:{port}", "--workers", str(args.web_workers)],
                env,
            )
            workers = [procs.start(f"worker{n}", [DOORSTEP, "worker"], env) for n in range(args.email_workers)]
            wait_until_up(port, petition_id, procs, 60)
            time.sleep(1.0)  # let the workers finish starting up

            table = proc_table()
            groups = {
                "web": process_tree(web.pid, table),
                "worker": [pid for w in workers for pid in process_tree(w.pid, table)],
            }

            def cpu() -> dict[str, float]:
                own = os.times()
                # Postgres backends come and go: keep them per pid.
                postgres = {
                    pid: proc_cpu_seconds(pid) for pid, (_, name) in proc_table().items() if name.startswith("postgres")
                }
                # The machine's one Redis server (shared: other users' work shows in it too).
                redis = sum(proc_cpu_seconds(pid) for pid, (_, name) in proc_table().items() if name == "redis-server")
                return {
                    **{k: sum(proc_cpu_seconds(p) for p in pids) for k, pids in groups.items()},
                    "bench": own.user + own.system,
                    "machine": machine_busy_seconds(),
                    "redis": redis if redis_url else 0.0,
                    **{f"pg{pid}": v for pid, v in postgres.items()},
                }

            results = Results()
            tag = f"{kind}{os.getpid()}"
            deadline = time.monotonic() + args.time_limit
            cpu_before = cpu()
            started = time.perf_counter()
            with ThreadPoolExecutor(max_workers=args.concurrency) as pool:
                for i in range(args.signers):
                    pool.submit(
                        run_signer,
                        i,
                        tag=tag,
                        port=port,
                        petition_id=petition_id,
                        inbox=inbox,
                        results=results,
                        deadline=deadline,
                        email_timeout=args.email_timeout,
                        http_timeout=args.http_timeout,
                    )
            wall = time.perf_counter() - started
            cpu_after = cpu()
            used = {k: v - cpu_before.get(k, 0.0) for k, v in cpu_after.items()}
            cpu_used = {k: used[k] for k in ("web", "worker", "bench")}
            cpu_used["postgres"] = sum(v for k, v in used.items() if k.startswith("pg"))
            if redis_url:
                cpu_used["redis"] = used["redis"]
            # Everything else the machine did meanwhile (other programs, the kernel).
            cpu_used["other"] = max(0.0, used["machine"] - sum(cpu_used.values()))
            counted = fetch_count(port, petition_id)
            return {
                "db": kind + (" + Redis" if redis_url else ""),
                "signers": args.signers,
                "confirmed": results.confirmed,
                "counted": counted,
                "wall": wall,
                "sign_ms": results.sign_ms,
                "confirm_ms": results.confirm_ms,
                "email_ms": results.email_ms,
                "errors": results.errors,
                "first_error": results.first_error,
                "emails": inbox.received,
                "email_span": (inbox.last_at or 0) - (inbox.first_at or 0),
                "cpu": cpu_used,
                "logs": str(data_dir),
            }
    finally:
        procs.stop_all()
        with suppress(Exception):
            controller.stop()
        if not args.keep:
            shutil.rmtree(data_dir, ignore_errors=True)


def report(r: dict, args: argparse.Namespace) -> None:
    def p(values: list[float], q: float) -> str:
        return f"{percentile(values, q):8.1f}"

    rate = r["confirmed"] / r["wall"] if r["wall"] else 0.0
    print(
        f"\n=== {r['db']}: {args.signers} signers, concurrency {args.concurrency}, "
        f"{args.web_workers} web workers x {os.environ.get('WEB_THREADS', '4')} threads, "
        f"{args.email_workers} email worker(s) ==="
    )
    print(f"confirmed signatures      {r['confirmed']} of {r['signers']}")
    print(
        f"count.json says           {r['counted']}"
        f"  ({'matches' if r['counted'] == r['confirmed'] else 'DOES NOT MATCH'})"
    )
    print(f"wall time                 {r['wall']:.1f} s")
    print(f"confirmed per second      {rate:.1f}  (end to end)")
    print("                               p50      p99  (ms)")
    print(f"sign POST                 {p(r['sign_ms'], 50)} {p(r['sign_ms'], 99)}")
    print(f"confirm POST              {p(r['confirm_ms'], 50)} {p(r['confirm_ms'], 99)}")
    print(f"sign -> email arrival     {p(r['email_ms'], 50)} {p(r['email_ms'], 99)}")
    span = r["email_span"]
    print(f"emails received           {r['emails']}  ({r['emails'] / span if span else 0:.1f}/s first to last)")
    cpu = r["cpu"]
    per = 1000 / max(1, r["confirmed"])
    print(
        "CPU seconds (ms/signature) "
        + ", ".join(f"{k} {v:.1f} ({v * per:.1f})" for k, v in cpu.items())
        + f"; total {sum(cpu.values()):.1f} of {os.cpu_count() * r['wall']:.1f} available"
    )
    if r["errors"]:
        print(f"errors                    {r['errors']}")
        print(f"first error               {r['first_error']}")
    if args.keep:
        print(f"logs and data kept in     {r['logs']}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    parser.add_argument("--signers", type=int, default=2000)
    parser.add_argument("--concurrency", type=int, default=32)
    parser.add_argument("--db", choices=["sqlite", "postgres", "both"], default="both")
    parser.add_argument("--web-workers", type=int, default=3)
    parser.add_argument("--email-workers", type=int, default=1, help="how many `doorstep worker` processes (default 1)")
    parser.add_argument(
        "--time-limit", type=float, default=900, help="seconds after which no new signer starts (default 900)"
    )
    parser.add_argument(
        "--email-timeout", type=float, default=180, help="seconds a signer waits for their email (default 180)"
    )
    parser.add_argument("--http-timeout", type=float, default=60)
    parser.add_argument("--keep", action="store_true", help="keep the data folder and server logs")
    parser.add_argument(
        "--no-redis", dest="redis", action="store_false", help="PostgreSQL without Redis (else BENCH_REDIS_URL)"
    )
    args = parser.parse_args()

    # SIGTERM/SIGHUP -> SystemExit, so the finally blocks stop the servers.
    for sig in (signal.SIGTERM, signal.SIGHUP):
        signal.signal(sig, lambda signum, frame: sys.exit(128 + signum))

    kinds = ["sqlite", "postgres"] if args.db == "both" else [args.db]
    for kind in kinds:
        result = run_one(kind, args)
        report(result, args)
        sys.stdout.flush()


if __name__ == "__main__":
    main()
