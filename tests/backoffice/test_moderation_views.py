"""The moderators' pages: the queue, a resident's petition and the decision on it, new words for its
creator, the standard reasons and debates; for petition managers only."""

import dataclasses
from datetime import timedelta

import pytest
from django.utils import timezone

from doorstep.accounts.models import User
from doorstep.petitions.models import Petition
from doorstep.scheme.models import Debate, Decision, Proposal, RejectionReason, Rewording
from tests.factories import PetitionFactory, UserFactory, start_petition, supported_petition

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def scheme_on(settings):
    settings.DOORSTEP = dataclasses.replace(settings.DOORSTEP, petition_scheme=True)


def test_the_queue_shows_how_long_each_has_waited(staff_client):
    late = supported_petition(action="Waiting a long time")
    Proposal.objects.filter(pk=late.pk).update(supported_at=timezone.now() - timedelta(days=9))
    supported_petition(action="Just arrived")
    start_petition(action="Still gathering")
    page = staff_client.get("/staff/moderation").content.decode()
    assert page.index("Waiting a long time") < page.index("Just arrived")
    assert "9 days" in page
    assert "Overdue" in page
    assert "Still gathering" in page
    assert 'href="/staff/moderation"' in staff_client.get("/staff/").content.decode()


def test_the_petition_page_marks_the_flagged_text(staff_client):
    proposal = supported_petition(background="Read more at www.example.com please")
    page = staff_client.get(f"/staff/moderation/{proposal.petition_id}").content.decode()
    assert "<mark>www.example.com</mark>" in page
    assert "I have read the flagged text" in page
    assert proposal.creator_email in page  # an organiser may read personal data


def test_publishing_from_the_page(staff_client, organiser):
    proposal = supported_petition()
    response = staff_client.post(f"/staff/moderation/{proposal.petition_id}", {"outcome": "publish"})
    assert response["Location"] == "/staff/moderation"
    assert Petition.objects.get(pk=proposal.petition_id).state == Petition.State.OPEN
    assert Decision.objects.get().decided_by == organiser


def test_flagged_words_need_the_box_ticked(staff_client):
    proposal = supported_petition(background="Ring 020 7946 0000")
    response = staff_client.post(f"/staff/moderation/{proposal.petition_id}", {"outcome": "publish"})
    assert response.status_code == 200
    assert "read the flagged text" in response.content.decode()
    assert Petition.objects.get(pk=proposal.petition_id).state == Petition.State.SPONSORED
    staff_client.post(f"/staff/moderation/{proposal.petition_id}", {"outcome": "publish", "flags_seen": "on"})
    assert Petition.objects.get(pk=proposal.petition_id).state == Petition.State.OPEN


def test_rejecting_needs_a_reason_and_its_details(staff_client):
    proposal = supported_petition()
    url = f"/staff/moderation/{proposal.petition_id}"
    assert "Choose the reason" in staff_client.post(url, {"outcome": "reject"}).content.decode()
    duplicate = RejectionReason.objects.get(code="duplicate")
    response = staff_client.post(url, {"outcome": "reject", "reason": duplicate.pk})
    assert "Give the number of the open petition" in response.content.decode()
    original = PetitionFactory()
    response = staff_client.post(
        url, {"outcome": "reject", "reason": duplicate.pk, "duplicate_of": original.pk, "details": "Sign that one."}
    )
    assert response.status_code == 302
    decision = Decision.objects.get()
    assert (decision.duplicate_of, decision.details) == (original, "Sign that one.")
    assert Petition.objects.get(pk=proposal.petition_id).state == Petition.State.REJECTED


def test_hiding_from_the_page(staff_client):
    proposal = supported_petition()
    reason = RejectionReason.objects.get(code="no-action")
    staff_client.post(f"/staff/moderation/{proposal.petition_id}", {"outcome": "hide", "reason": reason.pk})
    assert Petition.objects.get(pk=proposal.petition_id).state == Petition.State.HIDDEN


def test_proposing_new_words(staff_client):
    proposal = supported_petition()
    url = f"/staff/moderation/{proposal.petition_id}/new-words"
    assert proposal.petition.action in staff_client.get(url).content.decode()  # starts from the words as they are
    response = staff_client.post(
        url, {"action": "Better words", "background": "Why", "additional_details": "", "note": "Shorter."}
    )
    assert response["Location"] == f"/staff/moderation/{proposal.petition_id}"
    assert Rewording.objects.get().note == "Shorter."


def test_reasons_are_added_and_changed(staff_client):
    response = staff_client.post(
        "/staff/moderation/reasons",
        {
            "title": "It is about planning",
            "description": "Use the planning portal.",
            "asks": "elsewhere",
            "active": "on",
        },
    )
    assert response["Location"] == "/staff/moderation/reasons"
    added = RejectionReason.objects.get(code="it-is-about-planning")
    assert added.asks == "elsewhere"
    staff_client.post(
        f"/staff/moderation/reasons/{added.pk}", {"title": "Planning", "description": "Use the portal.", "asks": ""}
    )
    added.refresh_from_db()
    assert (added.title, added.active) == ("Planning", False)
    assert "Planning" in staff_client.get("/staff/moderation/reasons").content.decode()


def test_debates_are_scheduled_and_recorded(staff_client):
    petition = PetitionFactory()
    assert (
        f'href="/staff/petitions/{petition.pk}/debate"'
        in staff_client.get(f"/staff/petitions/{petition.pk}").content.decode()
    )
    day = timezone.localdate() + timedelta(days=20)
    response = staff_client.post(f"/staff/petitions/{petition.pk}/debate", {"scheduled_on": day.isoformat()})
    assert response.status_code == 302
    response = staff_client.post(f"/staff/petitions/{petition.pk}/debate/outcome", {"debated": "yes", "overview": "x"})
    assert "Enter the day it was debated" in response.content.decode()
    staff_client.post(
        f"/staff/petitions/{petition.pk}/debate/outcome",
        {"debated": "yes", "debated_on": day.isoformat(), "overview": "Agreed.", "video_url": "https://example.org/v"},
    )
    debate = Debate.objects.get(petition=petition)
    assert (debate.outcome, debate.scheduled_on, debate.video_url) == ("debated", day, "https://example.org/v")


@pytest.mark.parametrize("role", [User.Role.CASEWORKER, User.Role.DATA_ENTRY])
def test_only_petition_managers_moderate(client, role):
    proposal = supported_petition()
    client.force_login(UserFactory(role=role))
    for path in ("/staff/moderation", f"/staff/moderation/{proposal.petition_id}", "/staff/moderation/reasons"):
        assert client.get(path).status_code == 403, path
    assert client.post(f"/staff/moderation/{proposal.petition_id}", {"outcome": "publish"}).status_code == 403
    assert Petition.objects.get(pk=proposal.petition_id).state == Petition.State.SPONSORED


def test_a_staff_petition_has_no_moderation_page(staff_client):
    assert staff_client.get(f"/staff/moderation/{PetitionFactory().pk}").status_code == 404


def test_seeing_the_creators_details_is_logged(staff_client, organiser):
    from doorstep.trust.models import PersonalDataAccess

    proposal = supported_petition()
    staff_client.get(f"/staff/moderation/{proposal.petition_id}")
    access = PersonalDataAccess.objects.get()
    assert (access.user, access.petition_id, access.action) == (organiser, proposal.petition_id, "viewed")
