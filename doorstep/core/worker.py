"""`doorstep worker`'s loop: django-tasks-db's worker, made to outlive passing faults and to
hold each task it claims on a lease.

- A passing fault (core.outages: the database unreachable or locked, Redis or the mail
  server down) met while polling is logged, the connections are dropped, and the loop
  waits (1, 2, 4... up to 30 s) and polls again. It never ends the worker.
- A task that meets a passing fault goes back in the queue, to run again after a growing
  delay; only a real error in the task's own code fails it.
- The outcome of a task is written when the database is back, however long that takes.
- A thread writes the worker's heartbeat every quarter of the lease, naming the task it
  runs. Every worker, every half lease, takes back the tasks of workers that fell silent
  (core.queue.tasks_recover), and emails administrators if the queue waits too long.
"""

import logging
import os
import socket
import threading
import time
from collections.abc import Callable
from datetime import timedelta
from functools import partial
from typing import Any

from django.core.exceptions import SuspiciousOperation
from django.db import close_old_connections, connections
from django.utils import timezone
from django_tasks_db.compat import TaskContext, task_finished, task_started
from django_tasks_db.management.commands.db_worker import Worker as DatabaseWorker
from django_tasks_db.models import DBTaskResult
from django_tasks_db.utils import exclusive_transaction

from .outages import connections_drop, is_outage
from .queue import heartbeat_write, queue_alert_send, task_requeue, tasks_recover

logger = logging.getLogger("doorstep.worker")

# Seconds the worker waits for SQLite's write lock: nobody is waiting on a page, and a long
# job may hold the lock a while. (Web requests wait 5 s: settings.SQLITE_OPTIONS.)
WORKER_SQLITE_WAIT = 30
# The longest pause between tries while the database or another service is down.
MAX_BACKOFF = 30.0


def backoff(failures: int) -> float:
    """1, 2, 4, 8, 16, 30, 30... seconds."""
    return min(MAX_BACKOFF, 2.0 ** max(0, failures - 1))


def outage_delay(claims: int) -> timedelta:
    """How long a task that met an outage waits before it runs again: 5 s, 10 s, 20 s... 5 min."""
    return timedelta(seconds=min(300, 5 * 2 ** max(0, claims - 1)))


def sqlite_wait_set(seconds: float) -> None:
    """Make this process's SQLite connections wait `seconds` for the write lock."""
    for connection in connections.all():
        if connection.vendor == "sqlite":
            connection.close()
            connection.settings_dict["OPTIONS"] = {**connection.settings_dict.get("OPTIONS", {}), "timeout": seconds}


