from django.db import models

from doorstep.core.models import TimeStampedModel


class MapLayer(TimeStampedModel):
    """One map: areas of one kind (constituencies, wards...) keyed by ONS code."""

    class Kind(models.TextChoices):
        CONSTITUENCY = "constituency", "Constituencies"
        LOCAL_AUTHORITY = "local_authority", "Local authorities"
        WARD = "ward", "Wards"
        REGION = "region", "Regions"

    class Format(models.TextChoices):
        HEXJSON = "hexjson", "HexJSON (hexagon map)"
        GEOJSON = "geojson", "GeoJSON (boundaries)"

    name = models.CharField(max_length=200)
    kind = models.CharField(max_length=20, choices=Kind.choices)
    format = models.CharField(max_length=10, choices=Format.choices)
    # Shapes, normalised at import: {"areas": [{"code", "name", ...geometry}], ...}; see services.
    shapes = models.JSONField()
    area_count = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["kind", "name"]

    def __str__(self) -> str:
        return f"{self.name} ({self.get_format_display()})"
