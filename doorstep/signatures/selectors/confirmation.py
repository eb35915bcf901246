"""The signature a confirmation link or a confirmation email is about."""

import hmac
from typing import Any

from django.conf import settings
from django.urls import reverse

from doorstep.petitions.selectors import petition_organiser

from ..models import TOKEN_PATTERN, Signature


def signature_get_for_confirmation(*, signature_id: int) -> Signature | None:
    return Signature.objects.select_related("petition").filter(pk=signature_id).first()


def signature_token_matches(*, signature: Signature, token: str) -> bool:
    """Whether `token`, from a link, is the signature's (in constant time)."""
    return bool(TOKEN_PATTERN.fullmatch(token or "")) and hmac.compare_digest(signature.token, token)


def signature_awaiting_confirmation(*, signature_id: int) -> Signature | None:
    """The signature, with its petition, if its signer has still to confirm it (pending or held, not clicked)."""
    return (
        Signature.objects.select_related("petition")
        .filter(pk=signature_id, state__in=Signature.AWAITING_CONFIRMATION, confirmed_at__isnull=True)
        .first()
    )


def signature_confirmation_email_context(*, signature: Signature) -> dict[str, Any]:
    path = reverse("signatures:confirm", args=[signature.pk, signature.token])
    return {
        "signature": signature,
        "petition": signature.petition,
        "organiser": petition_organiser(petition=signature.petition),
        "confirm_url": f"{settings.SITE_URL}{path}",
    }
