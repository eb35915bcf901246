"""Playwright fixtures: one headless Debian Chromium for the session, a fresh page per test.

Browsers cannot be downloaded here, so Playwright drives the system Chromium. Tests
that use these fixtures skip when it (or Playwright) is missing.
"""

import os

import pytest

from .chromium import CHROMIUM, CHROMIUM_ARGS, chromium_missing_reason

# Playwright's sync API runs an event loop in this thread, so Django would refuse ORM
# calls made from the test ("You cannot call this from an async context"). The test
# code is synchronous all the same; this is Django's documented escape hatch.
os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"

# Generous enough for a loaded CI machine, short enough that a broken page fails fast.
TIMEOUT_MS = 10_000


@pytest.fixture(scope="session")
def browser():
    if reason := chromium_missing_reason():
        pytest.skip(reason)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def page(browser, live_server, transactional_db):
    """A page in a fresh browser context (no cookies) pointed at the live server."""
    from playwright.sync_api import expect

    context = browser.new_context(base_url=live_server.url, locale="en-GB")
    context.set_default_timeout(TIMEOUT_MS)
    expect.set_options(timeout=TIMEOUT_MS)
    page = context.new_page()
    server_errors: list[str] = []

    def note_server_error(response) -> None:
        if response.status >= 500:
            server_errors.append(f"{response.status} {response.request.method} {response.url}")

    page.on("response", note_server_error)
    yield page
    context.close()
    assert not server_errors, f"the server answered with errors: {server_errors}"
