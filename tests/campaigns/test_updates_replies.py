from datetime import date, timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from doorstep.campaigns.models import Reply, SupporterMailing, Update
from doorstep.campaigns.services.updates import reply_create, update_create
from doorstep.core.errors import ApplicationError
from doorstep.core.memo import local_copies_clear
from doorstep.petitions.models import PetitionEvent
from tests.factories import DraftPetitionFactory, pdf_document

pytestmark = pytest.mark.django_db

PDF = pdf_document()


def test_update_is_recorded_and_audited(petition, organiser):
    update = update_create(petition=petition, actor=organiser, title="  Meeting  ", body="We met the council.")
    assert update.title == "Meeting"
    assert update.published_on == timezone.localdate()
    assert petition.events.filter(kind=PetitionEvent.Kind.CAMPAIGN, description="Update posted: Meeting").exists()


def test_update_needs_a_title_and_an_open_petition(petition, organiser):
    with pytest.raises(ApplicationError) as error:
        update_create(petition=petition, actor=organiser, title=" ", body="x")
    assert error.value.field == "title"
    with pytest.raises(ApplicationError):
        update_create(petition=DraftPetitionFactory(), actor=organiser, title="t", body="x")
    assert not Update.objects.exists()


def test_reply_with_pdf(petition, organiser, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    reply = reply_create(
        petition=petition,
        actor=organiser,
        responder="the Home Office",
        responded_on=date(2026, 10, 1),
        summary="We will review it.",
        details="In full: we will review it.",
        document=SimpleUploadedFile("reply.pdf", PDF, content_type="application/pdf"),
    )
    assert reply.document.read() == PDF


def test_reply_refuses_a_file_that_is_not_a_pdf_or_a_future_date(petition, organiser, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    fields = dict(petition=petition, actor=organiser, responder="HO", summary="s", details="d")
    with pytest.raises(ApplicationError) as error:
        reply_create(
            **fields, responded_on=date(2026, 1, 1), document=SimpleUploadedFile("x.pdf", b"<html>", "application/pdf")
        )
    assert error.value.field == "document"
    with pytest.raises(ApplicationError) as error:
        reply_create(**fields, responded_on=timezone.localdate() + timedelta(days=1))
    assert error.value.field == "responded_on"
    assert not Reply.objects.exists()


def test_page_shows_timeline_and_reply(client, petition, organiser):
    update_create(petition=petition, actor=organiser, title="Older", body="First.", published_on=date(2026, 9, 1))
    update_create(
        petition=petition,
        actor=organiser,
        title="Newer",
        body="Second.",
        link="https://example.org/news",
        published_on=date(2026, 9, 20),
    )
    reply_create(
        petition=petition,
        actor=organiser,
        responder="the Policing Minister",
        responded_on=date(2026, 10, 2),
        summary="No decision yet.",
        details="Full text here.",
    )
    html = client.get(f"/petitions/{petition.pk}").content.decode()
    assert html.index("Newer") < html.index("Older")
    assert "20 September 2026" in html
    assert 'href="https://example.org/news"' in html
    assert "the Policing Minister" in html and "No decision yet." in html and "Full text here." in html


def test_api_government_response(client, petition, organiser):
    data = client.get(f"/petitions/{petition.pk}.json").json()["data"]["attributes"]
    assert data["government_response"] is None
    reply_create(
        petition=petition,
        actor=organiser,
        responder="the Home Office",
        responded_on=date(2026, 10, 2),
        summary="Summary.",
        details="Details.",
    )
    local_copies_clear()  # later: the copies of public pages kept a few seconds (core.pages) are out of date
    data = client.get(f"/petitions/{petition.pk}.json").json()["data"]["attributes"]
    response = data["government_response"]
    assert response["responded_on"] == "2026-10-02"
    assert response["summary"] == "Summary."
    assert response["details"] == "Details."
    assert response["created_at"].endswith("Z") and response["updated_at"].endswith("Z")
    assert data["government_response_at"] == response["created_at"]


def test_reply_pdf_is_served_for_public_petitions(client, petition, organiser, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    reply = reply_create(
        petition=petition,
        actor=organiser,
        responder="HO",
        responded_on=date(2026, 10, 2),
        summary="s",
        details="d",
        document=SimpleUploadedFile("reply.pdf", PDF, content_type="application/pdf"),
    )
    response = client.get(f"/replies/{reply.pk}.pdf")
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == PDF
    # Downloaded, not shown in the site's pages; sandboxed if a browser shows it all the same.
    assert response["Content-Disposition"] == f'attachment; filename="reply-{reply.pk}.pdf"'
    assert response["Content-Security-Policy"] == "sandbox; default-src 'none'"
    assert client.get(f"/replies/{reply.pk + 1}.pdf").status_code == 404


def test_staff_post_update_and_choose_to_email(staff_client, petition):
    response = staff_client.post(
        f"/staff/petitions/{petition.pk}/updates/new",
        {"published_on": "2026-10-01", "title": "Rally", "body": "Join us.", "link": "", "email_supporters": "on"},
    )
    mailing = SupporterMailing.objects.get()
    assert response["Location"] == f"/staff/mailings/{mailing.pk}"
    assert mailing.subject == "Update: Rally" and mailing.state == SupporterMailing.State.DRAFT
    page = staff_client.get(f"/staff/mailings/{mailing.pk}").content.decode()
    assert "Join us." in page and "Send a test to me" in page


def test_staff_update_form_errors_keep_nothing(staff_client, petition):
    response = staff_client.post(
        f"/staff/petitions/{petition.pk}/updates/new", {"published_on": "2026-13-45", "title": "", "body": ""}
    )
    assert response.status_code == 200
    assert "There is a problem" in response.content.decode()
    assert not Update.objects.exists()


def test_staff_record_reply(staff_client, petition, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    response = staff_client.post(
        f"/staff/petitions/{petition.pk}/replies/new",
        {
            "responder": "the Home Office",
            "responded_on": "2026-10-01",
            "summary": "Short.",
            "details": "Long.",
            "document": SimpleUploadedFile("r.pdf", PDF, content_type="application/pdf"),
        },
    )
    assert response.status_code == 302
    assert Reply.objects.get().document
