"""The error pages (400, 403, 404, 500, 503 and an expired form): styled like the rest of
the site, readable on a phone, with the petition search and a link home."""

import re

import pytest
from django.test import Client

from tests.factories import PetitionFactory, UserFactory

pytestmark = [pytest.mark.django_db, pytest.mark.urls("tests.core.outage_urls")]


@pytest.fixture
def browser() -> Client:
    return Client(raise_request_exception=False)


def assert_a_way_on(page: str) -> None:
    assert "govuk-template" in page  # the styled page
    assert '<meta name="viewport" content="width=device-width' in page
    assert re.search(r'<a class="govuk-link" href="/">Go to the Doorstep home page</a>', page)
    assert re.search(r'<form method="get" action="/petitions" role="search"', page)
    assert 'name="q" type="search"' in page


def test_a_page_not_found(browser):
    response = browser.get("/petitions/42424242")
    assert response.status_code == 404
    page = response.content.decode()
    assert '<h1 class="govuk-heading-l">Page not found</h1>' in page
    assert "<title>Page not found \u2013 Doorstep</title>" in page
    assert_a_way_on(page)


def test_a_page_this_account_may_not_see(browser):
    volunteer = UserFactory(role="data_entry")
    browser.force_login(volunteer)
    response = browser.get("/staff/petitions/new")
    assert response.status_code == 403
    page = response.content.decode()
    assert "You cannot see this page" in page
    assert_a_way_on(page)


def test_a_request_not_understood(browser):
    response = browser.get("/", HTTP_HOST="not-ours.example")
    assert response.status_code == 400
    page = response.content.decode()
    assert "Sorry, we could not understand that request" in page
    assert_a_way_on(page)


def test_a_bug(browser):
    response = browser.get("/outage/bug")
    assert response.status_code == 500
    page = response.content.decode()
    assert "Sorry, there is a problem with the service" in page
    assert "division by zero" not in page and "Traceback" not in page
    assert_a_way_on(page)


def test_an_outage(browser):
    response = browser.get("/outage/database")
    assert response.status_code == 503
    assert_a_way_on(response.content.decode())


def test_an_expired_form():
    petition = PetitionFactory()
    response = Client(enforce_csrf_checks=True).post(f"/petitions/{petition.pk}/sign", {"name": "Ann"})
    assert response.status_code == 403
    page = response.content.decode()
    assert "This form has expired" in page
    assert "Nothing you sent has been saved" in page
    assert_a_way_on(page)


def test_the_site_name_is_the_settings(browser, settings):
    settings.SITE_NAME = "Dagenham Petitions"
    page = browser.get("/no-such-page").content.decode()
    assert "Go to the Dagenham Petitions home page" in page
