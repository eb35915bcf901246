"""Reads only the staff pages make, of records no app's selectors list yet."""

from doorstep.petitions.models import Petition
from doorstep.signatures.models import SignatureExport


def petition_exports(*, petition: Petition, limit: int = 20) -> list[SignatureExport]:
    """The latest downloads of the petition's signatures, with who made each."""
    return list(SignatureExport.objects.filter(petition=petition).select_related("exported_by")[:limit])
