from typing import Any

from django.core.management.base import BaseCommand

from doorstep.petitions.services import petitions_close_expired


class Command(BaseCommand):
    help = "Close every open petition whose closing date has passed."

    def handle(self, *args: Any, **options: Any) -> None:
        closed = petitions_close_expired()
        self.stdout.write(f"Closed {closed} petition{'s' if closed != 1 else ''}")
