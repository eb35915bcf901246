"""Email addresses, normalised so that one inbox signs once; and a connection to the mail
server kept open between emails (the worker sends one confirmation after another)."""

import contextlib
import smtplib
import threading
from collections.abc import Callable

from django.conf import settings
from django.core.mail import get_connection
from django.core.mail.backends.base import BaseEmailBackend

# Providers that ignore dots in the local part.
DOTLESS_DOMAINS = {"gmail.com", "googlemail.com"}
DOMAIN_ALIASES = {"googlemail.com": "gmail.com"}


def email_normalise(email: str) -> str:
    """ "John.Smith+petition@GoogleMail.com" -> "johnsmith@gmail.com".

    Lower case throughout, a "+tag" dropped for every domain, the dots dropped
    where the provider ignores them, and a trailing dot on the domain dropped.
    """
    email = email.strip().lower()
    local, sep, domain = email.rpartition("@")
    if not sep:
        return email
    domain = domain.rstrip(".")
    domain = DOMAIN_ALIASES.get(domain, domain)
    local = local.split("+", 1)[0]
    if domain in DOTLESS_DOMAINS:
        local = local.replace(".", "")
    return f"{local}@{domain}"


def email_domain(email: str) -> str:
    """The domain of an address, normalised: "a@Mail.Example.COM." -> "mail.example.com"."""
    return email_normalise(email).rpartition("@")[2]


def email_mask(email: str) -> str:
    """An address shown back to the person who typed it, hidden from anyone looking over their
    shoulder but for its first letter and its domain (where typing mistakes show):
    "jane@example.org" -> "j•••@example.org"."""
    local, sep, domain = email.strip().rpartition("@")
    if not sep:
        local, domain = email.strip(), ""
    return f"{local[:1]}•••" + (f"@{domain}" if domain else "")


_kept = threading.local()


def _settings_key() -> tuple[str, str, int, str]:
    return (settings.EMAIL_BACKEND, settings.EMAIL_HOST, settings.EMAIL_PORT, settings.EMAIL_HOST_USER)


def email_connection_close() -> None:
    """Close this thread's kept connection (if any)."""
    connection, _key = getattr(_kept, "connection", (None, None))
    _kept.connection = (None, None)
    if connection is not None:
        with contextlib.suppress(Exception):  # it is broken already
            connection.close()


def email_connection_send(send: Callable[[BaseEmailBackend], None]) -> None:
    """Call `send` with this thread's connection to the mail server, opened the first time
    and kept open for the next email (no new connection, greeting and goodbye each time).
    A kept connection the server has closed meanwhile (it was idle) is opened again, once;
    any other failure drops the connection and is raised (the task tries again later)."""
    kept, key = getattr(_kept, "connection", (None, None))
    reused = kept is not None and key == _settings_key()
    if kept is not None and reused:
        connection: BaseEmailBackend = kept
    else:
        email_connection_close()
        connection = get_connection()
        connection.open()
        _kept.connection = (connection, _settings_key())
    try:
        send(connection)
    except smtplib.SMTPServerDisconnected:
        email_connection_close()
        if not reused:
            raise
        email_connection_send(send)
    except BaseException:
        email_connection_close()
        raise
