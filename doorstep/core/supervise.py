"""A small process supervisor for the embedded mode (`doorstep demo`): it runs the web
server and the worker, starts again whichever exits, and stops both on SIGTERM, SIGINT
or SIGHUP. (In production systemd does this job: see deploy/.)"""

import ctypes
import logging
import os
import signal
import subprocess
import time
from collections.abc import Callable, Mapping
from contextlib import suppress
from dataclasses import dataclass, field
from types import FrameType

logger = logging.getLogger(__name__)

STOP_SIGNALS = (signal.SIGTERM, signal.SIGINT, signal.SIGHUP)
# A child that ran this long before exiting is started again at once; one that dies
# sooner waits 1, 2, 4... up to 30 s, so a child that cannot start does not spin.
STEADY_SECONDS = 10.0
MAX_RESTART_DELAY = 30.0
PR_SET_PDEATHSIG = 1


try:
    _LIBC: ctypes.CDLL | None = ctypes.CDLL(None, use_errno=True)
except OSError:  # pragma: no cover - not Linux
    _LIBC = None


def _die_with_supervisor() -> None:
    """In the child before it runs: SIGTERM if the supervisor itself dies (Linux)."""
    if _LIBC is not None:
        with suppress(AttributeError):
            _LIBC.prctl(PR_SET_PDEATHSIG, signal.SIGTERM)


@dataclass
class Child:
    name: str
    argv: list[str]
    process: subprocess.Popen | None = None
    started_at: float = 0.0
    restarts: int = 0
    quick_deaths: int = 0
    start_after: float = 0.0
    pids: list[int] = field(default_factory=list)


class Supervisor:
    def __init__(
        self,
        children: Mapping[str, list[str]],
        *,
        env: Mapping[str, str] | None = None,
        say: Callable[[str], None] = logger.warning,
        poll: float = 0.5,
    ) -> None:
        self.children = [Child(name=name, argv=list(argv)) for name, argv in children.items()]
        self.env = dict(env) if env is not None else None
        self.say = say
        self.poll = poll
        self.stopping = False

    def stop(self, signum: int | None = None, frame: FrameType | None = None) -> None:
        """Ask the supervisor to stop its children and return (a signal handler too)."""
        self.stopping = True

    def run(self, *, handle_signals: bool = True, on_started: Callable[[], None] | None = None) -> None:
        """Start every child, keep them running until stop() or a stop signal, then stop them."""
        previous = {sig: signal.signal(sig, self.stop) for sig in STOP_SIGNALS} if handle_signals else {}
        try:
            for child in self.children:
                self._start(child)
            if on_started is not None:
                on_started()
            while not self.stopping:
                time.sleep(self.poll)
                for child in self.children:
                    if not self.stopping:
                        self._check(child)
        finally:
            self.stop_all()
            for sig, handler in previous.items():
                signal.signal(sig, handler)

    def _start(self, child: Child) -> None:
        # Each child in its own process group: signals reach it only through the supervisor.
        child.process = subprocess.Popen(  # noqa: S603
            child.argv, env=self.env, start_new_session=True, preexec_fn=_die_with_supervisor
        )
        child.started_at = time.monotonic()
        child.pids.append(child.process.pid)

    def _check(self, child: Child) -> None:
        if child.process is None:  # waiting to be started again
            if time.monotonic() >= child.start_after:
                self._start(child)
            return
        code = child.process.poll()
        if code is None:
            return
        ran = time.monotonic() - child.started_at
        child.quick_deaths = child.quick_deaths + 1 if ran < STEADY_SECONDS else 0
        delay = min(MAX_RESTART_DELAY, 2.0 ** (child.quick_deaths - 1)) if child.quick_deaths else 0.0
        self.say(f"The {child.name} stopped (exit status {code}); starting it again in {delay:.0f} s.")
        child.process = None
        child.restarts += 1
        child.start_after = time.monotonic() + delay
        if not delay:
            self._start(child)

    def stop_all(self, timeout: float = 15.0) -> None:
        """SIGTERM every child, wait up to `timeout` seconds, then SIGKILL what is left of
        each child's process group (a web server's own workers too)."""
        running = [c for c in self.children if c.process is not None and c.process.poll() is None]
        for child in running:
            with suppress(ProcessLookupError):
                child.process.send_signal(signal.SIGTERM)  # type: ignore[union-attr]
        deadline = time.monotonic() + timeout
        for child in running:
            with suppress(subprocess.TimeoutExpired):
                child.process.wait(timeout=max(0.1, deadline - time.monotonic()))  # type: ignore[union-attr]
        for child in self.children:
            if child.process is not None:
                with suppress(ProcessLookupError, PermissionError):
                    os.killpg(child.process.pid, signal.SIGKILL)
                with suppress(subprocess.TimeoutExpired):
                    child.process.wait(timeout=5)
