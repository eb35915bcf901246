import smtplib
from dataclasses import replace

import pytest
from django.core import mail

from doorstep.signatures.tasks import send_signature_confirmation
from tests.factories import sign
from tests.smtp import body_text

pytestmark = pytest.mark.django_db


def test_confirmation_goes_over_real_smtp(petition, smtp_server):
    signature = sign(petition, confirm=False, name="Zoë O'Brien <b>")
    send_signature_confirmation.enqueue(signature_id=signature.pk)
    [message] = smtp_server.inbox.wait_for(1)
    assert message["To"] == signature.email
    assert "confirm your signature" in message["Subject"].lower()
    body = body_text(message)
    assert f"/signatures/{signature.pk}/confirm/{signature.token}" in body
    assert "Zoë O'Brien <b>" in body  # plain text: nothing escaped, nothing lost


def test_nothing_sent_once_confirmed(petition):
    signature = sign(petition)
    send_signature_confirmation.enqueue(signature_id=signature.pk)
    assert mail.outbox == []


def test_smtp_failure_is_retried_then_given_up(petition, settings, monkeypatch):
    settings.DOORSTEP = replace(settings.DOORSTEP, email_max_attempts=3)
    signature = sign(petition, confirm=False)
    attempts = []

    def failing_send(self, fail_silently=False):
        attempts.append(1)
        raise smtplib.SMTPServerDisconnected("down")

    monkeypatch.setattr("django.core.mail.EmailMessage.send", failing_send)
    result = send_signature_confirmation.enqueue(signature_id=signature.pk)
    # The immediate backend runs retries at once: three attempts, then the last one fails.
    assert len(attempts) == 3
    assert result.status == "SUCCESSFUL"  # the first attempt handed over to its retry


def test_smtp_failure_then_recovery_sends(petition, monkeypatch):
    signature = sign(petition, confirm=False)
    real_send = mail.EmailMessage.send
    calls = []

    def flaky_send(self, fail_silently=False):
        calls.append(1)
        if len(calls) == 1:
            raise ConnectionRefusedError("no server yet")
        return real_send(self, fail_silently)

    monkeypatch.setattr("django.core.mail.EmailMessage.send", flaky_send)
    send_signature_confirmation.enqueue(signature_id=signature.pk)
    assert len(calls) == 2
    assert len(mail.outbox) == 1
