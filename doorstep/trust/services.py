from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone

from doorstep.core.emails import email_normalise
from doorstep.core.errors import ApplicationError
from doorstep.petitions.models import Petition

from .counters import counter_hit
from .lists import Lists, domain_is_disposable, list_value_clean, lists_load
from .models import Invalidation, ListEntry, PersonalDataAccess, RetentionPolicy, Switches


@dataclass(frozen=True)
class Verdict:
    """Whether a new signature is held as suspect, and why (for staff, never for the signer)."""

    reason: str = ""
    # Sources that have just gone over a limit, as (kind, value, seconds): the signatures
    # they made within those seconds are held too, so the first few of a flood count no more
    # than the rest. Kinds are "ip" and "domain".
    sweep: tuple[tuple[str, str, int], ...] = ()

    @property
    def suspect(self) -> bool:
        return bool(self.reason)


def _queue_alert(*, source: str, value: str, petition_id: int, count: int) -> None:
    from .tasks import send_activity_alert

    transaction.on_commit(
        lambda: send_activity_alert.enqueue(source=source, value=value, petition_id=petition_id, count=count)
    )


def signing_screen(
    *,
    petition_id: int,
    email: str,
    ip_address: str | None,
    postcode_district: str = "",
    country: str = "",
    honeypot: str = "",
    proof_of_work_failed: bool = False,
    now: float | None = None,
) -> Verdict:
    """Count this signing attempt against the limits and check it against the lists.

    Every attempt counts, held or not, so a bot cannot slip under a limit by
    retrying. The first reason found wins. Staff are emailed once when one
    source (an IP address, a domain, a postcode district, a country) reaches
    the alert threshold within an hour.
    """
    normalised = email_normalise(email)
    domain = normalised.rpartition("@")[2]
    lists = lists_load()
    ip_allowed = lists.ip_allowed(ip_address)
    domain_allowed = lists.domain_allowed(domain)

    ip_burst = ip_sustained = ip_hour = 0
    if ip_address:
        ip_burst = counter_hit(
            key=f"ip:{petition_id}:{ip_address}", seconds=settings.DOORSTEP.ip_burst_seconds, now=now
        )
        ip_sustained = counter_hit(
            key=f"ip:{petition_id}:{ip_address}", seconds=settings.DOORSTEP.ip_sustained_seconds, now=now
        )
        ip_hour = counter_hit(key=f"ip:{petition_id}:{ip_address}", seconds=3600, now=now)
    domain_hour = counter_hit(key=f"domain:{petition_id}:{domain}", seconds=settings.DOORSTEP.domain_seconds, now=now)
    threshold = settings.DOORSTEP.alert_per_hour
    sources = [
        ("IP address", ip_address or "", ip_hour, ip_allowed),
        ("email domain", domain, domain_hour, domain_allowed),
    ]
    for source, slug, value in (("postcode district", "district", postcode_district), ("country", "country", country)):
        if value:
            count = counter_hit(key=f"{slug}:{petition_id}:{value}", seconds=3600, now=now)
            sources.append((source, value, count, False))
    for source, value, count, allowed in sources:
        if value and count == threshold and not allowed:
            _queue_alert(source=source, value=value, petition_id=petition_id, count=count)

    sweep = []
    if not ip_allowed and ip_address:
        if ip_burst == settings.DOORSTEP.ip_burst_limit + 1:
            sweep.append(("ip", ip_address, settings.DOORSTEP.ip_burst_seconds))
        if ip_sustained == settings.DOORSTEP.ip_sustained_limit + 1:
            sweep.append(("ip", ip_address, settings.DOORSTEP.ip_sustained_seconds))
    if not domain_allowed and domain_hour == settings.DOORSTEP.domain_limit + 1:
        sweep.append(("domain", domain, settings.DOORSTEP.domain_seconds))

    verdict = _verdict(
        honeypot=honeypot,
        proof_of_work_failed=proof_of_work_failed,
        lists=lists,
        ip_address=ip_address,
        normalised=normalised,
        domain=domain,
        over_ip_burst=not ip_allowed and ip_burst > settings.DOORSTEP.ip_burst_limit,
        over_ip_sustained=not ip_allowed and ip_sustained > settings.DOORSTEP.ip_sustained_limit,
        over_domain=not domain_allowed and domain_hour > settings.DOORSTEP.domain_limit,
    )
    return Verdict(verdict, sweep=tuple(sweep))


