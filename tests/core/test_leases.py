"""Job leases: one holder at a time, and a job whose holder died can be taken again."""

from datetime import timedelta

import pytest
from django.utils import timezone

from doorstep.core.leases import (
    LeaseHeld,
    LeaseLost,
    job_lease,
    lease_alive,
    lease_release,
    lease_renew,
    lease_take,
    leases_expired,
)

pytestmark = pytest.mark.django_db


def test_one_holder_at_a_time():
    first = lease_take(key="handin:1", seconds=60)
    assert first is not None and not first.taken_over
    assert lease_take(key="handin:1", seconds=60) is None
    assert lease_take(key="handin:2", seconds=60) is not None  # another job
    assert lease_alive(key="handin:1")
    lease_release(lease=first)
    assert not lease_alive(key="handin:1")
    assert lease_take(key="handin:1", seconds=60) is not None


def test_an_expired_lease_is_taken_over_and_its_old_holder_told():
    now = timezone.now()
    dead = lease_take(key="print:7", seconds=60, holder="killed", now=now)
    later = now + timedelta(seconds=61)
    assert not lease_alive(key="print:7", now=later)
    assert [lease.key for lease in leases_expired(prefix="print:", now=later)] == ["print:7"]
    successor = lease_take(key="print:7", seconds=60, holder="survivor", now=later)
    assert successor is not None and successor.taken_over
    with pytest.raises(LeaseLost):
        lease_renew(lease=dead, seconds=60, now=later)
    assert leases_expired(now=later) == []


def test_renewing_keeps_the_lease():
    now = timezone.now()
    lease = lease_take(key="invalidation:3", seconds=60, now=now)
    renewed = lease_renew(lease=lease, seconds=60, now=now + timedelta(seconds=50))
    assert renewed.expires_at == now + timedelta(seconds=110)
    assert lease_take(key="invalidation:3", seconds=60, now=now + timedelta(seconds=100)) is None


def test_job_lease_is_released_at_the_end_also_on_an_error():
    with job_lease(key="mailing:5", seconds=60) as lease:
        assert lease_alive(key="mailing:5")
        with pytest.raises(LeaseHeld), job_lease(key="mailing:5", seconds=60):
            pass
        lease_renew(lease=lease, seconds=60)
    assert not lease_alive(key="mailing:5")
    with pytest.raises(RuntimeError), job_lease(key="mailing:5", seconds=60):
        raise RuntimeError("the job failed")
    assert not lease_alive(key="mailing:5")
