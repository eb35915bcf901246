from dataclasses import dataclass
from datetime import datetime
from functools import cached_property, partial
from typing import Any, NamedTuple

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from doorstep.accounts.models import Actor, User
from doorstep.core.emails import email_domain, email_normalise
from doorstep.core.errors import ApplicationError
from doorstep.petitions.models import Petition

from .counters import counter_hit, counters_hit
from .lists import Lists, domain_is_disposable, list_value_clean, lists_get_cached
from .models import Invalidation, ListEntry, PersonalDataAccess, RetentionPolicy, Source, Switches
from .tasks import send_activity_alert


class Sweep(NamedTuple):
    """A source that has just gone over a limit: the signatures it made within
    `seconds` are held too, so the first few of a flood count no more than the rest."""

    source: Source  # Source.IP or Source.DOMAIN
    value: str
    seconds: int


@dataclass(frozen=True)
class Verdict:
    """Whether a new signature is held as suspect, and why (for staff, never for the signer)."""

    reason: str = ""
    sweep: tuple[Sweep, ...] = ()

    @property
    def suspect(self) -> bool:
        return bool(self.reason)


@dataclass(frozen=True)
class _Attempt:
    """One signing attempt, as the limits and the lists see it."""

    petition_id: int
    sources: dict[Source, str]  # the attempt's IP address, email domain, postcode district and country
    email_normalised: str
    lists: Lists

    @cached_property
    def ip_allowed(self) -> bool:
        return self.lists.ip_allowed(self.sources[Source.IP])

    @cached_property
    def domain_allowed(self) -> bool:
        return self.lists.domain_allowed(self.sources[Source.DOMAIN])


@dataclass(frozen=True)
class _Hits:
    """The attempt's counts in each limit's window, the attempt included."""

    ip_burst: int
    ip_sustained: int
    # Attempts in the last hour (the domain's: in its limit's window) per source, for the alert.
    hour: dict[Source, int]


def signing_check(
    *,
    petition_id: int,
    email: str,
    ip_address: str | None,
    postcode_district: str = "",
    country: str = "",
    honeypot: str = "",
    proof_of_work_failed: bool = False,
    now: datetime | None = None,
) -> Verdict:
    """Check a signing attempt: count it against the limits and match it against the lists.

    Every attempt counts, held or not, so a bot cannot slip under a limit by
    retrying. The first reason found wins. Staff are emailed once when one
    source (an IP address, a domain, a postcode district, a country) reaches
    the alert threshold within an hour.
    """
    attempt = _Attempt(
        petition_id=petition_id,
        sources={
            Source.IP: ip_address or "",
            Source.DOMAIN: email_domain(email),
            Source.DISTRICT: postcode_district,
            Source.COUNTRY: country,
        },
        email_normalised=email_normalise(email),
        lists=lists_get_cached(),
    )
    hits = _limits_hit(attempt=attempt, now=now or timezone.now())
    _alerts_queue(attempt=attempt, hits=hits)
    limits = settings.DOORSTEP
    over_ip_burst = not attempt.ip_allowed and hits.ip_burst > limits.ip_burst_limit
    over_ip_sustained = not attempt.ip_allowed and hits.ip_sustained > limits.ip_sustained_limit
    over_domain = not attempt.domain_allowed and hits.hour[Source.DOMAIN] > limits.domain_limit
    return Verdict(
        _reason(
            attempt=attempt,
            honeypot=honeypot,
            proof_of_work_failed=proof_of_work_failed,
            over_ip_burst=over_ip_burst,
            over_ip_sustained=over_ip_sustained,
            over_domain=over_domain,
        ),
        sweep=_sweep(attempt=attempt, hits=hits),
    )


def _limits_hit(*, attempt: _Attempt, now: datetime) -> _Hits:
    """Count the attempt against every limit and the alerts' hours, all in one round trip."""
    limits = settings.DOORSTEP
    petition_id, sources = attempt.petition_id, attempt.sources
    # (source, window in seconds) -> the counter's key. Each source's hour feeds the alerts
    # (the domain's: its limit's window).
    hours = {Source.IP: 3600, Source.DOMAIN: limits.domain_seconds, Source.DISTRICT: 3600, Source.COUNTRY: 3600}
    windows: dict[tuple[Source, int], str] = {}
    if ip := sources[Source.IP]:
        for seconds in (limits.ip_burst_seconds, limits.ip_sustained_seconds, hours[Source.IP]):
            windows[(Source.IP, seconds)] = f"ip:{petition_id}:{ip}"
    windows[(Source.DOMAIN, hours[Source.DOMAIN])] = f"domain:{petition_id}:{sources[Source.DOMAIN]}"
    for source in (Source.DISTRICT, Source.COUNTRY):
        if value := sources[source]:
            windows[(source, hours[source])] = f"{source.value}:{petition_id}:{value}"
    counts = counters_hit(hits=[(key, seconds) for (_source, seconds), key in windows.items()], now=now)
    count = {window: counts[(key, window[1])] for window, key in windows.items()}
    return _Hits(
        ip_burst=count.get((Source.IP, limits.ip_burst_seconds), 0),
        ip_sustained=count.get((Source.IP, limits.ip_sustained_seconds), 0),
        hour={source: n for (source, seconds), n in count.items() if seconds == hours[source]},
    )


