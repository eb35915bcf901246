from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date

from django.db.models import QuerySet
from django.utils import timezone

from doorstep.accounts.models import User
from doorstep.petitions.models import Petition
from doorstep.signatures.models import Signature

from .models import DoorSignature, Phone
from .services import phone_token_hash


def can_canvass(user: User) -> bool:
    """Canvassers, and the staff who run petitions, may collect signatures door to door."""
    return user.is_active and (user.role == User.Role.CANVASSER or user.can_manage_petitions)


def phone_get_by_token(*, token: str) -> Phone | None:
    if not token or len(token) > 100:
        return None
    return Phone.objects.filter(token_hash=phone_token_hash(token)).first()


def phone_get(*, phone_id: int) -> Phone | None:
    return Phone.objects.select_related("user").filter(pk=phone_id).first()


def canvasser_get(*, user_id: int) -> User | None:
    return User.objects.filter(pk=user_id).first()


@dataclass
class Day:
    day: date
    counted: int = 0
    held: int = 0
    out: int = 0

    @property
    def collected(self) -> int:
        return self.counted + self.held + self.out


@dataclass
class CanvasserDays:
    canvasser: User
    days: list[Day] = field(default_factory=list)
    phones: list[Phone] = field(default_factory=list)

    @property
    def counted(self) -> int:
        return sum(day.counted for day in self.days)

    @property
    def held(self) -> int:
        return sum(day.held for day in self.days)

    @property
    def out(self) -> int:
        return sum(day.out for day in self.days)


def _bucket(review: str, state: str | None) -> str:
    if review == DoorSignature.Review.HELD or state == Signature.State.SUSPECT:
        return "held"
    if review == DoorSignature.Review.REJECTED or state in (Signature.State.INVALIDATED, None):
        return "out"
    return "counted"


def petition_canvassers(*, petition: Petition) -> list[CanvasserDays]:
    """Each canvasser who collected for a petition: their signatures per day (counted,
    held, taken out), newest day first, and their phones. A staff page: counted here."""
    rows = DoorSignature.objects.filter(petition=petition).values_list(
        "canvasser_id", "collected_at", "review", "signature__state"
    )
    by_canvasser: dict[int, dict[date, Day]] = defaultdict(dict)
    for canvasser_id, collected_at, review, state in rows.iterator(chunk_size=2000):
        day = timezone.localdate(collected_at)
        entry = by_canvasser[canvasser_id].setdefault(day, Day(day=day))
        bucket = _bucket(review, state)
        setattr(entry, bucket, getattr(entry, bucket) + 1)
    users = {user.pk: user for user in User.objects.filter(pk__in=list(by_canvasser))}
    phones: dict[int, list[Phone]] = defaultdict(list)
    for phone in Phone.objects.filter(user_id__in=list(by_canvasser)).order_by("-created_at"):
        phones[phone.user_id].append(phone)
    result = [
        CanvasserDays(
            canvasser=users[user_id],
            days=sorted(days.values(), key=lambda d: d.day, reverse=True),
            phones=phones[user_id],
        )
        for user_id, days in by_canvasser.items()
    ]
    return sorted(result, key=lambda c: c.canvasser.get_username())


def phones_of(*, user: User) -> QuerySet[Phone]:
    return Phone.objects.filter(user=user).order_by("-created_at")


def door_signatures_held(*, petition: Petition, limit: int = 200) -> list[DoorSignature]:
    return list(
        DoorSignature.objects.filter(petition=petition, review=DoorSignature.Review.HELD)
        .select_related("canvasser", "matched_signature")
        .order_by("collected_at")[:limit]
    )


def door_signature_get(*, petition: Petition, record_id: int) -> DoorSignature | None:
    return DoorSignature.objects.filter(petition=petition, pk=record_id).first()


def door_signature_for_thank_you(*, signature_id: int) -> DoorSignature | None:
    """A counted door-to-door signature with an email address, for its thank-you."""
    return (
        DoorSignature.objects.select_related("signature", "petition")
        .filter(signature_id=signature_id, signature__state=Signature.State.CONFIRMED)
        .exclude(email="")
        .first()
    )
