from typing import Any

from django.core.management import call_command
from django.core.management.base import BaseCommand

from doorstep.core.tasks import daily_tasks_schedule


class Command(BaseCommand):
    help = "Run the background task worker (emails, closing petitions on time)."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--interval", type=float, default=0.5, help="Seconds between polls when idle")
        parser.add_argument("--batch", action="store_true", help="Run what is queued, then stop")

    def handle(self, *args: Any, **options: Any) -> None:
        extra = ["--batch"] if options["batch"] else []
        if not options["batch"]:
            daily_tasks_schedule()
        call_command("db_worker", "--no-reload", "--interval", str(options["interval"]), *extra)
