"""The signature a confirmation link or a confirmation email is about."""

import hmac
from typing import Any

from django.conf import settings
from django.urls import reverse

from doorstep.petitions.selectors import petition_get_public_cached, petition_organiser

from ..models import TOKEN_PATTERN, Signature


def signature_get_for_confirmation(*, signature_id: int) -> Signature | None:
    return Signature.objects.select_related("petition").filter(pk=signature_id).first()


def signature_token_matches(*, signature: Signature, token: str) -> bool:
    """Whether `token`, from a link, is the signature's (in constant time)."""
    return bool(TOKEN_PATTERN.fullmatch(token or "")) and hmac.compare_digest(signature.token, token)


def signature_for_link(*, signature_id: int) -> Signature | None:
    """The signature a signer's confirmation link names, with this process's recent copy of
    its petition (one query on a single table; a petition no longer public is read afresh)."""
    signature = Signature.objects.filter(pk=signature_id).first()
    if signature is None:
        return None
    petition = petition_get_public_cached(petition_id=signature.petition_id)
    if petition is None:
        return signature_get_for_confirmation(signature_id=signature_id)
    signature.petition = petition
    return signature


def signature_awaiting_confirmation(*, signature_id: int) -> Signature | None:
    """The signature (what its confirmation email needs of it), with its petition, if its
    signer has still to confirm it (pending or held, not clicked). The petition is this
    process's recent copy (petitions.selectors.petition_get_public_cached)."""
    signature = (
        Signature.objects.only("id", "petition_id", "name", "email", "token", "state", "confirmed_at", "language")
        .filter(pk=signature_id, state__in=Signature.AWAITING_CONFIRMATION, confirmed_at__isnull=True)
        .first()
    )
    if signature is not None and (petition := petition_get_public_cached(petition_id=signature.petition_id)):
        signature.petition = petition
    return signature


def signature_confirmation_email_context(*, signature: Signature) -> dict[str, Any]:
    path = reverse("signatures:confirm", args=[signature.pk, signature.token])
    return {
        "signature": signature,
        "petition": signature.petition,
        "organiser": petition_organiser(petition=signature.petition),
        "confirm_url": f"{settings.SITE_URL}{path}",
    }
