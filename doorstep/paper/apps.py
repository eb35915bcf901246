from django.apps import AppConfig


class PaperConfig(AppConfig):
    name = "doorstep.paper"
    verbose_name = "Paper petitions"
