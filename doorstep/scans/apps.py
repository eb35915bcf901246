from django.apps import AppConfig


class ScansConfig(AppConfig):
    name = "doorstep.scans"
    verbose_name = "Scans of returned sheets"

    def ready(self) -> None:
        from . import receivers  # noqa: F401 - connects the retention receiver
