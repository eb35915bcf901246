"""A signer's own data, reached through the link emailed after a data request."""

from datetime import datetime, timedelta
from typing import Any

from django.conf import settings
from django.urls import reverse
from django.utils import timezone

from ..models import TOKEN_PATTERN, DataRequest, Signature


def data_request_get(*, token: str, now: datetime | None = None) -> DataRequest | None:
    """A signer's data request from its link, while the link is still valid."""
    now = now or timezone.now()
    since = now - timedelta(hours=DataRequest.LIFETIME_HOURS)
    if not TOKEN_PATTERN.fullmatch(token or ""):
        return None  # not one we made
    return DataRequest.objects.filter(token=token, created_at__gte=since).first()


def data_request_get_by_id(*, data_request_id: int) -> DataRequest | None:
    return DataRequest.objects.filter(pk=data_request_id).first()


def data_request_email_context(*, data_request: DataRequest) -> dict[str, Any]:
    path = reverse("signatures:your_data", args=[data_request.token])
    return {"data_url": f"{settings.SITE_URL}{path}", "hours": DataRequest.LIFETIME_HOURS}


def signatures_of_inbox(*, email_normalised: str) -> list[Signature]:
    """Everything held about one inbox: its signatures of every petition, newest first."""
    return list(
        Signature.objects.filter(email_normalised=email_normalised).select_related("petition").order_by("-created_at")
    )
