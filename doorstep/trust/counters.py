"""Fixed-window counters shared by every app server.

At scale they live in Redis (the cache's server); in the embedded mode the cache is
per process, so they live in a database table instead. settings.DOORSTEP.counter_store
chooses ("cache" or "database"). A signing attempt hits its six counters at once:
one Redis round trip (a pipeline), or one SQL statement (an upsert).
"""

import hashlib
from collections.abc import Iterable
from datetime import datetime, timedelta
from functools import cache as once

import redis
from django.conf import settings
from django.core.cache import cache
from django.utils import timezone

from doorstep.core.upsert import counts_add

from .models import RateCounter

REDIS_CACHE = "django.core.cache.backends.redis.RedisCache"


def _hashed(key: str) -> str:
    # Keys name IP addresses and domains: store only a hash of them (short and plain too,
    # for the table column and any cache backend).
    return hashlib.sha256(key.encode()).hexdigest()[:40]


def counter_hit(*, key: str, seconds: int, now: datetime | None = None) -> int:
    """Add one to `key` in the current window of `seconds` (windows start on whole
    multiples of `seconds` since the epoch); return the new count."""
    return counters_hit(hits=[(key, seconds)], now=now)[(key, seconds)]


def counters_hit(*, hits: Iterable[tuple[str, int]], now: datetime | None = None) -> dict[tuple[str, int], int]:
    """Add one to each (key, seconds) counter in its current window, all at once; return
    each new count. A counter named twice is counted once."""
    moment = now or timezone.now()
    wanted = {
        (key, seconds): (f"{_hashed(key)}:{seconds}", int(moment.timestamp() // seconds), seconds)
        for key, seconds in hits
    }
    if not wanted:
        return {}
    if settings.DOORSTEP.counter_store != "cache":
        counts = _database_hit(list(wanted.values()))
    elif (client := _redis()) is not None:
        counts = _redis_hit(client, list(wanted.values()))
    else:
        counts = _cache_hit(list(wanted.values()))
    return {hit: counts[(name, window)] for hit, (name, window, _seconds) in wanted.items()}


@once
def _redis_for(location: str) -> redis.Redis:
    # One client (and connection pool) per process; redis-py starts a new pool after a fork.
    return redis.Redis.from_url(location)


def _redis() -> redis.Redis | None:
    """The cache's Redis server, when the cache is Redis."""
    backend = settings.CACHES["default"]
    return _redis_for(backend["LOCATION"]) if backend["BACKEND"] == REDIS_CACHE else None


def _redis_hit(client: redis.Redis, counters: list[tuple[str, int, int]]) -> dict[tuple[str, int], int]:
    pipe = client.pipeline(transaction=False)
    for key, window, seconds in counters:
        name = f"doorstep:trust:{key}:{window}"
        pipe.incr(name)
        pipe.expire(name, seconds + 60)
    replies = pipe.execute()
    return {(key, window): int(count) for (key, window, _), count in zip(counters, replies[0::2], strict=True)}


def _cache_hit(counters: list[tuple[str, int, int]]) -> dict[tuple[str, int], int]:
    """Another cache backend (local memory, in tests): add() then incr(), key by key."""
    counts = {}
    for key, window, seconds in counters:
        name = f"trust:{key}:{window}"
        # add() is atomic: only the first caller in a window creates the key.
        cache.add(name, 0, timeout=seconds + 60)
        try:
            counts[(key, window)] = cache.incr(name)
        except ValueError:  # expired between add and incr
            cache.add(name, 1, timeout=seconds + 60)
            counts[(key, window)] = 1
    return counts


def _database_hit(counters: list[tuple[str, int, int]]) -> dict[tuple[str, int], int]:
    """One upsert for every counter (core.upsert)."""
    now = timezone.now()
    rows = [
        {"key": key, "window": window, "count": 1, "expires_at": now + timedelta(seconds=seconds + 60)}
        for key, window, seconds in sorted(counters)
    ]
    written = counts_add(model=RateCounter, conflict=("key", "window"), rows=rows, returning=("key", "window", "count"))
    return {(key, window): count for key, window, count in written}


def counters_expire() -> int:
    """Delete database counters whose window has passed. Returns how many."""
    deleted, _ = RateCounter.objects.filter(expires_at__lt=timezone.now()).delete()
    return deleted
