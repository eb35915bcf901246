"""Paper in Welsh: a pack asked for on a Welsh page has its letter, sheets and emails in
Welsh; a petition may have bilingual sheets, both languages on every sheet, Welsh first."""

import html
import io
from datetime import timedelta

import pytest
from pypdf import PdfReader

from doorstep.paper.models import Pack
from doorstep.paper.printing import pack_pdf, sheet_languages
from doorstep.paper.services.circulation import packs_tell_closing_date
from doorstep.petitions.services import petition_change_closing_date
from tests.factories import PetitionFactory, printed_pack

pytestmark = pytest.mark.django_db


@pytest.fixture
def bilingual_petition(db):
    return PetitionFactory(
        action="Keep the library open",
        action_cy="Cadwch y llyfrgell ar agor",
        background="The library is due to close.",
        background_cy="Mae'r llyfrgell i fod i gau.",
    )


def pages_text(pack: Pack) -> list[str]:
    return [" ".join(page.extract_text().split()) for page in PdfReader(io.BytesIO(pack_pdf(pack=pack))).pages]


def test_a_pack_asked_for_on_a_welsh_page_is_in_welsh(client, bilingual_petition):
    form = {
        "name": "Siân Jones",
        "address_line_1": "1 Heol y Frenhines",
        "town": "Caerdydd",
        "postcode": "CF10 1AA",
        "email": "sian@example.com",
        "sheets": "1",
        "contact_consent": "on",
    }
    response = client.post(f"/cy/petitions/{bilingual_petition.pk}/paper-pack", form)
    assert response["Location"] == f"/cy/petitions/{bilingual_petition.pk}/paper-pack/requested"
    pack = Pack.objects.get()
    assert pack.language == "cy"


def test_a_welsh_pack_prints_its_letter_and_sheets_in_welsh(bilingual_petition):
    pack = printed_pack(bilingual_petition, language="cy", name="Siân Jones", sheets=2)
    letter, sheet, _second = pages_text(pack)
    assert "Annwyl Siân Jones," in letter
    assert "Eich pecyn deiseb: Cadwch y llyfrgell ar agor" in letter
    assert "Dychwelwch y taflenni at:" in letter
    assert "Cadwch y llyfrgell ar agor" in sheet and "Keep the library open" not in sheet
    assert "Enw llawn" in sheet and "Preifatrwydd:" in sheet and "Full name" not in sheet
    assert "taflen 1 o 2" in sheet


def test_an_english_pack_prints_in_english(bilingual_petition):
    pack = printed_pack(bilingual_petition, sheets=1)
    letter, sheet = pages_text(pack)
    assert "Your petition pack: Keep the library open" in letter
    assert "Keep the library open" in sheet and "Cadwch" not in sheet and "sheet 1 of 1" in sheet


def test_bilingual_sheets_carry_both_languages_welsh_first(bilingual_petition):
    bilingual_petition.bilingual_sheets = True
    bilingual_petition.save()
    pack = printed_pack(bilingual_petition, sheets=1)  # asked for in English: the letter stays English
    assert sheet_languages(pack) == ("cy", "en-gb")
    letter, sheet = pages_text(pack)
    assert "Your petition pack" in letter
    assert sheet.index("Cadwch y llyfrgell ar agor") < sheet.index("Keep the library open")
    assert "Mae'r llyfrgell i fod i gau." in sheet and "The library is due to close." in sheet
    assert "Enw llawn / Full name" in sheet
    assert "Preifatrwydd:" in sheet and "Privacy:" in sheet
    assert "taflen 1 o 1 · sheet 1 of 1" in sheet


def test_a_bilingual_sheet_prints_a_text_written_in_one_language_once(petition):
    petition.bilingual_sheets = True
    petition.save()
    sheet = pages_text(printed_pack(petition, sheets=1))[1]
    assert sheet.count(petition.action) == 1
    assert "Deiseb P" in sheet and "Petition P" in sheet


def test_pack_holders_are_told_a_new_closing_date_in_their_language(
    bilingual_petition, organiser, mailoutbox, on_commit
):
    printed_pack(bilingual_petition, email="sian@example.com", name="Siân Jones", language="cy")
    printed_pack(bilingual_petition, email="kim@example.com", name="Kim Lee")
    new_date = bilingual_petition.closing_date + timedelta(days=14)
    petition = petition_change_closing_date(
        petition=bilingual_petition, actor=organiser, closing_date=new_date, reason="Later"
    )
    with on_commit(execute=True):
        packs_tell_closing_date(petition=petition, actor=organiser)
    subjects = {message.to[0]: message for message in mailoutbox}
    welsh, english = subjects["sian@example.com"], subjects["kim@example.com"]
    assert welsh.subject == "Dyddiad cau newydd ar gyfer eich pecyn deiseb: Cadwch y llyfrgell ar agor"
    assert "Annwyl Siân Jones," in welsh.body
    assert english.subject == "New closing date for your petition pack: Keep the library open"


def test_staff_log_a_request_in_welsh(staff_client, petition):
    data = {
        "source": "phone",
        "language": "cy",
        "name": "Siân Jones",
        "address_line_1": "1 Heol y Frenhines",
        "town": "Caerdydd",
        "postcode": "CF10 1AA",
        "phone": "01632 960001",
        "sheets": "1",
        "contact_consent": "on",
    }
    assert staff_client.post(f"/staff/petitions/{petition.pk}/paper/log-request", data).status_code == 302
    assert Pack.objects.get().language == "cy"


def test_the_welsh_request_form_is_guarded_as_the_english_one(client, bilingual_petition):
    """The puzzle (in Welsh: ALTCHA has no Welsh of its own) and the limits per address."""
    from django.conf import settings

    from doorstep.trust.services import switches_set

    url = f"/cy/petitions/{bilingual_petition.pk}/paper-pack"
    switches_set(actor=None, proof_of_work_required=True)
    page = client.get(url).content.decode()
    assert "<altcha-widget" in page and "Nid robot ydw i" in html.unescape(page)
    form = {
        "address_line_1": "1 Heol y Frenhines",
        "town": "Caerdydd",
        "postcode": "CF10 1AA",
        "email": "sian@example.com",
        "sheets": "1",
        "contact_consent": "on",
    }
    switches_set(actor=None, proof_of_work_required=False)
    for n in range(settings.DOORSTEP.pack_ip_limit + 1):
        response = client.post(url, {**form, "name": f"Siân {n}", "address_line_1": f"{n} Heol y Frenhines"})
        assert response["Location"] == f"{url}/requested"  # told nothing different
    assert set(Pack.objects.values_list("language", flat=True)) == {"cy"}
    assert list(Pack.objects.exclude(held_reason="").values_list("held_reason", flat=True)) == [
        "too many pack requests from one IP address"
    ]
