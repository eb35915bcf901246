"""Uploading scans from the staff page: a progress bar as the files go, and too much at once
refused before anything is sent; a large upload's reading followed without reloading the page."""

import dataclasses
import io
import re

import pytest
from PIL import Image

from tests.factories import PetitionFactory, UserFactory, printed_sheet

from .chromium import chromium_missing_reason

if reason := chromium_missing_reason():
    pytest.skip(reason, allow_module_level=True)

from playwright.sync_api import expect

pytestmark = pytest.mark.browser


def sign_in(page, user, petition):
    page.goto(f"/staff/sign-in?next=/staff/petitions/{petition.pk}/scans")
    page.get_by_label("Username").fill(user.username)
    page.get_by_label("Password").fill("correct horse battery")
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("heading", name="Scans of returned sheets")).to_be_visible()


def blank_pdf() -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (827, 1169), "white").save(out, format="PDF")
    return out.getvalue()


def test_upload_with_a_progress_bar_and_too_much_refused_before_sending(page, settings, tmp_path):
    from doorstep.scans.models import Scan

    settings.MEDIA_ROOT = tmp_path / "media"
    settings.DOORSTEP = dataclasses.replace(settings.DOORSTEP, scan_upload_max_mb=1)
    petition = PetitionFactory()
    sheet = printed_sheet(petition)
    sign_in(page, UserFactory(), petition)
    posts: list[str] = []
    page.on("request", lambda request: posts.append(request.url) if request.method == "POST" else None)
    progress: list[str] = []
    page.on("console", lambda message: progress.append(message.text))

    big = {"name": "returns.pdf", "mimeType": "application/pdf", "buffer": b"%PDF-" + b"0" * (2 * 1024 * 1024)}
    page.get_by_label("PDF or photos").set_input_files(big)
    page.get_by_role("button", name="Upload").click()
    expect(page.locator("#scan-error")).to_have_text("That is too much at once: upload at most 1 MB at a time")
    assert posts == []  # nothing was sent

    # One page whose QR code cannot be read, with its code typed: sent with the bar showing.
    page.evaluate(
        """() => { const bar = document.getElementById("scan-progress-bar");
                   new MutationObserver(() => console.log("progress " + bar.value))
                     .observe(bar, {attributes: true}); }"""
    )
    page.get_by_label("PDF or photos").set_input_files(
        {"name": "page.pdf", "mimeType": "application/pdf", "buffer": blank_pdf()}
    )
    page.get_by_label(re.compile("Sheet code")).fill(sheet.code)
    page.get_by_role("button", name="Upload").click()
    expect(page.get_by_text("1 page uploaded")).to_be_visible()
    assert len(posts) == 1
    assert "progress 100" in progress
    assert Scan.objects.get().sheet == sheet


def test_a_large_upload_followed_to_the_end_without_a_reload(page):
    from doorstep.scans.models import Upload

    petition = PetitionFactory()
    user = UserFactory()
    upload = Upload.objects.create(
        petition=petition, uploaded_by=user, files="returns.pdf", pages=3, pages_read=1, state="reading"
    )
    sign_in(page, user, petition)
    loads: list[str] = []
    page.on("load", lambda _page: loads.append("load"))
    expect(page.get_by_text("Reading: 1 of 3 pages")).to_be_visible()
    page.get_by_label(re.compile("Sheet code")).fill("AB12")  # typed while the worker reads: kept

    Upload.objects.filter(pk=upload.pk).update(pages_read=2)
    expect(page.get_by_text("Reading: 2 of 3 pages")).to_be_visible()
    expect(page.locator("#uploads-announce")).to_have_text("Reading the pages uploaded")
    Upload.objects.filter(pk=upload.pk).update(state="", pages_read=3, matched=3)
    expect(page.get_by_role("link", name="Show the pages to match by hand")).to_be_visible()
    expect(page.locator("#uploads-announce")).to_have_text("Every page uploaded has been read.")
    assert page.locator(f"#upload-{upload.pk} progress").count() == 0
    assert page.get_by_label(re.compile("Sheet code")).input_value() == "AB12"
    assert loads == []  # never reloaded
