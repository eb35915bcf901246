from datetime import date, timedelta

import pytest
from django.core import mail
from django.utils import timezone

from doorstep.campaigns.models import Consultation, Milestone
from doorstep.campaigns.selectors import consultation_warning
from doorstep.campaigns.services.consultation import consultation_set
from doorstep.campaigns.services.milestones import milestones_check, milestones_set
from doorstep.core.errors import ApplicationError
from tests.factories import UserFactory, sign

pytestmark = pytest.mark.django_db


def test_reaching_a_milestone_is_recorded_once_and_emails_organisers(petition, organiser, on_commit, smtp_server):
    UserFactory(email="")  # an organiser without an address is skipped
    milestones_set(petition=petition, actor=organiser, counts=[2, 3])
    with on_commit(execute=True):
        sign(petition)
    assert not Milestone.objects.exclude(reached_at=None).exists()
    with on_commit(execute=True):
        sign(petition)
    reached = Milestone.objects.get(count=2)
    assert reached.reached_at is not None
    [message] = smtp_server.inbox.wait_for(1)
    assert message["To"] == organiser.email
    assert message["Subject"] == f"2 signatures: {petition.action}"
    assert milestones_check(petition_id=petition.pk) == []  # recorded once
    assert Milestone.objects.get(count=3).reached_at is None


def test_milestone_already_passed_is_reached_when_set(petition, organiser, on_commit):
    sign(petition)
    with on_commit(execute=True):
        milestones_set(petition=petition, actor=organiser, counts=[1, 10])
    assert list(Milestone.objects.exclude(reached_at=None).values_list("count", flat=True)) == [1]
    assert len(mail.outbox) == 1
    # Setting again keeps the reached one and its time.
    milestones_set(petition=petition, actor=organiser, counts=[5])
    assert sorted(Milestone.objects.values_list("count", flat=True)) == [1, 5]


def test_milestones_must_be_positive(petition, organiser):
    with pytest.raises(ApplicationError):
        milestones_set(petition=petition, actor=organiser, counts=[0])


def test_page_shows_reached_milestones_and_consultation(client, petition, organiser):
    sign(petition)
    milestones_set(petition=petition, actor=organiser, counts=[1])
    consultation_set(
        petition=petition,
        actor=organiser,
        run_by="the Home Office",
        title="Police estate review",
        url="https://example.org/consult",
        closes_on=date(2026, 12, 1),
    )
    html = client.get(f"/petitions/{petition.pk}").content.decode()
    assert "1 signature on" in html
    assert "the Home Office is consulting on" in html and 'href="https://example.org/consult"' in html


def test_staff_warned_as_consultation_closes_while_open(petition, organiser, staff_client):
    today = timezone.localdate()
    assert consultation_warning(petition=petition, today=today) == ""
    consultation_set(
        petition=petition, actor=organiser, run_by="HO", title="Review", url="https://x.test", closes_on=today
    )
    assert "closes today" in consultation_warning(petition=petition, today=today)
    assert consultation_warning(petition=petition, today=today - timedelta(days=30)) == ""
    assert "closed 2 days ago" in consultation_warning(petition=petition, today=today + timedelta(days=2))
    assert "closed 1 day ago" in consultation_warning(petition=petition, today=today + timedelta(days=1))
    assert "closes in 1 day (" in consultation_warning(petition=petition, today=today - timedelta(days=1))
    assert "closes in 14 days (" in consultation_warning(petition=petition, today=today - timedelta(days=14))
    assert "closes today" in staff_client.get(f"/staff/petitions/{petition.pk}").content.decode()
    petition.state = "closed"
    petition.save()
    assert consultation_warning(petition=petition, today=today) == ""


def test_staff_set_milestones_and_consultation(staff_client, petition):
    url = f"/staff/petitions/{petition.pk}/milestones-and-consultation"
    assert staff_client.post(url, {"m-counts": "1,000, 2,500; 5000"}).status_code == 302
    assert sorted(Milestone.objects.values_list("count", flat=True)) == [1000, 2500, 5000]
    for counts, message in (
        ("lots", "Enter whole numbers"),
        ("1000, ²", "Enter whole numbers"),
        ("99999999999999999999999", "Enter whole numbers"),
        ("200000000", "Milestones must be 100,000,000 signatures or fewer"),
    ):
        bad = staff_client.post(url, {"m-counts": counts})
        assert bad.status_code == 200 and message in bad.content.decode()
    assert sorted(Milestone.objects.values_list("count", flat=True)) == [1000, 2500, 5000]
    response = staff_client.post(
        url,
        {"c-run_by": "HO", "c-title": "Review", "c-url": "https://example.org/c", "c-closes_on": "2026-12-01"},
    )
    assert response.status_code == 302
    assert Consultation.objects.get().closes_on == date(2026, 12, 1)
    assert "1,000: not yet" in staff_client.get(url).content.decode()
