from django.apps import AppConfig


class TrustConfig(AppConfig):
    name = "doorstep.trust"

    def ready(self) -> None:
        from . import receivers  # noqa: F401 - a change to the switches or the lists clears this process's copy
