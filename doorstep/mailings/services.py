import smtplib
from collections.abc import Callable
from typing import Any

from anymail.signals import EventType
from django.conf import settings
from django.core.mail import EmailMessage
from django.core.mail.backends.base import BaseEmailBackend
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.utils import translation
from django_tasks.base import Task

from doorstep.core.emails import email_normalise
from doorstep.core.organiser import Organiser, organiser_site
from doorstep.core.tasks import run_with_retries

from .models import Suppression

# Failures worth trying again later: the mail server was down or said "try later".
TRANSIENT_EMAIL_ERRORS: tuple[type[BaseException], ...] = (smtplib.SMTPException, OSError)

# The mail provider's tracking events (django-anymail's EventType) that mean "never mail again".
SUPPRESSING_EVENTS = {
    EventType.BOUNCED: Suppression.Reason.BOUNCED,
    EventType.COMPLAINED: Suppression.Reason.COMPLAINED,
    EventType.REJECTED: Suppression.Reason.REJECTED,
}


def email_render(*, template: str, context: dict[str, Any]) -> tuple[str, str]:
    """The subject and body of `<template>_subject.txt` and `<template>_body.txt`: plain text,
    never marked safe for HTML (the templates leave staff's and signers' text unescaped, as
    an email should), so a page that shows them escapes them. They are signed by `organiser`
    (a petition's, passed in `context`; else the site's)."""
    context = {"site_name": settings.SITE_NAME, "site_url": settings.SITE_URL, "organiser": organiser_site(), **context}
    subject = " ".join(render_to_string(f"{template}_subject.txt", context).split())
    body = render_to_string(f"{template}_body.txt", context)
    return str.__str__(subject), str.__str__(body)  # a plain str, not the template's SafeString


def email_send(
    *,
    to: str,
    template: str,
    context: dict[str, Any],
    headers: dict[str, str] | None = None,
    connection: BaseEmailBackend | None = None,
) -> None:
    """Render `<template>_subject.txt` and `<template>_body.txt` and send them to one person,
    from the organiser's name (`context["organiser"]`, else the site's) at DEFAULT_FROM_EMAIL's
    address. Pass an open `connection` to send many over one SMTP session."""
    subject, body = email_render(template=template, context=context)
    organiser = context.get("organiser")
    message = EmailMessage(
        subject=subject,
        body=body,
        from_email=(organiser if isinstance(organiser, Organiser) else organiser_site()).sender(),
        to=[to],
        headers=headers or {},
        connection=connection,
    )
    message.send(fail_silently=False)


def email_send_in(
    language: str,
    *,
    to: str,
    template: str,
    context: Callable[[], dict[str, Any]],
    headers: dict[str, str] | None = None,
    connection: BaseEmailBackend | None = None,
) -> None:
    """email_send, written in `language` (a signer's, "cy" or "en-gb"): its words, its dates, and
    its links, which `context` makes inside the language, so a Welsh reader's go to /cy/ pages."""
    with translation.override(language):
        email_send(to=to, template=template, context=context(), headers=headers, connection=connection)


def email_with_retries(work: Callable[[], Any], *, task: Task[..., Any], attempt: int, **task_kwargs: Any) -> None:
    """Run `work`, which sends email, in `task` (attempt `attempt`): a passing mail failure
    queues the task again with `task_kwargs`, up to DOORSTEP_EMAIL_MAX_ATTEMPTS in all."""
    run_with_retries(
        work,
        task=task,
        attempt=attempt,
        max_attempts=settings.DOORSTEP.email_max_attempts,
        retry_on=TRANSIENT_EMAIL_ERRORS,
        **task_kwargs,
    )


def unsubscribe_headers(*, url: str) -> dict[str, str]:
    """RFC 2369 and RFC 8058 headers: mail programs show an "Unsubscribe" button that
    POSTs "List-Unsubscribe=One-Click" to `url`."""
    return {"List-Unsubscribe": f"<{url}>", "List-Unsubscribe-Post": "List-Unsubscribe=One-Click"}


def suppression_add(
    *, email: str, reason: Suppression.Reason, scope: str = Suppression.EVERYWHERE, detail: str = ""
) -> bool:
    """Never mail this inbox again (within `scope`). True if it was not suppressed before."""
    try:
        with transaction.atomic():
            Suppression.objects.create(
                email_normalised=email_normalise(email), scope=scope, reason=reason, detail=detail[:300]
            )
    except IntegrityError:
        return False
    return True
