"""Every public page and the main staff pages in a real Chromium, on a phone (390 px, and
320 px for the page width) and a desktop (1280 px): axe-core finds no WCAG 2.2 AA violation,
and no page scrolls sideways. Then what a phone shows first, the embed a news site frames,
the error pages, and the hand-in page following its bundle without reloading."""

import re

import pytest

from tests.factories import PetitionFactory, UserFactory, printed_pack, request_pack, sign

from .axe import assert_accessible
from .chromium import chromium_missing_reason

if reason := chromium_missing_reason():
    pytest.skip(reason, allow_module_level=True)

from playwright.sync_api import expect

from .staff import sign_in as staff_sign_in

pytestmark = pytest.mark.browser

PHONE, DESKTOP, NARROW = 390, 1280, 320


def at(page, width: int) -> None:
    page.set_viewport_size({"width": width, "height": 844 if width < 800 else 900})


def no_sideways_scroll(page) -> None:
    """The page fits its width: nothing to scroll to on the right."""
    overflow = page.evaluate("() => document.documentElement.scrollWidth - window.innerWidth")
    if overflow > 0:
        wide = page.evaluate(
            """() => [...document.querySelectorAll('body *')]
                .filter((el) => el.getBoundingClientRect().right > window.innerWidth + 1)
                .slice(0, 5)
                .map((el) => `${el.tagName}.${el.className} ${Math.round(el.getBoundingClientRect().right)}`)"""
        )
        raise AssertionError(f"{page.url} scrolls {overflow}px sideways at {page.viewport_size['width']}px: {wide}")


def look(page, path: str | None = None, *, widths=(PHONE, DESKTOP), status: int = 200) -> None:
    """Open `path` (or check the page as it is) at each width: accessible, and not wider than the screen."""
    for width in widths:
        at(page, width)
        if path is not None:
            response = page.goto(path)
            assert response is not None and response.status == status, (path, response and response.status)
        assert_accessible(page)
        no_sideways_scroll(page)
    at(page, NARROW)
    no_sideways_scroll(page)


def test_public_pages(page, live_server, settings):
    from doorstep.signatures.models import Signature

    settings.SITE_URL = live_server.url
    petition = PetitionFactory(additional_details="The counter serves 300 people a week.")
    for _ in range(3):
        sign(petition)
    PetitionFactory(state="closed", closing_date=petition.closing_date)

    for path in ("/", "/petitions", "/petitions?state=closed", "/petitions?q=police", f"/petitions/{petition.pk}"):
        look(page, path)
    look(page, f"/petitions/{petition.pk}/embed")
    look(page, "/privacy")
    look(page, "/your-data")

    # Signing: the form, its errors, "check your email", the link, the thank-you.
    look(page, f"/petitions/{petition.pk}/sign")
    at(page, PHONE)
    page.get_by_role("button", name="Continue").click()
    expect(page.locator(".govuk-error-summary")).to_be_visible()
    look(page)
    page.get_by_label("Full name").fill("Ada Lovelace")
    page.get_by_label("Email address").fill("ada@example.com")
    page.get_by_label("UK postcode").fill("RM10 7XX")
    page.get_by_role("button", name="Continue").click()
    expect(page.locator("#sent-to")).to_have_text("a•••@example.com")
    look(page)
    signature = Signature.objects.get(petition=petition, email="ada@example.com")
    look(page, f"/signatures/{signature.pk}/confirm/{signature.token}")
    page.get_by_role("button", name="Confirm my signature").click()
    expect(page.get_by_role("heading", name="Signature confirmed")).to_be_visible()
    look(page)

    # Asking for a paper pack: the form, every problem at once, then done.
    look(page, f"/petitions/{petition.pk}/paper-pack")
    at(page, PHONE)
    page.get_by_role("button", name=re.compile("Send me")).click()
    expect(page.locator(".govuk-error-summary")).to_be_visible()
    look(page)


def test_a_phone_shows_the_count_and_the_sign_button_before_the_words(page):
    petition = PetitionFactory(background="A long background. " * 60)
    sign(petition)
    at(page, PHONE)
    page.goto(f"/petitions/{petition.pk}")
    button = page.get_by_role("button", name="Sign this petition")
    expect(button).to_be_in_viewport()
    expect(page.locator("#signature-count")).to_be_in_viewport()
    count_top = page.locator("#signature-count").bounding_box()["y"]
    background_top = page.get_by_text("A long background.").first.bounding_box()["y"]
    assert count_top < background_top
    at(page, DESKTOP)
    page.reload()
    # On a desktop the count sits beside the words, on the right.
    words = page.get_by_text("A long background.").first
    assert page.locator("#sign-box").bounding_box()["x"] > words.bounding_box()["x"]


def test_the_embed_shows_the_count_and_a_way_to_sign(page, live_server):
    petition = PetitionFactory()
    sign(petition)
    sign(petition)
    for width in (300, PHONE, DESKTOP):
        at(page, width)
        response = page.goto(f"/petitions/{petition.pk}/embed")
        # Any site may frame it (every other page refuses to be framed).
        assert "frame-ancestors *" in response.headers["content-security-policy"] or (
            "frame-ancestors" not in response.headers["content-security-policy"]
        )
        expect(page.get_by_text(petition.action)).to_be_visible()
        expect(page.get_by_text(re.compile(r"\b2 signatures"))).to_be_visible()
        sign_link = page.get_by_role("link", name=re.compile("Sign"))
        expect(sign_link).to_have_attribute("href", re.compile(rf"/petitions/{petition.pk}/sign$"))
        assert_accessible(page)
        no_sideways_scroll(page)
    refused = page.goto(f"/petitions/{petition.pk}")
    assert "frame-ancestors 'none'" in refused.headers["content-security-policy"]


