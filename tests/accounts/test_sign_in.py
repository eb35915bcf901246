from dataclasses import replace

import pytest
from django.test import Client

from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def sign_in(client, username, password, ip="192.0.2.44"):
    return client.post("/staff/sign-in", {"username": username, "password": password}, REMOTE_ADDR=ip)


def test_repeated_wrong_passwords_lock_the_account_from_that_address_even_with_the_right_one(settings):
    settings.AXES_FAILURE_LIMIT = 3
    UserFactory(username="kim")
    client = Client()
    for _ in range(2):
        assert sign_in(client, "kim", "guess").status_code == 200
    locked = sign_in(client, "kim", "guess")
    assert locked.status_code == 429
    assert "Signing in is locked" in locked.content.decode()
    assert sign_in(Client(), "kim", "correct horse battery").status_code == 429  # from that address
    assert "_auth_user_id" not in client.session
    # Kim, from another address, still gets in.
    assert sign_in(Client(), "kim", "correct horse battery", ip="198.51.100.1").status_code == 302


def test_failures_at_one_account_from_many_addresses_lock_it_everywhere(settings):
    settings.AXES_FAILURE_LIMIT = 3
    settings.DOORSTEP = replace(settings.DOORSTEP, login_account_failure_limit=5)
    UserFactory(username="kim")
    for n in range(4):
        assert sign_in(Client(), "kim", "guess", ip=f"203.0.113.{n}").status_code == 200
    assert sign_in(Client(), "kim", "guess", ip="203.0.113.99").status_code == 429
    assert sign_in(Client(), "kim", "correct horse battery", ip="198.51.100.1").status_code == 429


def test_a_successful_sign_in_clears_earlier_failures(settings):
    settings.AXES_FAILURE_LIMIT = 3
    UserFactory(username="kim")
    client = Client()
    sign_in(client, "kim", "guess")
    sign_in(client, "kim", "guess")
    assert sign_in(client, "kim", "correct horse battery").status_code == 302
    assert sign_in(Client(), "kim", "guess").status_code == 200  # counting starts again


def test_other_accounts_from_other_addresses_are_not_locked(settings):
    settings.AXES_FAILURE_LIMIT = 2
    UserFactory(username="kim")
    UserFactory(username="sam")
    for _ in range(3):
        sign_in(Client(), "kim", "guess")
    assert sign_in(Client(), "sam", "correct horse battery", ip="198.51.100.1").status_code == 302


def test_one_account_locked_at_an_address_leaves_the_others_at_that_address(settings):
    """An office (or a VPN) shares one address: one person's wrong passwords lock out only them."""
    settings.AXES_FAILURE_LIMIT = 3
    UserFactory(username="kim")
    UserFactory(username="sam")
    for _ in range(5):
        sign_in(Client(), "kim", "guess", ip="198.51.100.9")
    assert sign_in(Client(), "kim", "correct horse battery", ip="198.51.100.9").status_code == 429
    assert sign_in(Client(), "sam", "correct horse battery", ip="198.51.100.9").status_code == 302
    for name in ["a", "b", "c", "d"]:  # nor does trying accounts that do not exist
        sign_in(Client(), name, "guess", ip="198.51.100.9")
    assert sign_in(Client(), "sam", "correct horse battery", ip="198.51.100.9").status_code == 302


def test_the_sign_in_page_is_titled_with_the_site_name_not_the_host(settings):
    settings.SITE_NAME = "Dagenham Petitions"
    page = Client().get("/staff/sign-in", HTTP_HOST="127.0.0.1").content.decode()
    assert "<title>Staff sign in \u2013 Dagenham Petitions</title>" in page
    assert "127.0.0.1" not in page
