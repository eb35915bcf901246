import re
from dataclasses import dataclass
from datetime import datetime, timedelta
from functools import partial
from typing import Any

from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone

from doorstep.core.errors import ApplicationError
from doorstep.petitions.models import Petition
from doorstep.places.postcodes import InvalidPostcode, postcode_normalise
from doorstep.signatures.selectors.paper import paper_entry_closes_at, paper_entry_open, signers_at_postcode
from doorstep.signatures.services.invalidation import signature_invalidate
from doorstep.signatures.services.paper import signature_create_paper
from doorstep.trust.selectors import switches_get

from .codes import sheet_code_new
from .matching import house_number, name_normalise, names_close
from .models import DuplicateDecision, Pack, PackEvent, PaperTallyTotal, PrintBatch, Sheet, SheetRow

# Where a pack may go next. Returns are recorded by keying or tallying its sheets,
# or by hand for a pack that came back with nothing on it.
PACK_MOVES: dict[str, tuple[str, ...]] = {
    Pack.State.REQUESTED: (Pack.State.CANCELLED,),
    Pack.State.PRINTED: (Pack.State.POSTED, Pack.State.LOST, Pack.State.CANCELLED),
    Pack.State.POSTED: (Pack.State.PARTLY_RETURNED, Pack.State.RETURNED, Pack.State.LOST),
    Pack.State.PARTLY_RETURNED: (Pack.State.RETURNED, Pack.State.LOST),
    Pack.State.LOST: (Pack.State.PARTLY_RETURNED, Pack.State.RETURNED),
    Pack.State.RETURNED: (),
    Pack.State.CANCELLED: (),
}


def _required(value: str, message: str, field: str, max_length: int) -> str:
    value = " ".join((value or "").split())
    if not value:
        raise ApplicationError(message, field=field)
    if len(value) > max_length:
        raise ApplicationError(f"Use {max_length} characters or fewer", field=field)
    return value


def _postcode(raw: str, field: str = "postcode") -> str:
    try:
        return postcode_normalise(raw)
    except InvalidPostcode as exc:
        raise ApplicationError(str(exc), field=field) from exc


def _address_key(*, postcode: str, address_line_1: str) -> str:
    return (postcode.replace(" ", "") + ":" + re.sub(r"[^a-z0-9]", "", address_line_1.lower()))[:120]


def _event(pack: Pack, state: str, actor: Any, now: datetime, note: str = "") -> None:
    PackEvent.objects.create(
        pack=pack, state=state, by=actor if getattr(actor, "pk", None) else None, at=now, note=note
    )


