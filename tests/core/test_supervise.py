"""The supervisor `doorstep demo` runs its children with: restarts, and stops on signals."""

import os
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from doorstep.core.supervise import Supervisor

SLEEPER = [sys.executable, "-c", "import time; time.sleep(600)"]


def alive(pid: int) -> bool:
    """Running (a zombie waiting for its parent to read its exit status is not)."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except FileNotFoundError:
        return False
    return stat.rsplit(")", 1)[1].split()[0] != "Z"


def wait_for(condition, what: str, limit: float = 30.0) -> None:
    deadline = time.monotonic() + limit
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError(f"gave up waiting for {what}")
        time.sleep(0.05)


def test_a_child_that_dies_is_started_again_and_all_stop_at_the_end():
    said: list[str] = []
    supervisor = Supervisor({"web server": SLEEPER, "worker": SLEEPER}, say=said.append, poll=0.05)
    runner = threading.Thread(target=supervisor.run, kwargs={"handle_signals": False})
    runner.start()
    try:
        web, worker = supervisor.children
        wait_for(lambda: web.pids and worker.pids, "both children to start")
        first = worker.pids[0]
        os.kill(first, signal.SIGKILL)
        wait_for(lambda: len(worker.pids) == 2, "the worker to be started again")
        assert worker.restarts == 1 and web.restarts == 0
        assert alive(worker.pids[1])
        assert said == ["The worker stopped (exit status -9); starting it again in 1 s."]
    finally:
        supervisor.stop()
        runner.join(timeout=30)
    assert not runner.is_alive()
    assert not any(alive(pid) for pid in web.pids + worker.pids)


SUPERVISED = """
import sys
from doorstep.core.supervise import Supervisor
sleeper = [sys.executable, "-c", "import time; time.sleep(600)"]
supervisor = Supervisor({"a": sleeper, "b": sleeper}, poll=0.05)
supervisor.run(on_started=lambda: print(*[c.process.pid for c in supervisor.children], flush=True))
"""


@pytest.mark.parametrize("stop", [signal.SIGTERM, signal.SIGINT, signal.SIGHUP])
def test_a_stop_signal_stops_every_child(stop):
    supervisor = subprocess.Popen([sys.executable, "-c", SUPERVISED], stdout=subprocess.PIPE, text=True)  # noqa: S603
    try:
        pids = [int(pid) for pid in supervisor.stdout.readline().split()]  # type: ignore[union-attr]
        assert len(pids) == 2 and all(alive(pid) for pid in pids)
        supervisor.send_signal(stop)
        assert supervisor.wait(timeout=30) == 0
        wait_for(lambda: not any(alive(pid) for pid in pids), "the children to stop", limit=10)
    finally:
        if supervisor.poll() is None:
            supervisor.kill()
