from django.apps import AppConfig


class CampaignsConfig(AppConfig):
    name = "doorstep.campaigns"