def _alerts_queue(*, attempt: _Attempt, hits: _Hits) -> None:
    """Email staff (after commit) about each source whose hour has just reached the threshold."""
    exempt = {Source.IP: attempt.ip_allowed, Source.DOMAIN: attempt.domain_allowed}
    for source, count in hits.hour.items():
        value = attempt.sources[source]
        if value and count == settings.DOORSTEP.alert_per_hour and not exempt.get(source, False):
            transaction.on_commit(
                partial(
                    send_activity_alert.enqueue,
                    source=source.value,
                    value=value,
                    petition_id=attempt.petition_id,
                    count=count,
                )
            )


def _sweep(*, attempt: _Attempt, hits: _Hits) -> tuple[Sweep, ...]:
    """The sources this very attempt took over a limit (one over it: a sweep happens once)."""
    limits = settings.DOORSTEP
    sweep = []
    if not attempt.ip_allowed and (ip := attempt.sources[Source.IP]):
        if hits.ip_burst == limits.ip_burst_limit + 1:
            sweep.append(Sweep(Source.IP, ip, limits.ip_burst_seconds))
        if hits.ip_sustained == limits.ip_sustained_limit + 1:
            sweep.append(Sweep(Source.IP, ip, limits.ip_sustained_seconds))
    if not attempt.domain_allowed and hits.hour[Source.DOMAIN] == limits.domain_limit + 1:
        sweep.append(Sweep(Source.DOMAIN, attempt.sources[Source.DOMAIN], limits.domain_seconds))
    return tuple(sweep)


def _reason(
    *,
    attempt: _Attempt,
    honeypot: str,
    proof_of_work_failed: bool,
    over_ip_burst: bool,
    over_ip_sustained: bool,
    over_domain: bool,
) -> str:
    """Why the attempt is held, for staff ("" if it is not). Stored with the signature."""
    if reason := _listed_reason(attempt=attempt, honeypot=honeypot, proof_of_work_failed=proof_of_work_failed):
        return reason
    if over_ip_burst:
        return "too many signatures from one IP address in a short time"
    if over_ip_sustained:
        return "too many signatures from one IP address in a day"
    if over_domain:
        return "too many signatures from one email domain"
    return ""


def _listed_reason(*, attempt: _Attempt, honeypot: str, proof_of_work_failed: bool) -> str:
    """Why the attempt is held whatever the limits say: a bot's traces, the block lists, a throwaway inbox."""
    lists, domain = attempt.lists, attempt.sources[Source.DOMAIN]
    if honeypot:
        return "filled in the hidden field"
    if proof_of_work_failed:
        return "did not pass the extra check against bots"
    if lists.ip_blocked(attempt.sources[Source.IP]):
        return "IP address on the block list"
    if attempt.email_normalised in lists.blocked_emails:
        return "email address on the block list"
    if lists.domain_blocked(domain):
        return "email domain on the block list"
    if domain_is_disposable(domain):
        return "disposable email domain"
    return ""


# The window of the limits on starting petitions.
START_WINDOW_SECONDS = 86400


def starting_check(
    *,
    email: str,
    ip_address: str | None,
    honeypot: str = "",
    proof_of_work_failed: bool = False,
    now: datetime | None = None,
) -> Verdict:
    """Check an attempt to start a petition (the petition scheme) as a signing attempt is checked:
    the honeypot, the puzzle, the block lists and throwaway inboxes, and limits per IP address and
    per email domain on petitions started in a day (allowed networks and the big mail providers
    are let past the limits). Every attempt counts. A petition started over a limit is not refused:
    it waits, flagged, for a moderator like any other."""
    attempt = _attempt_unplaced(petition_id=0, email=email, ip_address=ip_address)
    now = now or timezone.now()
    limits = settings.DOORSTEP
    ip, domain = attempt.sources[Source.IP], attempt.sources[Source.DOMAIN]
    from_ip = counter_hit(key=f"start-ip:{ip}", seconds=START_WINDOW_SECONDS, now=now) if ip else 0
    from_domain = counter_hit(key=f"start-domain:{domain}", seconds=START_WINDOW_SECONDS, now=now)
    if reason := _listed_reason(attempt=attempt, honeypot=honeypot, proof_of_work_failed=proof_of_work_failed):
        return Verdict(reason)
    if from_ip > limits.start_ip_limit and not attempt.ip_allowed:
        return Verdict("too many petitions started from one IP address in a day")
    if from_domain > limits.start_domain_limit and not attempt.domain_allowed:
        return Verdict("too many petitions started from one email domain in a day")
    return Verdict()


