import uuid
from dataclasses import replace
from datetime import UTC, datetime, timedelta

import pytest

from doorstep.trust.counters import counter_hit, counters_expire
from doorstep.trust.models import RateCounter

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("store", ["database", "cache"])
def test_counters_count_within_a_window_and_start_again_in_the_next(settings, store):
    settings.DOORSTEP = replace(settings.DOORSTEP, counter_store=store)
    key, other = uuid.uuid4().hex, uuid.uuid4().hex
    start = datetime.fromtimestamp(1_000_000_200, tz=UTC)  # on a 600-second boundary
    assert [counter_hit(key=key, seconds=600, now=start + timedelta(seconds=i)) for i in range(3)] == [1, 2, 3]
    assert counter_hit(key=other, seconds=600, now=start) == 1
    assert counter_hit(key=key, seconds=600, now=start + timedelta(seconds=599)) == 4
    assert counter_hit(key=key, seconds=600, now=start + timedelta(seconds=600)) == 1


def test_the_database_store_is_the_default_without_redis(settings):
    # The test settings have no REDIS_URL unless the PostgreSQL+Redis run sets it.
    assert settings.DOORSTEP.counter_store == ("cache" if settings.REDIS_URL else "database")


def test_expired_database_counters_are_deleted(settings):
    settings.DOORSTEP = replace(settings.DOORSTEP, counter_store="database")
    counter_hit(key="old", seconds=1, now=datetime.fromtimestamp(0, tz=UTC))
    RateCounter.objects.update(expires_at="2000-01-01T00:00:00Z")
    counter_hit(key="new", seconds=600)
    assert counters_expire() == 1
    assert RateCounter.objects.count() == 1


@pytest.mark.parametrize("store", ["database", "cache"])
def test_long_and_non_ascii_keys_are_counted_apart(settings, store):
    settings.DOORSTEP = replace(settings.DOORSTEP, counter_store=store)
    long_key = "domain:1:" + "a" * 300
    assert counter_hit(key=long_key, seconds=600) == 1
    assert counter_hit(key=long_key, seconds=600) == 2
    assert counter_hit(key="domain:1:bücher.example", seconds=600) == 1
    assert counter_hit(key="domain:1:bucher.example", seconds=600) == 1


def test_the_database_keeps_no_ip_address_in_its_counters(settings):
    settings.DOORSTEP = replace(settings.DOORSTEP, counter_store="database")
    counter_hit(key="ip:1:192.0.2.55", seconds=600)
    assert "192.0.2.55" not in RateCounter.objects.get().key


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("store", ["database", "cache"])
def test_counters_stay_exact_when_many_servers_count_at_once(settings, store):
    """Threads stand in for app servers: each hit is counted once, none lost."""
    from concurrent.futures import ThreadPoolExecutor

    from django.db import connection

    settings.DOORSTEP = replace(settings.DOORSTEP, counter_store=store)
    key = uuid.uuid4().hex

    def hit(_):
        try:
            return counter_hit(key=key, seconds=3600, now=datetime.fromtimestamp(1_000_000_800, tz=UTC))
        finally:
            connection.close()

    with ThreadPoolExecutor(max_workers=6) as pool:
        counts = list(pool.map(hit, range(60)))
    assert sorted(counts) == list(range(1, 61))
