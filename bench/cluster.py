"""Many machines: two app servers, two workers, PostgreSQL and Redis behind HAProxy, one killed halfway.

    .venv/bin/python bench/cluster.py                       # 1,000 signers, 32 at once
    .venv/bin/python bench/cluster.py --signers 400 --read-seconds 5

Starts, as separate machines would run them: two `doorstep serve` processes on their own
ports (each with its own data folder, one SECRET_KEY), two `doorstep worker --worker-id`
processes, one PostgreSQL database (BENCH_PG_NAME + `_cluster`, dropped afterwards) and one
Redis db (BENCH_REDIS_URL, emptied first), and HAProxy running deploy/haproxy.cfg (its short
cache for public pages, health checks on /readyz, X-Forwarded-For, which the app servers
trust from 127.0.0.1 through DOORSTEP_PROXY_ADDRESSES). HAProxy comes from Debian
(`apt-get install haproxy` when missing), and so does wrk for the reading load.

Then, all through the balancer:
1. a burst of sign POSTs from one address (127.0.0.77, not on the allow list), which
   round robin splits over both servers: held as it would be on one server only when the
   limit counters are shared (Redis);
2. the signing benchmark of bench/signing.py (sign, email, confirm), with reader threads
   polling the petition page, its JSON and count.json, and one app server killed (SIGKILL,
   its whole process group: the machine lost) halfway;
3. wrk on each public page, through the balancer and straight to the surviving server.

It prints confirmed per second, reads per second, errors seen by signers and readers,
whether each email was sent once, whether the kept count equals a recount (and count.json
says it), how the burst was held, and CPU per confirmed signature by process. The benchmark's
own address (127.0.0.1) and its signers' mail domain are on the allow list, as a campaign's
office would put them; the burst's address is not.
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from urllib.parse import urlencode

from aiosmtpd.controller import Controller
from signing import (
    CREATE_PETITION,
    DOORSTEP,
    HOST,
    PG_DB,
    REDIS_URL,
    Browser,
    HttpError,
    Inbox,
    Processes,
    Results,
    database,
    free_port,
    machine_busy_seconds,
    percentile,
    proc_cpu_seconds,
    proc_table,
    process_tree,
    redis_flush,
    run_command,
    run_signer,
    server_env,
    wait_until_up,
)

ROOT = Path(__file__).resolve().parent.parent
HAPROXY_CFG = ROOT / "deploy" / "haproxy.cfg"
BURST_ADDRESS = "127.0.0.77"
BURST_DOMAIN = "burst.example.net"
COUNTS = """
from doorstep.petitions.models import Petition
from doorstep.signatures.models import Signature
from doorstep.signatures.selectors.counts import petition_counts
p = Petition.objects.get(pk={petition_id})
kept = petition_counts(petition=p).total
recount = Signature.objects.filter(petition=p, state__in=Signature.COUNTED_STATES).count()
burst = dict.fromkeys(Signature.State.values, 0)
for state in Signature.objects.filter(petition=p, email__endswith="@{domain}").values_list("state", flat=True):
    burst[state] += 1
print("COUNTS=" + __import__("json").dumps({{"kept": kept, "recount": recount, "burst": burst}}))
"""


class CountingInbox(Inbox):
    """The signing benchmark's inbox, also counting the emails each address received."""

    def __init__(self) -> None:
        super().__init__()
        self.per_address: Counter[str] = Counter()

    async def handle_DATA(self, server, session, envelope):  # aiosmtpd calls it by this name
        with self.lock:
            self.per_address.update(rcpt.lower() for rcpt in envelope.rcpt_tos)
        return await super().handle_DATA(server, session, envelope)


def ensure_tools() -> None:
    """HAProxy and wrk from Debian's packages, installed when missing."""
    missing = [package for package in ("haproxy", "wrk") if shutil.which(package) is None]
    if missing:
        subprocess.run(["apt-get", "install", "-y", "--no-install-recommends", *missing], check=True)


def burst(port: int, petition_id: int, count: int) -> Counter[int]:
    """`count` sign POSTs from BURST_ADDRESS, each a new connection (so round robin splits them)."""
    statuses: Counter[int] = Counter()
    path = f"/petitions/{petition_id}/sign"
    for n in range(count):
        conn = http.client.HTTPConnection(HOST, port, timeout=30, source_address=(BURST_ADDRESS, 0))
        form = {"name": f"Burst {n}", "email": f"burst{n}@{BURST_DOMAIN}", "country": "GB", "postcode": "RM10 7XX"}
        headers = {"Content-Type": "application/x-www-form-urlencoded", "Origin": f"http://{HOST}:{port}"}
        try:
            conn.request("POST", path, body=urlencode(form), headers=headers)
            statuses[conn.getresponse().status] += 1
        except (OSError, http.client.HTTPException):
            statuses[0] += 1
        finally:
            conn.close()
    return statuses


