from typing import Any

from django.apps import AppConfig
from django.db.models.signals import post_migrate, post_save
from django.dispatch import receiver

from doorstep.campaigns.models import Reply
from doorstep.petitions.models import Petition
from doorstep.petitions.signals import state_changed
from doorstep.signatures.signals import count_increased

from .models import CreatorEmail
from .services.emails import creator_email_about
from .services.reasons import reasons_standard_ensure
from .services.thresholds import scheme_count_changed


@receiver(count_increased, dispatch_uid="scheme_count_changed")
def count_changed(*, petition_id: int, **kwargs: Any) -> None:
    scheme_count_changed(petition_id=petition_id)


@receiver(state_changed, dispatch_uid="scheme_petition_closed")
def petition_closed(*, petition_id: int, state: Petition.State, **kwargs: Any) -> None:
    if state == Petition.State.CLOSED:
        creator_email_about(petition_id=petition_id, kind=CreatorEmail.CLOSED)


@receiver(post_save, sender=Reply, dispatch_uid="scheme_reply_recorded")
def reply_recorded(*, instance: Reply, created: bool, **kwargs: Any) -> None:
    if created:
        creator_email_about(petition_id=instance.petition_id, kind=CreatorEmail.RESPONSE)


@receiver(post_migrate, dispatch_uid="scheme_standard_reasons")
def standard_reasons(*, sender: AppConfig, **kwargs: Any) -> None:
    """After every migrate (and every flush of a test database), the standard reasons are there."""
    if sender.name == "doorstep.scheme":
        reasons_standard_ensure()