def _verdict(
    *,
    honeypot: str,
    proof_of_work_failed: bool,
    lists: Lists,
    ip_address: str | None,
    normalised: str,
    domain: str,
    over_ip_burst: bool,
    over_ip_sustained: bool,
    over_domain: bool,
) -> str:
    if honeypot:
        return "filled in the hidden field"
    if proof_of_work_failed:
        return "no valid proof of work"
    if lists.ip_blocked(ip_address):
        return "IP address on the block list"
    if normalised in lists.blocked_emails:
        return "email address on the block list"
    if lists.domain_blocked(domain):
        return "email domain on the block list"
    if domain_is_disposable(domain):
        return "disposable email domain"
    if over_ip_burst:
        return "too many signatures from one IP address in a short time"
    if over_ip_sustained:
        return "too many signatures from one IP address in a day"
    if over_domain:
        return "too many signatures from one email domain"
    return ""


def list_entry_add(*, kind: str, action: str, value: str, note: str = "", actor: Any) -> ListEntry:
    if action not in ListEntry.Action.values:
        raise ApplicationError("Choose block or allow", field="action")
    if kind == ListEntry.Kind.EMAIL and action == ListEntry.Action.ALLOW:
        raise ApplicationError("Single addresses can be blocked, not allowed", field="action")
    value = list_value_clean(kind=kind, value=value)
    try:
        with transaction.atomic():
            return ListEntry.objects.create(kind=kind, action=action, value=value, note=note.strip(), created_by=actor)
    except IntegrityError:
        raise ApplicationError(f"{value} is on that list already", field="value") from None


def list_entry_remove(*, entry_id: int) -> bool:
    deleted, _ = ListEntry.objects.filter(pk=entry_id).delete()
    return bool(deleted)


SWITCHES = ("signing_stopped", "pack_requests_stopped", "emails_stopped", "proof_of_work_required")


def switches_set(*, actor: Any, **flags: bool) -> Switches:
    unknown = set(flags) - set(SWITCHES)
    if unknown:
        raise TypeError(f"Unknown switches: {sorted(unknown)}")
    with transaction.atomic():
        switches, _ = Switches.objects.select_for_update().get_or_create(pk=1)
        for name, value in flags.items():
            setattr(switches, name, bool(value))
        switches.updated_by = actor
        switches.updated_at = timezone.now()
        switches.save()
    return switches


def personal_data_access_record(
    *, user: Any, action: str, what: str, petition: Petition | None = None, rows: int = 0, path: str = ""
) -> PersonalDataAccess:
    """Note that a staff member saw or exported personal data. `path` never holds a query string."""
    return PersonalDataAccess.objects.create(
        user=user, action=action, what=what, petition=petition, rows=rows, path=path.split("?", 1)[0][:300]
    )


def retention_set(
    *, petition: Petition, months: int, exempt: bool = False, exempt_reason: str = "", actor: Any
) -> RetentionPolicy:
    if not 1 <= months <= 120:
        raise ApplicationError("Keep personal data between 1 and 120 months", field="months")
    exempt_reason = exempt_reason.strip()
    if exempt and not exempt_reason:
        raise ApplicationError("Give the reason this petition is exempt", field="exempt_reason")
    policy, _ = RetentionPolicy.objects.update_or_create(
        petition=petition,
        defaults={
            "months": months,
            "exempt": exempt,
            "exempt_reason": exempt_reason if exempt else "",
            "updated_by": actor,
            "updated_at": timezone.now(),
        },
    )
    return policy


def retention_mark_anonymised(*, petition: Petition, now: datetime) -> None:
    RetentionPolicy.objects.update_or_create(
        petition=petition,
        defaults={"anonymised_at": now},
        create_defaults={"months": settings.DOORSTEP.retention_months, "anonymised_at": now},
    )


def invalidation_create(
    *, petition: Petition, criteria: dict[str, Any], description: str, reason: str, matched: int, actor: Any
) -> Invalidation:
    reason = reason.strip()
    if not reason:
        raise ApplicationError("Give the reason for taking these signatures out", field="reason")
    return Invalidation.objects.create(
        petition=petition,
        criteria=criteria,
        description=description[:500],
        reason=reason[:500],
        matched=matched,
        created_by=actor,
    )


def invalidation_cancel(*, invalidation: Invalidation) -> bool:
    """Ask a queued or running invalidation to stop; what it did so far stays (and can be reversed)."""
    return bool(
        Invalidation.objects.filter(
            pk=invalidation.pk, state__in=[Invalidation.State.QUEUED, Invalidation.State.RUNNING]
        ).update(cancel_requested=True)
    )
