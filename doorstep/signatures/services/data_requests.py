"""A signer asking what is held about their inbox (and, from there, to withdraw)."""

from django.db import transaction
from django.utils.translation import gettext as _

from doorstep.core.emails import email_normalise
from doorstep.core.errors import ApplicationError
from doorstep.core.languages import Language, language_of
from doorstep.trust.counters import counter_hit

from ..models import DataRequest, Signature
from ..tasks import send_data_request_link

# Enough for a signer who mistyped; too few to send someone a flood of emails.
DATA_REQUESTS_PER_INBOX_A_DAY = 3
DATA_REQUESTS_PER_IP_AN_HOUR = 10


def data_request_create(*, email: str, ip_address: str | None, language: str = Language.ENGLISH) -> DataRequest | None:
    """A signer asks what is held about their inbox: email them a link to see it (in
    `language`, the page's), if anything is held. The caller shows the same page either way, so the page tells
    no one who has signed. Requests are limited per IP address and per inbox."""
    normalised = email_normalise(email)
    if "@" not in normalised:
        raise ApplicationError(_("Enter an email address in the correct format, like name@example.com"), field="email")
    allowed = counter_hit(key=f"data-request-inbox:{normalised}", seconds=86400) <= DATA_REQUESTS_PER_INBOX_A_DAY
    if ip_address:
        allowed = (
            counter_hit(key=f"data-request-ip:{ip_address}", seconds=3600) <= DATA_REQUESTS_PER_IP_AN_HOUR and allowed
        )
    if not allowed or not Signature.objects.filter(email_normalised=normalised).exists():
        return None
    request = DataRequest.objects.create(email_normalised=normalised)
    latest = Signature.objects.filter(email_normalised=normalised).order_by("-created_at").first()
    to = latest.email if latest else email
    language = language_of(language)
    transaction.on_commit(lambda: send_data_request_link.enqueue(data_request_id=request.pk, to=to, language=language))
    return request
