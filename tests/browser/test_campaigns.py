"""Staff run a campaign in a real Chromium: post an update, then hand the petition in."""

import re

import pytest

from tests.factories import PetitionFactory, UserFactory, sign

from .chromium import chromium_missing_reason

if reason := chromium_missing_reason():
    pytest.skip(reason, allow_module_level=True)

from playwright.sync_api import expect

from .staff import sign_in

pytestmark = pytest.mark.browser


def test_post_an_update_then_hand_in(page, settings, tmp_path):
    from doorstep.petitions.models import Petition

    settings.MEDIA_ROOT = tmp_path
    staff = UserFactory()
    petition = PetitionFactory(addressed_to="the Home Office")
    for _ in range(3):
        sign(petition)
    sign_in(page, staff)

    page.goto(f"/staff/petitions/{petition.pk}")
    page.get_by_role("link", name="Post an update").click()
    page.get_by_label("Date", exact=True).fill("2026-10-01")
    page.get_by_label("Title", exact=True).fill("We met the Chief Constable")
    page.get_by_label("Text", exact=True).fill("She listened, and promised an answer by the end of the month.")
    page.get_by_label("Link (optional)").fill("https://example.org/meeting")
    page.get_by_role("button", name="Post update").click()
    expect(page.get_by_text("Update posted on the petition's page")).to_be_visible()

    page.goto(f"/petitions/{petition.pk}")
    update = page.locator("#updates li").first
    expect(update).to_contain_text("We met the Chief Constable")
    expect(update).to_contain_text("1 October 2026")
    expect(update.get_by_role("link", name="https://example.org/meeting")).to_be_visible()

    page.goto(f"/staff/petitions/{petition.pk}")
    page.get_by_role("link", name="Hand-in").click()
    page.get_by_role("button", name="Close and prepare the hand-in").click()
    expect(page.locator("#bundle-state")).to_have_text("Ready")
    expect(page.locator("#frozen-count")).to_contain_text("3")
    expect(page.get_by_role("link", name="The bundle (PDF)")).to_be_visible()

    page.get_by_label("Handed in to").fill("the Home Office")
    page.get_by_label("Date", exact=True).fill("2026-10-09")
    page.get_by_label("How", exact=True).select_option("in_person")
    page.get_by_label("Signatures delivered").fill("3")
    page.get_by_role("button", name="Record the delivery").click()
    expect(page).to_have_url(re.compile(rf"/staff/petitions/{petition.pk}$"))
    expect(page.get_by_text("Delivery recorded: the petition is handed in")).to_be_visible()

    page.goto(f"/petitions/{petition.pk}")
    expect(page.locator("#handed-in")).to_contain_text("Handed in to the Home Office on 9 October with 3 signatures")
    petition.refresh_from_db()
    assert petition.state == Petition.State.HANDED_IN
