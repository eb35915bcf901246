from typing import Any

from django.dispatch import receiver

from doorstep.signatures.signals import count_increased

from .services.milestones import milestones_check


@receiver(count_increased, dispatch_uid="campaigns_check_milestones")
def check_milestones(*, petition_id: int, **kwargs: Any) -> None:
    milestones_check(petition_id=petition_id)
