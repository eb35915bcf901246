"""`doorstep serve` logs no secret: a signer's whole journey (sign, confirm, see and withdraw
their data, unsubscribe) through the real gunicorn leaves no token of theirs in its logs."""

import http.cookiejar
import os
import re
import signal
import subprocess
import sys
import urllib.error
import urllib.parse
import urllib.request

import pytest
from django.db import connection
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from doorstep.campaigns.unsubscribe_links import unsubscribe_token
from doorstep.core.logging import redact
from doorstep.signatures.models import DataRequest, Signature
from tests.core.test_supervise import wait_for
from tests.demo.test_supervision import answers, free_port
from tests.factories import PetitionFactory

SECRET = "Zq9xSECRETtoken_-42"


def _database_url() -> str:
    """The test database, for a server in another process."""
    db = connection.settings_dict
    if db["ENGINE"].endswith("sqlite3"):
        return f"sqlite:///{db['NAME']}"
    password = f":{urllib.parse.quote(db['PASSWORD'])}" if db["PASSWORD"] else ""
    return f"postgres://{db['USER']}{password}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"


class Browser:
    """Enough of a browser: cookies, the CSRF token from the last form, and a Referer."""

    def __init__(self, base: str) -> None:
        self.base = base
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar()))
        self.page = ""
        self.url = ""

    def open(self, path: str, data: dict[str, str] | None = None, *, follow: bool = True) -> int:
        if data is not None:
            token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', self.page)
            data = {"csrfmiddlewaretoken": token.group(1) if token else "", **data}
        body = urllib.parse.urlencode(data).encode() if data is not None else None
        headers = {"Referer": self.url} if self.url else {}
        request = urllib.request.Request(self.base + path, data=body, headers=headers)  # noqa: S310 - our server
        try:
            with self.opener.open(request, timeout=20) as response:
                status, text = response.status, response.read().decode()
        except urllib.error.HTTPError as error:
            status, text = error.code, error.read().decode()
        if follow:
            self.page, self.url = text, self.base + path
        return status

    def assets(self) -> None:
        """The page's stylesheets and scripts, each fetched with the page as Referer, as a browser does."""
        for asset in re.findall(r'(?:href|src)="(/static/[^"]+)"', self.page):
            assert self.open(asset, follow=False) == 200


@pytest.fixture
def server(transactional_db, tmp_path):
    port = free_port()
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "doorstep.settings",
        "DATABASE_URL": _database_url(),
        "DOORSTEP_DATA_DIR": str(tmp_path),
        "SECRET_KEY": "tests-only-not-secret",
    }
    log_path = tmp_path / "serve.log"
    with log_path.open("wb") as log:
        process = subprocess.Popen(  # noqa: S603
            [sys.executable, "-m", "doorstep.cli", "serve", "--bind", f"127.0.0.1:{port}", "--workers", "1"],
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
    base = f"http://127.0.0.1:{port}"
    try:
        wait_for(lambda: answers(f"{base}/healthz"), "the server to answer", limit=60)
        yield base, log_path
    finally:
        process.send_signal(signal.SIGTERM)
        process.wait(timeout=30)


def test_a_signers_journey_leaves_no_token_in_the_logs(server):
    base, log_path = server
    petition = PetitionFactory()
    browser = Browser(base)
    sign = f"/petitions/{petition.pk}/sign"
    assert browser.open(sign) == 200
    browser.assets()
    data = {"name": "Jo Bloggs", "email": "jo@example.org", "country": "GB", "postcode": "RM10 7XX"}
    assert browser.open(sign, data) == 200  # on to "check your email"
    signature = Signature.objects.get()

    confirm = reverse("signatures:confirm", args=[signature.pk, signature.token])
    assert browser.open(confirm) == 200
    browser.assets()
    assert browser.open(confirm, {}) == 200  # confirmed, on to the thank-you page
    assert browser.open("/your-data") == 200
    assert browser.open("/your-data", {"email": "jo@example.org"}) == 200
    data_token = DataRequest.objects.get().token
    assert browser.open(f"/your-data/{data_token}") == 200
    browser.assets()
    assert browser.open(f"/your-data/{data_token}/withdraw/{signature.pk}", {}) == 200
    unsubscribe = unsubscribe_token(delivery_id=1)
    assert browser.open(f"/unsubscribe/{unsubscribe}") == 400  # no such email: still logged
    assert browser.open(f"/your-data/{SECRET}/typo") == 404
    assert browser.open(f"/signatures/{signature.pk}/confirm/%C3%A9{SECRET}") == 404

    log = log_path.read_text()
    assert f'"POST /signatures/{signature.pk}/confirm/[token] HTTP/1.1" 302' in log  # it was logged
    assert '"GET /your-data/[token] HTTP/1.1" 200' in log
    assert re.search(r'"GET /static/\S+ HTTP/1.1" 200 \d+ "http://\S+/your-data/\[token\]"', log)  # referrers
    for secret in (signature.token, data_token, unsubscribe, unsubscribe.rsplit(":", 1)[-1], SECRET):
        assert secret not in log
    assert "jo@example.org" not in log
    assert "127.0.0.1 - -" not in log  # the signer's address neither


def _routes(patterns, prefix=""):
    for entry in patterns:
        if isinstance(entry, URLResolver):
            yield from _routes(entry.url_patterns, prefix + str(entry.pattern))
        elif isinstance(entry, URLPattern):
            yield prefix + str(entry.pattern)


def test_every_url_with_a_token_is_redacted():
    """A new URL carrying a token must be added to core.logging's LINK_TOKEN."""
    with_token = [route for route in _routes(get_resolver().url_patterns) if "<str:token>" in route]
    assert len(with_token) >= 4
    for route in with_token:
        path = "/" + re.sub(r"<int:\w+>", "12", route).replace("<str:token>", SECRET)
        assert SECRET not in redact(f'"GET {path} HTTP/1.1" 200 "http://example.org{path}"'), route
