"""`doorstep demo` keeps its web server and worker running, and stops both when told to."""

import os
import signal
import socket
import subprocess
import sys
import urllib.request
from pathlib import Path

from doorstep.demo.management.commands.demo import demo_children
from tests.core.test_supervise import alive, wait_for


def children_of(pid: int) -> dict[int, str]:
    """pid -> command line of each process whose parent is `pid`."""
    found = {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
            cmdline = (entry / "cmdline").read_bytes().replace(b"\0", b" ").decode()
        except OSError:
            continue
        if int(stat.rsplit(")", 1)[1].split()[1]) == pid and stat.rsplit(")", 1)[1].split()[0] != "Z":
            found[int(entry.name)] = cmdline
    return found


def worker_pids(demo: int) -> list[int]:
    return [pid for pid, cmd in children_of(demo).items() if cmd.rstrip().endswith("worker")]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def answers(url: str) -> bool:
    try:
        with urllib.request.urlopen(url, timeout=2) as response:  # noqa: S310 - our own server
            return response.status == 200
    except OSError:
        return False


def test_the_demo_runs_the_same_commands_as_the_systemd_units():
    children = demo_children(host="127.0.0.1", port=8000)
    assert children["web server"][-5:] == ["serve", "--bind", "127.0.0.1:8000", "--workers", "2"]
    assert children["worker"][-1] == "worker"


def test_demo_restarts_a_child_that_died_and_stops_everything_on_sigterm(tmp_path):
    port = free_port()
    env = {**os.environ, "DOORSTEP_DATA_DIR": str(tmp_path), "DJANGO_SETTINGS_MODULE": "doorstep.settings"}
    for name in ("DATABASE_URL", "REDIS_URL", "EMAIL_URL"):
        env.pop(name, None)
    log = (tmp_path / "demo.log").open("wb")
    demo = subprocess.Popen(  # noqa: S603
        [sys.executable, "-m", "doorstep.cli", "demo", "--port", str(port)],
        env=env,
        cwd=tmp_path,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    try:
        wait_for(lambda: answers(f"http://127.0.0.1:{port}/healthz"), "the demo to serve", limit=120)
        workers = worker_pids(demo.pid)
        assert len(workers) == 1
        os.kill(workers[0], signal.SIGKILL)
        wait_for(lambda: worker_pids(demo.pid) not in ([], workers), "a new worker")
        everything = list(children_of(demo.pid))
        everything += [grandchild for child in everything for grandchild in children_of(child)]
        assert len(everything) >= 4  # gunicorn, its two workers, the worker
        demo.send_signal(signal.SIGTERM)
        assert demo.wait(timeout=60) == 0
        wait_for(lambda: not any(alive(pid) for pid in everything), "every child to stop", limit=20)
        assert not answers(f"http://127.0.0.1:{port}/healthz")
    finally:
        if demo.poll() is None:
            demo.kill()
        log.close()
