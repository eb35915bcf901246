"""How the service is doing, for `/readyz`, the staff home and the queue alert: is the
database there and migrated, is a worker alive, how long has the oldest task waited."""

from dataclasses import dataclass
from datetime import datetime, timedelta

from django.conf import settings
from django.db import DEFAULT_DB_ALIAS, connections
from django.db.migrations.executor import MigrationExecutor
from django.db.models import Max
from django.utils import timezone
from django_tasks_db.compat import TaskResultStatus
from django_tasks_db.models import DBTaskResult, get_date_max

from .models import WorkerHeartbeat
from .outages import is_outage


@dataclass(frozen=True)
class Waiting:
    """The task that has waited longest among those due to run."""

    since: datetime
    age: timedelta
    task_name: str


def queue_oldest_wait(*, now: datetime | None = None) -> Waiting | None:
    """The task due to run that has waited longest, and for how long; None if none waits."""
    now = now or timezone.now()
    ready = DBTaskResult.objects.filter(status=TaskResultStatus.READY).only("task_path", "enqueued_at", "run_after")
    # A task queued to run at once has waited since it was queued; one queued for later, since its time came.
    at_once = ready.filter(run_after=get_date_max()).order_by("enqueued_at").first()
    later = ready.filter(run_after__lte=now).order_by("run_after").first()
    waiting = [(task.enqueued_at, task) for task in [at_once] if task]
    waiting += [(task.run_after, task) for task in [later] if task]
    if not waiting:
        return None
    since, task = min(waiting, key=lambda pair: pair[0])
    return Waiting(since=since, age=max(timedelta(0), now - since), task_name=task.task_path.rsplit(".", 1)[-1])


def worker_last_heartbeat() -> datetime | None:
    """When a worker was last heard from (any worker); None if none ever was."""
    return WorkerHeartbeat.objects.aggregate(last=Max("beat_at"))["last"]


def workers_alive(*, now: datetime | None = None) -> int:
    """Workers heard from within the task lease."""
    since = (now or timezone.now()) - timedelta(seconds=settings.DOORSTEP.task_lease_seconds)
    return WorkerHeartbeat.objects.filter(beat_at__gte=since).count()


@dataclass(frozen=True)
class QueueHealth:
    last_heartbeat: datetime | None
    workers_alive: int
    oldest_wait: Waiting | None
    alert_after: timedelta

    @property
    def late(self) -> bool:
        return self.oldest_wait is not None and self.oldest_wait.age >= self.alert_after


def queue_health(*, now: datetime | None = None) -> QueueHealth:
    """The worker's last heartbeat and the oldest waiting task, for staff."""
    return QueueHealth(
        last_heartbeat=worker_last_heartbeat(),
        workers_alive=workers_alive(now=now),
        oldest_wait=queue_oldest_wait(now=now),
        alert_after=timedelta(minutes=settings.DOORSTEP.queue_alert_minutes),
    )


@dataclass(frozen=True)
class Readiness:
    database: bool
    migrations: bool
    queue: bool
    oldest_wait_seconds: float | None = None

    @property
    def ready(self) -> bool:
        return self.database and self.migrations and self.queue


# Once a process has seen every migration applied it stops checking (they are not unapplied).
_migrated: set[str] = set()


def migrations_applied(*, using: str = DEFAULT_DB_ALIAS) -> bool:
    if using in _migrated:
        return True
    executor = MigrationExecutor(connections[using])
    if executor.migration_plan(executor.loader.graph.leaf_nodes()):
        return False
    _migrated.add(using)
    return True


def readiness(*, now: datetime | None = None) -> Readiness:
    """Can this process serve: database reachable, migrations applied, queue moving?"""
    try:
        with connections[DEFAULT_DB_ALIAS].cursor() as cursor:
            cursor.execute("SELECT 1")
        migrated = migrations_applied()
        waited = queue_oldest_wait(now=now)
    except Exception as error:
        if not is_outage(error):
            raise
        return Readiness(database=False, migrations=False, queue=False)
    limit = timedelta(minutes=settings.DOORSTEP.queue_alert_minutes)
    return Readiness(
        database=True,
        migrations=migrated,
        queue=waited is None or waited.age < limit,
        oldest_wait_seconds=None if waited is None else round(waited.age.total_seconds(), 1),
    )