def _attempt_unplaced(*, petition_id: int, email: str, ip_address: str | None) -> _Attempt:
    """An attempt known by its IP address and email only (email "" when none was given)."""
    return _Attempt(
        petition_id=petition_id,
        sources={
            Source.IP: ip_address or "",
            Source.DOMAIN: email_domain(email),
            Source.DISTRICT: "",
            Source.COUNTRY: "",
        },
        email_normalised=email_normalise(email),
        lists=lists_get_cached(),
    )


def pack_request_check(
    *,
    petition_id: int,
    ip_address: str | None,
    postcode: str,
    email: str = "",
    honeypot: str = "",
    proof_of_work_failed: bool = False,
    now: datetime | None = None,
) -> Verdict:
    """Check a request for a paper pack made on the petition page, as signing is checked: the
    honeypot, the puzzle, the block lists, and limits per IP address and per postcode (`postcode`
    normalised, or "" when it is not one). A request that fails is held for staff, never refused.
    Every request counts, held or not; allowed networks are let past the IP limit, not the lists."""
    attempt = _attempt_unplaced(petition_id=petition_id, email=email, ip_address=ip_address)
    now, limits, ip = now or timezone.now(), settings.DOORSTEP, attempt.sources[Source.IP]
    window = limits.pack_limit_seconds
    from_ip = counter_hit(key=f"pack-ip:{petition_id}:{ip}", seconds=window, now=now) if ip else 0
    to_postcode = counter_hit(key=f"pack-postcode:{petition_id}:{postcode}", seconds=window, now=now) if postcode else 0
    if reason := _listed_reason(attempt=attempt, honeypot=honeypot, proof_of_work_failed=proof_of_work_failed):
        return Verdict(reason)
    if from_ip > limits.pack_ip_limit and not attempt.ip_allowed:
        return Verdict("too many pack requests from one IP address")
    if to_postcode > limits.pack_postcode_limit:
        return Verdict("too many pack requests to one postcode")
    return Verdict()


def list_entry_add(*, kind: str, action: str, value: str, note: str = "", actor: Actor) -> ListEntry:
    if action not in ListEntry.Action.values:
        raise ApplicationError(_("Choose block or allow"), field="action")
    if kind == ListEntry.Kind.EMAIL and action == ListEntry.Action.ALLOW:
        raise ApplicationError(_("Single addresses can be blocked, not allowed"), field="action")
    value = list_value_clean(kind=kind, value=value)
    try:
        with transaction.atomic():
            return ListEntry.objects.create(kind=kind, action=action, value=value, note=note.strip(), created_by=actor)
    except IntegrityError:
        raise ApplicationError(_("%(value)s is on that list already") % {"value": value}, field="value") from None


def list_entry_remove(*, entry_id: int) -> bool:
    deleted, _by_model = ListEntry.objects.filter(pk=entry_id).delete()
    return bool(deleted)


SWITCHES = ("signing_stopped", "pack_requests_stopped", "emails_stopped", "proof_of_work_required")


def switches_set(*, actor: Actor, **flags: bool) -> Switches:
    unknown = set(flags) - set(SWITCHES)
    if unknown:
        raise TypeError(f"Unknown switches: {sorted(unknown)}")
    with transaction.atomic():
        switches, _created = Switches.objects.select_for_update().get_or_create(pk=1)
        for name, value in flags.items():
            setattr(switches, name, bool(value))
        switches.updated_by = actor
        switches.updated_at = timezone.now()
        switches.save()
    return switches


def personal_data_access_record(
    *, user: User, action: str, what: str, petition: Petition | None = None, rows: int = 0, path: str = ""
) -> PersonalDataAccess:
    """Note that a staff member saw or exported personal data. `path` never holds a query string."""
    return PersonalDataAccess.objects.create(
        user=user, action=action, what=what, petition=petition, rows=rows, path=path.split("?", 1)[0][:300]
    )


def retention_set(
    *, petition: Petition, months: int, exempt: bool = False, exempt_reason: str = "", actor: Actor
) -> RetentionPolicy:
    if not 1 <= months <= 120:
        raise ApplicationError(_("Keep personal data between 1 and 120 months"), field="months")
    exempt_reason = exempt_reason.strip()
    if exempt and not exempt_reason:
        raise ApplicationError(_("Give the reason this petition is exempt"), field="exempt_reason")
    policy, _created = RetentionPolicy.objects.update_or_create(
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
    *, petition: Petition, criteria: dict[str, Any], description: str, reason: str, matched: int, actor: Actor
) -> Invalidation:
    reason = reason.strip()
    if not reason:
        raise ApplicationError(_("Give the reason for taking these signatures out"), field="reason")
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
