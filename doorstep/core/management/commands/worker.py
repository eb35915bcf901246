import os
import socket
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandParser

from doorstep.core.files import tmp_setup, tmp_sweep
from doorstep.core.tasks import daily_tasks_schedule
from doorstep.core.worker import WORKER_SQLITE_WAIT, Worker, sqlite_wait_set


class Command(BaseCommand):
    help = (
        "Run the background task worker (emails, closing petitions on time). Run several at once if you like; "
        "each holds its task on a lease, so the tasks of one that dies are taken by the others."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--interval", type=float, default=0.5, help="Seconds between polls when idle")
        parser.add_argument("--batch", action="store_true", help="Run what is queued, then stop")
        parser.add_argument(
            "--worker-id",
            default="",
            help="A name unique among the running workers, kept across restarts (default: host and process id). "
            "A worker that restarts under the same name takes back its unfinished task at once.",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        tmp_sweep()
        tmp_setup()
        sqlite_wait_set(WORKER_SQLITE_WAIT)
        worker = Worker(
            lease_seconds=settings.DOORSTEP.task_lease_seconds,
            on_start=None if options["batch"] else daily_tasks_schedule,
            queue_names=["default"],
            interval=options["interval"],
            batch=options["batch"],
            backend_name="default",
            startup_delay=False,
            max_tasks=None,
            worker_id=(options["worker_id"] or f"{socket.gethostname()}-{os.getpid()}")[:64],
            excluded_queue_names=[],
        )
        worker.configure_signals()
        worker.run()
