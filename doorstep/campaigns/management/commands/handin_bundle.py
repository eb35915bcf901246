from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from doorstep.campaigns.bundle import bundle_write
from doorstep.campaigns.selectors import handin_bundle_spec
from doorstep.petitions.selectors import petition_get


class Command(BaseCommand):
    help = (
        "Write a petition's hand-in bundle (PDF, schedule CSV, paper sheets CSV) into a folder. "
        "Before the hand-in is prepared, the files are marked as a draft whose count is not final."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--petition", type=int, required=True, help="The petition's number")
        parser.add_argument("--output", type=Path, required=True, help="The folder to write into")
        parser.add_argument(
            "--list-scans",
            action="store_true",
            help="In a draft, list each paper sheet's scans (by reference, never the images) in the sheet index",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        petition = petition_get(petition_id=options["petition"])
        if petition is None:
            raise CommandError(_("There is no petition %(number)s") % {"number": options["petition"]})
        spec = handin_bundle_spec(petition=petition, list_scans=options["list_scans"])
        if spec.draft:
            self.stderr.write(
                _("Petition %(number)s has not been prepared for hand-in: writing a DRAFT.") % {"number": petition.pk}
            )

        def progress(done: int, total: int) -> None:
            self.stderr.write(
                ngettext("  %(done)s of %(total)s signature", "  %(done)s of %(total)s signatures", total)
                % {"done": f"{done:,}", "total": f"{total:,}"}
            )

        files = bundle_write(
            spec=spec,
            directory=options["output"],
            chunk_rows=settings.DOORSTEP.handin_chunk_rows,
            progress=progress,
        )
        for path in (files.pdf, files.schedule_csv, files.paper_sheets_csv):
            self.stdout.write(str(path))
        signatures = ngettext("%(count)s signature", "%(count)s signatures", files.rows) % {"count": f"{files.rows:,}"}
        pages = ngettext("%(count)s page", "%(count)s pages", files.pages) % {"count": f"{files.pages:,}"}
        self.stderr.write(_("%(signatures)s on %(pages)s") % {"signatures": signatures, "pages": pages})
