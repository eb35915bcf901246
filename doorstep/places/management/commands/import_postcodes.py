import time
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, OutputWrapper
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from doorstep.core.errors import ApplicationError
from doorstep.places.services import BATCH_SIZE, postcodes_import

PHASES = {"import": gettext_lazy("Importing postcodes"), "cleanup": gettext_lazy("Removing the previous edition")}


class ProgressBar:
    """A one-line progress bar on stderr, redrawn at most a few times a second."""

    WIDTH = 30

    def __init__(self, out: OutputWrapper) -> None:
        self.out = out
        self.phase = ""
        self.drawn_at = 0.0

    def update(self, phase: str, done: int, total: int) -> None:
        now = time.monotonic()
        if phase == self.phase and done < total and now - self.drawn_at < 0.25:
            return
        if phase != self.phase and self.phase:
            self.out.write("\n", ending="")
        self.phase, self.drawn_at = phase, now
        share = min(done / total, 1.0) if total else 1.0
        filled = int(share * self.WIDTH)
        bar = "#" * filled + "." * (self.WIDTH - filled)
        self.out.write(f"\r{PHASES.get(phase, phase)} [{bar}] {share:4.0%}", ending="")
        self.out.flush()

    def finish(self) -> None:
        if self.phase:
            self.out.write("\n", ending="")
            self.phase = ""


class Command(BaseCommand):
    help = (
        "Import the ONS Postcode Directory (ONSPD) or the National Statistics Postcode Lookup (NSPL), "
        "as the zip ONS publishes or its CSV. The directory in use stays in use until the new one is complete."
    )

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("file", type=Path, help="The ONSPD or NSPL zip, or its CSV")
        parser.add_argument("--batch-size", type=int, default=BATCH_SIZE, help="Rows inserted per statement")

    def handle(self, *args: Any, **options: Any) -> None:
        bar = ProgressBar(self.stderr)
        try:
            result = postcodes_import(path=options["file"], progress=bar.update, batch_size=options["batch_size"])
        except ApplicationError as error:
            bar.finish()
            raise CommandError(
                _("%(error)s The postcode directory in use is unchanged.") % {"error": error.message}
            ) from error
        finally:
            bar.finish()
        edition = result.edition
        self.stdout.write(
            _("Imported %(rows)s postcodes from %(source)s as edition %(id)s in %(seconds)s s (%(rate)s rows/s).")
            % {
                "rows": f"{edition.rows:,}",
                "source": edition.source,
                "id": edition.pk,
                "seconds": f"{result.seconds:.1f}",
                "rate": f"{result.rows / max(result.seconds, 0.001):,.0f}",
            }
        )
        if result.skipped:
            lines = ", ".join(str(n) for n in result.skipped_lines)
            self.stdout.write(
                _("%(count)s rows skipped (no readable postcode), first at lines %(lines)s.")
                % {"count": f"{result.skipped:,}", "lines": lines}
            )
        if result.replaced:
            replaced = ", ".join(str(pk) for pk in result.replaced)
            self.stdout.write(_("Replaced edition %(ids)s.") % {"ids": replaced})
