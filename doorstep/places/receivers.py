"""After `migrate` (and after a flush): the UK areas Doorstep ships with, so a fresh install
names areas without any import."""

from typing import Any

from django.apps import apps as global_apps
from django.apps.registry import Apps

from doorstep.core.migrate import migrated_with

from .services import uk_areas_load


def uk_areas_on_migrate(sender: Any, *, using: str, apps: Apps = global_apps, **kwargs: Any) -> None:
    if migrated_with(apps, model="places.Area", field="start_date"):
        uk_areas_load(using=using)
