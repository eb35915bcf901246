"""Supporter emails through a real SMTP server (aiosmtpd)."""

import re
import smtplib
from dataclasses import replace
from io import StringIO

import pytest
from anymail.signals import AnymailTrackingEvent, tracking
from django.core import mail
from django.core.management import call_command

from doorstep.campaigns.models import Delivery, SupporterMailing
from doorstep.campaigns.selectors import mailing_progress
from doorstep.campaigns.services import mailings, sending
from doorstep.campaigns.services.mailings import (
    InDoubtDecision,
    mailing_create,
    mailing_in_doubt_decide,
    mailing_resume,
    mailing_send_test,
    mailing_start,
)
from doorstep.campaigns.services.sending import (
    delivery_claim,
    delivery_unsubscribe,
    mailing_list_recipients,
    mailing_send_batch,
)
from doorstep.campaigns.unsubscribe_links import unsubscribe_token
from doorstep.core.errors import ApplicationError
from doorstep.core.leases import LeaseHeld
from doorstep.mailings.models import Suppression
from tests.factories import PetitionFactory, sign, supporter
from tests.jobs import WorkerKilled, killed, lease_expire, lease_held_elsewhere
from tests.smtp import body_text

pytestmark = pytest.mark.django_db

UNSUBSCRIBE_LINK = re.compile(r"(https?://\S+/unsubscribe/\S+)")


@pytest.fixture(autouse=True)
def fast(settings):
    # No pacing in tests; small batches so a mailing takes several.
    settings.DOORSTEP = replace(settings.DOORSTEP, mailing_rate=0, mailing_batch_size=2)


def send(petition, organiser, on_commit, subject="News"):
    mailing = mailing_create(petition=petition, actor=organiser, subject=subject, body="We met the minister.")
    with on_commit(execute=True):
        mailing_start(mailing=mailing, actor=organiser)
    mailing.refresh_from_db()
    return mailing


def header(message, name: str) -> str:
    """A header's value, unfolded (long headers are wrapped onto several lines)."""
    return "".join(message[name].split())


def recipients(messages) -> list[str]:
    return sorted(message["To"] for message in messages)


