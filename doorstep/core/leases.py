"""Job leases: one holder at a time for a long job, and a way to tell a job whose holder died.

A long job (a hand-in bundle, a print batch, a bulk invalidation) takes the lease named
after it, renews it as it goes (each batch, each chunk), and releases it when done. If
the process doing it is killed, nobody renews the lease: once it expires the job may be
taken again (`Lease.taken_over` says so: resume, or start again from a clean state), and
`leases_expired` lists it for staff as stuck.

    with job_heartbeat(key=f"handin:{hand_in.pk}") as heartbeat:
        for chunk in chunks:
            build(chunk)
            heartbeat.beat()     # renews the lease every quarter of its length
"""

import os
import secrets
import socket
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone

from .models import JobLease


class LeaseHeld(Exception):
    """Somebody else holds an unexpired lease on this job, until `expires_at` unless renewed."""

    def __init__(self, key: str, expires_at: datetime | None = None) -> None:
        super().__init__(key)
        self.key = key
        self.expires_at = expires_at


class LeaseLost(Exception):
    """The lease expired and was taken by another holder: stop, the job is theirs now."""


@dataclass(frozen=True)
class Lease:
    key: str
    holder: str
    expires_at: datetime
    # The previous holder's lease had expired: it died part way, so its work may be half done.
    taken_over: bool = False


def lease_holder_name() -> str:
    """A name for this holder, unique among every process on every machine."""
    return f"{socket.gethostname()}:{os.getpid()}:{secrets.token_hex(4)}"


def lease_take(*, key: str, seconds: float, holder: str = "", now: datetime | None = None) -> Lease | None:
    """Take the lease on `key` for `seconds`, if nobody holds it or its holder's lease expired.
    None if another holder's lease is still running."""
    now = now or timezone.now()
    holder = holder or lease_holder_name()
    expires_at = now + timedelta(seconds=seconds)
    taken = JobLease.objects.filter(key=key, expires_at__lte=now).update(
        holder=holder, taken_at=now, expires_at=expires_at
    )
    if taken:
        return Lease(key=key, holder=holder, expires_at=expires_at, taken_over=True)
    try:
        with transaction.atomic():
            JobLease.objects.create(key=key, holder=holder, taken_at=now, expires_at=expires_at)
    except IntegrityError:
        return None
    return Lease(key=key, holder=holder, expires_at=expires_at)


def lease_renew(*, lease: Lease, seconds: float, now: datetime | None = None) -> Lease:
    """Hold the lease `seconds` longer. Raises LeaseLost if it expired and someone else took it."""
    now = now or timezone.now()
    expires_at = now + timedelta(seconds=seconds)
    if not JobLease.objects.filter(key=lease.key, holder=lease.holder).update(expires_at=expires_at):
        raise LeaseLost(lease.key)
    return Lease(key=lease.key, holder=lease.holder, expires_at=expires_at, taken_over=lease.taken_over)


def lease_release(*, lease: Lease) -> None:
    """The job is done (or gave up cleanly): the next one may start at once."""
    JobLease.objects.filter(key=lease.key, holder=lease.holder).delete()


def lease_alive(*, key: str, now: datetime | None = None) -> bool:
    """Is somebody doing the job `key` now (an unexpired lease)?"""
    return JobLease.objects.filter(key=key, expires_at__gt=now or timezone.now()).exists()


def leases_expired(*, prefix: str = "", now: datetime | None = None) -> list[JobLease]:
    """Jobs whose holder stopped renewing (it died): stuck until taken again. Oldest first."""
    leases = JobLease.objects.filter(expires_at__lte=now or timezone.now())
    if prefix:
        leases = leases.filter(key__startswith=prefix)
    return list(leases.order_by("expires_at"))


@contextmanager
def job_lease(*, key: str, seconds: float) -> Iterator[Lease]:
    """Hold the lease on `key` for the block; raises LeaseHeld if another holder has it.
    Released when the block ends, also on an error (a killed process leaves it to expire)."""
    lease = lease_take(key=key, seconds=seconds)
    if lease is None:
        raise LeaseHeld(key, JobLease.objects.filter(key=key).values_list("expires_at", flat=True).first())
    try:
        yield lease
    finally:
        lease_release(lease=lease)


class Heartbeat:
    """A long job's sign of life: `beat()` at each step of the job (a chunk, a batch, an
    email) renews its lease once a quarter of the lease has passed since the last renewal,
    so a step costs no write. Raises LeaseLost if another holder has taken the job (this
    one was too slow and was thought dead): stop, the job is theirs."""

    def __init__(self, lease: Lease, seconds: float) -> None:
        self.lease = lease
        self.seconds = seconds
        self.renewed = time.monotonic()

    @property
    def taken_over(self) -> bool:
        return self.lease.taken_over

    def beat(self) -> None:
        if time.monotonic() - self.renewed < self.seconds / 4:
            return
        self.lease = lease_renew(lease=self.lease, seconds=self.seconds)
        self.renewed = time.monotonic()


@contextmanager
def job_heartbeat(*, key: str, seconds: float | None = None) -> Iterator[Heartbeat]:
    """Hold the lease on the job `key` for the block, renewed by the heartbeat's beats; its
    length is DOORSTEP_TASK_LEASE_SECONDS unless given. Raises LeaseHeld if another holder
    has it. A process killed in the block leaves the lease to expire: the job is then
    taken again (or offered to staff to restart)."""
    seconds = seconds or settings.DOORSTEP.task_lease_seconds
    with job_lease(key=key, seconds=seconds) as lease:
        yield Heartbeat(lease, seconds)
