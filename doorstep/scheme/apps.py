from django.apps import AppConfig


class SchemeConfig(AppConfig):
    name = "doorstep.scheme"

    def ready(self) -> None:
        from . import receivers  # noqa: F401 - connects the signal receivers (once the app registry is ready)
