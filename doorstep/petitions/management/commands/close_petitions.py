from typing import Any

from django.core.management.base import BaseCommand
from django.utils.translation import ngettext

from doorstep.petitions.services import petitions_close_expired


class Command(BaseCommand):
    help = "Close every open petition whose closing date has passed."

    def handle(self, *args: Any, **options: Any) -> None:
        closed = petitions_close_expired()
        message = ngettext("Closed %(count)d petition", "Closed %(count)d petitions", closed)
        self.stdout.write(message % {"count": closed})
