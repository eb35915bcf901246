"""Reads the core makes for every app: the task queue."""

from django_tasks import TaskResultStatus
from django_tasks_db.models import DBTaskResult


def task_waiting(*, task_path: str) -> bool:
    """Whether a task with this module path is queued and not yet started."""
    return DBTaskResult.objects.filter(task_path=task_path, status=TaskResultStatus.READY).exists()
