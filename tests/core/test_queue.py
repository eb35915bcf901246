"""Claimed work is never lost: a task whose worker died is taken again once its lease expires."""

import dataclasses
import io
from datetime import timedelta

import pytest
from django.core import mail
from django.core.mail import send_mail
from django.core.management import call_command
from django.utils import timezone
from django_tasks_db.compat import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from doorstep.core import queue as queue_module
from doorstep.core import worker as worker_module
from doorstep.core.health import queue_health, queue_oldest_wait
from doorstep.core.models import WorkerHeartbeat
from doorstep.core.queue import MAX_CLAIMS, heartbeat_write, queue_alert_send, tasks_recover
from tests.core.test_worker import CALLS, make_worker, note
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

LEASE = 60


@pytest.fixture(autouse=True)
def database_queue(settings, monkeypatch):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}
    settings.DOORSTEP = dataclasses.replace(settings.DOORSTEP, task_lease_seconds=LEASE)
    monkeypatch.setattr(worker_module, "close_old_connections", lambda: None)
    monkeypatch.setattr(worker_module.time, "sleep", lambda seconds: None)
    CALLS.clear()


def claimed(*, by: str, seconds_ago: float, claims: int = 1) -> DBTaskResult:
    """A confirmation-like task claimed `seconds_ago` by the worker `by`."""
    result = note.enqueue(word="claimed")
    row = DBTaskResult.objects.get(pk=result.id)
    row.status = TaskResultStatus.RUNNING
    row.started_at = timezone.now() - timedelta(seconds=seconds_ago)
    row.worker_ids = [f"earlier-{n}" for n in range(claims - 1)] + [by]
    row.save()
    return row


def beat(worker_id: str, *, seconds_ago: float, started_seconds_ago: float = 3600, task_id: str = "") -> None:
    now = timezone.now()
    heartbeat_write(
        worker_id=worker_id,
        hostname="test",
        pid=1,
        started_at=now - timedelta(seconds=started_seconds_ago),
        beat_at=now - timedelta(seconds=seconds_ago),
        task_id=task_id,
    )


def status(row: DBTaskResult) -> str:
    return DBTaskResult.objects.get(pk=row.pk).status


def test_an_expired_lease_is_taken_again_and_the_task_runs():
    task = claimed(by="killed", seconds_ago=300)
    beat("killed", seconds_ago=LEASE + 5, task_id=str(task.id))
    assert tasks_recover() == 1
    assert status(task) == TaskResultStatus.READY
    make_worker(worker_id="survivor").run()
    row = DBTaskResult.objects.get(pk=task.pk)
    assert row.status == TaskResultStatus.SUCCESSFUL
    assert row.worker_ids[-1] == "survivor"
    assert CALLS == ["claimed"]


def test_a_live_worker_keeps_its_task():
    task = claimed(by="alive", seconds_ago=300)
    beat("alive", seconds_ago=5, task_id=str(task.id))
    assert tasks_recover() == 0
    assert status(task) == TaskResultStatus.RUNNING


def test_a_worker_that_restarted_under_its_name_gets_its_task_back_at_once():
    task = claimed(by="worker@1", seconds_ago=30)
    beat("worker@1", seconds_ago=1, started_seconds_ago=2)  # a new life, started after the claim
    assert tasks_recover() == 1
    assert status(task) == TaskResultStatus.READY


def test_a_live_worker_that_dropped_its_task_loses_it():
    # The claim was written but the worker never heard so (the connection broke at commit).
    task = claimed(by="alive", seconds_ago=30)
    beat("alive", seconds_ago=1, task_id="")
    assert tasks_recover() == 1
    assert status(task) == TaskResultStatus.READY


def test_a_beat_from_before_the_claim_proves_nothing():
    task = claimed(by="alive", seconds_ago=1)
    beat("alive", seconds_ago=10, task_id="")
    assert tasks_recover() == 0
    assert status(task) == TaskResultStatus.RUNNING


@pytest.mark.parametrize("seconds_ago, recovered", [(10, 0), (LEASE + 10, 1)])
def test_a_worker_never_heard_from_has_the_lease_from_its_claim(seconds_ago, recovered):
    claimed(by="no-heartbeat", seconds_ago=seconds_ago)
    assert tasks_recover() == recovered


