from django.apps import AppConfig


class PetitionsConfig(AppConfig):
    name = "doorstep.petitions"

    def ready(self) -> None:
        from . import receivers  # noqa: F401 - a saved petition clears this process's copy of it
