from django.apps import AppConfig


class SignaturesConfig(AppConfig):
    name = "doorstep.signatures"
