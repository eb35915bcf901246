import uuid

import pytest

from doorstep.trust.counters import counter_hit, counters_expire
from doorstep.trust.models import RateCounter

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("store", ["database", "cache"])
def test_counters_count_within_a_window_and_start_again_in_the_next(settings, store):
    settings.DOORSTEP_COUNTER_STORE = store
    key, other = uuid.uuid4().hex, uuid.uuid4().hex
    start = 1_000_000_200.0  # on a 600-second boundary
    assert [counter_hit(key=key, seconds=600, now=start + i) for i in range(3)] == [1, 2, 3]
    assert counter_hit(key=other, seconds=600, now=start) == 1
    assert counter_hit(key=key, seconds=600, now=start + 600) == 1


def test_the_database_store_is_the_default_without_redis(settings):
    # The test settings have no REDIS_URL unless the PostgreSQL+Redis run sets it.
    assert settings.DOORSTEP_COUNTER_STORE == ("cache" if settings.REDIS_URL else "database")


def test_expired_database_counters_are_deleted(settings):
    settings.DOORSTEP_COUNTER_STORE = "database"
    counter_hit(key="old", seconds=1, now=0.0)
    RateCounter.objects.update(expires_at="2000-01-01T00:00:00Z")
    counter_hit(key="new", seconds=600)
    assert counters_expire() == 1
    assert list(RateCounter.objects.values_list("key", flat=True)) == ["new:600"]


@pytest.mark.parametrize("store", ["database", "cache"])
def test_long_and_non_ascii_keys_are_counted_apart(settings, store):
    settings.DOORSTEP_COUNTER_STORE = store
    long_key = "domain:1:" + "a" * 300
    assert counter_hit(key=long_key, seconds=600) == 1
    assert counter_hit(key=long_key, seconds=600) == 2
    assert counter_hit(key="domain:1:bücher.example", seconds=600) == 1
    assert counter_hit(key="domain:1:bucher.example", seconds=600) == 1
