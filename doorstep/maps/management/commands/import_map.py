from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from doorstep.core.errors import ApplicationError
from doorstep.maps.models import MapLayer
from doorstep.maps.services import map_layer_import


class Command(BaseCommand):
    help = "Add a map: a HexJSON hexagon map or GeoJSON boundaries (WGS84) of areas keyed by ONS code."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("file", type=Path)
        parser.add_argument("--kind", required=True, choices=MapLayer.Kind.values, help="What the areas are")
        parser.add_argument("--name", default="", help="The map's name (default: the file name)")
        parser.add_argument("--code-property", help="GeoJSON property holding the ONS code (default: found)")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            layer = map_layer_import(
                path=options["file"],
                kind=MapLayer.Kind(options["kind"]),
                name=options["name"],
                code_property=options["code_property"],
            )
        except ApplicationError as error:
            raise CommandError(error.message) from error
        self.stdout.write(
            _("Added map %(id)s, '%(name)s': %(count)s %(kind)s")
            % {"id": layer.pk, "name": layer.name, "count": layer.area_count, "kind": layer.get_kind_display().lower()}
        )
