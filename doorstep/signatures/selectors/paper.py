"""What keying paper signatures needs to know: whether entry is still open, and who
has signed at a postcode already (to look for a duplicate)."""

from dataclasses import dataclass
from datetime import date, datetime, timedelta

from django.conf import settings
from django.utils import timezone

from doorstep.petitions.models import Petition

from ..models import Signature


def paper_entry_closes_at(*, petition: Petition) -> datetime:
    """Paper signatures may be keyed until PAPER_ENTRY_DAYS after the petition closed
    (or is due to close), for sheets posted back on the last day."""
    closed = (
        petition.closed_at if petition.closed_at and petition.closed_at < petition.closes_at else petition.closes_at
    )
    return closed + timedelta(days=settings.DOORSTEP.paper_entry_days)


def paper_entry_last_day(*, petition: Petition) -> date:
    """The last day paper signatures may be keyed, as letters and messages say it."""
    return timezone.localdate(paper_entry_closes_at(petition=petition) - timedelta(seconds=1))


def paper_entry_open(*, petition: Petition, now: datetime | None = None) -> bool:
    now = now or timezone.now()
    return (
        petition.state in (Petition.State.OPEN, Petition.State.CLOSED)
        and petition.opened_at is not None
        and now < paper_entry_closes_at(petition=petition)
    )


@dataclass(frozen=True)
class SignerAtPostcode:
    signature_id: int
    name: str
    channel: str


def signers_at_postcode(*, petition: Petition, postcode: str) -> list[SignerAtPostcode]:
    """Counted signers of a petition at one postcode, to look for a paper row's duplicate."""
    rows = Signature.objects.filter(
        petition=petition, postcode=postcode, state__in=Signature.COUNTED_STATES
    ).values_list("pk", "name", "channel")
    return [SignerAtPostcode(signature_id=pk, name=name, channel=channel) for pk, name, channel in rows]
