"""Signing in as staff in the browser tests."""

from playwright.sync_api import expect


def sign_in(page, staff) -> None:
    """Sign `staff` in (the factories' password), landing on the staff home page."""
    page.goto("/staff/sign-in")
    page.get_by_label("Username").fill(staff.username)
    page.get_by_label("Password").fill("correct horse battery")
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("heading", name="Petitions", level=1)).to_be_visible()
