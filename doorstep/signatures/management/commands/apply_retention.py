from typing import Any

from django.core.management.base import BaseCommand

from doorstep.signatures.services.retention import signatures_apply_retention


class Command(BaseCommand):
    help = (
        "Anonymise signers' personal data of petitions past their retention period and hash old IP "
        "addresses (the worker also runs this daily)."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        result = signatures_apply_retention()
        self.stdout.write(
            f"Anonymised {result['anonymised']} signatures; hashed {result['ips_hashed']} IP addresses; "
            f"dropped {result['counters_expired']} old limit counters."
        )