def test_only_consenting_counted_signers_are_mailed(petition, organiser, smtp_server, on_commit):
    yes = [supporter(petition, email=f"yes{n}@example.com") for n in range(3)]
    supporter(petition, consent=False, email="no@example.com")
    supporter(petition, confirm=False, email="unconfirmed@example.com")
    mailing = send(petition, organiser, on_commit)
    messages = smtp_server.inbox.wait_for(3)
    assert recipients(messages) == sorted(s.email for s in yes)
    assert mailing.state == SupporterMailing.State.SENT and mailing.recipient_count == 3
    message = messages[0]
    assert message["Subject"] == "News"
    assert "We met the minister." in body_text(message)
    [link] = UNSUBSCRIBE_LINK.findall(body_text(message))
    assert header(message, "List-Unsubscribe") == f"<{link}>"
    assert message["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"


def test_one_click_unsubscribe_is_honoured(client, petition, organiser, smtp_server, on_commit):
    leaving = supporter(petition, email="leaving@example.com")
    supporter(petition, email="staying@example.com")
    send(petition, organiser, on_commit)
    message = next(m for m in smtp_server.inbox.wait_for(2) if m["To"] == leaving.email)
    url = header(message, "List-Unsubscribe").strip("<>")
    path = url.split("://", 1)[1].split("/", 1)[1]
    # Opening the link (a mail scanner might) asks; it does not unsubscribe.
    assert "Unsubscribe" in client.get(f"/{path}").content.decode()
    assert not Suppression.objects.exists()
    # The mail program's one-click POST, with no session or CSRF token.
    response = client.post(f"/{path}", {"List-Unsubscribe": "One-Click"})
    assert response.status_code == 200 and "You are unsubscribed" in response.content.decode()
    assert client.post(f"/{path}").status_code == 200  # twice is the same as once

    smtp_server.inbox.messages.clear()
    send(petition, organiser, on_commit, subject="Second")
    assert recipients(smtp_server.inbox.wait_for(1)) == ["staying@example.com"]
    assert Delivery.objects.get(mailing__subject="Second", email=leaving.email).state == Delivery.State.SUPPRESSED


def test_unsubscribe_from_one_petition_leaves_others(petition, organiser, smtp_server, on_commit):
    other = PetitionFactory()
    supporter(petition, email="both@example.com")
    supporter(other, email="both@example.com")
    send(petition, organiser, on_commit)
    [message] = smtp_server.inbox.wait_for(1)
    token = header(message, "List-Unsubscribe").strip("<>").rsplit("/", 1)[1]
    delivery_unsubscribe(token=token)
    smtp_server.inbox.messages.clear()
    send(other, organiser, on_commit)
    assert recipients(smtp_server.inbox.wait_for(1)) == ["both@example.com"]


def test_forged_unsubscribe_link_is_refused(client, petition):
    response = client.post("/unsubscribe/not-a-token")
    assert response.status_code == 400
    assert "not valid" in response.content.decode()
    assert not Suppression.objects.exists()


def test_bounced_address_is_not_mailed_again(petition, organiser, smtp_server, on_commit):
    supporter(petition, email="Bouncy.Person@Example.com")
    supporter(petition, email="fine@example.com")
    # The provider's webhook, as django-anymail reports it.
    event = AnymailTrackingEvent(event_type="bounced", recipient="bouncy.person@example.com", description="550")
    tracking.send(sender=object, event=event, esp_name="Postmark")
    assert Suppression.objects.get().reason == Suppression.Reason.BOUNCED
    send(petition, organiser, on_commit)
    assert recipients(smtp_server.inbox.wait_for(1)) == ["fine@example.com"]
    assert Delivery.objects.filter(state=Delivery.State.SUPPRESSED).count() == 1


def test_complaint_suppresses_and_opens_are_ignored(petition):
    tracking.send(
        sender=object, event=AnymailTrackingEvent(event_type="opened", recipient="a@example.com"), esp_name="X"
    )
    assert not Suppression.objects.exists()
    tracking.send(
        sender=object, event=AnymailTrackingEvent(event_type="complained", recipient="a@example.com"), esp_name="X"
    )
    assert Suppression.objects.get().reason == Suppression.Reason.COMPLAINED


@pytest.fixture
def killed_at_third(petition, organiser, smtp_server, on_commit, monkeypatch):
    """Seven supporters; the worker sending to them is killed just after the mail server
    took the third email, before it could record that. Returns the mailing."""
    for n in range(7):
        supporter(petition, email=f"s{n}@example.com")
    real_send = sending.email_send_in
    sent = []

    def dies_after_third(language, **kwargs):
        real_send(language, **kwargs)  # the mail server has accepted it...
        sent.append(kwargs["to"])
        if len(sent) == 3:
            raise WorkerKilled  # ...and the worker dies before recording that

    monkeypatch.setattr(sending, "email_send_in", dies_after_third)
    mailing = mailing_create(petition=petition, actor=organiser, subject="News", body="Body")
    with killed(), on_commit(execute=True):
        mailing_start(mailing=mailing, actor=organiser)
    monkeypatch.setattr(sending, "email_send_in", real_send)  # the next worker is not killed
    assert len(smtp_server.inbox.wait_for(3)) == 3
    return mailing


def test_worker_killed_mid_batch_resumes_without_double_sends(killed_at_third, smtp_server, staff_client):
    mailing = killed_at_third
    [claimed] = Delivery.objects.filter(state=Delivery.State.CLAIMED)
    url = f"/staff/mailings/{mailing.pk}"
    # While the dead worker's lease runs it may still be sending: not in doubt yet.
    assert mailing_progress(mailing=mailing).in_doubt == 0
    lease_expire(SupporterMailing.lease_key(mailing.pk))
    assert mailing_progress(mailing=mailing).in_doubt == 1
    assert "1 email is in doubt" in staff_client.get(url).content.decode()

    # The worker comes back and the mailing is resumed: the rest are sent, the one in doubt is not.
    mailing.refresh_from_db()
    assert mailing.state == SupporterMailing.State.SENDING
    mailing_resume(mailing=mailing)
    messages = smtp_server.inbox.wait_for(7)
    assert len(messages) == 7 and len(set(recipients(messages))) == 7  # each exactly once
    mailing.refresh_from_db()
    assert mailing.state == SupporterMailing.State.IN_DOUBT  # not called sent
    progress = mailing_progress(mailing=mailing)
    assert (progress.sent, progress.in_doubt, progress.pending) == (6, 1, 0)
    page = staff_client.get(url).content.decode()
    assert "Some in doubt" in page and "1 email is in doubt" in page and "Mark them not sent" in page

    # Staff decide it stays as it is.
    assert "Choose to send" in staff_client.post(f"{url}/in-doubt", {"decision": "?"}, follow=True).content.decode()
    response = staff_client.post(f"{url}/in-doubt", {"decision": "mark_unsent"}, follow=True)
    assert "marked not sent" in response.content.decode()
    mailing.refresh_from_db()
    assert mailing.state == SupporterMailing.State.SENT
    assert Delivery.objects.get(pk=claimed.pk).state == Delivery.State.UNSENT
    assert "1 was in doubt and is marked not sent." in staff_client.get(url).content.decode()
    assert len(smtp_server.inbox.wait_for(7)) == 7


def test_staff_may_send_the_emails_in_doubt_again(killed_at_third, smtp_server, organiser, on_commit):
    mailing = killed_at_third
    [claimed] = Delivery.objects.filter(state=Delivery.State.CLAIMED)
    lease_expire(SupporterMailing.lease_key(mailing.pk))
    with on_commit(execute=True):
        assert mailing_in_doubt_decide(mailing=mailing, actor=organiser, decision=InDoubtDecision.SEND_AGAIN) == 1
    messages = smtp_server.inbox.wait_for(8)
    assert recipients(messages).count(claimed.email) == 2  # the one in doubt had arrived after all
    mailing.refresh_from_db()
    assert mailing.state == SupporterMailing.State.SENT
    assert mailing_progress(mailing=mailing).sent == 7
    assert "1 email to supporters in doubt sent again: News" in mailing.petition.events.values_list(
        "description", flat=True
    )
    with pytest.raises(ApplicationError, match="No email to supporters is in doubt"):
        mailing_in_doubt_decide(mailing=mailing, actor=organiser, decision=InDoubtDecision.MARK_UNSENT)


def test_staff_cannot_decide_while_a_worker_sends_the_email(petition, organiser):
    supporter(petition)
    mailing = mailing_create(petition=petition, actor=organiser, subject="News", body="Body")
    mailing_list_recipients(mailing=mailing)
    Delivery.objects.update(state=Delivery.State.IN_DOUBT)
    lease_held_elsewhere(SupporterMailing.lease_key(mailing.pk))
    with pytest.raises(ApplicationError, match="sending this email right now"):
        mailing_in_doubt_decide(mailing=mailing, actor=organiser, decision=InDoubtDecision.SEND_AGAIN)
    with pytest.raises(LeaseHeld):
        mailing_send_batch(mailing=mailing, batch_size=10, rate=0)
    assert Delivery.objects.get().state == Delivery.State.IN_DOUBT


def test_an_email_the_mail_server_dropped_mid_send_is_in_doubt(petition, organiser, monkeypatch):
    supporter(petition, email="dropped@example.com")
    mailing = mailing_create(petition=petition, actor=organiser, subject="News", body="Body")
    SupporterMailing.objects.filter(pk=mailing.pk).update(state=SupporterMailing.State.SENDING)
    mailing_list_recipients(mailing=mailing)

    def connection_lost(language, **kwargs):
        raise smtplib.SMTPServerDisconnected("Connection unexpectedly closed")

    monkeypatch.setattr(sending, "email_send_in", connection_lost)
    with pytest.raises(smtplib.SMTPServerDisconnected):
        mailing_send_batch(mailing=mailing, batch_size=10, rate=0)
    # The next try (the task is queued again) finds it claimed by nobody: in doubt, not sent again.
    assert not mailing_send_batch(mailing=mailing, batch_size=10, rate=0)
    assert Delivery.objects.get().state == Delivery.State.IN_DOUBT
    mailing.refresh_from_db()
    assert mailing.state == SupporterMailing.State.IN_DOUBT


def test_two_workers_on_one_mailing_send_each_once(petition, organiser, smtp_server):
    for n in range(5):
        supporter(petition, email=f"p{n}@example.com")
    mailing = mailing_create(petition=petition, actor=organiser, subject="News", body="Body")
    SupporterMailing.objects.filter(pk=mailing.pk).update(state=SupporterMailing.State.SENDING)
    mailing.refresh_from_db()
    mailing_list_recipients(mailing=mailing)
    mailing_list_recipients(mailing=mailing)  # a restart lists nobody twice
    assert Delivery.objects.count() == 5
    # A second worker took two while the first one had already read its batch.
    stolen = list(Delivery.objects.order_by("pk").values_list("pk", flat=True)[:2])
    for pk in stolen:
        assert delivery_claim(delivery_id=pk, now=mailing.created_at)
    Delivery.objects.filter(pk__in=stolen).update(state=Delivery.State.SENT)
    assert not mailing_send_batch(mailing=mailing, batch_size=10, rate=0)
    assert len(smtp_server.inbox.wait_for(3)) == 3


def test_rate_is_kept(petition, organiser, smtp_server):
    for n in range(5):
        supporter(petition, email=f"r{n}@example.com")
    mailing = mailing_create(petition=petition, actor=organiser, subject="News", body="Body")
    mailing_list_recipients(mailing=mailing)
    waits: list[float] = []
    mailing_send_batch(mailing=mailing, batch_size=10, rate=2, sleep=waits.append)
    # Five emails at two a second: the n-th waits until n/2 seconds in (the fake sleep takes no time).
    assert waits == pytest.approx([0.5, 1.0, 1.5, 2.0], abs=0.2)


def test_test_send_goes_only_to_staff(petition, organiser, smtp_server):
    supporter(petition)
    mailing = mailing_create(petition=petition, actor=organiser, subject="News", body="Body")
    mailing_send_test(mailing=mailing, to=organiser.email)
    [message] = smtp_server.inbox.wait_for(1)
    assert message["To"] == organiser.email and message["Subject"] == "[Test] News"
    assert not Delivery.objects.exists()
    mailing.refresh_from_db()
    assert mailing.state == SupporterMailing.State.DRAFT


def test_staff_send_and_progress_pages(staff_client, petition, organiser, on_commit):
    supporter(petition, email="a@example.com")
    sign(petition, email="b@example.com")  # no consent
    mailing = mailing_create(petition=petition, actor=organiser, subject="News", body="Body")
    staff_client.post(f"/staff/mailings/{mailing.pk}/test")
    assert [m.to for m in mail.outbox] == [[organiser.email]]
    with on_commit(execute=True):
        staff_client.post(f"/staff/mailings/{mailing.pk}/send")
    page = staff_client.get(f"/staff/mailings/{mailing.pk}").content.decode()
    assert "1 of 1 done (100%): 1 sent" in page
    assert [m.to for m in mail.outbox][1:] == [["a@example.com"]]
    # Sending again does nothing twice.
    staff_client.post(f"/staff/mailings/{mailing.pk}/send")
    assert len(mail.outbox) == 2


def test_resume_mailings_command(petition, organiser, smtp_server):
    supporter(petition, email="late@example.com")
    mailing = mailing_create(petition=petition, actor=organiser, subject="News", body="Body")
    SupporterMailing.objects.filter(pk=mailing.pk).update(state=SupporterMailing.State.SENDING)  # its worker died
    out = StringIO()
    call_command("resume_mailings", stdout=out)
    assert out.getvalue().strip() == "Resumed 1 email to supporters"
    assert recipients(smtp_server.inbox.wait_for(1)) == ["late@example.com"]


def test_staff_mailing_page_queries(staff_client, petition, organiser, on_commit, django_assert_max_num_queries):
    """Session, user, authenticator device, the email, its progress by state: however many recipients."""
    for n in range(5):
        supporter(petition, email=f"q{n}@example.com")
    mailing = mailing_create(petition=petition, actor=organiser, subject="News", body="Body")
    with django_assert_max_num_queries(5):
        assert "Send to supporters" in staff_client.get(f"/staff/mailings/{mailing.pk}").content.decode()
    with on_commit(execute=True):
        mailing_start(mailing=mailing, actor=organiser)
    with django_assert_max_num_queries(5):
        page = staff_client.get(f"/staff/mailings/{mailing.pk}").content.decode()
    assert "5 of 5 done (100%): 5 sent" in page


def test_resuming_an_email_not_being_sent_says_so(staff_client, petition, organiser):
    mailing = mailing_create(petition=petition, actor=organiser, subject="News", body="Body")
    response = staff_client.post(f"/staff/mailings/{mailing.pk}/resume", follow=True)
    assert "nothing to resume" in response.content.decode()


def test_test_send_when_the_mail_server_is_down(petition, organiser, monkeypatch):
    def down(**kwargs):
        raise ConnectionRefusedError

    monkeypatch.setattr(mailings, "email_send", down)
    mailing = mailing_create(petition=petition, actor=organiser, subject="News", body="Body")
    with pytest.raises(ApplicationError, match="could not be reached"):
        mailing_send_test(mailing=mailing, to=organiser.email)


def test_link_to_a_removed_delivery_is_refused(client, petition):
    response = client.post(f"/unsubscribe/{unsubscribe_token(delivery_id=999)}")
    assert response.status_code == 400 and "no longer valid" in response.content.decode()


def test_markup_in_the_email_is_shown_as_text_on_the_staff_preview(staff_client, settings, organiser):
    """Even with the Content Security Policy off: the preview escapes what staff and the petition wrote."""
    settings.DOORSTEP_CSP = False
    petition = PetitionFactory(action='<img src=x onerror="alert(1)">')
    mailing = mailing_create(
        petition=petition, actor=organiser, subject="<b>News</b>", body="<script>alert('body')</script>"
    )
    response = staff_client.get(f"/staff/mailings/{mailing.pk}")
    assert "Content-Security-Policy" not in response
    preview = response.content.decode().split('id="mailing-preview"', 1)[1]
    assert "&lt;script&gt;alert(&#x27;body&#x27;)&lt;/script&gt;" in preview
    assert "<script>" not in preview and "<img" not in preview and "<b>" not in preview
    assert "&lt;b&gt;News&lt;/b&gt;" in preview
