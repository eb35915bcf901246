"""The kept count-only totals: signatures on sheets entered as a count only and not yet
keyed. Plain numbers, read beside the count (never in it) by pages and the public API, so
this module reads nothing but the totals.

Here too the one read of a petition's figures every surface shows: the count (Counts.total:
online, keyed paper and door to door, never the tallied or the held) with the tallied beside it."""

from collections.abc import Iterable
from dataclasses import dataclass

from doorstep.petitions.models import Petition
from doorstep.signatures.selectors.counts import Counts, petition_counts_many

from .models import CountOnlyTotal


@dataclass(frozen=True)
class Figures(Counts):
    """The count (`total`, defined once, in Counts) and, beside it and never in it, the
    signatures on paper sheets tallied (counted only) and not yet keyed in."""

    tallied: int = 0

    @property
    def total_with_tallied(self) -> int:
        """Only where the label says so: the count and the tallied sheets together."""
        return self.total + self.tallied


def paper_count_only_many(*, petition_ids: Iterable[int]) -> dict[int, int]:
    """Signatures on sheets entered as a count only and not yet keyed, from the kept totals."""
    rows = CountOnlyTotal.objects.filter(petition_id__in=list(petition_ids)).values_list("petition_id", "signatures")
    return dict(rows)


def paper_count_only(*, petition: Petition) -> int:
    return paper_count_only_many(petition_ids=[petition.pk]).get(petition.pk, 0)


def petition_figures_many(*, petition_ids: Iterable[int]) -> dict[int, Figures]:
    """The figures of many petitions in two queries, from the kept tallies and totals."""
    ids = list(petition_ids)
    counts, tallied = petition_counts_many(petition_ids=ids), paper_count_only_many(petition_ids=ids)
    figures = {}
    for petition_id in ids:
        count = counts.get(petition_id, Counts())
        figures[petition_id] = Figures(
            online=count.online, paper=count.paper, door=count.door, tallied=tallied.get(petition_id, 0)
        )
    return figures


def petition_figures(*, petition: Petition) -> Figures:
    """The petition's count and its tallied signatures beside it: what the public page, the
    JSON, the staff pages and a hand-in freeze all show."""
    return petition_figures_many(petition_ids=[petition.pk])[petition.pk]
