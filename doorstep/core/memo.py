"""Short per-process caches for what every signer's request reads and staff seldom change
(the kill switches, the block and allow lists, a petition).

Each process keeps the value for `seconds` (settings.DOORSTEP.local_cache_seconds) instead
of asking the database on every request. A change made through Doorstep clears the copy
of the process that made it at once (the owning app's receivers call `clear`); every other
process, on this machine or another, sees it within `seconds`. Never for anything a signer
typed, nor for the kept counts.
"""

import threading
import time
from collections.abc import Callable, Hashable
from typing import Generic, TypeVar

from django.conf import settings

K = TypeVar("K", bound=Hashable)
T = TypeVar("T")

# How to empty every memo of this process (and core.pages' copies), for `local_copies_clear`.
_CLEARS: list[Callable[[], None]] = []
# A memo holding more keys than this (many petitions read at once) starts afresh.
MAX_KEYS = 1000


class Memo(Generic[K, T]):
    """`load(key)`, kept for a few seconds per key. Thread-safe; a value of None is kept too."""

    def __init__(self, load: Callable[[K], T]) -> None:
        self.load = load
        self.values: dict[K, tuple[float, T]] = {}
        self.lock = threading.Lock()
        register_clear(self.clear)

    def get(self, key: K) -> T:
        seconds = settings.DOORSTEP.local_cache_seconds
        now = time.monotonic()
        kept = self.values.get(key)
        if kept is not None and kept[0] > now:
            return kept[1]
        value = self.load(key)
        if seconds > 0:
            with self.lock:
                if len(self.values) >= MAX_KEYS:
                    self.values.clear()
                self.values[key] = (now + seconds, value)
        return value

    def clear(self, key: K | None = None) -> None:
        """Forget `key` (or, without one, every key), so this process reads it afresh next time."""
        with self.lock:
            if key is None:
                self.values.clear()
            else:
                self.values.pop(key, None)


def register_clear(clear: Callable[[], None]) -> None:
    """`clear` empties a per-process cache: `local_copies_clear` calls it."""
    _CLEARS.append(clear)


def local_copies_clear() -> None:
    """Empty every memo of this process (the tests do, before each test)."""
    for clear in _CLEARS:
        clear()
