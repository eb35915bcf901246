"""`doorstep worker`'s loop: passing faults never end it, and only a task's own bug fails the task."""

from datetime import timedelta

import pytest
from django.db import OperationalError
from django.utils import timezone
from django_tasks import task
from django_tasks_db.compat import TaskResultStatus
from django_tasks_db.models import DBTaskResult
from redis.exceptions import ConnectionError as RedisConnectionError

from doorstep.core import worker as worker_module
from doorstep.core.models import WorkerHeartbeat
from doorstep.core.worker import Worker, backoff, outage_delay

pytestmark = pytest.mark.django_db

CALLS: list[str] = []


@task()
def note(*, word: str) -> str:
    CALLS.append(word)
    return word


@task()
def meets_an_outage() -> None:
    raise OperationalError("could not connect to server: Connection refused")


@task()
def has_a_bug() -> None:
    raise ZeroDivisionError("division by zero")


@task()
def stopped_by_force() -> None:
    raise SystemExit(1)  # what a second Ctrl+C does to the task it interrupts


@pytest.fixture(autouse=True)
def database_queue(settings, monkeypatch):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}
    # Each test runs inside a transaction, which closing "old" connections would end.
    monkeypatch.setattr(worker_module, "close_old_connections", lambda: None)
    CALLS.clear()


@pytest.fixture
def sleeps(monkeypatch):
    """The worker's pauses, recorded instead of slept."""
    slept: list[float] = []
    monkeypatch.setattr(worker_module.time, "sleep", slept.append)
    return slept


def make_worker(**options) -> Worker:
    values = {
        "lease_seconds": 60,
        "heartbeat": False,
        "queue_names": ["default"],
        "interval": 0,
        "batch": True,
        "backend_name": "default",
        "startup_delay": False,
        "max_tasks": None,
        "worker_id": "worker-test",
        "excluded_queue_names": [],
    }
    return Worker(**{**values, **options})


def test_the_loop_meets_an_operational_error_and_keeps_going(monkeypatch, sleeps):
    result = note.enqueue(word="hello")
    worker = make_worker()
    real_claim = Worker.claim
    faults = [OperationalError("server closed the connection unexpectedly"), RedisConnectionError("refused")]

    def flaky_claim(self):
        if faults:
            raise faults.pop(0)
        return real_claim(self)

    monkeypatch.setattr(Worker, "claim", flaky_claim)
    worker.run()
    assert CALLS == ["hello"]
    assert DBTaskResult.objects.get(pk=result.id).status == TaskResultStatus.SUCCESSFUL
    assert sleeps[:2] == [backoff(1), backoff(2)]  # it waited, longer the second time


def test_a_bug_in_the_loop_does_not_end_the_worker(monkeypatch, sleeps):
    note.enqueue(word="still here")
    calls = {"n": 0}
    real_recover = worker_module.tasks_recover

    def broken_once(**kwargs):
        calls["n"] += 1
        if calls["n"] == 1:
            raise KeyError("a bug in the periodic check")
        return real_recover(**kwargs)

    monkeypatch.setattr(worker_module, "tasks_recover", broken_once)
    make_worker().run()
    assert CALLS == ["still here"]


def test_a_task_that_meets_an_outage_waits_and_runs_again_not_fails(sleeps):
    result = meets_an_outage.enqueue()
    before = timezone.now()
    make_worker().run()
    row = DBTaskResult.objects.get(pk=result.id)
    assert row.status == TaskResultStatus.READY
    assert row.run_after >= before + outage_delay(1)
    assert row.worker_ids == ["worker-test"]


def test_a_bug_in_a_task_fails_that_task_and_the_worker_runs_the_next(sleeps):
    broken = has_a_bug.enqueue()
    fine = note.enqueue(word="after the bug")
    make_worker().run()
    failed = DBTaskResult.objects.get(pk=broken.id)
    assert failed.status == TaskResultStatus.FAILED
    assert failed.exception_class_path == "builtins.ZeroDivisionError"
    assert DBTaskResult.objects.get(pk=fine.id).status == TaskResultStatus.SUCCESSFUL


def test_the_outcome_is_written_once_the_database_is_back(monkeypatch, sleeps):
    result = note.enqueue(word="sent")
    real = DBTaskResult.set_successful
    faults = [OperationalError("database is locked")] * 4

    def flaky(self, value):
        if faults:
            raise faults.pop(0)
        return real(self, value)

    monkeypatch.setattr(DBTaskResult, "set_successful", flaky)
    make_worker().run()
    assert DBTaskResult.objects.get(pk=result.id).status == TaskResultStatus.SUCCESSFUL
    assert CALLS == ["sent"]  # the task ran once; only its record waited


def test_a_worker_stopped_by_force_mid_task_puts_the_task_back(sleeps):
    result = stopped_by_force.enqueue()
    with pytest.raises(SystemExit):
        make_worker().run()
    assert DBTaskResult.objects.get(pk=result.id).status == TaskResultStatus.READY


def test_the_heartbeat_names_the_task_being_run(sleeps):
    seen = []
    worker = make_worker(worker_id="worker-beat")
    result = note.enqueue(word="beat")
    real_call = worker.call

    def call_and_beat(db_task_result):
        worker.beat()
        seen.append(WorkerHeartbeat.objects.get(worker_id="worker-beat").task_id)
        return real_call(db_task_result)

    worker.call = call_and_beat  # type: ignore[method-assign]
    worker.run()
    assert seen == [str(result.id)]
    worker.beat()
    beat = WorkerHeartbeat.objects.get(worker_id="worker-beat")
    assert beat.task_id == ""
    assert beat.beat_at > timezone.now() - timedelta(minutes=1)


def test_backoff_grows_then_stays_at_thirty_seconds():
    assert [backoff(n) for n in (1, 2, 3, 6, 7, 50)] == [1, 2, 4, 30, 30, 30]
