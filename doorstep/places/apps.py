from django.apps import AppConfig
from django.db.models.signals import post_migrate


class PlacesConfig(AppConfig):
    name = "doorstep.places"

    def ready(self) -> None:
        # Imported here, not at the top: the receivers use models, which load after the app registry.
        from .receivers import uk_areas_on_migrate

        post_migrate.connect(uk_areas_on_migrate, sender=self, dispatch_uid="places_uk_areas")
