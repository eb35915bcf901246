"""After `migrate` (and after a flush): the hex maps Doorstep ships with, so a fresh install
draws maps without any import."""

from typing import Any

from django.apps import apps as global_apps
from django.apps.registry import Apps

from doorstep.core.migrate import migrated_with

from .services import map_layers_bundled_load


def bundled_maps_on_migrate(sender: Any, *, using: str, apps: Apps = global_apps, **kwargs: Any) -> None:
    if migrated_with(apps, model="maps.MapLayer", field="bundled_file"):
        map_layers_bundled_load(using=using)
