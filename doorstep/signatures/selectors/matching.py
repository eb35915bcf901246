"""The signatures a bulk invalidation's filters match (staff preview them, the worker takes them out)."""

import ipaddress
import re
from collections.abc import Callable
from datetime import datetime
from typing import Any

from django.db.models import QuerySet

from doorstep.core.emails import email_domain, email_normalise
from doorstep.petitions.models import Petition
from doorstep.trust.lists import domain_matches, ip_hash

from ..models import Signature


def _ip_matcher(value: str) -> Callable[[str | None, str], bool]:
    network = ipaddress.ip_network(value, strict=False)
    single = network.num_addresses == 1
    hashed = ip_hash(str(network.network_address)) if single else ""

    def matches(ip: str | None, ip_hashed: str) -> bool:
        if ip:
            address = ipaddress.ip_address(ip)
            return address.version == network.version and address in network
        # The address itself is gone (kept only as a hash): only a single address can match.
        return bool(single and ip_hashed and ip_hashed == hashed)

    return matches


def _filtered(rows: QuerySet[Signature], criteria: dict[str, Any]) -> QuerySet[Signature]:
    """The filters SQL can apply the same way on SQLite and PostgreSQL."""
    if email := criteria.get("email"):
        rows = rows.filter(email_normalised=email_normalise(email))
    if name := criteria.get("name"):
        pattern = "^" + ".*".join(re.escape(part) for part in name.split("*")) + "$"
        rows = rows.filter(name__iregex=pattern)
    if postcode := criteria.get("postcode"):
        postcode = postcode.strip().upper()
        rows = (
            rows.filter(postcode__startswith=postcode) if " " in postcode else rows.filter(postcode_district=postcode)
        )
    if since := criteria.get("since"):
        rows = rows.filter(created_at__gte=datetime.fromisoformat(since))
    if until := criteria.get("until"):
        rows = rows.filter(created_at__lt=datetime.fromisoformat(until))
    if channel := criteria.get("channel"):
        rows = rows.filter(channel=channel)
    if state := criteria.get("state"):
        rows = rows.filter(state=state)
    return rows


def signature_match_ids(*, petition: Petition, criteria: dict[str, Any]) -> list[int]:
    """The ids of a petition's signatures (not yet invalidated) matching every given filter:
    ip (address or range), domain (wildcards allowed), email, name (* as wildcard), postcode
    (a district like RM10 or the start of a full postcode), since/until (ISO times), channel
    and state."""
    rows = _filtered(Signature.objects.filter(petition=petition).exclude(state=Signature.State.INVALIDATED), criteria)
    ip = criteria.get("ip")
    domain = criteria.get("domain")
    if not ip and not domain:
        return list(rows.order_by("pk").values_list("pk", flat=True))
    # Ranges and wildcards are matched here rather than in SQL, the same way on SQLite and PostgreSQL.
    ip_matches = _ip_matcher(ip) if ip else None
    found = []
    for pk, address, hashed, email_normalised in (
        rows.order_by("pk").values_list("pk", "ip_address", "ip_hash", "email_normalised").iterator(chunk_size=5000)
    ):
        if ip_matches and not ip_matches(address, hashed):
            continue
        if domain and not domain_matches(email_domain(email_normalised), domain):
            continue
        found.append(pk)
    return found
