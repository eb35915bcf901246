from typing import Any

from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from .models import Petition
from .selectors import PUBLIC_KEPT


@receiver([post_save, post_delete], sender=Petition, dispatch_uid="petitions_petition_changed")
def petition_changed(instance: Petition, **kwargs: Any) -> None:
    """This process reads the petition afresh at once (the others within DOORSTEP_LOCAL_CACHE_SECONDS)."""
    PUBLIC_KEPT.clear(instance.pk)
