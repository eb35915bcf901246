"""Doorstep's addresses plus a few that fail as an outage or a bug would."""

from django.db import OperationalError
from django.http import HttpRequest, HttpResponse
from django.urls import path
from redis.exceptions import ConnectionError as RedisConnectionError

from doorstep import urls


def database_down(request: HttpRequest) -> HttpResponse:
    raise OperationalError('connection to server at "127.0.0.1", port 5432 failed: Connection refused')


def redis_down(request: HttpRequest) -> HttpResponse:
    raise RedisConnectionError("Error 111 connecting to 127.0.0.1:6380. Connection refused.")


def bug(request: HttpRequest) -> HttpResponse:
    raise ZeroDivisionError("division by zero")


handler500 = urls.handler500
urlpatterns = [
    path("outage/database", database_down),
    path("outage/redis", redis_down),
    path("outage/bug", bug),
    path("petitions/999999/outage.json", database_down),
    *urls.urlpatterns,
]
