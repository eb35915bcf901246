import dataclasses

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from doorstep.core.errors import ApplicationError
from doorstep.scans import selectors, services
from doorstep.scans.models import Scan, Upload
from doorstep.trust.models import PersonalDataAccess
from tests.factories import PetitionFactory, UserFactory

from .sheets import as_pdf, as_photo, blank_page, needs_pdftoppm, photographed, rendered_sheets

pytestmark = [pytest.mark.django_db, needs_pdftoppm]


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def matched(upload):
    return [(scan.sheet.code if scan.sheet else None, scan.match) for scan in upload.scans.order_by("pk")]


def test_a_scanned_pdf_every_page_matched_to_its_sheet(petition, organiser):
    sheets = rendered_sheets(petition, sheets=5, dpi=150)
    pdf = as_pdf([photographed(image, how) for how, (_code, image) in enumerate(sheets)])
    upload = services.scans_upload(petition=petition, files=[pdf], actor=organiser)
    assert matched(upload) == [(code, Scan.Match.QR) for code, _image in sheets]
    assert (upload.pages, upload.matched) == (5, 5)


def test_phone_photos_every_one_matched(petition, organiser):
    sheets = rendered_sheets(petition, sheets=5, dpi=150)
    photos = [
        as_photo(photographed(image, how), f"IMG_{how}.{'png' if how % 2 else 'jpg'}", "PNG" if how % 2 else "JPEG")
        for how, (_code, image) in enumerate(sheets)
    ]
    upload = services.scans_upload(petition=petition, files=photos, actor=organiser)
    assert matched(upload) == [(code, Scan.Match.QR) for code, _image in sheets]


def test_a_page_of_another_petition_refuses_the_upload(petition, organiser):
    ours = rendered_sheets(petition, sheets=1)
    theirs = rendered_sheets(PetitionFactory(), sheets=1)
    pdf = as_pdf([ours[0][1], theirs[0][1]])
    with pytest.raises(ApplicationError, match=r"returns\.pdf, page 2 is a sheet of another petition"):
        services.scans_upload(petition=petition, files=[pdf], actor=organiser)
    assert not Upload.objects.exists() and not Scan.objects.exists()


def test_unreadable_pages_are_listed_and_matched_by_hand(petition, organiser):
    [(code, image)] = rendered_sheets(petition, sheets=1)
    upload = services.scans_upload(petition=petition, files=[as_pdf([image, blank_page()])], actor=organiser)
    assert matched(upload) == [(code, Scan.Match.QR), (None, Scan.Match.NONE)]
    [unread] = selectors.scans_unmatched(petition=petition)
    with pytest.raises(ApplicationError, match="mistyped"):
        services.scan_match(scan=unread, code=code[:-1] + ("2" if code[-1] != "2" else "3"), actor=organiser)
    services.scan_match(scan=unread, code=code.lower(), actor=organiser)
    assert not selectors.scans_unmatched(petition=petition).exists()
    upload.refresh_from_db()
    assert upload.matched == 2


def test_a_photo_with_no_qr_code_needs_its_code_typed(petition, organiser):
    [(code, _image)] = rendered_sheets(petition, sheets=1)
    with pytest.raises(ApplicationError, match=r"No QR code could be read on blank\.jpg"):
        services.scans_upload(petition=petition, files=[as_photo(blank_page(), "blank.jpg")], actor=organiser)
    assert not Scan.objects.exists()
    upload = services.scans_upload(
        petition=petition, files=[as_photo(blank_page(), "blank.jpg")], typed_code=code, actor=organiser
    )
    assert matched(upload) == [(code, Scan.Match.TYPED)]


@pytest.mark.parametrize(
    "upload",
    [
        SimpleUploadedFile("notes.jpg", b"these are not the sheets", content_type="image/jpeg"),
        SimpleUploadedFile("broken.pdf", b"%PDF-1.4 nothing else", content_type="application/pdf"),
        SimpleUploadedFile("picture.gif", b"GIF89a" + b"\0" * 40, content_type="image/gif"),
    ],
)
def test_a_file_that_is_not_a_scan_changes_nothing(petition, organiser, upload):
    with pytest.raises(ApplicationError, match=upload.name):
        services.scans_upload(petition=petition, files=[upload], actor=organiser)
    assert not Upload.objects.exists()


