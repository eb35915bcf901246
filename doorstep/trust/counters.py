"""Fixed-window counters shared by every app server.

At scale they live in Django's cache (Redis); in the embedded mode the cache is
per process, so they live in a database table instead. settings.DOORSTEP.counter_store
chooses ("cache" or "database").
"""

import hashlib
from datetime import datetime, timedelta

from django.conf import settings
from django.core.cache import cache
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone

from .models import RateCounter


def counter_hit(*, key: str, seconds: int, now: datetime | None = None) -> int:
    """Add one to `key` in the current window of `seconds` (windows start on whole
    multiples of `seconds` since the epoch); return the new count."""
    window = int((now or timezone.now()).timestamp() // seconds)
    # Keys name IP addresses and domains: store only a hash of them (short and plain too,
    # for the table column and any cache backend).
    key = hashlib.sha256(key.encode()).hexdigest()[:40]
    if settings.DOORSTEP.counter_store == "cache":
        cache_key = f"trust:{key}:{seconds}:{window}"
        # add() is atomic: only the first caller in a window creates the key.
        cache.add(cache_key, 0, timeout=seconds + 60)
        try:
            return cache.incr(cache_key)
        except ValueError:  # expired between add and incr
            cache.add(cache_key, 1, timeout=seconds + 60)
            return 1
    db_key = f"{key}:{seconds}"
    rows = RateCounter.objects.filter(key=db_key, window=window)
    with transaction.atomic():
        if rows.update(count=F("count") + 1):
            return rows.values_list("count", flat=True).get()
        try:
            with transaction.atomic():
                RateCounter.objects.create(
                    key=db_key,
                    window=window,
                    count=1,
                    expires_at=timezone.now() + timedelta(seconds=seconds + 60),
                )
            return 1
        except IntegrityError:
            rows.update(count=F("count") + 1)
            return rows.values_list("count", flat=True).get()


def counters_expire() -> int:
    """Delete database counters whose window has passed. Returns how many."""
    deleted, _ = RateCounter.objects.filter(expires_at__lt=timezone.now()).delete()
    return deleted
