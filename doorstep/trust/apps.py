from django.apps import AppConfig


class TrustConfig(AppConfig):
    name = "doorstep.trust"
