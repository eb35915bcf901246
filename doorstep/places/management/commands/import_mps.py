from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from doorstep.core.errors import ApplicationError
from doorstep.places.services import mps_import


class Command(BaseCommand):
    help = (
        "Record constituencies' MPs from a CSV: a constituency code column (e.g. PCON24CD), an MP column "
        "and, if it has one, a party column."
    )

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("file", type=Path)

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            count = mps_import(path=options["file"])
        except ApplicationError as error:
            raise CommandError(error.message) from error
        self.stdout.write(_("Recorded the MPs of %(count)s constituencies") % {"count": count})
