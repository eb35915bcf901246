from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from doorstep.core.models import TimeStampedModel


class MapLayer(TimeStampedModel):
    """One map: areas of one kind (constituencies, wards...) keyed by ONS code."""

    class Kind(models.TextChoices):
        CONSTITUENCY = "constituency", _("Constituencies")
        LOCAL_AUTHORITY = "local_authority", _("Local authorities")
        WARD = "ward", _("Wards")
        REGION = "region", _("Regions")

    class Format(models.TextChoices):
        HEXJSON = "hexjson", _("HexJSON (hexagon map)")
        GEOJSON = "geojson", _("GeoJSON (boundaries)")

    name = models.CharField(max_length=200)
    kind = models.CharField(max_length=20, choices=Kind.choices)
    format = models.CharField(max_length=10, choices=Format.choices)
    # Shapes, normalised at import: {"areas": [{"code", "name", ...geometry}], ...}; see services.
    shapes = models.JSONField()
    area_count = models.PositiveIntegerField(default=0)
    # The bundled map (places/data) it was loaded from; empty for a map an administrator imported.
    bundled_file = models.CharField(max_length=100, blank=True)

    class Meta:
        ordering = ["kind", "name"]
        constraints = [
            models.UniqueConstraint(
                fields=["bundled_file"], condition=~Q(bundled_file=""), name="maps_one_layer_per_bundled_file"
            )
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.get_format_display()})"
