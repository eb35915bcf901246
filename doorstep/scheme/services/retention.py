"""The creators' personal data kept no longer than signers' (the retention rules trust sets): their
IP address goes after DOORSTEP_IP_RETENTION_DAYS, their email address and postcode when their
petition's signers are anonymised."""

from datetime import datetime

from django.utils import timezone

from doorstep.trust.selectors import ip_retention_cutoff

from ..models import Proposal


def proposals_apply_retention(*, now: datetime | None = None) -> dict[str, int]:
    """The daily job: drop old IP addresses, and the creator's address and postcode of every petition
    whose signers have been anonymised. Returns how many proposals each touched."""
    now = now or timezone.now()
    ips = Proposal.objects.filter(created_at__lt=ip_retention_cutoff(now=now), ip_address__isnull=False).update(
        ip_address=None
    )
    anonymised = (
        Proposal.objects.filter(petition__retention__anonymised_at__isnull=False)
        .exclude(creator_email="", creator_postcode="")
        .update(creator_email="", creator_postcode="")
    )
    return {"ips_dropped": ips, "creators_anonymised": anonymised}
