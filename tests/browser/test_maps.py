"""The maps in a real Chromium: an area's name and count show on hover and on keyboard focus."""

import pytest

from tests.api.places import RM10
from tests.factories import PetitionFactory, UserFactory, postcode_directory, sign

from .chromium import chromium_missing_reason

if reason := chromium_missing_reason():
    pytest.skip(reason, allow_module_level=True)

from playwright.sync_api import expect

pytestmark = pytest.mark.browser


def test_map_labels_on_hover_and_focus(page):
    postcode_directory({"RM10 1AA": RM10})
    petition = PetitionFactory(home_area_kind="constituency", home_area_code="E14001189")
    for _ in range(2):
        sign(petition, postcode="RM10 1AA")

    page.goto(f"/petitions/{petition.pk}")
    figure = page.locator("[data-doorstep-map]")
    expect(figure.get_by_text("UK constituencies (2024): London.")).to_be_visible()
    label = figure.locator("[data-map-label]")
    expect(label).to_be_hidden()
    dagenham = figure.locator('path[aria-label="Dagenham and Rainham: 2 signatures"]')
    dagenham.hover()
    expect(label).to_have_text("Dagenham and Rainham: 2 signatures")
    expect(label).to_be_visible()
    page.mouse.move(0, 0)
    expect(label).to_be_hidden()
    dagenham.focus()
    expect(label).to_have_text("Dagenham and Rainham: 2 signatures")
    expect(figure.locator(".doorstep-map__highlight")).to_have_attribute("d", dagenham.get_attribute("d") or "")

    staff = UserFactory()
    page.goto("/staff/sign-in")
    page.get_by_label("Username").fill(staff.username)
    page.get_by_label("Password").fill("correct horse battery")
    page.get_by_role("button", name="Sign in").click()
    page.goto(f"/staff/petitions/{petition.pk}/breakdowns")
    wards = page.locator("[data-doorstep-map]").filter(has_text="London wards (2022)")
    village = wards.locator('path[aria-label="Village: 2 signatures"]')
    village.hover()
    expect(wards.locator("[data-map-label]")).to_have_text("Village: 2 signatures")
    expect(wards.get_by_text("Signatures in an area")).to_be_visible()
