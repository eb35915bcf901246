from django.db.models import QuerySet

from .models import MapLayer


def map_layers() -> QuerySet[MapLayer]:
    return MapLayer.objects.order_by("kind", "name")


def map_layer_get(*, layer_id: int) -> MapLayer | None:
    return MapLayer.objects.filter(pk=layer_id).first()
