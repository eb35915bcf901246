"""Staff review of signatures: the held ones, what is happening now, finding a signer."""

from collections import defaultdict
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.utils import timezone

from doorstep.core.emails import email_domain, email_normalise
from doorstep.petitions.models import Petition
from doorstep.trust.models import Source

from ..models import Signature


def signatures_held(*, petition: Petition, limit: int = 200) -> list[Signature]:
    """Signatures held as suspect, newest first, for staff to review."""
    return list(
        Signature.objects.filter(petition=petition, state=Signature.State.SUSPECT).order_by("-created_at")[:limit]
    )


def signatures_held_count(*, petition: Petition) -> int:
    # A staff page, not a hot path: counting here is fine.
    return Signature.objects.filter(petition=petition, state=Signature.State.SUSPECT).count()


def signature_sample(*, ids: list[int], limit: int = 20) -> list[Signature]:
    return list(Signature.objects.filter(pk__in=ids[:limit]).order_by("pk"))


def signature_get(*, petition: Petition, signature_id: int) -> Signature | None:
    return Signature.objects.filter(petition=petition, pk=signature_id).first()


def signatures_find(*, query: str, limit: int = 50) -> list[Signature]:
    """Staff search for a signer (a phone call asking what is held, or to withdraw):
    by email address (any variant of the inbox) or by name."""
    query = " ".join(query.split())
    if not query:
        return []
    if "@" in query:
        rows = Signature.objects.filter(email_normalised=email_normalise(query))
    else:
        rows = Signature.objects.filter(name__icontains=query)
    return list(rows.select_related("petition").order_by("-created_at")[:limit])


@dataclass(frozen=True)
class SourceCount:
    value: str
    last_hour: int
    hour_before: int

    @property
    def trend(self) -> int:
        return self.last_hour - self.hour_before


def signing_activity(*, now: datetime | None = None, top: int = 15) -> dict[str, list[SourceCount]]:
    """Signatures of the last hour by source (keyed by Source: IP address, email domain,
    postcode district and country), biggest first, each with the hour before for the trend.
    For staff."""
    now = now or timezone.now()
    hour = timedelta(hours=1)
    recent = Signature.objects.filter(created_at__gte=now - 2 * hour, channel=Signature.Channel.ONLINE)
    last: dict[Source, dict[str, int]] = {source: defaultdict(int) for source in Source}
    before: dict[Source, dict[str, int]] = {source: defaultdict(int) for source in Source}
    for created, ip, email, district, country in recent.values_list(
        "created_at", "ip_address", "email_normalised", "postcode_district", "country"
    ).iterator(chunk_size=5000):
        bucket = last if created >= now - hour else before
        values = {
            Source.IP: ip or "",
            Source.DOMAIN: email_domain(email),
            Source.DISTRICT: district,
            Source.COUNTRY: country,
        }
        for source, value in values.items():
            if value:
                bucket[source][value] += 1
    activity: dict[str, list[SourceCount]] = {}
    for source in Source:
        rows = [SourceCount(value, n, before[source].get(value, 0)) for value, n in last[source].items()]
        activity[source] = sorted(rows, key=lambda r: (-r.last_hour, r.value))[:top]
    return activity
