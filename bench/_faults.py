"""The fault benchmark's tools: a TCP proxy it can cut, an SMTP sink it can stop and that
can kill the worker sending to it, a Redis of its own, and a second SQLite writer."""

from __future__ import annotations

import os
import signal
import socket
import sqlite3
import subprocess
import threading
import time
from collections.abc import Callable
from contextlib import suppress
from email import message_from_bytes
from pathlib import Path

from aiosmtpd.controller import Controller
from signing import CONFIRM_RE, HOST, body_text

# --------------------------------------------------------------------------- a TCP proxy


class Proxy:
    """Forwards 127.0.0.1:<port> to a target port. cut() closes every connection through it
    and refuses new ones (as a database restart or a lost network does) until restore()."""

    def __init__(self, target_port: int) -> None:
        self.target_port = target_port
        self.listener = socket.create_server((HOST, 0))
        self.port = self.listener.getsockname()[1]
        self.down = False
        self.lock = threading.Lock()
        self.open: set[socket.socket] = set()
        threading.Thread(target=self._accept, daemon=True).start()

    def _accept(self) -> None:
        while True:
            try:
                client, _ = self.listener.accept()
            except OSError:
                return
            if self.down:
                client.close()
                continue
            try:
                upstream = socket.create_connection((HOST, self.target_port))
            except OSError:
                client.close()
                continue
            with self.lock:
                self.open |= {client, upstream}
            threading.Thread(target=self._pump, args=(client, upstream), daemon=True).start()
            threading.Thread(target=self._pump, args=(upstream, client), daemon=True).start()

    def _pump(self, source: socket.socket, sink: socket.socket) -> None:
        try:
            while data := source.recv(65536):
                sink.sendall(data)
        except OSError:
            pass
        finally:
            self._close(source, sink)

    def _close(self, *sockets: socket.socket) -> None:
        for sock in sockets:
            with suppress(OSError):
                sock.shutdown(socket.SHUT_RDWR)
            sock.close()
            with self.lock:
                self.open.discard(sock)

    def cut(self) -> None:
        self.down = True
        with self.lock:
            sockets = list(self.open)
        self._close(*sockets)

    def restore(self) -> None:
        self.down = False


# --------------------------------------------------------------------------- the SMTP sink


def socket_owner(local_port: int, pids: list[int]) -> int | None:
    """Which of `pids` owns the TCP socket bound to 127.0.0.1:local_port (from /proc)."""
    wanted = f"0100007F:{local_port:04X}"
    inode = None
    for line in Path("/proc/net/tcp").read_text().splitlines()[1:]:
        fields = line.split()
        if fields[1] == wanted:
            inode = fields[9]
            break
    if inode is None:
        return None
    for pid in pids:
        with suppress(OSError):
            for fd in Path(f"/proc/{pid}/fd").iterdir():
                with suppress(OSError):
                    if os.readlink(fd) == f"socket:[{inode}]":
                        return pid
    return None


class Sink:
    """An SMTP server (aiosmtpd) that records each signer's confirmation link. When armed,
    it SIGKILLs the worker sending the next email, mid-send, and drops that email: only
    the task's lease can then get the signer their link."""

    def __init__(self, port: int, on_first: Callable[[str, str], None], workers: Callable[[], list[int]]) -> None:
        self.port = port
        self.on_first = on_first
        self.workers = workers
        self.lock = threading.Lock()
        self.received: dict[str, int] = {}
        self.kill_armed = threading.Event()
        self.killed = threading.Event()
        self.before_kill: Callable[[int], None] = lambda pid: None
        self.controller: Controller | None = None

    def start(self) -> None:
        self.controller = Controller(self, hostname=HOST, port=self.port)
        self.controller.start()

    def stop(self) -> None:
        if self.controller is not None:
            self.controller.stop()
            self.controller = None

    async def handle_DATA(self, server, session, envelope):  # aiosmtpd calls it by this name
        if self.kill_armed.is_set():
            pid = socket_owner(session.peer[1], self.workers())
            if pid is not None:
                self.before_kill(pid)
                os.kill(pid, signal.SIGKILL)
                self.kill_armed.clear()
                self.killed.set()
                return "451 4.3.0 The sender went away"
        match = CONFIRM_RE.search(body_text(message_from_bytes(envelope.original_content or envelope.content)))
        for rcpt in envelope.rcpt_tos:
            key = rcpt.lower()
            with self.lock:
                self.received[key] = self.received.get(key, 0) + 1
                first = self.received[key] == 1
            if match and first:
                self.on_first(key, match.group(1))
        return "250 Message accepted for delivery"


# --------------------------------------------------------------------------- Redis, SQLite


class Redis:
    """A redis-server of the benchmark's own, on a free port (never the machine's shared one)."""

    def __init__(self, port: int, log_dir: Path) -> None:
        self.port = port
        self.log = log_dir / "redis.log"
        self.process: subprocess.Popen | None = None

    def start(self) -> None:
        argv = ["redis-server", "--port", str(self.port), "--bind", HOST, "--save", "", "--appendonly", "no"]
        self.process = subprocess.Popen(argv, stdout=self.log.open("ab"), stderr=subprocess.STDOUT)
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            with suppress(OSError), socket.create_connection((HOST, self.port), timeout=1):
                return
            time.sleep(0.05)
        raise RuntimeError(f"redis-server did not start; see {self.log}")

    def stop(self) -> None:
        if self.process is not None:
            self.process.terminate()
            self.process.wait(timeout=10)
            self.process = None


def sqlite_lock(path: Path, seconds: float) -> None:
    """Hold SQLite's write lock from another connection for `seconds` (a backup, a second program)."""
    other = sqlite3.connect(path, isolation_level=None, timeout=30)
    try:
        other.execute("BEGIN EXCLUSIVE")
        time.sleep(seconds)
        other.execute("ROLLBACK")
    finally:
        other.close()
