"""Large uploads: nothing past the size limit kept as it arrives, and more than a few pages
read by the worker, the staff page showing how far it has got."""

import dataclasses

import pytest
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import InMemoryUploadedFile, SimpleUploadedFile

from doorstep.core.uploads import TooLargeUpload
from doorstep.scans import services
from doorstep.scans.models import Scan, Upload
from doorstep.scans.tasks import read_scans
from doorstep.trust.models import PersonalDataAccess
from tests.factories import PetitionFactory, UserFactory

from .sheets import as_pdf, as_photo, needs_pdftoppm, photographed, rendered_sheets

pytestmark = pytest.mark.django_db
MB = 1024 * 1024
JSON = {"Accept": "application/json"}


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def url(petition) -> str:
    return f"/staff/petitions/{petition.pk}/scans"


def test_past_the_limit_nothing_is_kept_and_nothing_changes(staff_client, petition, settings, monkeypatch):
    settings.DOORSTEP = dataclasses.replace(settings.DOORSTEP, scan_upload_max_mb=1)
    seen = []
    receive = services.scans_receive

    def spy(*, files, **kwargs):
        seen.extend((type(upload), upload.size, upload.read()) for upload in files)
        return receive(files=files, **kwargs)

    monkeypatch.setattr(services, "scans_receive", spy)
    # Two files, each under the limit, over it together: the second is not kept.
    first = SimpleUploadedFile("a.pdf", b"%PDF-" + b"a" * (MB // 2))
    second = SimpleUploadedFile("b.pdf", b"%PDF-" + b"b" * MB)
    answer = staff_client.post(url(petition), {"files": [first, second]}, headers=JSON)
    assert answer.status_code == 400 and answer.json()["error"] == "That is 2 MB: upload at most 1 MB at a time"
    assert [(kind, size) for kind, size, _content in seen] == [
        (InMemoryUploadedFile, MB // 2 + 5),
        (TooLargeUpload, MB + 5),
    ]
    assert seen[1][2] == b""  # none of the file past the limit was kept
    assert not Upload.objects.exists()


def test_the_page_refuses_too_much_before_sending(staff_client, petition, settings):
    settings.DOORSTEP = dataclasses.replace(settings.DOORSTEP, scan_upload_max_mb=3)
    page = staff_client.get(url(petition)).content.decode()
    assert f'data-max-bytes="{3 * MB}"' in page
    assert 'data-too-big="That is too much at once: upload at most 3 MB at a time"' in page
    assert '<progress id="scan-progress-bar"' in page


@needs_pdftoppm
def test_many_pages_are_read_by_the_worker_with_progress_shown(staff_client, petition, on_commit):
    sheets = rendered_sheets(petition, sheets=services.READ_IN_REQUEST_PAGES + 1, dpi=120)
    pdf = as_pdf([photographed(image, how) for how, (_code, image) in enumerate(sheets)])
    with on_commit(execute=False) as queued:
        answer = staff_client.post(url(petition), {"files": [pdf]}, headers=JSON)
    pages = len(sheets)
    assert answer.status_code == 200
    assert answer.json()["summary"] == f"{pages} pages are being read: this page shows how far they have got"
    upload = Upload.objects.get()
    assert (upload.state, upload.pages, upload.pages_read, upload.files) == ("queued", pages, 0, "returns.pdf")
    [(stored, name)] = upload.incoming
    assert name == "returns.pdf" and default_storage.exists(stored)
    assert not Scan.objects.exists()
    page = staff_client.get(url(petition)).content.decode()
    assert "http-equiv" not in page and f'data-poll-url="{url(petition)}/progress"' in page
    assert f"Reading: 0 of {pages} pages" in page and f'<progress id="reading-{upload.pk}"' in page
    [callback] = queued
    callback()  # the worker (the tests' tasks run at once)
    upload.refresh_from_db()
    assert (upload.state, upload.pages_read, upload.matched, upload.incoming) == ("", pages, pages, [])
    codes = [scan.sheet.code for scan in upload.scans.order_by("pk")]
    assert codes == [code for code, _image in sheets]
    assert not default_storage.exists(stored)
    page = staff_client.get(url(petition)).content.decode()
    assert "data-poll-url" not in page and "Reading:" not in page
    progress = staff_client.get(f"{url(petition)}/progress").json()
    assert progress["active"] is False and "Reading:" not in progress["html"]


@needs_pdftoppm
def test_a_page_of_another_petition_in_a_large_upload_keeps_nothing(petition, organiser, on_commit):
    ours = rendered_sheets(petition, sheets=services.READ_IN_REQUEST_PAGES, dpi=100)
    theirs = rendered_sheets(PetitionFactory(), sheets=1, dpi=100)
    photos = [as_photo(image, f"IMG_{n}.jpg") for n, (_code, image) in enumerate([*ours, *theirs])]
    with on_commit(execute=True):
        upload = services.scans_receive(petition=petition, files=photos, actor=organiser)
    upload.refresh_from_db()
    assert upload.state == "failed"
    assert upload.error.startswith(f"IMG_{len(ours)}.jpg is a sheet of another petition")
    assert upload.error.endswith("Nothing was kept.")
    assert not Scan.objects.exists() and upload.incoming == []
    assert default_storage.listdir(f"scans/incoming/{petition.pk}") == ([], [])


@needs_pdftoppm
def test_a_worker_that_died_part_way_leaves_it_to_another(petition, organiser, on_commit):
    sheets = rendered_sheets(petition, sheets=services.READ_IN_REQUEST_PAGES + 1, dpi=100)
    with on_commit(execute=False):
        upload = services.scans_receive(petition=petition, files=[as_pdf([i for _c, i in sheets])], actor=organiser)
    Upload.objects.filter(pk=upload.pk).update(state="reading", pages_read=2)  # and then it died
    read_scans.call(upload_id=upload.pk)
    upload.refresh_from_db()
    assert (upload.state, upload.matched) == ("", len(sheets))
    read_scans.call(upload_id=upload.pk)  # queued twice: nothing more
    assert Scan.objects.count() == len(sheets)


def test_a_file_that_is_not_a_scan_is_refused_at_once_among_many(staff_client, petition):
    files = [SimpleUploadedFile(f"p{n}.jpg", b"not a photo") for n in range(services.READ_IN_REQUEST_PAGES + 2)]
    answer = staff_client.post(url(petition), {"files": files}, headers=JSON)
    assert answer.status_code == 400 and answer.json()["error"] == "p0.jpg is not a PDF, JPEG or PNG file"
    assert not Upload.objects.exists()


def test_the_reading_is_followed_without_a_reload(staff_client, petition, organiser):
    upload = Upload.objects.create(
        petition=petition, uploaded_by=organiser, files="returns.pdf", pages=12, pages_read=5, state="reading"
    )
    page = staff_client.get(url(petition)).content.decode()
    assert "doorstep/poll.js" in page and 'role="status" id="uploads-announce"' in page
    progress = staff_client.get(f"{url(petition)}/progress")
    assert progress["Cache-Control"] == "no-store"
    data = progress.json()
    assert data["active"] is True and data["announce"] == "Reading the pages uploaded"
    assert "Reading: 5 of 12 pages" in data["html"] and f'<progress id="reading-{upload.pk}"' in data["html"]
    assert 'id="uploads-read"' not in data["html"]
    Upload.objects.filter(pk=upload.pk).update(state="", pages_read=12, matched=11)
    data = staff_client.get(f"{url(petition)}/progress").json()
    assert data["active"] is False and data["announce"] == "Every page uploaded has been read."
    assert "Reading:" not in data["html"] and "<progress" not in data["html"]
    assert f'href="{url(petition)}#unmatched-pages">Show the pages to match by hand</a>' in data["html"]
    assert not PersonalDataAccess.objects.exists()  # as the page itself: upload names and counts only


def test_a_failed_reading_ends_the_following(staff_client, petition):
    Upload.objects.create(petition=petition, pages=12, state="failed", error="p3.jpg is not a PDF, JPEG or PNG file")
    data = staff_client.get(f"{url(petition)}/progress").json()
    assert data["active"] is False and "Not kept</strong> p3.jpg is not a PDF, JPEG or PNG file" in data["html"]


@pytest.mark.parametrize("role", ["data_entry", "canvasser"])
def test_only_staff_who_may_upload_follow_the_reading(client, petition, role):
    Upload.objects.create(petition=petition, pages=12, state="queued")
    progress = f"{url(petition)}/progress"
    assert client.get(progress).status_code == 302  # signed out: to the sign-in page
    client.force_login(UserFactory(role=role))
    assert client.get(url(petition)).status_code == 403
    assert client.get(progress).status_code == 403
    assert client.get(f"/staff/petitions/{petition.pk + 1000}/scans/progress").status_code == 403


def test_no_such_petition(staff_client, petition):
    assert staff_client.get(f"/staff/petitions/{petition.pk + 1000}/scans/progress").status_code == 404
