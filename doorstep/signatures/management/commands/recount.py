from typing import Any

from django.core.management.base import BaseCommand, CommandError

from doorstep.petitions.models import Petition
from doorstep.signatures.services import counts_rebuild


class Command(BaseCommand):
    help = "Recount signatures from scratch and repair the kept counts."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--petition", type=int, help="Only this petition (default: all)")

    def handle(self, *args: Any, **options: Any) -> None:
        petitions = Petition.objects.order_by("pk")
        if options["petition"]:
            petitions = petitions.filter(pk=options["petition"])
            if not petitions.exists():
                raise CommandError(f"No petition {options['petition']}")
        for petition in petitions:
            drift = counts_rebuild(petition=petition)
            status = (
                "repaired " + ", ".join(f"{k} {v:+d}" for k, v in drift.items() if v)
                if any(drift.values())
                else "correct"
            )
            self.stdout.write(f"Petition {petition.pk}: {status}")