def pack_request(
    *,
    petition: Petition,
    name: str,
    address_line_1: str,
    address_line_2: str = "",
    town: str,
    postcode: str,
    email: str = "",
    phone: str = "",
    sheets: int,
    contact_consent: bool,
    updates_consent: bool = False,
    source: str = Pack.Source.WEBSITE,
    actor: Any = None,
    now: datetime | None = None,
) -> Pack:
    """A resident asks for a pack, on the petition page or through the office. A second
    request from the same address is kept but flagged, and not printed until staff decide."""
    now = now or timezone.now()
    if not petition.is_signable(now):
        raise ApplicationError("This petition is not taking signatures, so no packs can be sent")
    # The staff kill switch stops requests from the website; the office can still log a call.
    if source == Pack.Source.WEBSITE and switches_get().pack_requests_stopped:
        raise ApplicationError("Requests for paper packs are paused. Please try again later.")
    name = _required(name, "Enter your full name", "name", 100)
    address_line_1 = _required(address_line_1, "Enter the first line of your address", "address_line_1", 100)
    address_line_2 = " ".join((address_line_2 or "").split())[:100]
    town = _required(town, "Enter your town or city", "town", 60)
    postcode = _postcode(postcode)
    email, phone = (email or "").strip(), " ".join((phone or "").split())
    if not email and not phone:
        raise ApplicationError(
            "Give an email address or a phone number, so we can contact you about the pack", field="email"
        )
    if phone and not re.fullmatch(r"\+?[0-9 ()-]{7,25}", phone):
        raise ApplicationError("Enter a phone number, like 01632 960 001", field="phone")
    if not Pack.SHEETS_MIN <= sheets <= Pack.SHEETS_MAX:
        raise ApplicationError(f"Ask for between {Pack.SHEETS_MIN} and {Pack.SHEETS_MAX} sheets", field="sheets")
    if not contact_consent:
        raise ApplicationError("We can only send a pack if we may contact you about it", field="contact_consent")
    if source not in Pack.Source.values:
        raise ApplicationError("Choose how the request came in", field="source")
    key = _address_key(postcode=postcode, address_line_1=address_line_1)
    with transaction.atomic():
        earlier = (
            Pack.objects.filter(petition=petition, address_key=key).exclude(state=Pack.State.CANCELLED).order_by("pk")
        ).first()
        pack = Pack.objects.create(
            petition=petition,
            source=source,
            name=name,
            address_line_1=address_line_1,
            address_line_2=address_line_2,
            town=town,
            postcode=postcode,
            email=email,
            phone=phone,
            sheets_requested=sheets,
            contact_consent=True,
            updates_consent=updates_consent,
            address_key=key,
            possible_duplicate_of=earlier,
            logged_by=actor if getattr(actor, "pk", None) else None,
            requested_at=now,
            state_changed_at=now,
        )
        note = f"Same address as pack {earlier.pk}" if earlier else ""
        _event(pack, Pack.State.REQUESTED, actor, now, note)
    return pack


def pack_clear_duplicate(*, pack: Pack, actor: Any, now: datetime | None = None) -> Pack:
    """Staff checked a flagged request: it is wanted after all (say, a neighbour in a flat)."""
    now = now or timezone.now()
    with transaction.atomic():
        Pack.objects.filter(pk=pack.pk).update(possible_duplicate_of=None)
        _event(pack, pack.state, actor, now, "Checked: not a duplicate request")
    pack.possible_duplicate_of = None
    return pack


def pack_move(*, pack: Pack, to: str, actor: Any, note: str = "", now: datetime | None = None) -> Pack:
    """Move a pack on a step: posted, returned, lost or cancelled."""
    now = now or timezone.now()
    with transaction.atomic():
        pack = Pack.objects.select_for_update().get(pk=pack.pk)
        if to not in PACK_MOVES.get(pack.state, ()):
            raise ApplicationError(
                f"A {pack.get_state_display().lower()} pack cannot be marked {Pack.State(to).label.lower()}"
                if to in Pack.State.values
                else "Choose what happened to the pack"
            )
        pack.state = to
        pack.state_changed_at = now
        pack.save(update_fields=["state", "state_changed_at"])
        _event(pack, to, actor, now, note[:300])
    return pack


def _new_sheet(*, pack: Pack, number: int) -> Sheet:
    for _ in range(10):
        try:
            with transaction.atomic():
                return Sheet.objects.create(
                    petition_id=pack.petition_id, pack=pack, number=number, code=sheet_code_new()
                )
        except IntegrityError:
            continue  # The code was taken: draw another.
    raise RuntimeError("Could not draw an unused sheet code")


def packs_print(
    *, petition: Petition, actor: Any, pack_ids: list[int] | None = None, now: datetime | None = None
) -> PrintBatch | None:
    """Put every outstanding request (or the ones named) into a new print batch, giving each
    pack its sheets and codes. Requests flagged as duplicates wait for a decision.
    Returns None when nothing is outstanding."""
    now = now or timezone.now()
    with transaction.atomic():
        packs = Pack.objects.select_for_update().filter(
            petition=petition, state=Pack.State.REQUESTED, possible_duplicate_of__isnull=True
        )
        if pack_ids is not None:
            packs = packs.filter(pk__in=pack_ids)
        packs_list = list(packs.order_by("pk"))
        if not packs_list:
            return None
        batch = PrintBatch.objects.create(
            petition=petition, printed_at=now, printed_by=actor if getattr(actor, "pk", None) else None
        )
        for pack in packs_list:
            for number in range(1, pack.sheets_requested + 1):
                _new_sheet(pack=pack, number=number)
            _event(pack, Pack.State.PRINTED, actor, now, f"Batch {batch.pk}")
        Pack.objects.filter(pk__in=[p.pk for p in packs_list]).update(
            state=Pack.State.PRINTED, batch=batch, state_changed_at=now, told_closing_date=petition.closing_date
        )
    return batch


