"""Placing signatures in the areas their postcode lies in (from the postcode directory)."""

from doorstep.petitions.models import Petition
from doorstep.places.selectors import postcode_place

from ..models import Signature
from .counts import counts_rebuild


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
    """Place signatures in their areas from the postcode directory: after an import,
    those made before it (or placed by an older edition). Then rebuild the counts of
    every petition whose signatures moved. Returns how many signatures changed."""
    signatures = Signature.objects.exclude(postcode="")
    if petition is not None:
        signatures = signatures.filter(petition=petition)
    changed = 0
    petitions: set[int] = set()
    postcodes = signatures.values_list("postcode", flat=True).distinct().order_by("postcode")
    for postcode in postcodes.iterator(chunk_size=2000):
        codes = postcode_area_codes(postcode=postcode)
        moved = signatures.filter(postcode=postcode).exclude(**codes)
        petitions.update(moved.values_list("petition_id", flat=True).distinct())
        changed += moved.update(**codes)
    for petition_id in sorted(petitions):
        counts_rebuild(petition=Petition.objects.get(pk=petition_id))
    return changed
