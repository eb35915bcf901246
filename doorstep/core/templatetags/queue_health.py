"""`{% queue_health %}`: the workers' last heartbeat and the oldest waiting task, for the staff home."""

from typing import Any

from django import template

from doorstep.core.health import queue_health as queue_health_read

register = template.Library()


@register.inclusion_tag("core/queue_health.html")
def queue_health() -> dict[str, Any]:
    return {"queue_health": queue_health_read()}
