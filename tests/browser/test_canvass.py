"""Canvassing on a phone (390 px wide) with no signal: signatures collected offline are
kept on the phone, survive a reload, and are sent once each when the signal is back."""

import pytest

from tests.factories import PetitionFactory, sign

from .chromium import chromium_missing_reason
from .conftest import TIMEOUT_MS

if reason := chromium_missing_reason():
    pytest.skip(reason, allow_module_level=True)

from playwright.sync_api import expect

pytestmark = pytest.mark.browser

PHONE = {"width": 390, "height": 844}


@pytest.fixture
def phone_page(browser, live_server, transactional_db):
    """A phone-sized page; service workers allowed (localhost is a secure context)."""
    context = browser.new_context(
        base_url=live_server.url, locale="en-GB", viewport=PHONE, is_mobile=True, has_touch=True
    )
    context.set_default_timeout(TIMEOUT_MS)
    expect.set_options(timeout=TIMEOUT_MS)
    page = context.new_page()
    errors: list[str] = []
    page.on("response", lambda r: errors.append(f"{r.status} {r.url}") if r.status >= 500 else None)
    yield page
    context.close()
    assert not errors, errors


def sign_in(page, user, petition):
    page.goto(f"/staff/sign-in?next=/canvass/{petition.pk}/")
    page.get_by_label("Username").fill(user.username)
    page.get_by_label("Password").fill("correct horse battery")
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("heading", name=petition.action)).to_be_visible()


def collect(page, name, address, postcode="RM10 7XX", email=""):
    page.get_by_label("Full name").fill(name)
    page.get_by_label("House number and street").fill(address)
    page.get_by_label("Postcode").fill(postcode)
    page.get_by_label("Email address (optional)").fill(email)
    page.get_by_label("I agree to add my name to this petition").check()
    page.get_by_role("button", name="Add signature").click()
    expect(page.get_by_label("Full name")).to_have_value("")


# The phone's own request, made again from the page: its secret from IndexedDB, a fresh form token.
RESEND = """async ({url, key}) => {
  const got = (r) => new Promise((ok) => { r.onsuccess = () => ok(r.result); });
  const db = await got(indexedDB.open("doorstep-canvass", 1));
  const phone = await got(db.transaction("meta").objectStore("meta").get("phone"));
  const status = await (await fetch("/canvass/status", {headers: {"X-Doorstep-Phone": phone}})).json();
  const body = JSON.stringify({key, name: "Ann Lee", address: "1 Elm Road", postcode: "RM10 7XX", agreed: true,
                               collected_at: new Date().toISOString()});
  const headers = {"Content-Type": "application/json", "X-CSRFToken": status.csrf, "X-Doorstep-Phone": phone};
  const statuses = [];
  for (const _ of [1, 2]) { statuses.push((await fetch(url, {method: "POST", headers, body})).status); }
  return statuses;
}"""


def count(page, petition):
    return page.request.get(f"/petitions/{petition.pk}/count.json").json()["signature_count"]


def test_collect_offline_reload_and_send_once_each(phone_page, live_server):
    from doorstep.canvass.models import DoorSignature
    from tests.canvass.helpers import canvasser

    page = phone_page
    context = page.context
    petition = PetitionFactory()
    sign(petition, name="Dee Dupe", postcode="RM10 7XX")
    sign_in(page, canvasser(), petition)
    expect(page.locator("#canvass")).to_have_attribute("data-offline-ready", "true")
    before = count(page, petition)

    context.set_offline(True)
    expect(page.locator("#canvass-status")).to_contain_text("No signal")
    collect(page, "Ann Lee", "1 Elm Road")
    collect(page, "Bob Ray", "2 Elm Road", email="bob@example.com")
    collect(page, "Cy Day", "3 Elm Road")
    expect(page.locator("#waiting-count")).to_have_text("3")

    # Reloaded with no signal: the page comes from the phone, the signatures are still there.
    page.reload()
    expect(page.get_by_role("heading", name=petition.action)).to_be_visible()
    expect(page.locator("#waiting-count")).to_have_text("3")
    expect(page.locator("#waiting li")).to_have_count(3)
    expect(page.locator("#waiting")).to_contain_text("Ann Lee, RM10 7XX")
    assert not DoorSignature.objects.exists()

    context.set_offline(False)
    expect(page.locator("#waiting-count")).to_have_text("0")
    expect(page.locator("#sent-count")).to_have_text("3")
    expect(page.locator("#canvass-status")).to_have_text("Everything collected has been sent.")
    assert count(page, petition) == before + 3
    assert list(DoorSignature.objects.order_by("collected_at").values_list("name", flat=True)) == [
        "Ann Lee",
        "Bob Ray",
        "Cy Day",
    ]

    # A send retried (the answer was lost on the way back) adds nothing: same key, same outcome.
    first = DoorSignature.objects.order_by("collected_at").first()
    statuses = page.evaluate(RESEND, {"url": f"/canvass/{petition.pk}/signatures", "key": str(first.key)})
    assert statuses == [200, 200]
    assert count(page, petition) == before + 3
    assert DoorSignature.objects.count() == 3

    # Someone who signed online already: sent, but held for checking, not counted.
    collect(page, "Dee Dupe", "5 Elm Road")
    expect(page.locator("#held-count")).to_have_text("1")
    assert count(page, petition) == before + 3
    assert DoorSignature.objects.get(name="Dee Dupe").review == DoorSignature.Review.HELD


def test_a_signed_out_phone_deletes_what_it_was_keeping(phone_page):
    from doorstep.canvass.models import DoorSignature
    from doorstep.canvass.selectors import phones_of
    from doorstep.canvass.services import phone_sign_out
    from tests.canvass.helpers import canvasser

    page = phone_page
    petition = PetitionFactory()
    user = canvasser()
    sign_in(page, user, petition)
    expect(page.locator("#canvass")).to_have_attribute("data-offline-ready", "true")
    expect(page.locator("#canvass-offline")).to_contain_text("Ready to work offline")
    page.context.set_offline(True)
    collect(page, "Ann Lee", "1 Elm Road")
    phone_sign_out(phone=phones_of(user=user).get(), actor=None)
    page.context.set_offline(False)
    # Its session has ended: nothing can be sent, and the signature waits...
    expect(page.locator("#canvass-status")).to_contain_text("Sign in again")
    expect(page.locator("#waiting-count")).to_have_text("1")
    # ...and once someone signs in on it again, the phone learns it was signed out and deletes it.
    sign_in(page, user, petition)
    expect(page.locator("#canvass-status")).to_contain_text("This phone has been signed out")
    expect(page.locator("#waiting-count")).to_have_text("0")
    assert not DoorSignature.objects.exists()