def read_loop(port: int, paths: list[str], stop: threading.Event, tally: Counter[str], lock: threading.Lock) -> None:
    """One poller: GET each public page in turn until told to stop."""
    browser = Browser(port, 30)
    n = 0
    while not stop.is_set():
        path = paths[n % len(paths)]
        n += 1
        try:
            status, _, _ = browser.request("GET", path)
            outcome = "ok" if status == 200 else f"status {status}"
        except HttpError:
            outcome = "connection"
        with lock:
            tally[outcome] += 1
    browser.close()


def wrk(url: str, seconds: float, connections: int) -> float:
    """Requests per second wrk reaches on one URL (no cookies: what pollers and readers send)."""
    out = subprocess.run(
        ["wrk", "-t2", f"-c{connections}", f"-d{seconds:.0f}s", url], capture_output=True, text=True, timeout=120
    ).stdout
    match = re.search(r"Requests/sec:\s+([\d.]+)", out)
    non_2xx = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    if non_2xx:
        print(f"  wrk {url}: {non_2xx.group(1)} answers not 2xx/3xx")
    return float(match.group(1)) if match else 0.0


def start_cluster(procs: Processes, env: dict[str, str], ports: dict[str, int], args: argparse.Namespace) -> dict:
    """Two app servers, two workers, HAProxy; returns the process groups to measure."""
    started = {}
    for n in (1, 2):
        data = Path(env["DOORSTEP_DATA_DIR"]) / f"app{n}"
        data.mkdir()
        app_env = {**env, "DOORSTEP_DATA_DIR": str(data), "XDG_RUNTIME_DIR": str(data)}
        argv = [DOORSTEP, "serve", "--bind", f"{HOST}:{ports[f'app{n}']}", "--workers", str(args.web_workers)]
        started[f"app{n}"] = procs.start(f"app{n}", argv, app_env)
        started[f"worker{n}"] = procs.start(f"worker{n}", [DOORSTEP, "worker", "--worker-id", f"cluster-{n}"], env)
    haproxy_env = {
        **os.environ,
        "DOORSTEP_HTTP_BIND": f"{HOST}:{ports['balancer']}",
        "DOORSTEP_APP1": f"{HOST}:{ports['app1']}",
        "DOORSTEP_APP2": f"{HOST}:{ports['app2']}",
        "DOORSTEP_STATS_BIND": f"{HOST}:{ports['stats']}",
    }
    haproxy_env.pop("DOORSTEP_TLS_CERT", None)
    # -W: master-worker, so killing the process group stops it; -db: stay in the foreground.
    started["haproxy"] = procs.start("haproxy", ["haproxy", "-W", "-db", "-f", str(HAPROXY_CFG)], haproxy_env)
    return started


def cpu_snapshot(groups: dict[str, list[int]]) -> dict[str, float]:
    """CPU seconds so far: each measured process by pid (`name:pid`), PostgreSQL's backends,
    Redis, this benchmark, and the whole machine."""
    snapshot = {f"{name}:{pid}": proc_cpu_seconds(pid) for name, pids in groups.items() for pid in pids}
    for pid, (_, name) in proc_table().items():
        if name.startswith("postgres"):
            snapshot[f"postgres:{pid}"] = proc_cpu_seconds(pid)
        elif name == "redis-server":
            snapshot[f"redis:{pid}"] = proc_cpu_seconds(pid)
    own = os.times()
    snapshot["bench:0"] = own.user + own.system
    snapshot["machine:0"] = machine_busy_seconds()
    return snapshot


def cpu_used(before: dict[str, float], *later: dict[str, float]) -> dict[str, float]:
    """CPU seconds each kind of process used between `before` and the last of `later` (a
    process killed on the way counts what it had used when last seen)."""
    last: dict[str, float] = {}
    for snapshot in later:
        last.update({key: value for key, value in snapshot.items() if value or key not in last})
    used: Counter[str] = Counter()
    for key, value in last.items():
        used[key.split(":")[0]] += value - before.get(key, 0.0)
    machine = used.pop("machine")
    used["other"] = max(0.0, machine - sum(used.values()))
    return dict(used)


