"""After `migrate` (and after a flush): the UK areas Doorstep ships with, so a fresh install
names areas without any import."""

from typing import Any

from django.apps import apps as global_apps
from django.apps.registry import Apps

from .services import uk_areas_load


def uk_areas_on_migrate(sender: Any, *, using: str, apps: Apps = global_apps, **kwargs: Any) -> None:
    try:
        area = apps.get_model("places", "Area")
    except LookupError:
        return  # places is not migrated (yet, or any more)
    if any(field.name == "start_date" for field in area._meta.get_fields()):
        uk_areas_load(using=using)
