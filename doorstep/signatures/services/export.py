"""A staff export of signers' personal data, logged: who, when and how many rows."""

from collections.abc import Iterator

from django.utils.translation import gettext as _

from doorstep.accounts.models import User
from doorstep.core.csv import csv_lines
from doorstep.petitions.models import Petition, PetitionEvent
from doorstep.petitions.services import petition_record_event

from ..models import SignatureExport
from ..selectors.export import signature_export_header, signature_export_rows


def signature_export_stream(*, petition: Petition, actor: User) -> Iterator[str]:
    """The petition's signatures as spreadsheet-safe CSV lines, logged as an export:
    who, when and how many rows (counted as they are written)."""
    export = SignatureExport.objects.create(petition=petition, exported_by=actor)
    petition_record_event(
        petition=petition,
        kind=PetitionEvent.Kind.EXPORTED,
        description=_("Signatures exported by %(user)s") % {"user": actor.get_username()},
        actor=actor,
        export_id=export.pk,
    )

    def counted_rows() -> Iterator[list]:
        rows = 0
        for row in signature_export_rows(petition=petition):
            rows += 1
            if rows % 1000 == 0:
                SignatureExport.objects.filter(pk=export.pk).update(row_count=rows)
            yield row
        SignatureExport.objects.filter(pk=export.pk).update(row_count=rows, finished=True)

    return csv_lines(signature_export_header(), counted_rows())