def posts_served(work: Path, petition_id: int) -> dict[str, int]:
    """Sign POSTs in each app server's access log so far."""
    needle = f'"POST /petitions/{petition_id}/sign '
    return {name: (work / f"{name}.log").read_text(errors="replace").count(needle) for name in ("app1", "app2")}


def sign_through(args, port: int, petition_id: int, inbox: Inbox, kill: callable) -> tuple[Results, float, dict]:  # type: ignore[valid-type]
    """The signing benchmark through the balancer with pollers alongside; `kill` halfway."""
    results = Results()
    stop, lock, reads = threading.Event(), threading.Lock(), Counter[str]()
    pages = [f"/petitions/{petition_id}", f"/petitions/{petition_id}.json", f"/petitions/{petition_id}/count.json"]
    pollers = [
        threading.Thread(target=read_loop, args=(port, pages, stop, reads, lock), daemon=True)
        for _ in range(args.pollers)
    ]
    for poller in pollers:
        poller.start()
    deadline = time.monotonic() + args.time_limit
    started = time.perf_counter()
    killed = threading.Event()

    def one(i: int) -> None:
        if i == args.signers // 2 and not killed.is_set():
            killed.set()
            kill()
        run_signer(
            i,
            tag=f"cluster{os.getpid()}",
            port=port,
            petition_id=petition_id,
            inbox=inbox,
            results=results,
            deadline=deadline,
            email_timeout=args.email_timeout,
            http_timeout=60,
        )

    with ThreadPoolExecutor(max_workers=args.concurrency) as pool:
        list(pool.map(one, range(args.signers)))
    wall = time.perf_counter() - started
    stop.set()
    for poller in pollers:
        poller.join(timeout=35)
    return results, wall, dict(reads)


def run(args: argparse.Namespace) -> None:
    ensure_tools()
    work = Path(tempfile.mkdtemp(prefix="doorstep-cluster-"))
    ports = {name: free_port() for name in ("app1", "app2", "balancer", "stats", "smtp")}
    inbox = CountingInbox()
    controller = Controller(inbox, hostname=HOST, port=ports["smtp"])
    procs = Processes(work)
    try:
        with database("postgres", f"{PG_DB}_cluster") as database_url:
            redis_flush(REDIS_URL)
            env = server_env(
                data_dir=work,
                port=ports["balancer"],
                smtp_port=ports["smtp"],
                database_url=database_url,
                redis_url=REDIS_URL,
            )
            env.update(SECRET_KEY="bench-cluster-only-" + "x" * 40, DOORSTEP_PROXY_ADDRESSES=HOST)
            run_command([DOORSTEP, "migrate", "--noinput"], env, 300)
            out = run_command([DOORSTEP, "shell", "-c", CREATE_PETITION], env, 120)
            petition_id = int(re.search(r"PETITION_ID=(\d+)", out).group(1))  # type: ignore[union-attr]
            controller.start()
            started = start_cluster(procs, env, ports, args)
            for name in ("app1", "app2", "balancer"):
                wait_until_up(ports[name], petition_id, procs, 90)
            time.sleep(2.5)  # HAProxy's health checks see both servers up (rise 2, inter 1 s)

            statuses = burst(ports["balancer"], petition_id, args.burst)
            table = proc_table()
            groups = {name: process_tree(proc.pid, table) for name, proc in started.items()}
            groups = {
                "web": groups["app1"] + groups["app2"],
                "worker": groups["worker1"] + groups["worker2"],
                "haproxy": groups["haproxy"],
            }
            split = posts_served(work, petition_id)
            before = cpu_snapshot(groups)
            at_kill: list[dict[str, float]] = []

            def kill() -> None:
                at_kill.append(cpu_snapshot(groups))
                os.killpg(started["app1"].pid, signal.SIGKILL)

            results, wall, reads = sign_through(args, ports["balancer"], petition_id, inbox, kill)
            used = cpu_used(before, *at_kill, cpu_snapshot(groups))
            time.sleep(3)  # the last emails' outcomes recorded
            counts = json.loads(
                re.search(  # type: ignore[union-attr]
                    r"COUNTS=(.*)",
                    run_command(
                        [DOORSTEP, "shell", "-c", COUNTS.format(petition_id=petition_id, domain=BURST_DOMAIN)], env, 120
                    ),
                ).group(1)
            )
            time.sleep(11)  # every copy of count.json has expired
            status, _, text = Browser(ports["balancer"], 10).request("GET", f"/petitions/{petition_id}/count.json")
            polled = json.loads(text)["signature_count"] if status == 200 else None
            rates = {}
            for label, port in (("balancer", ports["balancer"]), ("app2 alone", ports["app2"])):
                for page in ("", ".json", "/count.json"):
                    url = f"http://{HOST}:{port}/petitions/{petition_id}{page}"
                    rates[(label, page or " page")] = wrk(url, args.read_seconds, args.wrk_connections)
            report(args, results, wall, reads, used, counts, polled, (statuses, split), inbox, rates)
    finally:
        procs.stop_all()
        try:
            controller.stop()
        except Exception:  # noqa: S110 - stopping the sink on the way out
            pass
        if not args.keep:
            shutil.rmtree(work, ignore_errors=True)
        else:
            print(f"logs kept in {work}")


