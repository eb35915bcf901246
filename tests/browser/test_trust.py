"""The trust features a browser sees: the proof-of-work puzzle solving under the
Content Security Policy, and the honeypot staying out of a person's way."""

import re
from dataclasses import replace

import pytest

from tests.factories import PetitionFactory, UserFactory

from .chromium import chromium_missing_reason

if reason := chromium_missing_reason():
    pytest.skip(reason, allow_module_level=True)

from playwright.sync_api import expect

pytestmark = pytest.mark.browser


def fill_and_sign(page, petition):
    page.goto(f"/petitions/{petition.pk}/sign")
    page.get_by_label("Full name").fill("Ada Lovelace")
    page.get_by_label("Email address").fill("ada@example.com")
    page.get_by_label("UK postcode").fill("rm107xx")


def test_a_person_signing_with_the_puzzle_on_is_not_held(page, settings):
    from doorstep.signatures.models import Signature
    from doorstep.trust.services import switches_set

    settings.DOORSTEP = replace(settings.DOORSTEP, proof_of_work_max_number=20_000)
    switches_set(actor=UserFactory(), proof_of_work_required=True)
    petition = PetitionFactory()
    csp_errors: list[str] = []
    page.on("console", lambda msg: csp_errors.append(msg.text) if "Content Security Policy" in msg.text else None)
    fill_and_sign(page, petition)
    # The widget solves the puzzle by itself and puts its answer in the form.
    expect(page.locator("altcha-widget input[name=altcha]")).to_have_value(re.compile(".+"), timeout=30_000)
    page.get_by_role("button", name="Continue").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Check your email to confirm your signature")
    signature = Signature.objects.get(petition=petition)
    assert (signature.state, signature.suspect_reason) == (Signature.State.PENDING, "")
    assert csp_errors == []


def test_the_honeypot_is_invisible_and_a_person_is_not_held(page):
    from doorstep.signatures.models import Signature

    petition = PetitionFactory()
    fill_and_sign(page, petition)
    expect(page.locator("#id_website")).not_to_be_in_viewport()
    page.get_by_role("button", name="Continue").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Check your email to confirm your signature")
    assert Signature.objects.get(petition=petition).state == Signature.State.PENDING
