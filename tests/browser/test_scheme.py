"""The petition scheme in a real Chromium: a resident starts a petition, confirms it by email,
supporters sign through the share link and confirm, a moderator publishes it and every signature
counts; and a moderator rejects one with a reason the public page shows."""

import dataclasses
import re
import time

import pytest

from tests.factories import PetitionFactory, UserFactory, supported_petition
from tests.smtp import body_text

from .chromium import chromium_missing_reason
from .test_campaigns import sign_in

if reason := chromium_missing_reason():
    pytest.skip(reason, allow_module_level=True)

from playwright.sync_api import expect

pytestmark = pytest.mark.browser

LINK = re.compile(r"(https?://\S+)")


@pytest.fixture
def scheme(settings, live_server, smtp_server):
    settings.SITE_URL = live_server.url  # so the emailed links point at this server
    settings.DOORSTEP = dataclasses.replace(
        settings.DOORSTEP,
        petition_scheme=True,
        scheme_supporters=3,
        scheme_addressed_to="Barking and Dagenham Council",
        debate_threshold_meaning="debated at a full council meeting",
    )
    return smtp_server


def email_to(smtp_server, address, subject, timeout=10):
    """The first email to `address` whose subject starts with `subject`, once it has arrived."""
    deadline = time.monotonic() + timeout
    while True:
        for message in list(smtp_server.inbox.messages):
            if message["To"] == address and message["Subject"].startswith(subject):
                return message
        if time.monotonic() > deadline:
            subjects = [message["Subject"] for message in smtp_server.inbox.messages]
            raise AssertionError(f"no email to {address} about {subject!r}: {subjects}")
        smtp_server.inbox.wait_for(len(smtp_server.inbox.messages) + 1, timeout=0.2)


def link_in(message, path_part):
    links = [link for link in LINK.findall(body_text(message)) if path_part in link]
    assert len(links) == 1, body_text(message)
    return links[0]


def start_a_petition(page):
    page.goto("/")
    page.get_by_role("link", name="Start a petition").first.click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Start a petition")
    expect(page.get_by_text("At 10 signatures: Barking and Dagenham Council responds.")).to_be_visible()
    page.get_by_role("button", name="Start now").click()
    page.get_by_label("What do you want us to do?").fill("Put a zebra crossing on Station Road")
    page.get_by_role("button", name="Continue").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("We found some similar petitions")
    expect(page.locator("#similar-petitions")).to_contain_text("A crossing outside Station Road school")
    page.get_by_role("button", name="My petition is different").click()
    page.get_by_label("Why do you want us to do it?").fill("Children cross here on the way to school.")
    page.get_by_role("button", name="Continue").click()
    page.get_by_label("Is there anything else you want to tell us?").fill("Cars come fast round the bend.")
    page.get_by_role("button", name="Continue").click()
    page.get_by_label("Full name").fill("Ada Lovelace")
    page.get_by_label("Email address").fill("ada@example.com")
    page.get_by_label("Postcode").fill("rm107xx")
    page.get_by_role("button", name="Continue").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Check your petition")
    expect(page.locator("#answer-action")).to_have_text("Put a zebra crossing on Station Road")
    page.get_by_role("link", name="Change why").click()
    page.get_by_label("Why do you want us to do it?").fill("Children cross here on their way to school.")
    page.get_by_role("button", name="Continue").click()
    expect(page.locator("#answer-background")).to_have_text("Children cross here on their way to school.")
    page.get_by_role("button", name="Start my petition").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Check your email to confirm your petition")


def support_it(page, smtp_server, share_url, number):
    address = f"supporter{number}@example.com"
    page.goto(share_url)
    page.get_by_label("Full name").fill(f"Supporter {number}")
    page.get_by_label("Email address").fill(address)
    page.get_by_label("UK postcode").fill("RM10 7XX")
    page.get_by_role("button", name="Support this petition").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Check your email to confirm your support")
    page.goto(link_in(email_to(smtp_server, address, "Please confirm your signature"), "/signatures/"))
    page.get_by_role("button", name="Confirm my signature").click()
    expect(page.get_by_text("Thank you for supporting")).to_be_visible()


