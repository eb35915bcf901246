from django.apps import AppConfig


class CanvassConfig(AppConfig):
    name = "doorstep.canvass"
    verbose_name = "Door to door"
