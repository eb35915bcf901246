"""Whole journeys through a real Chromium against the live server: signing and
confirming by email, the sign form's errors, and staff extending a petition."""

import re
from datetime import timedelta

import pytest

from doorstep.core.memo import local_copies_clear
from tests.factories import PetitionFactory, UserFactory
from tests.smtp import body_text

from .chromium import chromium_missing_reason

if reason := chromium_missing_reason():
    pytest.skip(reason, allow_module_level=True)

from playwright.sync_api import expect

pytestmark = pytest.mark.browser

CONFIRM_LINK = re.compile(r"(https?://\S+/signatures/\d+/confirm/\S+)")


def count_json(page, petition) -> dict:
    """The public count, fetched outside the browser's HTTP cache (it is cacheable for 10s)."""
    response = page.request.get(f"/petitions/{petition.pk}/count.json")
    assert response.status == 200, response.text()
    return response.json()


def test_sign_confirm_count(page, live_server, smtp_server, settings):
    from doorstep.signatures.models import Signature

    settings.SITE_URL = live_server.url  # so the emailed link points at this server
    petition = PetitionFactory()

    page.goto(f"/petitions/{petition.pk}")
    expect(page.get_by_role("heading", level=1)).to_have_text(petition.action)
    expect(page.locator("#signature-count")).to_have_text("0")
    page.get_by_role("button", name="Sign this petition").click()

    expect(page).to_have_url(re.compile(rf"/petitions/{petition.pk}/sign$"))
    page.get_by_label("Full name").fill("Ada Lovelace")
    page.get_by_label("Email address").fill("ada@example.com")
    page.get_by_label("UK postcode").fill("rm107xx")
    page.get_by_role("button", name="Continue").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Check your email to confirm your signature")
    expect(page.locator("#sent-to")).to_have_text("a•••@example.com")  # a typing mistake would show
    signature = Signature.objects.get(petition=petition)
    assert signature.state == Signature.State.PENDING
    assert signature.postcode == "RM10 7XX"

    messages = smtp_server.inbox.wait_for(1)
    assert len(messages) == 1, "the confirmation email did not reach the SMTP server"
    message = messages[0]
    assert message["To"] == "ada@example.com"
    assert petition.action in message["Subject"]
    links = CONFIRM_LINK.findall(body_text(message))
    assert len(links) == 1, body_text(message)
    link = links[0]
    assert link.startswith(f"{live_server.url}/signatures/{signature.pk}/confirm/")

    page.goto(link)
    confirm_button = page.get_by_role("button", name="Confirm my signature")
    expect(confirm_button).to_be_visible()
    expect(page.get_by_text("Ada Lovelace")).to_be_visible()
    # Opening the link (as a mail scanner would) counts nothing.
    assert count_json(page, petition)["signature_count"] == 0
    signature.refresh_from_db()
    assert signature.state == Signature.State.PENDING

    confirm_button.click()
    expect(page.get_by_role("heading", name="Signature confirmed")).to_be_visible()
    expect(page.get_by_text("The petition now has 1 signature.")).to_be_visible()

    # A count may be 10 s old (core.pages): later, on this server and in the browser.
    local_copies_clear()
    page.goto(f"/petitions/{petition.pk}")
    page.reload()
    expect(page.locator("#signature-count")).to_have_text("1")
    expect(page.locator("#online-count")).to_have_text("1")
    expect(page.get_by_text("signature of a target of 5,000")).to_be_visible()
    assert count_json(page, petition)["signature_count"] == 1
    signature.refresh_from_db()
    assert signature.state == Signature.State.CONFIRMED
    # Confirming sends nothing more.
    assert len(smtp_server.inbox.messages) == 1


def test_sign_errors_keep_input(page):
    from doorstep.signatures.models import Signature

    petition = PetitionFactory()

    page.goto(f"/petitions/{petition.pk}/sign")
    page.get_by_label("Email address").fill("grace@example.com")
    page.get_by_label("UK postcode").fill("RM10 XXX7")
    with page.expect_response(lambda r: r.request.method == "POST") as posted:
        page.get_by_role("button", name="Continue").click()
    assert posted.value.status == 200

    summary = page.locator(".govuk-error-summary")
    expect(summary.get_by_role("heading", name="There is a problem")).to_be_visible()
    expect(page).to_have_title(re.compile(r"\(error\)$"))
    name_link = summary.get_by_role("link", name="Enter your full name")
    postcode_link = summary.get_by_role("link", name="Enter a real UK postcode, like RM10 7XX")
    expect(name_link).to_have_attribute("href", "#id_name")
    expect(postcode_link).to_have_attribute("href", "#id_postcode")
    expect(summary.get_by_role("link")).to_have_count(2)

    # Each field shows its own message too, and keeps what was typed.
    expect(page.locator("#id_name-error")).to_contain_text("Enter your full name")
    expect(page.locator("#id_postcode-error")).to_contain_text("Enter a real UK postcode")
    expect(page.get_by_label("Email address")).to_have_value("grace@example.com")
    expect(page.get_by_label("UK postcode")).to_have_value("RM10 XXX7")
    expect(page.get_by_label("Full name")).to_have_value("")

    # The summary's links take the reader to the field.
    postcode_link.click()
    expect(page.get_by_label("UK postcode")).to_be_focused()

    assert not Signature.objects.filter(petition=petition).exists()


def test_staff_extend_closing_date(page):
    from doorstep.petitions.models import Petition

    staff = UserFactory()
    petition = PetitionFactory()
    old_date = petition.closing_date
    new_date = old_date + timedelta(days=21)

    page.goto("/staff/sign-in")
    page.get_by_label("Username").fill(staff.username)
    page.get_by_label("Password").fill("correct horse battery")
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("heading", name="Petitions", level=1)).to_be_visible()

    page.goto(f"/staff/petitions/{petition.pk}")
    expect(page.get_by_role("heading", level=1)).to_have_text(petition.action)
    page.get_by_role("link", name="Change closing date").click()

    expect(page.get_by_role("heading", name="Change the closing date")).to_be_visible()
    expect(page.get_by_label("New closing date")).to_have_value(old_date.isoformat())
    page.get_by_label("New closing date").fill(new_date.isoformat())
    page.get_by_label("Reason for the change").fill("The council meeting moved to later in the month")
    page.get_by_role("button", name="Change closing date").click()

    expect(page).to_have_url(re.compile(rf"/staff/petitions/{petition.pk}$"))
    expect(page.get_by_text("Closing date changed")).to_be_visible()
    change = page.locator("#history tbody tr").filter(has_text="The council meeting moved")
    expect(change).to_have_count(1)
    expect(change).to_contain_text(
        f"Extended from {old_date.day} {old_date:%B %Y} to {new_date.day} {new_date:%B %Y}: "
        "The council meeting moved to later in the month"
    )
    expect(change).to_contain_text(staff.username)

    petition.refresh_from_db()
    assert petition.closing_date == new_date
    assert petition.original_closing_date == old_date
    assert petition.state == Petition.State.OPEN

    page.goto(f"/petitions/{petition.pk}")
    expect(page.locator("#closing")).to_contain_text(f"Now running until {new_date.day} {new_date:%B}")
