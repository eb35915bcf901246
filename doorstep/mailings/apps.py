from django.apps import AppConfig


class MailingsConfig(AppConfig):
    name = "doorstep.mailings"