def _tallied_add(petition_id: int, delta: int) -> None:
    if not delta:
        return
    rows = PaperTallyTotal.objects.filter(petition_id=petition_id)
    if rows.update(tallied=F("tallied") + delta):
        return
    try:
        with transaction.atomic():
            PaperTallyTotal.objects.create(petition_id=petition_id, tallied=delta)
    except IntegrityError:
        rows.update(tallied=F("tallied") + delta)  # another tally made the row first


def _sheet_returned(sheet: Sheet, actor: Any, now: datetime) -> None:
    """The first time a sheet is tallied or keyed, it is back: so is its pack, or part of it."""
    if sheet.returned_at:
        return
    sheet.returned_at = now
    Sheet.objects.filter(pk=sheet.pk).update(returned_at=now)
    if sheet.pack_id is None:
        return
    pack = Pack.objects.select_for_update().get(pk=sheet.pack_id)
    out = Sheet.objects.filter(pack=pack, returned_at__isnull=True).exists()
    state = Pack.State.PARTLY_RETURNED if out else Pack.State.RETURNED
    if pack.state != state and pack.state in (*Pack.OUT_STATES, Pack.State.LOST):
        Pack.objects.filter(pk=pack.pk).update(state=state, state_changed_at=now)
        _event(pack, state, actor, now, f"Sheet {sheet.code} back")


def _check_open(sheet: Sheet, now: datetime) -> None:
    if not paper_entry_open(petition=sheet.petition, now=now):
        closes = paper_entry_closes_at(petition=sheet.petition)
        last_day = timezone.localtime(closes - timedelta(seconds=1))
        raise ApplicationError(
            f"Paper entry for this petition closed at the end of {last_day:%-d %B %Y}: nothing more can be added"
        )


def sheet_tally(*, sheet: Sheet, count: int, actor: Any, now: datetime | None = None) -> Sheet:
    """Enter a sheet as a count only, to be keyed later. The count shows as 'tallied'
    until the sheet is keyed; it never joins the keyed paper count."""
    now = now or timezone.now()
    if not 0 <= count <= Sheet.ROWS:
        raise ApplicationError(f"A sheet holds between 0 and {Sheet.ROWS} signatures", field="count")
    with transaction.atomic():
        sheet = Sheet.objects.select_for_update().select_related("petition").get(pk=sheet.pk)
        _check_open(sheet, now)
        if sheet.state not in (Sheet.State.OUT, Sheet.State.TALLIED):
            raise ApplicationError("This sheet is already being keyed, so its count comes from its rows")
        _tallied_add(sheet.petition_id, count - (sheet.tally_count or 0))
        sheet.tally_count = count
        sheet.tallied_at = now
        sheet.tallied_by = actor
        sheet.state = Sheet.State.TALLIED
        sheet.save(update_fields=["tally_count", "tallied_at", "tallied_by", "state"])
        _sheet_returned(sheet, actor, now)
    return sheet


@dataclass(frozen=True)
class RowInput:
    """One row as the volunteer typed it; sheet_row_save cleans and checks it."""

    number: int
    status: str = SheetRow.Status.SIGNED
    name: str = ""
    address: str = ""
    postcode: str = ""
    updates_consent: bool = False


