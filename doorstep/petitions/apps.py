from django.apps import AppConfig


class PetitionsConfig(AppConfig):
    name = "doorstep.petitions"
