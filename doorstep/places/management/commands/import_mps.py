from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from doorstep.core.errors import ApplicationError
from doorstep.places.services import mps_import


class Command(BaseCommand):
    help = "Record constituencies' MPs from a CSV: a constituency code column (e.g. PCON24CD) and an MP column."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("file", type=Path)

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            count = mps_import(path=options["file"])
        except ApplicationError as error:
            raise CommandError(error.message) from error
        self.stdout.write(f"Recorded the MPs of {count} constituencies")
