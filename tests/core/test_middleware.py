"""core.middleware.ForwardedForMiddleware: the visitor's address behind a load balancer."""

import dataclasses

import pytest
from django.http import HttpRequest, HttpResponse
from django.test import RequestFactory

from doorstep.core.middleware import ForwardedForMiddleware


def _address_seen(**meta: str) -> str:
    seen = {}

    def view(request: HttpRequest) -> HttpResponse:
        seen["address"] = request.META.get("REMOTE_ADDR")
        return HttpResponse()

    ForwardedForMiddleware(view)(RequestFactory().get("/", **meta))
    return seen["address"]


@pytest.fixture
def balancer(settings):
    settings.DOORSTEP = dataclasses.replace(settings.DOORSTEP, proxy_addresses=("10.0.0.5",))


def test_a_request_from_the_balancer_comes_from_the_address_it_added_last(balancer):
    # The visitor wrote 6.6.6.6 themselves; the balancer added the address it saw.
    assert _address_seen(REMOTE_ADDR="10.0.0.5", HTTP_X_FORWARDED_FOR="6.6.6.6, 203.0.113.9") == "203.0.113.9"


def test_a_request_from_elsewhere_keeps_its_own_address(balancer):
    assert _address_seen(REMOTE_ADDR="198.51.100.7", HTTP_X_FORWARDED_FOR="203.0.113.9") == "198.51.100.7"


def test_the_balancer_without_the_header_is_itself(balancer):
    assert _address_seen(REMOTE_ADDR="10.0.0.5") == "10.0.0.5"


def test_no_balancer_configured_trusts_no_header():
    assert _address_seen(REMOTE_ADDR="127.0.0.1", HTTP_X_FORWARDED_FOR="203.0.113.9") == "127.0.0.1"
