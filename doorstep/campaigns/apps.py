from django.apps import AppConfig


class CampaignsConfig(AppConfig):
    name = "doorstep.campaigns"

    def ready(self) -> None:
        from . import receivers  # noqa: F401 - milestones follow the count
