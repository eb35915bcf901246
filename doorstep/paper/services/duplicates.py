"""Rows held as possible duplicates of a signature already counted: staff decide, and every
decision is kept. (Which rows are held is decided as they are keyed: paper.services.keying.)"""

from datetime import datetime

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from doorstep.accounts.models import User
from doorstep.core.errors import ApplicationError
from doorstep.signatures.services.paper import signature_create_paper

from ..models import DuplicateDecision, SheetRow


def row_decide_duplicate(
    *, row: SheetRow, outcome: str, actor: User, note: str = "", now: datetime | None = None
) -> DuplicateDecision:
    """Staff settle a held row: a different person (count it) or the same one (do not)."""
    now = now or timezone.now()
    if outcome not in DuplicateDecision.Outcome.values:
        raise ApplicationError(_("Choose whether to count the row"), field="outcome")
    with transaction.atomic():
        row = SheetRow.objects.select_for_update().select_related("sheet__petition").get(pk=row.pk)
        if row.review != SheetRow.Review.HELD:
            raise ApplicationError(_("This row has been decided already"))
        if outcome == DuplicateDecision.Outcome.COUNT:
            row.signature = signature_create_paper(
                petition=row.sheet.petition,
                name=row.name,
                postcode=row.postcode,
                updates_consent=row.updates_consent,
                now=now,
            )
            row.review = SheetRow.Review.COUNTED
        else:
            row.review = SheetRow.Review.REJECTED
        row.save(update_fields=["signature", "review"])
        return DuplicateDecision.objects.create(
            row=row, outcome=outcome, note=note.strip()[:300], decided_by=actor, decided_at=now
        )
