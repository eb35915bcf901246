from datetime import timedelta
from typing import Any

from django.conf import settings
from django.db import transaction
from django.db.models.signals import post_save
from django.dispatch import receiver
from django.utils import timezone

from doorstep.places.models import PostcodeEdition
from doorstep.places.signals import directory_imported

from .services.signing import DIRECTORY_KEPT
from .tasks import place_signatures


@receiver(post_save, sender=PostcodeEdition, dispatch_uid="signatures_directory_changed")
def directory_changed(**kwargs: Any) -> None:
    """An edition made or switched on in this process: it places signers by it at once."""
    DIRECTORY_KEPT.clear()


@receiver(directory_imported, dispatch_uid="signatures_place_after_import")
def place_after_import(**kwargs: Any) -> None:
    DIRECTORY_KEPT.clear()
    # Other processes may sign for a few seconds more as if no directory were loaded
    # (core.memo): the placing starts once their copies are out of date.
    task = place_signatures
    if task.get_backend().supports_defer:
        wait = timedelta(seconds=settings.DOORSTEP.local_cache_seconds + 1)
        task = task.using(run_after=timezone.now() + wait)
    transaction.on_commit(task.enqueue)
