"""Retries for background tasks.

The task backends run a task once; a task whose work may fail for a passing
reason (an SMTP server down) re-queues itself with a growing delay, and a long job
whose lease another worker holds waits for that lease to run out.
"""

import logging
from collections.abc import Callable
from datetime import timedelta
from typing import Any

from django.conf import settings
from django.utils import timezone
from django.utils.module_loading import import_string
from django_tasks.base import Task

from .leases import LeaseHeld, LeaseLost
from .selectors import task_waiting

logger = logging.getLogger(__name__)


def retry_delay(attempt: int) -> timedelta:
    """30 s, 2 min, 8 min, 32 min... between attempts."""
    return timedelta(seconds=30 * 4 ** (attempt - 1))


def run_with_retries(
    work: Callable[[], Any],
    *,
    task: Task[..., Any],
    attempt: int,
    max_attempts: int,
    retry_on: tuple[type[BaseException], ...],
    **task_kwargs: Any,
) -> None:
    """Run `work`; on a passing failure queue `task` again with attempt + 1, up to max_attempts."""
    try:
        work()
    except retry_on as exc:
        if attempt >= max_attempts:
            logger.error("%s failed for good after %s attempts: %s", task.name, attempt, exc)
            raise
        run_after = timezone.now() + retry_delay(attempt)
        logger.warning("%s attempt %s failed (%s); retrying at %s", task.name, attempt, exc, run_after)
        # A backend that cannot defer (the immediate one in tests) retries at once.
        later = task.using(run_after=run_after) if task.get_backend().supports_defer else task
        later.enqueue(attempt=attempt + 1, **task_kwargs)


def run_unless_held(work: Callable[[], Any], *, task: Task[..., Any], **task_kwargs: Any) -> None:
    """Run `work`, a long job that holds a job lease (core.leases). If another holder has
    the lease (a worker doing this job now, or one that died and whose lease has not run
    out yet), queue `task` again for just after that lease expires: it then finds the job
    done, or takes over the dead holder's part-done job. If another holder took the lease
    from this one (thought dead, it was only slow), the job is theirs: stop quietly."""
    try:
        work()
    except LeaseLost as lost:
        logger.warning("%s: %s was taken over by another worker; leaving it to them", task.name, lost)
    except LeaseHeld as held:
        if not task.get_backend().supports_defer:
            logger.warning("%s: %s is held by another worker; not queued again", task.name, held.key)
            return
        run_after = max(held.expires_at or timezone.now(), timezone.now()) + timedelta(seconds=1)
        logger.info("%s: %s is held by another worker; again at %s", task.name, held.key, run_after)
        task.using(run_after=run_after).enqueue(**task_kwargs)


def daily_tasks_schedule() -> list[str]:
    """Queue each task named in `settings.DOORSTEP.daily_tasks` that is not queued already; each
    queues itself again for the next day when it runs. Called when a worker starts, so
    several workers starting at once may queue one twice: the daily tasks are harmless
    to run twice. Returns the tasks queued."""
    queued = []
    for path in settings.DOORSTEP.daily_tasks:
        task = import_string(path)
        if task_waiting(task_path=task.module_path):
            continue
        task.enqueue()
        queued.append(path)
    return queued


def daily_task_again(task: Task[..., Any]) -> None:
    """Queue a daily task for this time tomorrow (on a backend that can wait)."""
    if task.get_backend().supports_defer:
        task.using(run_after=timezone.now() + timedelta(days=1)).enqueue()
