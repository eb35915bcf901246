from datetime import datetime, timedelta

from django.conf import settings
from django.db.models import Q
from django.utils import timezone

from doorstep.accounts.models import User
from doorstep.core.dates import months_later
from doorstep.core.leases import lease_alive
from doorstep.core.memo import Memo
from doorstep.petitions.models import Petition

from .models import Invalidation, ListEntry, PersonalDataAccess, RetentionPolicy, Switches


def switches_get() -> Switches:
    """The kill switches (all off until staff first change them)."""
    return Switches.objects.filter(pk=1).first() or Switches()


SWITCHES_KEPT: Memo[str, Switches] = Memo(lambda _key: switches_get())


def switches_get_cached() -> Switches:
    """The kill switches as this process read them at most DOORSTEP_LOCAL_CACHE_SECONDS ago:
    for the signer's hot paths (staff pages read them afresh)."""
    return SWITCHES_KEPT.get("")


def list_entries() -> list[ListEntry]:
    return list(ListEntry.objects.select_related("created_by"))


def retention_months(*, petition: Petition) -> int:
    policy = RetentionPolicy.objects.filter(petition=petition).first()
    return policy.months if policy else settings.DOORSTEP.retention_months


def retention_get(*, petition: Petition) -> RetentionPolicy | None:
    return RetentionPolicy.objects.filter(petition=petition).first()


def retention_due_at(*, petition: Petition) -> datetime | None:
    """When the petition's signers' personal data is anonymised: months after hand-in, or
    after the close if it was never handed in (after a moderator turned down a resident's
    petition). None while it is open or if it is exempt."""
    policy = retention_get(petition=petition)
    if policy and policy.exempt:
        return None
    finished = petition.handed_in_at or petition.closed_at or petition.rejected_at
    if petition.state not in Petition.FINISHED_STATES or finished is None:
        return None
    return months_later(finished, policy.months if policy else settings.DOORSTEP.retention_months)


def petitions_due_for_anonymising(*, now: datetime | None = None) -> list[Petition]:
    now = now or timezone.now()
    candidates = Petition.objects.filter(state__in=Petition.FINISHED_STATES).exclude(
        Q(retention__exempt=True) | Q(retention__anonymised_at__isnull=False)
    )
    return [p for p in candidates if (due := retention_due_at(petition=p)) is not None and due <= now]


def ip_retention_cutoff(*, now: datetime | None = None) -> datetime:
    return (now or timezone.now()) - timedelta(days=settings.DOORSTEP.ip_retention_days)


def invalidations_for(*, petition: Petition) -> list[Invalidation]:
    return list(Invalidation.objects.filter(petition=petition).select_related("created_by", "reversed_by")[:50])


def invalidation_get(*, invalidation_id: int) -> Invalidation | None:
    return Invalidation.objects.select_related("petition", "created_by").filter(pk=invalidation_id).first()


def invalidation_stalled(*, invalidation: Invalidation) -> bool:
    """Is the invalidation said to be running while no worker runs it (the one running it
    was killed part way)? Staff may then resume it."""
    return invalidation.state == Invalidation.State.RUNNING and not lease_alive(
        key=Invalidation.lease_key(invalidation.pk)
    )


def personal_data_accesses(*, limit: int = 200) -> list[PersonalDataAccess]:
    return list(PersonalDataAccess.objects.select_related("user", "petition")[:limit])


def alert_recipients() -> list[str]:
    """Who is emailed about unusual signing: DOORSTEP_ALERT_EMAILS, else every active
    administrator with an address."""
    if settings.DOORSTEP.alert_emails:
        return list(settings.DOORSTEP.alert_emails)
    users = User.objects.filter(is_active=True, is_staff=True, role=User.Role.ADMINISTRATOR).exclude(email="")
    return list(users.values_list("email", flat=True))