def _clean_row(sheet: Sheet, row: RowInput) -> RowInput:
    if not 1 <= row.number <= Sheet.ROWS:
        raise ApplicationError(f"Rows are numbered 1 to {Sheet.ROWS}", field="number")
    if row.status not in SheetRow.Status.values:
        raise ApplicationError("Choose what the row holds", field="status")
    name = " ".join((row.name or "").split())
    address = " ".join((row.address or "").split())
    postcode = (row.postcode or "").strip()
    if len(name) > 100:
        raise ApplicationError("Names are 100 characters or fewer", field="name")
    if len(address) > 200:
        raise ApplicationError("Addresses are 200 characters or fewer", field="address")
    if row.status == SheetRow.Status.SIGNED:
        if not name:
            raise ApplicationError("Type the name, or mark the row illegible", field="name")
        if not postcode:
            raise ApplicationError("Type the postcode, or mark the row illegible", field="postcode")
    if postcode and row.status == SheetRow.Status.SIGNED:
        postcode = _postcode(postcode)
    elif postcode:
        # A row that will not count keeps whatever was written, even a foreign or partial postcode.
        try:
            postcode = postcode_normalise(postcode)
        except InvalidPostcode:
            postcode = postcode.upper()[:8]
    if row.status == SheetRow.Status.BLANK:
        name = address = postcode = ""
    return RowInput(row.number, row.status, name, address, postcode, bool(row.updates_consent))


def _find_duplicate(*, petition: Petition, row: SheetRow) -> tuple[int, str] | None:
    """A counted signature this row seems to repeat: (signature id, why), or None."""
    signers = [
        s for s in signers_at_postcode(petition=petition, postcode=row.postcode) if s.signature_id != row.signature_id
    ]
    if not signers:
        return None
    name = name_normalise(row.name)
    for signer in signers:
        if name_normalise(signer.name) == name:
            made = "online" if signer.channel == "online" else "on paper"
            return signer.signature_id, f"Same name and postcode as a signature made {made}"
    number = house_number(row.address)
    if not number:
        return None
    # Only paper signatures have an address to compare house numbers with.
    paper = {s.signature_id: s for s in signers if s.channel == "paper"}
    addresses = SheetRow.objects.filter(signature_id__in=list(paper)).values_list("signature_id", "address")
    for signature_id, address in addresses:
        if house_number(address) == number and names_close(paper[signature_id].name, row.name):
            return signature_id, f"Similar name ({paper[signature_id].name}) at the same postcode and house number"
    return None


def _count_row(sheet: Sheet, row: SheetRow, now: datetime) -> None:
    """Make the row's signature, or hold the row if it may repeat one already counted."""
    match = _find_duplicate(petition=sheet.petition, row=row)
    if match:
        row.review = SheetRow.Review.HELD
        row.matched_signature_id, row.match_reason = match
        return
    row.signature = signature_create_paper(
        petition=sheet.petition, name=row.name, postcode=row.postcode, updates_consent=row.updates_consent, now=now
    )


def _apply_row(
    sheet: Sheet, stored: SheetRow | None, data: RowInput, keying: int, actor: Any, now: datetime
) -> SheetRow:
    row = stored or SheetRow(sheet=sheet, keying=keying, number=data.number)
    same = stored is not None and (
        stored.status,
        stored.name,
        stored.address,
        stored.postcode,
        stored.updates_consent,
    ) == (
        data.status,
        data.name,
        data.address,
        data.postcode,
        data.updates_consent,
    )
    if same:
        return row
    row.status, row.name, row.address, row.postcode = data.status, data.name, data.address, data.postcode
    row.updates_consent = data.updates_consent
    row.keyed_by = actor
    row.keyed_at = now
    if keying == 1:
        # A corrected row replaces its signature: the old one is kept, invalidated, for the record.
        if row.signature_id:
            signature_invalidate(signature=row.signature, now=now)  # type: ignore[arg-type]
            row.signature = None
        row.review, row.matched_signature, row.match_reason = SheetRow.Review.NONE, None, ""
        if row.status == SheetRow.Status.SIGNED:
            _count_row(sheet, row, now)
    row.save()
    return row


