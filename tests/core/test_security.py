import logging
import re

import pytest
from django.test import Client

from doorstep.core.logging import RedactPersonalData, redact

pytestmark = pytest.mark.django_db


def test_pages_carry_the_security_headers(client, petition):
    response = client.get(f"/petitions/{petition.pk}")
    csp = response["Content-Security-Policy"]
    assert "default-src 'self'" in csp and "frame-ancestors 'none'" in csp and "object-src 'none'" in csp
    assert csp.split("script-src", 1)[1].split(";")[0].strip() == "'self'"  # no inline script, no nonce
    page = response.content.decode()
    # Every script is a file from 'self': the page is the same for every visitor (a shared copy).
    scripts = re.findall(r"<script[^>]*>", page)
    assert scripts and all(' src="/static/' in tag for tag in scripts), scripts
    assert response["X-Frame-Options"] == "DENY"
    assert response["Referrer-Policy"] == "same-origin"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert "camera=()" in response["Permissions-Policy"]


def test_hsts_only_over_https(settings, petition):
    settings.SECURE_HSTS_SECONDS = 31536000
    assert "Strict-Transport-Security" not in Client().get("/")
    assert Client().get("/", secure=True)["Strict-Transport-Security"] == "max-age=31536000"


def test_forms_need_the_csrf_token(petition):
    client = Client(enforce_csrf_checks=True)
    data = {"name": "Jo", "email": "jo@example.org", "country": "GB", "postcode": "RM10 7XX"}
    assert client.post(f"/petitions/{petition.pk}/sign", data).status_code == 403
    assert client.post("/staff/sign-in", {"username": "x", "password": "y"}).status_code == 403


@pytest.mark.parametrize(
    ("message", "expected"),
    [
        ("Sent to Jane.Smith+x@example.co.uk", "Sent to [email]"),
        ("from 192.0.2.10 at 10:00", "from [ip] at 10:00"),
        ("from 2001:db8::1 and fe80::1ff:fe23:4567:890a", "from [ip] and [ip]"),
        ("Not Found: /signatures/12/confirm/abcDEF_-123", "Not Found: /signatures/12/confirm/[token]"),
        ("at 12:30:45 nothing personal", "at 12:30:45 nothing personal"),
    ],
)
def test_personal_data_is_taken_out_of_log_messages(message, expected):
    assert redact(message) == expected


def test_the_log_filter_rewrites_formatted_messages():
    record = logging.LogRecord(
        "x", logging.INFO, __file__, 1, "emailing %s from %s", ("jo@example.org", "192.0.2.1"), None
    )
    assert RedactPersonalData().filter(record)
    assert record.getMessage() == "emailing [email] from [ip]"
