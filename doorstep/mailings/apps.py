from django.apps import AppConfig


class MailingsConfig(AppConfig):
    name = "doorstep.mailings"

    def ready(self) -> None:
        from . import receivers  # noqa: F401 - connects the mail provider's tracking signal