def test_a_huge_upload_changes_nothing(petition, organiser, settings):
    settings.DOORSTEP = dataclasses.replace(settings.DOORSTEP, scan_upload_max_mb=1)
    big = SimpleUploadedFile("big.pdf", b"%PDF-" + b"0" * (2 * 1024 * 1024), content_type="application/pdf")
    with pytest.raises(ApplicationError, match="That is 3 MB: upload at most 1 MB at a time"):
        services.scans_upload(petition=petition, files=[big], actor=organiser)
    assert not Upload.objects.exists()


def test_staff_upload_page_json_for_the_progress_bar(staff_client, petition):
    [(_code, image)] = rendered_sheets(petition, sheets=1)
    url = f"/staff/petitions/{petition.pk}/scans"
    good = staff_client.post(url, {"files": [as_pdf([image])]}, headers={"Accept": "application/json"})
    assert good.status_code == 200 and good.json()["summary"] == "1 page uploaded"
    bad = staff_client.post(
        url, {"files": [SimpleUploadedFile("x.jpg", b"nope")]}, headers={"Accept": "application/json"}
    )
    assert bad.status_code == 400 and "x.jpg is not a PDF, JPEG or PNG file" in bad.json()["error"]
    page = staff_client.post(url, {"files": [SimpleUploadedFile("x.jpg", b"nope")]}, follow=True)
    assert "x.jpg is not a PDF, JPEG or PNG file" in page.content.decode()
    assert Upload.objects.count() == 1


def test_the_scan_beside_the_keying_grid_and_every_viewing_audited(client, petition):
    [(code, image)] = rendered_sheets(petition, sheets=1)
    services.scans_upload(petition=petition, files=[as_pdf([image])], actor=None)
    volunteer = UserFactory(role="data_entry")
    client.force_login(volunteer)
    grid = client.get(f"/staff/paper/sheets/{code}").content.decode()
    scan = Scan.objects.get()
    assert f'src="/staff/scans/{scan.pk}.jpg"' in grid
    assert 'id="scan-frame" tabindex="0"' in grid
    answer = client.get(f"/staff/scans/{scan.pk}.jpg")
    assert answer["Content-Type"] == "image/jpeg"
    assert b"".join(answer.streaming_content)[:2] == b"\xff\xd8"
    grid_viewed, scan_viewed = PersonalDataAccess.objects.order_by("id")
    assert (grid_viewed.user, grid_viewed.action, grid_viewed.what) == (volunteer, "viewed", f"rows of sheet {code}")
    assert (scan_viewed.user, scan_viewed.action, scan_viewed.what) == (volunteer, "viewed", f"scan of sheet {code}")


def test_volunteers_cannot_upload_or_see_unmatched_pages(client, petition):
    services.scans_upload(petition=petition, files=[as_pdf([blank_page(), blank_page()])], actor=None)
    client.force_login(UserFactory(role="data_entry"))
    assert client.get(f"/staff/petitions/{petition.pk}/scans").status_code == 403
    assert client.get(f"/staff/scans/{Scan.objects.first().pk}.jpg").status_code == 404


def test_scans_are_removed_with_the_petitions_personal_data(petition, on_commit):
    from doorstep.signatures.services.retention import signatures_anonymise

    [(_code, image)] = rendered_sheets(petition, sheets=1)
    services.scans_upload(petition=petition, files=[as_pdf([image])], actor=None)
    stored = Scan.objects.get().image
    assert stored.storage.exists(stored.name)
    with on_commit(execute=True):
        signatures_anonymise(petition=petition)
    assert not Scan.objects.exists()
    assert not stored.storage.exists(stored.name)
