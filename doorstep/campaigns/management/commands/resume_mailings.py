from typing import Any

from django.core.management.base import BaseCommand
from django.utils.translation import ngettext

from doorstep.campaigns.services.mailings import mailings_resume


class Command(BaseCommand):
    help = (
        "Queue the next batch of every supporter email still being sent, after a worker was stopped. "
        "Nothing is sent twice: each delivery is claimed before it is sent."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        resumed = mailings_resume()
        self.stdout.write(
            ngettext("Resumed %(count)s email to supporters", "Resumed %(count)s emails to supporters", resumed)
            % {"count": resumed}
        )