def test_a_task_that_keeps_killing_its_workers_fails_in_the_end():
    task = claimed(by="killed", seconds_ago=300, claims=MAX_CLAIMS)
    assert tasks_recover() == 1
    row = DBTaskResult.objects.get(pk=task.pk)
    assert row.status == TaskResultStatus.FAILED
    assert row.exception_class_path == "doorstep.core.queue.TaskAbandoned"


def test_several_workers_each_take_a_different_task():
    for word in ("one", "two", "three"):
        note.enqueue(word=word)
    first, second = make_worker(worker_id="a", max_tasks=1, batch=False), make_worker(worker_id="b", max_tasks=1)
    first.run()
    second.run()
    make_worker(worker_id="c").run()
    assert sorted(CALLS) == ["one", "three", "two"]
    owners = sorted(row.worker_ids[0] for row in DBTaskResult.objects.all())
    assert owners == ["a", "b", "c"]


def test_old_heartbeats_are_forgotten():
    beat("gone", seconds_ago=2 * 86400)
    beat("here", seconds_ago=1)
    tasks_recover()
    assert list(WorkerHeartbeat.objects.values_list("worker_id", flat=True)) == ["here"]


def test_queue_health_shows_the_last_heartbeat_and_the_oldest_wait():
    assert queue_oldest_wait() is None
    note.enqueue(word="waiting")
    DBTaskResult.objects.update(enqueued_at=timezone.now() - timedelta(minutes=20))
    beat("w1", seconds_ago=3)
    health = queue_health()
    assert health.workers_alive == 1
    assert health.last_heartbeat > timezone.now() - timedelta(seconds=10)
    assert health.oldest_wait.task_name == "note"
    assert health.oldest_wait.age >= timedelta(minutes=20)
    assert health.late  # past DOORSTEP_QUEUE_ALERT_MINUTES (15)


def test_a_task_deferred_to_later_is_not_waiting_yet():
    note.using(run_after=timezone.now() + timedelta(hours=1)).enqueue(word="tomorrow")
    assert queue_oldest_wait() is None


def test_administrators_are_emailed_once_when_a_task_waits_too_long():
    UserFactory(role="administrator", email="admin@example.org")
    UserFactory(role="organiser", email="organiser@example.org")
    note.enqueue(word="late")
    assert not queue_alert_send()  # just queued
    DBTaskResult.objects.update(enqueued_at=timezone.now() - timedelta(minutes=16))
    assert queue_alert_send()
    assert [m.to for m in mail.outbox] == [["admin@example.org"]]
    assert "has waited 16 minutes" in mail.outbox[0].subject
    assert "note" in mail.outbox[0].body
    assert not queue_alert_send()  # not again within the next 15 minutes
    assert len(mail.outbox) == 1


def test_a_failed_alert_is_tried_again_at_the_next_check(monkeypatch):
    UserFactory(role="administrator")
    note.enqueue(word="late")
    DBTaskResult.objects.update(enqueued_at=timezone.now() - timedelta(minutes=30))

    def smtp_down(**kwargs):
        raise ConnectionRefusedError("mail server down")

    monkeypatch.setattr(queue_module, "send_mail", smtp_down)
    with pytest.raises(ConnectionRefusedError):
        queue_alert_send()
    monkeypatch.setattr(queue_module, "send_mail", send_mail)
    assert queue_alert_send()


def test_the_staff_home_shows_the_queue(staff_client):
    page = staff_client.get("/staff/").content.decode()
    assert "No background worker has run yet" in page
    beat("w1", seconds_ago=3)
    note.enqueue(word="waiting")
    page = staff_client.get("/staff/").content.decode()
    assert "Background worker: 1 running, last heard from 0" in page
    assert "The oldest waiting task (note) has waited 0" in page


def test_check_queue_takes_tasks_back_and_fails_when_no_worker_runs():
    task = claimed(by="killed", seconds_ago=LEASE + 10)
    out = io.StringIO()
    with pytest.raises(SystemExit):
        call_command("check_queue", stdout=out)
    assert "workers running: 0" in out.getvalue()
    assert "tasks taken back: 1" in out.getvalue()
    assert status(task) == TaskResultStatus.READY
    beat("w1", seconds_ago=1)
    out = io.StringIO()
    call_command("check_queue", "--quiet", stdout=out)
    assert out.getvalue() == ""
