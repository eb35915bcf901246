"""Signers' personal data, removed when they withdraw or when the petition's retention
period is over. The fields the counts are kept by stay, so counts never change."""

from datetime import datetime, timedelta
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from doorstep.core.errors import ApplicationError
from doorstep.petitions.models import Petition, PetitionEvent
from doorstep.petitions.services import petition_record_event
from doorstep.trust.counters import counters_expire
from doorstep.trust.lists import ip_hash
from doorstep.trust.selectors import ip_retention_cutoff, petitions_due_for_anonymising
from doorstep.trust.services import retention_mark_anonymised

from ..models import DataRequest, Signature
from .invalidation import signature_invalidate


def _anonymised_fields() -> dict[str, Any]:
    # The fields the counts are kept by (channel, state, country, postcode district,
    # area codes, confirmed_at) stay, so every count and breakdown stays exact.
    return {
        "name": "",
        "email": "",
        "email_normalised": "",
        "postcode": "",
        "ip_address": None,
        "ip_hash": "",
        "consent_wording": "",
        "token": "",
        "suspect_reason": "",
    }


def signature_withdraw(*, signature: Signature, now: datetime | None = None) -> None:
    """The signer asked (by email link, or by phone to staff) to withdraw: while the
    petition is open, take the signature out of the count and erase their details."""
    now = now or timezone.now()
    if signature.petition.state != Petition.State.OPEN:
        raise ApplicationError(_("The petition has closed, so signatures can no longer be withdrawn"))
    with transaction.atomic():
        signature_invalidate(signature=signature, now=now)
        Signature.objects.filter(pk=signature.pk).update(anonymised_at=now, **_anonymised_fields())


def signatures_anonymise(*, petition: Petition, now: datetime | None = None) -> int:
    """Remove signers' names, emails, full postcodes and IP addresses from a petition
    (the retention policy). Counts and breakdowns do not change. Returns how many."""
    now = now or timezone.now()
    with transaction.atomic():
        changed = Signature.objects.filter(petition=petition, anonymised_at__isnull=True).update(
            anonymised_at=now, **_anonymised_fields()
        )
        retention_mark_anonymised(petition=petition, now=now)
        petition_record_event(
            petition=petition,
            kind=PetitionEvent.Kind.ANONYMISED,
            description=ngettext(
                "Signers' personal data anonymised under the retention policy (%(count)s signature)",
                "Signers' personal data anonymised under the retention policy (%(count)s signatures)",
                changed,
            )
            % {"count": changed},
            anonymised=changed,
        )
    return changed


def signatures_apply_retention(*, now: datetime | None = None) -> dict[str, int]:
    """The daily job: anonymise petitions past their retention period, replace IP
    addresses older than IP_RETENTION_DAYS by a keyed hash, drop old limit counters."""
    now = now or timezone.now()
    anonymised = sum(signatures_anonymise(petition=p, now=now) for p in petitions_due_for_anonymising(now=now))
    hashed = 0
    old = Signature.objects.filter(created_at__lt=ip_retention_cutoff(now=now), ip_address__isnull=False)
    for ip in old.values_list("ip_address", flat=True).distinct().order_by().iterator(chunk_size=2000):
        hashed += old.filter(ip_address=ip).update(ip_address=None, ip_hash=ip_hash(str(ip)))
    DataRequest.objects.filter(created_at__lt=now - timedelta(hours=DataRequest.LIFETIME_HOURS)).delete()
    return {"anonymised": anonymised, "ips_hashed": hashed, "counters_expired": counters_expire()}