def test_start_confirm_support_publish_count(page, scheme):
    from doorstep.petitions.models import Petition

    PetitionFactory(action="A crossing outside Station Road school")
    start_a_petition(page)
    petition = Petition.objects.get(creator_name="Ada Lovelace")
    assert petition.state == Petition.State.PENDING

    page.goto(link_in(email_to(scheme, "ada@example.com", "Confirm your petition"), "/confirm/"))
    page.get_by_role("button", name="Confirm my petition").click()
    expect(page.locator("#supporters")).to_have_text("0 of 3 supporters have signed")
    share_url = page.locator("#share-url").inner_text()
    assert share_url == link_in(email_to(scheme, "ada@example.com", "Find supporters"), "/support/")
    creator_page = page.url

    for number in range(3):
        support_it(page, scheme, share_url, number)
    email_to(scheme, "ada@example.com", "Your petition has its supporters")
    page.goto(creator_page)
    expect(page.locator("#petition-state")).to_have_text("Waiting for moderation")
    page.goto(f"/petitions/{petition.pk}")
    expect(page.get_by_role("heading", level=1)).not_to_have_text(petition.action)  # not published yet

    sign_in(page, UserFactory())
    page.goto("/staff/moderation")
    page.locator("#queue").get_by_role("link", name="Put a zebra crossing on Station Road").click()
    expect(page.locator("#supporters")).to_contain_text("3 of 3")
    page.get_by_label("Publish", exact=True).check()
    page.get_by_role("button", name="Save decision").click()
    expect(page.get_by_text(f"Petition {petition.pk}: publish")).to_be_visible()
    email_to(scheme, "ada@example.com", "Your petition is published")

    page.goto(f"/petitions/{petition.pk}")
    expect(page.get_by_role("heading", level=1)).to_have_text("Put a zebra crossing on Station Road")
    expect(page.locator("#signature-count")).to_have_text("4")  # Ada and her three supporters
    expect(page.locator("#threshold-response")).to_contain_text("At 10 signatures: Barking and Dagenham Council")
    expect(page.locator("#threshold-debate")).to_contain_text("debated at a full council meeting")
    expect(page.get_by_role("button", name="Sign this petition")).to_be_visible()


def test_rejection_with_a_reason_is_shown_publicly(page, scheme):
    original = PetitionFactory(action="A crossing outside Station Road school")
    proposal = supported_petition(action="A zebra crossing by the school", email="bea@example.com")
    sign_in(page, UserFactory())
    page.goto(f"/staff/moderation/{proposal.petition_id}")
    page.get_by_label("Reject", exact=True).check()
    page.get_by_label("Reason (to reject or hide)").select_option(label="It duplicates a petition that is already open")
    page.get_by_label("Your explanation").fill("The school crossing petition asks for the same thing.")
    page.get_by_label("The number of the open petition it duplicates").fill(str(original.pk))
    page.get_by_role("button", name="Save decision").click()
    expect(page.get_by_text(f"Petition {proposal.petition_id}: reject")).to_be_visible()
    message = email_to(scheme, "bea@example.com", "Your petition was rejected")
    assert "The school crossing petition asks for the same thing." in body_text(message)

    page.goto(f"/petitions/{proposal.petition_id}")
    expect(page.get_by_text("Rejected petition")).to_be_visible()
    expect(page.locator("#rejection-reason")).to_have_text("It duplicates a petition that is already open")
    expect(page.locator("#rejection-details")).to_have_text("The school crossing petition asks for the same thing.")
    page.get_by_role("link", name="A crossing outside Station Road school").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(original.action)
    page.goto("/petitions?state=rejected")
    expect(page.get_by_role("link", name="A zebra crossing by the school")).to_be_visible()
