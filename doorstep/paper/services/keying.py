"""Keying a sheet in, row by row. In the first keying a signed row counts at once as a paper
signature (through doorstep.signatures), unless it may repeat a signature already counted:
then it is held for staff. A second keying, by someone else, is kept apart to compare."""

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from doorstep.accounts.models import Actor
from doorstep.core.errors import ApplicationError
from doorstep.core.text import text_has_control_characters
from doorstep.places.postcodes import InvalidPostcode, postcode_normalise
from doorstep.signatures.services.invalidation import signature_invalidate
from doorstep.signatures.services.paper import signature_create_paper
from doorstep.signatures.services.signing import name_clean

from ..models import Sheet, SheetRow
from ..selectors import row_duplicate_find, sheet_rows
from .count_only import count_only_total_add
from .entry import sheet_entry_lock, sheet_mark_returned, sheet_signatures_check


@dataclass(frozen=True)
class RowInput:
    """One row as the volunteer typed it; sheet_row_save cleans and checks it."""

    number: int
    status: str = SheetRow.Status.SIGNED
    name: str = ""
    address: str = ""
    postcode: str = ""
    updates_consent: bool = False

    @classmethod
    def of(cls, row: SheetRow) -> "RowInput":
        return cls(row.number, row.status, row.name, row.address, row.postcode, row.updates_consent)

    @property
    def untouched(self) -> bool:
        """Nothing typed in the row (a row of the grid the volunteer never reached)."""
        return self.status == SheetRow.Status.SIGNED and not (
            self.name.strip() or self.address.strip() or self.postcode.strip()
        )


def _postcode_clean(row: RowInput) -> str:
    postcode = (row.postcode or "").strip()
    if postcode and row.status == SheetRow.Status.SIGNED:
        try:
            return postcode_normalise(postcode)
        except InvalidPostcode as exc:
            raise ApplicationError(str(exc), field="postcode") from exc
    if postcode:
        # A row that will not count keeps whatever was written, even a foreign or partial postcode.
        try:
            return postcode_normalise(postcode)
        except InvalidPostcode:
            return postcode.upper()[:8]
    return postcode


def row_clean(*, row: RowInput) -> RowInput:
    """The row as it is kept, or an error naming the field that is wrong."""
    if not 1 <= row.number <= Sheet.ROWS:
        raise ApplicationError(_("Rows are numbered 1 to {rows}").format(rows=Sheet.ROWS), field="number")
    if row.status not in SheetRow.Status.values:
        raise ApplicationError(_("Choose what the row holds"), field="status")
    name = " ".join((row.name or "").split())
    address = " ".join((row.address or "").split())
    if len(name) > 100:
        raise ApplicationError(_("Names are 100 characters or fewer"), field="name")
    if len(address) > 200:
        raise ApplicationError(_("Addresses are 200 characters or fewer"), field="address")
    if name:
        name = name_clean(name=name)  # the sign form's rule: no control characters, no web address
    for field, text in (("address", address), ("postcode", row.postcode or "")):
        if text_has_control_characters(text):
            raise ApplicationError(_("This contains characters that are not allowed"), field=field)
    if row.status == SheetRow.Status.SIGNED:
        if not name:
            raise ApplicationError(_("Type the name, or mark the row illegible"), field="name")
        if not (row.postcode or "").strip():
            raise ApplicationError(_("Type the postcode, or mark the row illegible"), field="postcode")
    postcode = _postcode_clean(row)
    if row.status == SheetRow.Status.BLANK:
        name = address = postcode = ""
    return RowInput(row.number, row.status, name, address, postcode, bool(row.updates_consent))


def _row_count(sheet: Sheet, row: SheetRow, now: datetime) -> None:
    """Make the row's signature, or hold the row if it may repeat one already counted."""
    match = row_duplicate_find(petition=sheet.petition, row=row)
    if match:
        row.review = SheetRow.Review.HELD
        row.matched_signature_id, row.match_reason = match
        return
    row.signature = signature_create_paper(
        petition=sheet.petition, name=row.name, postcode=row.postcode, updates_consent=row.updates_consent, now=now
    )


def row_apply(
    *, sheet: Sheet, stored: SheetRow | None, data: RowInput, keying: SheetRow.Keying, actor: Actor, now: datetime
) -> SheetRow:
    """Keep a cleaned row (a new one, or a change to the stored one). In the first keying a
    changed row's signature is replaced: the old one is kept, invalidated, for the record."""
    row = stored or SheetRow(sheet=sheet, keying=keying, number=data.number)
    if stored is not None and RowInput.of(stored) == data:
        return row
    row.status, row.name, row.address, row.postcode = data.status, data.name, data.address, data.postcode
    row.updates_consent = data.updates_consent
    row.keyed_by = actor
    row.keyed_at = now
    if keying == SheetRow.Keying.FIRST:
        if row.signature_id:
            signature_invalidate(signature=row.signature, now=now)  # type: ignore[arg-type]
            row.signature = None
        row.review, row.matched_signature, row.match_reason = SheetRow.Review.NONE, None, ""
        if row.status == SheetRow.Status.SIGNED:
            _row_count(sheet, row, now)
    row.save()
    return row


