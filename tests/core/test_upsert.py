from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime

import pytest
from django.db import connection

from doorstep.core.upsert import counts_add
from doorstep.signatures.models import Tally
from doorstep.trust.models import RateCounter

EXPIRES = datetime(2030, 1, 1, tzinfo=UTC)


def rows(petition, *keys, count=1):
    return [
        {
            "petition_id": petition.pk,
            "channel": "online",
            "dimension": "district",
            "key": key,
            "shard": 0,
            "count": count,
        }
        for key in keys
    ]


@pytest.mark.django_db
def test_rows_are_made_then_added_to(petition):
    conflict = ("petition_id", "dimension", "key", "channel", "shard")
    counts_add(model=Tally, conflict=conflict, rows=rows(petition, "RM10", "IG1"))
    counts_add(model=Tally, conflict=conflict, rows=rows(petition, "RM10", count=3))
    counts_add(model=Tally, conflict=conflict, rows=rows(petition, "IG1", count=-1))
    assert dict(Tally.objects.values_list("key", "count")) == {"RM10": 4, "IG1": 0}
    assert counts_add(model=Tally, conflict=conflict, rows=[]) == []


@pytest.mark.django_db
def test_it_returns_what_it_wrote():
    written = counts_add(
        model=RateCounter,
        conflict=("key", "window"),
        rows=[{"key": "a", "window": 7, "count": 1, "expires_at": EXPIRES}],
        returning=("key", "window", "count"),
    )
    assert written == [("a", 7, 1)]
    again = counts_add(
        model=RateCounter,
        conflict=("key", "window"),
        rows=[{"key": "a", "window": 7, "count": 2, "expires_at": EXPIRES}],
        returning=("count",),
    )
    assert again == [(3,)]


@pytest.mark.django_db(transaction=True)
def test_many_writers_at_once_lose_nothing(petition):
    """Threads stand in for app servers adding to the same rows."""
    conflict = ("petition_id", "dimension", "key", "channel", "shard")

    def add(_):
        try:
            counts_add(model=Tally, conflict=conflict, rows=rows(petition, "E1", "RM10"))
        finally:
            connection.close()

    with ThreadPoolExecutor(max_workers=6) as pool:
        list(pool.map(add, range(60)))
    assert dict(Tally.objects.values_list("key", "count")) == {"E1": 60, "RM10": 60}
