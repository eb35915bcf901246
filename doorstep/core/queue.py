"""Keeping the task queue whole: worker heartbeats, taking back the tasks of a worker that
died, and telling administrators when tasks wait too long.

A task a worker claims (django-tasks-db marks it RUNNING with the worker's id) is held
on a lease: the worker's heartbeat. When the heartbeat stops, or the worker restarted,
or it is alive but no longer running that task, `tasks_recover` puts the task back in
the queue and another worker runs it. So a task runs at least once, never zero times
(a confirmation email interrupted mid-send may be sent twice).
"""

import logging
from datetime import datetime, timedelta

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import send_mail
from django.template.loader import render_to_string
from django.utils import timezone
from django_tasks_db.compat import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from .health import queue_oldest_wait
from .leases import lease_release, lease_take
from .models import WorkerHeartbeat

logger = logging.getLogger(__name__)

# A task taken back this many times fails instead: it may be what kills its workers.
MAX_CLAIMS = 10
# Heartbeats of workers gone this long are forgotten.
HEARTBEAT_KEPT = timedelta(days=1)


class TaskAbandoned(Exception):
    """Recorded as the error of a task given up after MAX_CLAIMS tries."""


def heartbeat_write(
    *, worker_id: str, hostname: str, pid: int, started_at: datetime, beat_at: datetime, task_id: str
) -> None:
    """Record that the worker `worker_id` is alive at `beat_at`, running `task_id` ("" when idle)."""
    fields = {"hostname": hostname, "pid": pid, "started_at": started_at, "beat_at": beat_at, "task_id": task_id}
    if not WorkerHeartbeat.objects.filter(worker_id=worker_id).update(**fields):
        WorkerHeartbeat.objects.update_or_create(worker_id=worker_id, defaults=fields)


def task_requeue(
    *,
    task_id: str,
    started_at: datetime | None,
    reason: str,
    delay: timedelta = timedelta(0),
    now: datetime | None = None,
) -> bool:
    """Put a claimed task back in the queue, to run again after `delay`. A task claimed
    MAX_CLAIMS times fails instead. False if that claim is over (the task finished, or
    was taken back already)."""
    now = now or timezone.now()
    claim = DBTaskResult.objects.filter(pk=task_id, status=TaskResultStatus.RUNNING, started_at=started_at)
    task = claim.only("worker_ids").first()
    if task is None:
        return False
    if len(task.worker_ids) >= MAX_CLAIMS:
        logger.error("Task %s given up after %s tries: %s", task_id, len(task.worker_ids), reason)
        return bool(
            claim.update(
                status=TaskResultStatus.FAILED,
                finished_at=now,
                exception_class_path=f"{TaskAbandoned.__module__}.{TaskAbandoned.__qualname__}",
                traceback=f"Given up after {len(task.worker_ids)} tries; the last: {reason}",
            )
        )
    return bool(claim.update(status=TaskResultStatus.READY, run_after=now + delay))


def _orphaned(task: DBTaskResult, beat: WorkerHeartbeat | None, *, now: datetime, lease: timedelta) -> str:
    """Why this running task's claim is dead ("" if it is not): its worker silent past the
    lease, restarted since it claimed the task, or alive and saying it runs something else."""
    started = task.started_at
    if beat is None:
        return "was never heard from" if started is None or started < now - lease else ""
    if beat.beat_at < now - lease:
        return "stopped (no heartbeat)"
    if started is None or beat.started_at > started:
        return "restarted"
    # A worker reads which task it runs after stamping the beat, and claims a task only
    # after saying so: a beat later than the claim that names another task is the truth.
    if beat.task_id != str(task.id) and beat.beat_at > started:
        return "lost its claim (an outage as it claimed)"
    return ""


def tasks_recover(*, lease_seconds: float | None = None, now: datetime | None = None) -> int:
    """Put back in the queue every running task whose worker died or dropped it. Returns how many."""
    now = now or timezone.now()
    lease = timedelta(seconds=lease_seconds or settings.DOORSTEP.task_lease_seconds)
    running = list(DBTaskResult.objects.running().only("id", "worker_ids", "started_at"))
    owners = {task.worker_ids[-1] for task in running if task.worker_ids}
    beats = {beat.worker_id: beat for beat in WorkerHeartbeat.objects.filter(worker_id__in=owners)}
    recovered = 0
    for task in running:
        owner = task.worker_ids[-1] if task.worker_ids else ""
        why = _orphaned(task, beats.get(owner), now=now, lease=lease)
        if why and task_requeue(task_id=str(task.id), started_at=task.started_at, reason=f"worker {why}", now=now):
            logger.warning("Task %s (%s) taken back: worker %s %s", task.id, task.task_path, owner, why)
            recovered += 1
    WorkerHeartbeat.objects.filter(beat_at__lt=now - HEARTBEAT_KEPT).delete()
    return recovered


def alert_recipients() -> list[str]:
    """DOORSTEP_ALERT_EMAILS, else every active administrator with an address."""
    if settings.DOORSTEP.alert_emails:
        return list(settings.DOORSTEP.alert_emails)
    users = get_user_model().objects.filter(is_active=True, is_staff=True, role="administrator").exclude(email="")
    return list(users.values_list("email", flat=True))


def queue_alert_send(*, now: datetime | None = None) -> bool:
    """Email administrators if a task has waited longer than DOORSTEP_QUEUE_ALERT_MINUTES,
    at most once in that many minutes (whichever process notices first). True if sent."""
    now = now or timezone.now()
    limit = timedelta(minutes=settings.DOORSTEP.queue_alert_minutes)
    waited = queue_oldest_wait(now=now)
    if waited is None or waited.age < limit:
        return False
    lease = lease_take(key="queue-alert", seconds=limit.total_seconds(), now=now)
    if lease is None:
        return False  # sent already within the last `limit`
    recipients = alert_recipients()
    if not recipients:
        return False
    context = {
        "site_name": settings.SITE_NAME,
        "site_url": settings.SITE_URL,
        "minutes": int(waited.age.total_seconds() // 60),
        "task_name": waited.task_name,
    }
    try:
        send_mail(
            subject=" ".join(render_to_string("core/email/queue_alert_subject.txt", context).split()),
            message=render_to_string("core/email/queue_alert_body.txt", context),
            from_email=None,
            recipient_list=recipients,
        )
    except Exception:
        lease_release(lease=lease)  # not sent: the next check tries again
        raise
    logger.warning("Queue alert sent: a task has waited %s minutes", context["minutes"])
    return True