class Worker(DatabaseWorker):
    def __init__(
        self, *, lease_seconds: float, heartbeat: bool = True, on_start: Callable[[], Any] | None = None, **options: Any
    ) -> None:
        super().__init__(**options)
        self.lease_seconds = lease_seconds
        self.heartbeat = heartbeat
        self.on_start = on_start
        self.started_at = timezone.now()
        self.hostname = socket.gethostname()
        # The task this worker holds: set before a claim is written, cleared once its outcome is.
        self.current_task_id = ""
        self.failures = 0
        self.next_check = 0.0
        self.stopped = threading.Event()

    # ------------------------------------------------------------------ the loop

    def run(self) -> None:
        logger.info("Worker %s started (lease %s s)", self.worker_id, self.lease_seconds)
        if self.heartbeat:
            threading.Thread(target=self.beat_forever, name="heartbeat", daemon=True).start()
        try:
            while self.running:
                try:
                    ran = self.step()
                except Exception as error:
                    self.outage(error)
                    continue
                self.failures = 0
                if (self.batch and not ran) or (self.max_tasks is not None and self._run_tasks >= self.max_tasks):
                    return
                if self.running and not ran:
                    time.sleep(self.interval)
        finally:
            self.stopped.set()

    def step(self) -> bool:
        """One turn: the start-up work once, the periodic checks when due, then one task if
        one is ready. True if a task ran."""
        close_old_connections()
        if self.on_start is not None:
            self.on_start()
            self.on_start = None
        if time.monotonic() >= self.next_check:
            self.beat()
            tasks_recover(lease_seconds=self.lease_seconds)
            queue_alert_send()
            self.next_check = time.monotonic() + self.lease_seconds / 2
        task = self.claim()
        if task is None:
            return False
        self.run_task(task)
        return True

    def outage(self, error: BaseException) -> None:
        """Wait, then poll again: a passing fault ends by itself, and a bug in the loop
        (logged with its traceback) is no reason to stop running tasks."""
        self.current_task_id = ""
        self.failures += 1
        delay = backoff(self.failures)
        if is_outage(error):
            logger.warning("Worker %s: %s; trying again in %.0f s", self.worker_id, error, delay)
        else:
            logger.exception("Worker %s: unexpected error; trying again in %.0f s", self.worker_id, delay)
        connections_drop()
        time.sleep(delay)

    def claim(self) -> DBTaskResult | None:
        tasks = DBTaskResult.objects.ready().filter(backend_name=self.backend_name)
        if not self.process_all_queues:
            tasks = tasks.filter(queue_name__in=self.queue_names)
        if self.excluded_queue_names:
            tasks = tasks.exclude(queue_name__in=self.excluded_queue_names)
        with exclusive_transaction(tasks.db):
            task = tasks.get_locked()
            if task is not None:
                self.current_task_id = str(task.id)
                task.claim(self.worker_id)
        return task

    # ------------------------------------------------------------------ one task

    def run_task(self, db_task_result: DBTaskResult) -> None:
        self.running_task = True
        try:
            outcome = self.call(db_task_result)
            self.persist(outcome)
        finally:
            self.current_task_id = ""
            self.running_task = False
            self._run_tasks += 1

    def call(self, db_task_result: DBTaskResult) -> Callable[[], None]:
        """Run the task; return how to record what happened."""
        try:
            task = db_task_result.task
            task_result = db_task_result.task_result
            task_started.send(sender=type(task.get_backend()), task_result=task_result)
            if task.takes_context:
                value = task.call(TaskContext(task_result=task_result), *task_result.args, **task_result.kwargs)
            else:
                value = task.call(*task_result.args, **task_result.kwargs)
        except (KeyboardInterrupt, SystemExit):
            # Stopped by force mid-task: put it back for another worker (at least once).
            self.persist(lambda: self.requeue(db_task_result, "the worker was stopped", timedelta(0)), tries=3)
            raise
        except Exception as error:
            if is_outage(error):
                delay = outage_delay(len(db_task_result.worker_ids))
                logger.warning("Task %s met an outage (%s); again in %s", db_task_result.id, error, delay)
                return partial(self.requeue, db_task_result, repr(error), delay)
            return partial(self.fail, db_task_result, error)
        return partial(self.succeed, db_task_result, value)

    def requeue(self, db_task_result: DBTaskResult, reason: str, delay: timedelta) -> None:
        connections_drop()
        task_requeue(task_id=str(db_task_result.id), started_at=db_task_result.started_at, reason=reason, delay=delay)

    def succeed(self, db_task_result: DBTaskResult, value: Any) -> None:
        try:
            db_task_result.set_successful(value)
        except Exception as error:
            if is_outage(error):
                raise
            self.fail(db_task_result, error)  # e.g. a return value JSON cannot hold
            return
        self.finished(db_task_result)

    def fail(self, db_task_result: DBTaskResult, error: BaseException) -> None:
        """A real error in the task's own code: the task fails (its retries are its own)."""
        logger.error("Task %s (%s) failed", db_task_result.id, db_task_result.task_path, exc_info=error)
        db_task_result.set_failed(error)
        self.finished(db_task_result)

    def finished(self, db_task_result: DBTaskResult) -> None:
        try:
            sender, task_result = type(db_task_result.task.get_backend()), db_task_result.task_result
        except (ImportError, SuspiciousOperation):
            logger.exception("Task %s failed: %s is not a task", db_task_result.id, db_task_result.task_path)
            return
        task_finished.send(sender=sender, task_result=task_result)

    def persist(self, record: Callable[[], None], *, tries: int | None = None) -> None:
        """Write a task's outcome, waiting out an outage (while the worker runs, or `tries` times)."""
        attempt = 0
        while True:
            attempt += 1
            try:
                record()
                return
            except Exception as error:
                if not is_outage(error):
                    raise
                if (tries is not None and attempt >= tries) or (not self.running and attempt >= 3):
                    logger.error("Could not record task %s (%s): its lease will expire", self.current_task_id, error)
                    return
                logger.warning("Recording task %s: %s; trying again", self.current_task_id, error)
                connections_drop()
                time.sleep(backoff(attempt))

    # ------------------------------------------------------------------ the heartbeat

    def beat(self) -> None:
        # The time first, then the task: a beat later than a claim names the claimed task.
        now = timezone.now()
        heartbeat_write(
            worker_id=self.worker_id,
            hostname=self.hostname,
            pid=os.getpid(),
            started_at=self.started_at,
            beat_at=now,
            task_id=self.current_task_id,
        )

    def beat_forever(self) -> None:
        every = max(1.0, self.lease_seconds / 4)
        while not self.stopped.wait(every):
            try:
                self.beat()
            except Exception as error:
                log = logger.warning if is_outage(error) else logger.exception
                log("Worker %s heartbeat failed: %s", self.worker_id, error)
                connections_drop()
        connections.close_all()
