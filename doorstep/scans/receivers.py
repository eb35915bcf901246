"""Scans go with the rest of a petition's personal data: when the retention policy
anonymises a petition (its history records it), its scans are deleted."""

from typing import Any

from django.db import transaction
from django.db.models.signals import post_save
from django.dispatch import receiver

from doorstep.petitions.models import PetitionEvent

from .services import scans_remove


@receiver(post_save, sender=PetitionEvent, dispatch_uid="scans-removed-with-personal-data")
def remove_scans_when_anonymised(sender: Any, instance: PetitionEvent, created: bool, **kwargs: Any) -> None:
    if created and instance.kind == PetitionEvent.Kind.ANONYMISED:
        petition_id = instance.petition_id
        transaction.on_commit(lambda: scans_remove(petition_id=petition_id))
