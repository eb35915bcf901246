import smtplib

import pytest
from aiosmtpd.controller import Controller
from django.core.mail import EmailMessage

from doorstep.core.emails import email_connection_close, email_connection_send, email_mask, email_normalise


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("Jane@Example.com", "jane@example.com"),
        ("  jane@example.com ", "jane@example.com"),
        ("jane+petition@example.com", "jane@example.com"),
        ("j.a.n.e@gmail.com", "jane@gmail.com"),
        ("J.Ane+x@GoogleMail.com", "jane@gmail.com"),
        ("j.ane@example.com", "j.ane@example.com"),
    ],
)
def test_one_inbox_one_address(raw, expected):
    assert email_normalise(raw) == expected


@pytest.mark.parametrize(
    ("email", "masked"),
    [("jane@example.org", "j•••@example.org"), (" J@x.test ", "J•••@x.test"), ("no-at-sign", "n•••"), ("", "•••")],
)
def test_an_address_masked_but_for_its_first_letter_and_domain(email, masked):
    assert email_mask(email) == masked


def send_one(to):
    def send(connection):
        EmailMessage("Hello", "Body", "from@example.org", [to], connection=connection).send()

    return send


@pytest.fixture
def connections_opened(monkeypatch):
    opened = []
    real_connect = smtplib.SMTP.connect

    def counting_connect(self, *args, **kwargs):
        opened.append(args)
        return real_connect(self, *args, **kwargs)

    monkeypatch.setattr(smtplib.SMTP, "connect", counting_connect)
    yield opened
    email_connection_close()


def restart(server, *, stopped=False):
    """The mail server starts again on the same port (a controller cannot be started twice)."""
    if not stopped:
        server.controller.stop()
    server.controller = Controller(server.inbox, hostname="127.0.0.1", port=server.port)
    server.controller.start()


def test_emails_go_one_after_another_over_one_kept_connection(smtp_server, connections_opened):
    for n in range(3):
        email_connection_send(send_one(f"p{n}@example.org"))
    assert [m["To"] for m in smtp_server.inbox.wait_for(3)] == [f"p{n}@example.org" for n in range(3)]
    assert len(connections_opened) == 1


def test_a_kept_connection_the_server_closed_is_opened_again(smtp_server, connections_opened):
    email_connection_send(send_one("a@example.org"))
    restart(smtp_server)  # the kept connection is gone
    email_connection_send(send_one("b@example.org"))
    assert [m["To"] for m in smtp_server.inbox.wait_for(2)] == ["a@example.org", "b@example.org"]
    assert len(connections_opened) == 2


def test_a_new_connection_that_fails_is_not_tried_again_at_once(smtp_server, connections_opened):
    smtp_server.controller.stop()
    try:
        with pytest.raises(OSError):
            email_connection_send(send_one("a@example.org"))
        assert len(connections_opened) == 1
    finally:
        restart(smtp_server, stopped=True)
