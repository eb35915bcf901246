from typing import Any

from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from .lists import LISTS_KEPT
from .models import ListEntry, Switches
from .selectors import SWITCHES_KEPT


@receiver([post_save, post_delete], sender=Switches, dispatch_uid="trust_switches_changed")
def switches_changed(**kwargs: Any) -> None:
    """This process reads the switches afresh at once (the others within DOORSTEP_LOCAL_CACHE_SECONDS)."""
    SWITCHES_KEPT.clear()


@receiver([post_save, post_delete], sender=ListEntry, dispatch_uid="trust_lists_changed")
def lists_changed(**kwargs: Any) -> None:
    LISTS_KEPT.clear()
