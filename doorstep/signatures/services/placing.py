"""Placing signatures in the areas their postcode lies in (from the postcode directory).

After an import, `signatures_place` moves every signature placed by an older edition (or
by none) to its areas in the new one, a postcode at a time: the signatures at a postcode
and the area counts they are in move together, in one transaction. A worker killed part
way leaves each postcode either moved with its counts or untouched, so running it again
(the task taken back from the dead worker) finishes the job.
"""

from django.db import transaction
from django.db.models import Count, QuerySet

from doorstep.core.leases import job_heartbeat
from doorstep.petitions.models import Petition
from doorstep.places.selectors import postcode_place

from ..models import Signature, Tally
from .counts import tally_move

# The job lease of the placing: one worker places signatures at a time.
PLACING_LEASE_KEY = "signatures:placing"


def postcode_area_codes(*, postcode: str) -> dict[str, str]:
    """The area codes of a UK postcode, as Signature fields; empty while no directory is loaded."""
    place = postcode_place(postcode=postcode) if postcode else None
    return {
        "constituency_code": place.constituency_code if place else "",
        "local_authority_code": place.local_authority_code if place else "",
        "ward_code": place.ward_code if place else "",
        "region_code": place.region_code if place else "",
    }


def signatures_place(*, petition: Petition | None = None) -> int:
    """Place signatures in their areas from the postcode directory: after an import, those
    made before it (or placed by an older edition), with the counts of their areas. Returns
    how many signatures changed. Raises LeaseHeld if another worker is placing them."""
    signatures = Signature.objects.exclude(postcode="")
    if petition is not None:
        signatures = signatures.filter(petition=petition)
    changed = 0
    with job_heartbeat(key=PLACING_LEASE_KEY) as heartbeat:
        postcodes = signatures.values_list("postcode", flat=True).distinct().order_by("postcode")
        for postcode in postcodes.iterator(chunk_size=2000):
            codes = postcode_area_codes(postcode=postcode)
            changed += _signatures_move(signatures.filter(postcode=postcode), codes=codes)
            heartbeat.beat()
    return changed


@transaction.atomic
def _signatures_move(signatures: QuerySet[Signature], *, codes: dict[str, str]) -> int:
    """Move the signatures not yet at `codes` there, and their counts with them. Returns how many."""
    moving = signatures.exclude(**codes)
    # Locked first, so a confirmation at this postcode meanwhile counts in the areas it ends up in.
    if not list(moving.select_for_update().values_list("pk", flat=True)):
        return 0
    fields = {dimension: field for dimension, field in Tally.AREA_FIELDS.items() if field in codes}
    counted = (
        moving.filter(state__in=Signature.COUNTED_STATES)
        .values("petition_id", "channel", *fields.values())
        .annotate(n=Count("id"))
        .order_by()
    )
    for group in counted:
        for dimension, field in fields.items():
            if group[field] != codes[field]:
                tally_move(
                    petition_id=group["petition_id"],
                    channel=group["channel"],
                    dimension=dimension,
                    old=group[field],
                    new=codes[field],
                    count=group["n"],
                )
    return moving.update(**codes)
