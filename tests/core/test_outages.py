"""Outages answer 503 quickly with Retry-After (a page, or a JSON errors document), never 500."""

import smtplib
import sqlite3

import pytest
from django.db import OperationalError, connection, connections
from django.test import Client, RequestFactory

from doorstep.core.outages import is_outage
from doorstep.core.views import server_error

pytestmark = [pytest.mark.django_db, pytest.mark.urls("tests.core.outage_urls")]


@pytest.fixture
def browser() -> Client:
    return Client(raise_request_exception=False)


@pytest.mark.parametrize("path", ["/outage/database", "/outage/redis"])
def test_a_page_that_meets_an_outage_answers_503_with_the_sorry_page(browser, path):
    response = browser.get(path)
    assert response.status_code == 503
    assert response["Retry-After"] == "60"
    page = response.content.decode()
    assert "Sorry, there is a problem with the service" in page
    assert "Try again in a few minutes." in page
    assert "govuk-template" in page  # the styled GOV.UK page
    assert "Traceback" not in page and "OperationalError" not in page and "5432" not in page


def test_the_json_api_answers_503_with_an_errors_document(browser):
    response = browser.get("/petitions/999999/outage.json")
    assert response.status_code == 503
    assert response["Content-Type"] == "application/json"
    assert response["Retry-After"] == "60"
    error = response.json()["errors"][0]
    assert error["status"] == "503"
    assert error["title"] == "Service unavailable"


def test_a_bug_is_still_a_500(browser):
    assert browser.get("/outage/bug").status_code == 500


def test_an_outage_met_outside_a_view_answers_503_too():
    request = RequestFactory().get("/petitions")
    try:
        raise OperationalError("database is locked")
    except OperationalError:
        response = server_error(request)
    assert response.status_code == 503
    try:
        raise ValueError("a bug")
    except ValueError:
        assert server_error(request).status_code == 500


def test_an_error_raised_while_handling_an_outage_is_an_outage():
    try:
        try:
            raise OperationalError("server closed the connection unexpectedly")
        except OperationalError:
            raise RuntimeError("An error occurred in the current transaction") from None
    except RuntimeError as error:
        assert not is_outage(error)  # `from None`: not linked
    try:
        try:
            raise OperationalError("server closed the connection unexpectedly")
        except OperationalError:
            raise RuntimeError("An error occurred in the current transaction")  # noqa: B904
    except RuntimeError as error:
        assert is_outage(error)


@pytest.mark.django_db(transaction=True)
def test_a_locked_sqlite_answers_503_then_works_when_unlocked(browser, petition, settings):
    if connection.vendor != "sqlite":
        pytest.skip("SQLite's write lock")
    # Web requests wait settings.SQLITE_OPTIONS["timeout"] (5 s) for the lock; a shorter wait here.
    connection.close()
    options = connection.settings_dict["OPTIONS"]
    connection.settings_dict["OPTIONS"] = {**options, "timeout": 0.2}
    other_writer = sqlite3.connect(connection.settings_dict["NAME"], isolation_level=None)
    try:
        other_writer.execute("BEGIN EXCLUSIVE")
        signing = {"name": "Ann Example", "email": "ann@example.org", "country": "GB", "postcode": "RM10 7XX"}
        response = browser.post(f"/petitions/{petition.pk}/sign", signing)
        assert response.status_code == 503
        assert "Sorry, there is a problem with the service" in response.content.decode()
        other_writer.execute("ROLLBACK")
        response = browser.post(f"/petitions/{petition.pk}/sign", signing)
        assert response.status_code == 302
    finally:
        other_writer.close()
        connection.close()
        connection.settings_dict["OPTIONS"] = options


def test_healthz_is_alive_without_touching_anything(browser, django_assert_num_queries):
    with django_assert_num_queries(0):
        response = browser.get("/healthz", HTTP_HOST="10.0.0.7")  # a load balancer, by address
    assert response.status_code == 200
    assert response.json() == {"status": "ok"}


def test_readyz_checks_the_database_migrations_and_queue(browser):
    response = browser.get("/readyz", HTTP_HOST="10.0.0.7")
    assert response.status_code == 200
    assert response.json()["checks"] == {"database": True, "migrations": True, "queue": True}


def test_readyz_is_503_when_the_database_is_out_of_reach(browser, monkeypatch):
    def refused(self, *args, **kwargs):
        raise OperationalError("connection refused")

    monkeypatch.setattr(type(connections["default"]), "cursor", refused)
    response = browser.get("/readyz")
    assert response.status_code == 503
    assert response.json()["checks"]["database"] is False


@pytest.mark.parametrize(
    "error, passing",
    [
        (smtplib.SMTPServerDisconnected("Connection unexpectedly closed"), True),
        (smtplib.SMTPSenderRefused(451, b"try again later", "petitions@example.org"), True),
        (smtplib.SMTPDataError(550, b"no such mailbox"), False),
        (smtplib.SMTPRecipientsRefused({"a@example.org": (550, b"unknown")}), False),
        (ConnectionRefusedError(111, "Connection refused"), True),
        (ValueError("a bug"), False),
    ],
)
def test_only_passing_mail_and_network_faults_are_outages(error, passing):
    assert is_outage(error) is passing
