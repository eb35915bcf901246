"""A petition's organiser: its own where it names one, field by field, else the site's; the
sender and signature of its emails, the head of its letters and sheets, the site header."""

import io

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from pypdf import PdfReader

from doorstep.paper.printing import pack_pdf
from doorstep.petitions.selectors import petition_organiser
from doorstep.signatures.tasks import send_signature_confirmation
from tests.factories import PetitionFactory, printed_pack, sign
from tests.organiser_helpers import logo_png, organiser_set

pytestmark = pytest.mark.django_db


def test_a_petition_without_its_own_is_the_sites(settings):
    organiser_set(settings)
    organiser = petition_organiser(petition=PetitionFactory())
    assert organiser.name == "Jon Cruddas MP" and organiser.phone == "020 8984 7854"
    assert organiser.logo_petition_id is None


def test_a_petition_names_its_own_field_by_field(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    organiser_set(settings)
    petition = PetitionFactory(
        organiser_name="Councillor Sam Tarry",
        organiser_address="Rainham Library\n\nBroadway, Rainham RM13 9YW ",
        organiser_logo=SimpleUploadedFile("sam.png", logo_png("red"), content_type="image/png"),
    )
    organiser = petition_organiser(petition=petition)
    assert organiser.named and organiser.name == "Councillor Sam Tarry"
    assert organiser.address == ("Rainham Library", "Broadway, Rainham RM13 9YW")
    assert organiser.phone == "020 8984 7854"  # left empty: the site's
    assert organiser.logo_petition_id == petition.pk
    assert organiser.logo_bytes() == (logo_png("red"), "image/png")


def test_emails_come_from_and_are_signed_by_the_petitions_organiser(settings, petition):
    settings.DEFAULT_FROM_EMAIL = "Doorstep <petitions@doorstep.example>"
    organiser_set(settings)
    send_signature_confirmation.enqueue(signature_id=sign(petition, confirm=False).pk)
    councillor = PetitionFactory(organiser_name="Councillor Sam Tarry")
    send_signature_confirmation.enqueue(signature_id=sign(councillor, confirm=False).pk)
    first, second = mail.outbox
    assert first.from_email == "Jon Cruddas MP <petitions@doorstep.example>"
    assert first.body.rstrip().endswith("Jon Cruddas MP")
    assert second.from_email == "Councillor Sam Tarry <petitions@doorstep.example>"
    assert second.body.rstrip().endswith("Councillor Sam Tarry")


def test_emails_keep_the_default_sender_when_no_organiser_is_set(settings, petition):
    settings.DEFAULT_FROM_EMAIL = "Petitions Team <petitions@doorstep.example>"
    send_signature_confirmation.enqueue(signature_id=sign(petition, confirm=False).pk)
    assert mail.outbox[0].from_email == "Petitions Team <petitions@doorstep.example>"


def test_letters_and_sheets_carry_the_organiser(settings, petition, tmp_path):
    logo = tmp_path / "logo.png"
    logo.write_bytes(logo_png())
    organiser_set(settings, organiser_logo=str(logo))
    reader = PdfReader(io.BytesIO(pack_pdf(pack=printed_pack(petition, sheets=1))))
    letter, sheet = (" ".join(page.extract_text().split()) for page in reader.pages)
    assert "Jon Cruddas MP" in letter and "Dagenham Civic Centre" in letter and "Phone 020 8984 7854" in letter
    assert "Thank you, Jon Cruddas MP" in letter
    assert "Jon Cruddas MP" in sheet and "Call 020 8984 7854" in sheet
    assert "Jon Cruddas MP uses the details on this sheet" in sheet
    # The logo is drawn on both pages.
    assert all(page["/Resources"].get("/XObject") for page in reader.pages)
