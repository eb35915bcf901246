from typing import Any

from django.core.management.base import BaseCommand

from doorstep.campaigns.services import mailings_resume


class Command(BaseCommand):
    help = (
        "Queue the next batch of every supporter email still being sent, after a worker was stopped. "
        "Nothing is sent twice: each delivery is claimed before it is sent."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        resumed = mailings_resume()
        self.stdout.write(f"Resumed {resumed} email{'s' if resumed != 1 else ''} to supporters")
