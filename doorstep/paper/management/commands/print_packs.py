from argparse import ArgumentParser
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from doorstep.core.files import file_build
from doorstep.paper.printing import labels_pdf, packs_pdf_write
from doorstep.paper.selectors import batch_get, batch_packs
from doorstep.paper.services.batches import packs_print
from doorstep.petitions.selectors import petition_get


class Command(BaseCommand):
    help = (
        "Print every pack of a petition not yet printed: letters and sheets in one PDF, optionally labels. "
        "The files appear only once complete (a print stopped part way leaves none; print it again with --batch)."
    )

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("--petition", type=int, required=True, help="the petition's number")
        parser.add_argument("--output", type=Path, required=True, help="where to write the PDF of packs")
        parser.add_argument("--labels", type=Path, help="where to write the address labels, 21 to a page")
        parser.add_argument("--batch", type=int, help="print an earlier batch again instead of the outstanding packs")

    def handle(
        self, *args: Any, petition: int, output: Path, labels: Path | None, batch: int | None, **options: Any
    ) -> None:
        found = petition_get(petition_id=petition)
        if found is None:
            raise CommandError(f"There is no petition {petition}")
        if not output.parent.is_dir():
            raise CommandError(f"There is no folder {output.parent} to write {output.name} in")
        if batch is not None:
            made = batch_get(petition=found, batch_id=batch)
            if made is None:
                raise CommandError(f"Petition {petition} has no print batch {batch}")
        else:
            made = packs_print(petition=found, actor=None)
            if made is None:
                self.stdout.write("No packs are waiting to be printed.")
                return
        packs = batch_packs(batch=made)
        # Made in the data directory's temporary folder (names and addresses never go to /tmp),
        # and renamed into place when complete.
        try:
            with file_build(target=output) as part, part.open("wb") as out:
                pages = packs_pdf_write(packs=packs, out=out)
        except OSError as exc:
            raise CommandError(f"Could not write {output} ({exc}); print it again with --batch {made.pk}") from exc
        self.stdout.write(f"Printed batch {made.pk}: {len(packs)} packs, {pages} pages, to {output}")
        if labels:
            with file_build(target=labels) as part:
                part.write_bytes(labels_pdf(packs=packs))
            self.stdout.write(f"Labels for the batch: {labels}")
