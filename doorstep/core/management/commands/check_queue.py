from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from doorstep.core.health import queue_health
from doorstep.core.queue import queue_alert_send, tasks_recover


class Command(BaseCommand):
    help = (
        "Take back the tasks of workers that died, email administrators if a task has waited longer than "
        "DOORSTEP_QUEUE_ALERT_MINUTES, and say how the queue is doing (run by a timer: see deploy/). "
        "Exits with status 1 if a task waits too long or no worker is running."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--quiet", action="store_true", help="Print nothing unless something is wrong")

    def handle(self, *args: Any, **options: Any) -> None:
        recovered = tasks_recover()
        alerted = queue_alert_send()
        health = queue_health()
        waiting = health.oldest_wait
        wait = f"{waiting.age.total_seconds():.0f} s ({waiting.task_name})" if waiting else "none"
        report = (
            f"workers running: {health.workers_alive}; last heartbeat: {health.last_heartbeat or 'never'}; "
            f"oldest waiting task: {wait}; tasks taken back: {recovered}; alert sent: {'yes' if alerted else 'no'}"
        )
        wrong = health.late or not health.workers_alive
        if wrong or not options["quiet"]:
            self.stdout.write(report)
        if wrong:
            raise SystemExit(1)