def report(args, results, wall, reads, used, counts, polled, burst_seen, inbox, rates) -> None:  # type: ignore[no-untyped-def]
    confirmed = results.confirmed
    per = 1000 / max(1, confirmed)
    signers = {f"signer{i}.cluster{os.getpid()}@example.org" for i in range(args.signers)}
    got = {address: n for address, n in inbox.per_address.items() if address in signers}
    print(
        f"\n=== cluster: 2 app servers x {args.web_workers} workers x {os.environ.get('WEB_THREADS', '4')} threads, "
        f"2 workers, PostgreSQL + Redis, HAProxy; {args.signers} signers, {args.concurrency} at once, "
        f"{args.pollers} pollers; app1 killed (SIGKILL) at signer {args.signers // 2} ==="
    )
    print(f"confirmed signatures      {confirmed} of {args.signers} in {wall:.1f} s: {confirmed / wall:.1f}/s")
    print(f"sign POST p50/p99         {percentile(results.sign_ms, 50):.0f} / {percentile(results.sign_ms, 99):.0f} ms")
    print(f"errors seen by signers    {sum(results.errors.values())} {results.errors or ''}")
    if results.first_error:
        print(f"first error               {results.first_error}")
    print(f"reads while signing       {sum(reads.values()) / wall:.1f}/s by {args.pollers} pollers {reads}")
    print(
        f"emails                    {len(got)} signers got theirs; {sum(1 for n in got.values() if n > 1)} got more"
        f" than one; {inbox.received} sent in all"
    )
    print(
        f"kept count {counts['kept']}, recount {counts['recount']}, count.json {polled}: "
        f"{'equal' if counts['kept'] == counts['recount'] == polled == confirmed else 'NOT EQUAL'}"
    )
    burst, (statuses, split) = counts["burst"], burst_seen
    print(
        f"burst from one address    {args.burst} sign POSTs (answers {dict(statuses)}; app1 {split['app1']},"
        f" app2 {split['app2']}): "
        f"{burst.get('suspect', 0)} held, {burst.get('pending', 0)} not (limit DOORSTEP_IP_BURST_LIMIT, 10: "
        f"shared counters hold them all once it is passed; counters per server would hold none)"
    )
    print("reads per second (wrk, no cookie):")
    for (label, page), rate in rates.items():
        print(f"  {label:<12} {page:<12} {rate:>9.0f}")
    print(
        "CPU seconds (ms per confirmed signature): "
        + ", ".join(f"{k} {v:.1f} ({v * per:.1f})" for k, v in used.items())
        + f"; load average {' '.join(f'{x:.1f}' for x in os.getloadavg())}"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--signers", type=int, default=1000)
    parser.add_argument("--concurrency", type=int, default=32)
    parser.add_argument("--web-workers", type=int, default=2, help="gunicorn workers per app server (default 2)")
    parser.add_argument("--pollers", type=int, default=4, help="threads reading public pages while signing")
    parser.add_argument("--burst", type=int, default=24, help="sign POSTs from one address (default 24)")
    parser.add_argument("--read-seconds", type=float, default=8)
    parser.add_argument("--wrk-connections", type=int, default=64)
    parser.add_argument("--time-limit", type=float, default=600)
    parser.add_argument("--email-timeout", type=float, default=120)
    parser.add_argument("--keep", action="store_true", help="keep the logs")
    args = parser.parse_args()
    for sig in (signal.SIGTERM, signal.SIGHUP):
        signal.signal(sig, lambda signum, frame: sys.exit(128 + signum))
    run(args)


if __name__ == "__main__":
    main()
