"""Simulating a worker that dies in the middle of a long job, without timed sleeps.

A SIGKILL runs no `finally`: the job lease is left behind (`killed()` keeps it) and runs
out later (`lease_expire` sets its time to the past)."""

import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import timedelta
from typing import Any

import pytest
from django.utils import timezone
from django_tasks_db.compat import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from doorstep.core import leases
from doorstep.core.models import JobLease


class WorkerKilled(BaseException):
    """Stands for the worker process dying (SIGKILL) between two instructions."""


@contextmanager
def killed() -> Iterator[None]:
    """The job raises WorkerKilled in the block (the immediate task backend records it as the
    task's failure instead): the process is killed, not stopped, so the lease of the job it
    was doing is not released (other leases, of jobs that ended before, are)."""
    release = leases.lease_release

    def release_unless_killed(*, lease: leases.Lease) -> None:
        if not isinstance(sys.exc_info()[1], WorkerKilled):
            release(lease=lease)

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(leases, "lease_release", release_unless_killed)
        try:
            yield
        except WorkerKilled:
            pass


def killed_at_call(work: Callable[..., Any], number: int) -> Callable[..., Any]:
    """`work`, except that its `number`-th call kills the worker (raises WorkerKilled) first."""
    calls = 0

    def dies(*args: Any, **kwargs: Any) -> Any:
        nonlocal calls
        calls += 1
        if calls == number:
            raise WorkerKilled
        return work(*args, **kwargs)

    return dies


def lease_expire(key: str) -> None:
    """The dead holder's lease runs out: its time is set to the past."""
    assert JobLease.objects.filter(key=key).update(expires_at=timezone.now() - timedelta(seconds=1)) == 1


def lease_held_elsewhere(key: str, *, seconds: float = 60) -> JobLease:
    """Another worker, alive, holds the job's lease."""
    now = timezone.now()
    return JobLease.objects.create(
        key=key, holder="elsewhere", taken_at=now, expires_at=now + timedelta(seconds=seconds)
    )


def task_claimed_by_dead_worker(result_id: str) -> DBTaskResult:
    """The queued task was claimed by a worker that died long ago (never heard from since)."""
    row = DBTaskResult.objects.get(pk=result_id)
    row.status = TaskResultStatus.RUNNING
    row.started_at = timezone.now() - timedelta(hours=1)
    row.worker_ids = ["killed"]
    row.save()
    return row
