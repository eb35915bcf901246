"""Doorstep in Welsh in a real Chromium: the switch to Cymraeg, signing in Welsh and the
confirmation email arriving in Welsh (through a real SMTP server); and a bilingual paper
sheet set up by staff, asked for on the Welsh page, printed, rendered (pdftoppm) and read
back (zxing-cpp), as the paper tests do."""

import html
import io
import re
import shutil

import pytest
from pypdf import PdfReader

from tests.factories import PetitionFactory, UserFactory
from tests.paper.test_printing import page_images, qr_codes
from tests.smtp import body_text

from .chromium import chromium_missing_reason

if reason := chromium_missing_reason():
    pytest.skip(reason, allow_module_level=True)

from playwright.sync_api import expect

from .staff import sign_in

pytestmark = pytest.mark.browser

CONFIRM_LINK = re.compile(r"(https?://\S+/cy/signatures/\d+/confirm/\S+)")


def test_sign_in_welsh_and_confirm_from_a_welsh_email(page, live_server, smtp_server, settings):
    from doorstep.signatures.models import Signature

    settings.SITE_URL = live_server.url  # so the emailed link points at this server
    petition = PetitionFactory(
        action="Keep the library open",
        action_cy="Cadwch y llyfrgell ar agor",
        background="The library is due to close.",
        background_cy="Mae'r llyfrgell i fod i gau.",
    )

    page.goto(f"/petitions/{petition.pk}")
    expect(page.locator("html")).to_have_attribute("lang", "en-gb")
    page.get_by_role("link", name="Cymraeg").click()

    expect(page).to_have_url(re.compile(rf"/cy/petitions/{petition.pk}$"))
    expect(page.locator("html")).to_have_attribute("lang", "cy")
    expect(page.get_by_role("heading", level=1)).to_have_text("Cadwch y llyfrgell ar agor")
    expect(page.locator('link[rel="alternate"][hreflang="en-gb"]')).to_have_attribute(
        "href", f"{live_server.url}/petitions/{petition.pk}"
    )
    page.get_by_role("button", name="Llofnodi'r ddeiseb hon").click()

    expect(page).to_have_url(re.compile(rf"/cy/petitions/{petition.pk}/sign$"))
    page.get_by_label("Enw llawn").fill("Siân Jones")
    page.get_by_label("Cyfeiriad e-bost").fill("sian@example.com")
    page.get_by_label("Cod post yn y DU").fill("cf10 1aa")
    page.get_by_role("button", name="Parhau").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Gwiriwch eich e-bost i gadarnhau eich llofnod")
    signature = Signature.objects.get(petition=petition)
    assert signature.language == "cy"

    [message] = smtp_server.inbox.wait_for(1)
    assert message["To"] == "sian@example.com"
    assert "Cadwch y llyfrgell ar agor" in message["Subject"] and "Cadarnhewch eich llofnod" in message["Subject"]
    body = body_text(message)
    assert "Annwyl Siân Jones," in body and "Cadarnhau fy llofnod" in body
    [link] = CONFIRM_LINK.findall(body)

    page.goto(link)
    expect(page.locator("html")).to_have_attribute("lang", "cy")
    page.get_by_role("button", name="Cadarnhau fy llofnod").click()
    expect(page.get_by_role("heading", name="Llofnod wedi'i gadarnhau")).to_be_visible()
    expect(page.get_by_text("Mae gan y ddeiseb 1 llofnod bellach.")).to_be_visible()
    signature.refresh_from_db()
    assert signature.state == Signature.State.CONFIRMED

    # The visit stays in Welsh until the visitor switches back.
    page.locator(".govuk-header__link--homepage").click()
    expect(page).to_have_url(re.compile(r"/cy/$"))
    page.get_by_role("link", name="English").click()
    expect(page).to_have_url(re.compile(r"/$"))
    expect(page.locator("html")).to_have_attribute("lang", "en-gb")


needs_poppler = pytest.mark.skipif(shutil.which("pdftoppm") is None, reason="needs pdftoppm (poppler-utils)")


@needs_poppler
def test_a_bilingual_sheet_asked_for_in_welsh_printed_and_read_back(page, tmp_path):
    from doorstep.paper.models import Pack

    staff = UserFactory()
    petition = PetitionFactory(action="Keep the library open", background="The library is due to close.")

    # Staff give the petition its Welsh and choose bilingual sheets.
    sign_in(page, staff)
    page.goto(f"/staff/petitions/{petition.pk}/edit")
    page.get_by_label("What the petition asks for, in Welsh").fill("Cadwch y llyfrgell ar agor")
    page.get_by_label("Background, in Welsh").fill("Mae'r llyfrgell i fod i gau.")
    page.get_by_label("Print paper sheets in Welsh and English").check()
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_text("Petition saved")).to_be_visible()

    # A resident asks for a pack on the Welsh page.
    page.goto(f"/cy/petitions/{petition.pk}")
    page.get_by_role("link", name="Casglu llofnodion ar bapur").click()
    page.get_by_label("Enw llawn").fill("Siân Jones")
    page.get_by_label("Llinell gyntaf y cyfeiriad").fill("1 Heol y Frenhines")
    page.get_by_label("Tref neu ddinas").fill("Caerdydd")
    page.get_by_label("Cod post").fill("CF10 1AA")
    page.get_by_label("Cyfeiriad e-bost").fill("sian@example.com")
    page.get_by_label("Faint o daflenni?").select_option("2")
    page.get_by_label("Defnyddiwch fy manylion i bostio'r pecyn hwn ataf").check()
    page.get_by_role("button", name="Anfonwch becyn ataf").click()
    expect(page.get_by_role("heading", name="Mae eich pecyn ar ei ffordd")).to_be_visible()
    assert Pack.objects.get().language == "cy"

    # Staff print it and download the batch.
    page.goto(f"/staff/petitions/{petition.pk}/paper")
    page.get_by_role("button", name="Print outstanding requests (1)").click()
    with page.expect_download() as download:
        page.get_by_role("link", name="Letters and sheets (PDF)").click()
    pdf = tmp_path / "packs.pdf"
    download.value.save_as(pdf)

    # Each sheet's QR code reads back to its sheet; the letter is Welsh, each sheet in both, Welsh first.
    pack = Pack.objects.get()
    codes = [sheet.code for sheet in pack.sheets.order_by("number")]
    assert [qr_codes(image) for image in page_images(pdf, tmp_path)] == [[], [codes[0]], [codes[1]]]
    letter, *sheets = (
        " ".join(html.unescape(p.extract_text()).split()) for p in PdfReader(io.BytesIO(pdf.read_bytes())).pages
    )
    assert "Annwyl Siân Jones," in letter and "Eich pecyn deiseb: Cadwch y llyfrgell ar agor" in letter
    for number, sheet in enumerate(sheets, 1):
        assert sheet.index("Cadwch y llyfrgell ar agor") < sheet.index("Keep the library open")
        assert "Enw llawn / Full name" in sheet and "Preifatrwydd:" in sheet and "Privacy:" in sheet
        assert f"taflen {number} o 2 · sheet {number} of 2" in sheet