def sheet_row_save(
    *, sheet: Sheet, row: RowInput, actor: Any, keying: int = 1, now: datetime | None = None
) -> SheetRow:
    """Save one keyed row. In the first keying a signed row counts at once (or is held as a
    possible duplicate); saving the same row again corrects it. Nothing else on the sheet changes."""
    now = now or timezone.now()
    with transaction.atomic():
        sheet = Sheet.objects.select_for_update().select_related("petition").get(pk=sheet.pk)
        _check_open(sheet, now)
        if keying == 1 and sheet.state == Sheet.State.KEYED:
            raise ApplicationError("This sheet has been keyed already. Ask staff if it needs correcting.")
        if keying == 2:
            _check_second_keyer(sheet, actor)
        data = _clean_row(sheet, row)
        stored = (
            SheetRow.objects.select_related("signature").filter(sheet=sheet, keying=keying, number=data.number).first()
        )
        saved = _apply_row(sheet, stored, data, keying, actor, now)
        if keying == 1 and sheet.state != Sheet.State.KEYING:
            # Keying a tallied sheet replaces its tally: the rows now count instead.
            _tallied_add(sheet.petition_id, -(sheet.tally_count or 0) if sheet.state == Sheet.State.TALLIED else 0)
            Sheet.objects.filter(pk=sheet.pk).update(state=Sheet.State.KEYING)
            sheet.state = Sheet.State.KEYING
        _sheet_returned(sheet, actor, now)
    return saved


def _check_second_keyer(sheet: Sheet, actor: Any) -> None:
    if not sheet.second_keying_wanted or sheet.state != Sheet.State.KEYED:
        raise ApplicationError("This sheet is not waiting for a second keying")
    if sheet.second_keying_resolved_at:
        raise ApplicationError("This sheet's two keyings have been compared already")
    if sheet.keyed_by_id == getattr(actor, "pk", None):
        raise ApplicationError("The second keying must be done by someone other than the first keyer")


@dataclass(frozen=True)
class Finished:
    sheet: Sheet
    rows_with_entries: int
    declared: int

    @property
    def mismatch(self) -> bool:
        return self.rows_with_entries != self.declared


def sheet_finish(
    *, sheet: Sheet, declared_count: int, actor: Any, keying: int = 1, now: datetime | None = None
) -> Finished:
    """The volunteer has keyed every row and says how many signatures the sheet holds.
    A difference from the rows keyed is reported (and shown on the sheet), not refused."""
    now = now or timezone.now()
    if not 0 <= declared_count <= Sheet.ROWS:
        raise ApplicationError(f"A sheet holds between 0 and {Sheet.ROWS} signatures", field="declared_count")
    with transaction.atomic():
        sheet = Sheet.objects.select_for_update().select_related("petition").get(pk=sheet.pk)
        _check_open(sheet, now)
        rows = SheetRow.objects.filter(sheet=sheet, keying=keying).exclude(status=SheetRow.Status.BLANK).count()
        if keying == 1:
            if sheet.state == Sheet.State.KEYED:
                raise ApplicationError("This sheet has been keyed already. Ask staff if it needs correcting.")
            if sheet.state != Sheet.State.KEYING:
                raise ApplicationError("Key the sheet's rows first (or mark them blank)")
            sheet.state = Sheet.State.KEYED
            sheet.keyed_at, sheet.keyed_by, sheet.declared_count = now, actor, declared_count
            sheet.save(update_fields=["state", "keyed_at", "keyed_by", "declared_count"])
        else:
            _check_second_keyer(sheet, actor)
            sheet.second_keyed_by = actor
            sheet.save(update_fields=["second_keyed_by"])
    return Finished(sheet=sheet, rows_with_entries=rows, declared=declared_count)


