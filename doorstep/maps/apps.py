from django.apps import AppConfig
from django.db.models.signals import post_migrate


class MapsConfig(AppConfig):
    name = "doorstep.maps"

    def ready(self) -> None:
        # Imported here, not at the top: the receivers use models, which load after the app registry.
        from .receivers import bundled_maps_on_migrate

        post_migrate.connect(bundled_maps_on_migrate, sender=self, dispatch_uid="maps_bundled_layers")
