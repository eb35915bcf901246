from django.apps import AppConfig


class SignaturesConfig(AppConfig):
    name = "doorstep.signatures"

    def ready(self) -> None:
        from . import receivers  # noqa: F401 - connects the signal receivers (once the app registry is ready)