def test_error_pages_are_styled_with_a_way_back(page):
    petition = PetitionFactory()
    for path in ("/petitions/999999", "/no-such-page", f"/petitions/{petition.pk}/embed/nope"):
        look(page, path, status=404)
        expect(page.get_by_role("link", name=re.compile("home", re.I)).first).to_be_visible()
        expect(page.get_by_role("search")).to_be_visible()
    # A form sent without its security token (as after a very long pause): 403, said plainly.
    at(page, PHONE)
    # (The sign form checks the Origin header instead of a token; the pack form keeps its token.)
    page.goto(f"/petitions/{petition.pk}/paper-pack")
    page.evaluate("() => document.querySelector('input[name=csrfmiddlewaretoken]').remove()")
    with page.expect_response(lambda r: r.request.method == "POST") as posted:
        page.get_by_role("button", name="Send me a pack").click()
    assert posted.value.status == 403
    expect(page.get_by_role("heading", level=1)).to_be_visible()
    look(page)


def test_staff_pages(page, settings, tmp_path):
    from doorstep.campaigns.models import HandIn

    settings.MEDIA_ROOT = tmp_path
    staff = UserFactory(role="administrator")  # who alone reads the audit log
    petition = PetitionFactory()
    for _ in range(4):
        sign(petition)
    request_pack(petition, name="Ada Lovelace")
    printed = printed_pack(petition, name="Bob Ray")
    staff_sign_in(page, staff)
    for path in (
        "/staff/",
        f"/staff/petitions/{petition.pk}",
        f"/staff/petitions/{petition.pk}/edit",
        f"/staff/petitions/{petition.pk}/breakdowns",
        f"/staff/petitions/{petition.pk}/paper",
        f"/staff/petitions/{petition.pk}/paper/log-request",
        f"/staff/petitions/{petition.pk}/held",
        f"/staff/petitions/{petition.pk}/invalidate",
        f"/staff/petitions/{petition.pk}/retention",
        f"/staff/petitions/{petition.pk}/close",
        "/staff/trust",
        "/staff/trust/activity",
        "/staff/signers?q=signer",
        "/staff/audit",
        "/staff/paper/",
        f"/staff/paper/sheets/{printed.sheets.first().code}",
        f"/staff/petitions/{petition.pk}/hand-in",
    ):
        look(page, path)
    # The create form's errors name their fields.
    look(page, "/staff/petitions/new")
    at(page, PHONE)
    page.get_by_role("button", name=re.compile("Save|Create")).first.click()
    expect(page.locator(".govuk-error-summary")).to_be_visible()
    look(page)
    # The hand-in page once the bundle is made.
    page.goto(f"/staff/petitions/{petition.pk}/hand-in")
    page.get_by_role("button", name="Close and prepare the hand-in").click()
    expect(page.locator("#bundle-state")).to_have_text("Ready")
    assert HandIn.objects.filter(petition=petition).exists()
    look(page)


def test_the_hand_in_page_follows_the_bundle_without_reloading(page, settings, tmp_path):
    from doorstep.campaigns.models import HandIn

    settings.MEDIA_ROOT = tmp_path
    staff = UserFactory()
    petition = PetitionFactory(addressed_to="the Home Office")
    sign(petition)
    staff_sign_in(page, staff)
    page.goto(f"/staff/petitions/{petition.pk}/hand-in")
    page.get_by_label("Covering letter or consultation response (optional)").fill(
        "We hand in [signatures in all] signatures."
    )
    page.get_by_role("button", name="Close and prepare the hand-in").click()
    expect(page.locator("#bundle-state")).to_have_text("Ready")
    # As if the worker were still making it: the page asks, and does not reload itself.
    HandIn.objects.filter(petition=petition).update(bundle_state=HandIn.BundleState.QUEUED)
    for width in (PHONE, DESKTOP):
        at(page, width)
        page.reload()
        expect(page.locator("#bundle-state")).to_have_text("Waiting for the worker")
        assert page.locator("meta[http-equiv=refresh]").count() == 0
        assert_accessible(page)
        no_sideways_scroll(page)
    page.evaluate("() => { window.notReloaded = true; }")
    page.get_by_label("Handed in to").fill("the Home Secretary, by hand")
    # "Prepare again" starts from the earlier letter, as staff wrote it.
    expect(page.get_by_label("Covering letter or consultation response (optional)")).to_have_value(
        "We hand in [signatures in all] signatures."
    )
    HandIn.objects.filter(petition=petition).update(bundle_state=HandIn.BundleState.READY)
    expect(page.locator("#bundle-state")).to_have_text("Ready")
    expect(page.get_by_role("link", name="The bundle (PDF)")).to_be_visible()
    assert page.evaluate("() => window.notReloaded === true")
    expect(page.get_by_label("Handed in to")).to_have_value("the Home Secretary, by hand")
    expect(page.locator("#bundle-announce")).to_have_text("Ready")


def test_the_accessibility_check_does_find_violations(page):
    """The check above is no rubber stamp: a page with faults fails it."""
    from .axe import axe_violations

    page.set_content('<html lang="en"><body><main><img src="x.png"><a href="/"></a></main></body></html>')
    assert {"image-alt", "link-name"} <= {violation["id"] for violation in axe_violations(page)}
    with pytest.raises(AssertionError, match="image-alt"):
        assert_accessible(page)