def sheet_want_second_keying(*, sheet: Sheet, actor: Any) -> Sheet:
    """Ask for an independent second keying of a keyed sheet, to compare with the first."""
    sheet = Sheet.objects.get(pk=sheet.pk)
    if sheet.state != Sheet.State.KEYED:
        raise ApplicationError("Only a keyed sheet can be keyed a second time")
    if sheet.second_keying_wanted:
        raise ApplicationError("A second keying has been asked for already")
    Sheet.objects.filter(pk=sheet.pk).update(second_keying_wanted=True)
    sheet.second_keying_wanted = True
    return sheet


def sheet_resolve_keyings(*, sheet: Sheet, take_second: list[int], actor: Any, now: datetime | None = None) -> Sheet:
    """Settle the differences between the two keyings: for the rows named the second
    keying was right and replaces the first (and its signature); the rest stand."""
    now = now or timezone.now()
    with transaction.atomic():
        sheet = Sheet.objects.select_for_update().select_related("petition").get(pk=sheet.pk)
        if not sheet.second_keyed_by_id or sheet.second_keying_resolved_at:
            raise ApplicationError("There is no finished second keying waiting to be compared")
        if take_second:
            _check_open(sheet, now)
        first = {r.number: r for r in SheetRow.objects.select_related("signature").filter(sheet=sheet, keying=1)}
        for row in SheetRow.objects.filter(sheet=sheet, keying=2, number__in=take_second):
            data = RowInput(row.number, row.status, row.name, row.address, row.postcode, row.updates_consent)
            _apply_row(sheet, first.get(row.number), data, 1, actor, now)
        for number in set(take_second) - set(
            SheetRow.objects.filter(sheet=sheet, keying=2).values_list("number", flat=True)
        ):
            if number in first:
                _apply_row(sheet, first[number], RowInput(number, SheetRow.Status.BLANK), 1, actor, now)
        sheet.second_keying_resolved_at = now
        sheet.save(update_fields=["second_keying_resolved_at"])
    return sheet


def row_decide_duplicate(
    *, row: SheetRow, outcome: str, actor: Any, note: str = "", now: datetime | None = None
) -> DuplicateDecision:
    """Staff settle a held row: a different person (count it) or the same one (do not)."""
    now = now or timezone.now()
    if outcome not in DuplicateDecision.Outcome.values:
        raise ApplicationError("Choose whether to count the row", field="outcome")
    with transaction.atomic():
        row = SheetRow.objects.select_for_update().select_related("sheet__petition").get(pk=row.pk)
        if row.review != SheetRow.Review.HELD:
            raise ApplicationError("This row has been decided already")
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


@dataclass(frozen=True)
class Told:
    emailed: int
    by_letter: int


def packs_tell_closing_date(*, petition: Petition, actor: Any, now: datetime | None = None) -> Told:
    """Tell the holders of packs still out the petition's new closing date: by email where
    they gave one, else by a letter staff print (paper selectors: packs_to_write_to)."""
    from django.utils.formats import date_format

    from .tasks import send_pack_closing_date

    now = now or timezone.now()
    emailed: list[int] = []
    letters = 0
    day = date_format(petition.closing_date, "j F Y")
    with transaction.atomic():
        packs = list(
            Pack.objects.select_for_update()
            .filter(petition=petition, state__in=Pack.OUT_STATES)
            .exclude(told_closing_date=petition.closing_date)
        )
        for pack in packs:
            if pack.email:
                emailed.append(pack.pk)
            else:
                letters += 1
            _event(
                pack,
                pack.state,
                actor,
                now,
                f"Told the closing date is now {day}, by {'email' if pack.email else 'letter'}",
            )
        Pack.objects.filter(pk__in=[p.pk for p in packs]).update(told_closing_date=petition.closing_date)
        Pack.objects.filter(pk__in=[p.pk for p in packs if not p.email]).update(
            letter_closing_date=petition.closing_date
        )
        for pack_id in emailed:
            transaction.on_commit(partial(send_pack_closing_date.enqueue, pack_id=pack_id))
    return Told(emailed=len(emailed), by_letter=letters)
