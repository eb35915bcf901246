from django.db.models import QuerySet

from .models import MapLayer


def map_layers() -> QuerySet[MapLayer]:
    return MapLayer.objects.order_by("kind", "name")


def map_layer_for(*, kind: str) -> MapLayer | None:
    """The map to show areas of `kind` on (an Area.Kind value; constituencies if empty or no such
    map): the newest of that kind, so a map an administrator imports takes over from the bundled one."""
    layers = MapLayer.objects.order_by("-created_at", "-pk")
    return (
        layers.filter(kind=kind or MapLayer.Kind.CONSTITUENCY).first()
        or layers.filter(kind=MapLayer.Kind.CONSTITUENCY).first()
    )
