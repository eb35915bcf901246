import smtplib
from typing import Any

from django.conf import settings
from django.core.mail import EmailMessage
from django.template.loader import render_to_string

# Failures worth trying again later: the mail server was down or said "try later".
TRANSIENT_EMAIL_ERRORS: tuple[type[BaseException], ...] = (smtplib.SMTPException, OSError)


def email_send(
    *,
    to: str,
    template: str,
    context: dict[str, Any],
    headers: dict[str, str] | None = None,
) -> None:
    """Render `<template>_subject.txt` and `<template>_body.txt` and send them to one person."""
    context = {"site_name": settings.SITE_NAME, "site_url": settings.SITE_URL, **context}
    subject = " ".join(render_to_string(f"{template}_subject.txt", context).split())
    body = render_to_string(f"{template}_body.txt", context)
    message = EmailMessage(
        subject=subject,
        body=body,
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[to],
        headers=headers or {},
    )
    message.send(fail_silently=False)
