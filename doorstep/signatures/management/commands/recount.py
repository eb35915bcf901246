from collections.abc import Iterable
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from doorstep.petitions.models import Petition
from doorstep.petitions.selectors import petition_get
from doorstep.signatures.services.counts import counts_rebuild, counts_rebuild_every


class Command(BaseCommand):
    help = "Recount signatures from scratch and repair the kept counts."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--petition", type=int, help="Only this petition (default: all)")

    def handle(self, *args: Any, **options: Any) -> None:
        rebuilt: Iterable[tuple[Petition, dict[str, int]]]
        if options["petition"]:
            petition = petition_get(petition_id=options["petition"])
            if petition is None:
                raise CommandError(f"No petition {options['petition']}")
            rebuilt = [(petition, counts_rebuild(petition=petition))]
        else:
            rebuilt = counts_rebuild_every()
        for petition, drift in rebuilt:
            status = (
                "repaired " + ", ".join(f"{k} {v:+d}" for k, v in drift.items() if v)
                if any(drift.values())
                else "correct"
            )
            self.stdout.write(f"Petition {petition.pk}: {status}")
