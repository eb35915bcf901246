from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from django.db.models import Sum

from doorstep.petitions.models import Petition
from doorstep.places.countries import country_name

from .models import Signature, Tally


@dataclass(frozen=True)
class Counts:
    online: int = 0
    paper: int = 0

    @property
    def total(self) -> int:
        return self.online + self.paper


def _counts_from_rows(rows: Iterable[dict]) -> dict[int, Counts]:
    by_petition: dict[int, dict[str, int]] = defaultdict(dict)
    for row in rows:
        by_petition[row["petition_id"]][row["key"]] = row["n"] or 0
    return {
        petition_id: Counts(online=keys.get("online", 0), paper=keys.get("paper", 0))
        for petition_id, keys in by_petition.items()
    }


def petition_counts_many(*, petition_ids: Iterable[int]) -> dict[int, Counts]:
    """Counts for many petitions in one query, from the kept tallies (never a count of signatures)."""
    rows = (
        Tally.objects.filter(petition_id__in=list(petition_ids), dimension=Tally.Dimension.CHANNEL)
        .values("petition_id", "key")
        .annotate(n=Sum("count"))
        .order_by()
    )
    return _counts_from_rows(rows)


def petition_counts(*, petition: Petition) -> Counts:
    return petition_counts_many(petition_ids=[petition.pk]).get(petition.pk, Counts())


def petition_tally(*, petition: Petition, dimension: str) -> list[tuple[str, int]]:
    """A kept breakdown, biggest first: [(key, count), ...], without empty rows."""
    rows = (
        Tally.objects.filter(petition=petition, dimension=dimension).values("key").annotate(n=Sum("count")).order_by()
    )
    return sorted(((row["key"], row["n"]) for row in rows if row["n"]), key=lambda kv: (-kv[1], kv[0]))


def signatures_by_country(*, petition: Petition) -> list[dict]:
    """In the petition.parliament.uk shape: name, code, signature_count; by name."""
    rows = [
        {"name": country_name(code), "code": code, "signature_count": count}
        for code, count in petition_tally(petition=petition, dimension=Tally.Dimension.COUNTRY)
    ]
    return sorted(rows, key=lambda row: row["name"])


EXPORT_HEADER = [
    "Signature ID",
    "Channel",
    "State",
    "Name",
    "Email",
    "Postcode",
    "Country",
    "Wants campaign updates",
    "Signed at",
    "Confirmed at",
]


def signature_export_rows(*, petition: Petition) -> Iterator[list]:
    """Every signature of a petition, oldest first, read in chunks."""
    rows = (
        Signature.objects.filter(petition=petition)
        .order_by("pk")
        .values_list(
            "pk",
            "channel",
            "state",
            "name",
            "email",
            "postcode",
            "country",
            "updates_consent",
            "created_at",
            "confirmed_at",
        )
    )
    for row in rows.iterator(chunk_size=2000):
        pk, channel, state, name, email, postcode, country, consent, created, confirmed = row
        yield [
            pk,
            channel,
            state,
            name,
            email,
            postcode,
            country,
            "yes" if consent else "no",
            created.isoformat(),
            confirmed.isoformat() if confirmed else "",
        ]


def signature_get_for_confirmation(*, signature_id: int) -> Signature | None:
    return Signature.objects.select_related("petition").filter(pk=signature_id).first()
