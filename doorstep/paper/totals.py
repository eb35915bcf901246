"""The kept count-only totals: signatures on sheets entered as a count only and not yet
keyed. Plain numbers, read beside the count (never in it) by pages and the public API, so
this module reads nothing but the totals."""

from collections.abc import Iterable

from doorstep.petitions.models import Petition

from .models import CountOnlyTotal


def paper_count_only_many(*, petition_ids: Iterable[int]) -> dict[int, int]:
    """Signatures on sheets entered as a count only and not yet keyed, from the kept totals."""
    rows = CountOnlyTotal.objects.filter(petition_id__in=list(petition_ids)).values_list("petition_id", "signatures")
    return dict(rows)


def paper_count_only(*, petition: Petition) -> int:
    return paper_count_only_many(petition_ids=[petition.pk]).get(petition.pk, 0)
