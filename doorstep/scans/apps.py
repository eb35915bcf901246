from django.apps import AppConfig


class ScansConfig(AppConfig):
    name = "doorstep.scans"
    verbose_name = "Scans of returned sheets"
