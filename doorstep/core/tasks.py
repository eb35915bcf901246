"""Retries for background tasks.

The task backends run a task once; a task whose work may fail for a passing
reason (an SMTP server down) re-queues itself with a growing delay.
"""

import logging
from collections.abc import Callable
from datetime import timedelta
from typing import Any

from django.utils import timezone

logger = logging.getLogger(__name__)


def retry_delay(attempt: int) -> timedelta:
    """30 s, 2 min, 8 min, 32 min... between attempts."""
    return timedelta(seconds=30 * 4 ** (attempt - 1))


def run_with_retries(
    work: Callable[[], Any],
    *,
    task: Any,
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
