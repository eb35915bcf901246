from django.apps import AppConfig


class EvidenceConfig(AppConfig):
    name = "doorstep.evidence"
    verbose_name = "Evidence"