def second_keyer_check(*, sheet: Sheet, actor: Actor) -> None:
    """Only a keyed sheet waiting for its second keying, and never by the first keyer."""
    if not sheet.second_keying_wanted or sheet.state != Sheet.State.KEYED:
        raise ApplicationError(_("This sheet is not waiting for a second keying"))
    if sheet.second_keying_resolved_at:
        raise ApplicationError(_("This sheet's two keyings have been compared already"))
    if sheet.keyed_by_id == (actor.pk if actor is not None else None):
        raise ApplicationError(_("The second keying must be done by someone other than the first keyer"))


def _keyed_already() -> ApplicationError:
    return ApplicationError(_("This sheet has been keyed already. Ask staff if it needs correcting."))


def sheet_row_save(
    *,
    sheet: Sheet,
    row: RowInput,
    actor: Actor,
    keying: SheetRow.Keying = SheetRow.Keying.FIRST,
    now: datetime | None = None,
) -> SheetRow:
    """Save one keyed row. In the first keying a signed row counts at once (or is held as a
    possible duplicate); saving the same row again corrects it. Nothing else on the sheet changes."""
    now = now or timezone.now()
    with transaction.atomic():
        sheet = sheet_entry_lock(sheet=sheet, now=now)
        if keying == SheetRow.Keying.FIRST and sheet.state == Sheet.State.KEYED:
            raise _keyed_already()
        if keying == SheetRow.Keying.SECOND:
            second_keyer_check(sheet=sheet, actor=actor)
        data = row_clean(row=row)
        stored = (
            SheetRow.objects.select_related("signature").filter(sheet=sheet, keying=keying, number=data.number).first()
        )
        saved = row_apply(sheet=sheet, stored=stored, data=data, keying=keying, actor=actor, now=now)
        if keying == SheetRow.Keying.FIRST and sheet.state != Sheet.State.KEYING:
            # Keying a count-only sheet replaces its count: the rows now count instead.
            if sheet.state == Sheet.State.COUNT_ONLY:
                count_only_total_add(petition_id=sheet.petition_id, delta=-(sheet.count_only or 0))
            Sheet.objects.filter(pk=sheet.pk).update(state=Sheet.State.KEYING)
            sheet.state = Sheet.State.KEYING
        sheet_mark_returned(sheet=sheet, actor=actor, now=now)
    return saved


def sheet_rows_save(
    *, sheet: Sheet, rows: Iterable[RowInput], actor: Actor, keying: SheetRow.Keying = SheetRow.Keying.FIRST
) -> dict[int, ApplicationError]:
    """Save every row of the grid sent at once (the page without JavaScript): each row typed,
    and each row kept before, as sheet_row_save does. Returns what was wrong, by row number;
    the rows that were right are kept."""
    stored = sheet_rows(sheet=sheet, keying=keying)
    errors = {}
    for row in rows:
        if row.untouched and row.number not in stored:
            continue
        try:
            sheet_row_save(sheet=sheet, row=row, actor=actor, keying=keying)
        except ApplicationError as error:
            errors[row.number] = error
    return errors


@dataclass(frozen=True)
class Finished:
    sheet: Sheet
    rows_with_entries: int
    declared: int

    @property
    def mismatch(self) -> bool:
        return self.rows_with_entries != self.declared


def sheet_finish(
    *,
    sheet: Sheet,
    declared_count: int,
    actor: Actor,
    keying: SheetRow.Keying = SheetRow.Keying.FIRST,
    now: datetime | None = None,
) -> Finished:
    """The volunteer has keyed every row and says how many signatures the sheet holds.
    A difference from the rows keyed is reported (and shown on the sheet), not refused."""
    now = now or timezone.now()
    sheet_signatures_check(count=declared_count, field="declared_count")
    with transaction.atomic():
        sheet = sheet_entry_lock(sheet=sheet, now=now)
        rows = SheetRow.objects.filter(sheet=sheet, keying=keying).exclude(status=SheetRow.Status.BLANK).count()
        if keying == SheetRow.Keying.FIRST:
            if sheet.state == Sheet.State.KEYED:
                raise _keyed_already()
            if sheet.state != Sheet.State.KEYING:
                raise ApplicationError(_("Key the sheet's rows first (or mark them blank)"))
            sheet.state = Sheet.State.KEYED
            sheet.keyed_at, sheet.keyed_by, sheet.declared_count = now, actor, declared_count
            sheet.save(update_fields=["state", "keyed_at", "keyed_by", "declared_count"])
        else:
            second_keyer_check(sheet=sheet, actor=actor)
            sheet.second_keyed_by = actor
            sheet.save(update_fields=["second_keyed_by"])
    return Finished(sheet=sheet, rows_with_entries=rows, declared=declared_count)
