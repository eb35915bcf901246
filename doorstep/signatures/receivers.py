from typing import Any

from django.db import transaction
from django.dispatch import receiver

from doorstep.places.signals import directory_imported

from .tasks import place_signatures


@receiver(directory_imported, dispatch_uid="signatures_place_after_import")
def place_after_import(**kwargs: Any) -> None:
    transaction.on_commit(place_signatures.enqueue)
