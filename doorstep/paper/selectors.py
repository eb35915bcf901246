"""Reading paper petitions: packs and their circulation, print batches, sheets and their
rows, count-only totals, rows that may be duplicates, and the hand-in's sheet index."""

from dataclasses import dataclass
from datetime import datetime, timedelta

from django.conf import settings
from django.db.models import Count, Exists, F, OuterRef, Prefetch, Q, QuerySet, Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from doorstep.accounts.models import Actor, User
from doorstep.core.errors import ApplicationError
from doorstep.petitions.models import Petition
from doorstep.signatures.models import Signature
from doorstep.signatures.selectors.paper import signers_at_postcode

from .codes import InvalidSheetCode, sheet_code_normalise
from .matching import house_number, name_normalise, names_close
from .models import DuplicateDecision, Pack, PackEvent, PrintBatch, Sheet, SheetRow

# Sheets


def sheet_find(*, code: str) -> Sheet:
    """The sheet a typed or scanned code names; a malformed or unknown code is an error at once."""
    try:
        code = sheet_code_normalise(code)
    except InvalidSheetCode as exc:
        raise ApplicationError(str(exc), field="code") from exc
    sheet = Sheet.objects.select_related("petition", "pack").filter(code=code).first()
    if sheet is None:
        raise ApplicationError(_("No sheet has that code: check it against the sheet"), field="code")
    return sheet


def sheet_rows(*, sheet: Sheet, keying: SheetRow.Keying = SheetRow.Keying.FIRST) -> dict[int, SheetRow]:
    return {row.number: row for row in SheetRow.objects.filter(sheet=sheet, keying=keying)}


def sheet_rows_keyed(*, sheet: Sheet, keying: SheetRow.Keying = SheetRow.Keying.FIRST) -> int:
    """How many rows of the sheet's keying hold something (not marked blank)."""
    return SheetRow.objects.filter(sheet=sheet, keying=keying).exclude(status=SheetRow.Status.BLANK).count()


def sheet_keying_for(*, sheet: Sheet, actor: Actor) -> SheetRow.Keying:
    """Which keying this person should do of the sheet, or an error saying why none."""
    if sheet.state != Sheet.State.KEYED:
        return SheetRow.Keying.FIRST
    if sheet.second_keying_wanted and not sheet.second_keying_resolved_at and not sheet.second_keyed_by_id:
        if actor is not None and sheet.keyed_by_id == actor.pk:
            raise ApplicationError(
                _("You keyed this sheet: its second keying must be done by someone else"), field="code"
            )
        return SheetRow.Keying.SECOND
    raise ApplicationError(_("This sheet has been keyed already. Put it with the finished sheets."), field="code")


def sheet_open_check(*, sheet: Sheet, actor: User, keying: SheetRow.Keying | None = None) -> None:
    """The one rule for every page that shows a sheet's rows or its scan. Staff who may read
    personal data see any sheet; anyone else (a data-entry volunteer) only a sheet they may key
    now, in the keying they may do (either, for `keying` None), as the code lookup finds it: never
    a finished sheet, nor the first keying of a sheet waiting for its second. An
    ApplicationError says why not."""
    if actor.can_read_personal_data:
        return
    allowed = sheet_keying_for(sheet=sheet, actor=actor)
    if keying is not None and keying != allowed:
        raise ApplicationError(_("This keying of the sheet is not yours to do"), field="code")


def sheet_row_get(*, petition_id: int, row_id: int) -> SheetRow | None:
    return SheetRow.objects.filter(pk=row_id, sheet__petition_id=petition_id).first()


# Count-only sheets


# Packs and their circulation


@dataclass(frozen=True)
class Circulation:
    packs_by_state: dict[str, int]
    packs_out: int
    sheets_out: int
    sheets_count_only: int
    sheets_keyed: int
    overdue: int
    waiting_duplicate_check: int
    waiting_held: int  # requests from the petition page trust held (over a limit, a bot's...)
    held_rows: int


def _overdue_before(now: datetime) -> datetime:
    return now - timedelta(days=int(settings.DOORSTEP.pack_overdue_days))


def packs_overdue(*, petition: Petition, now: datetime | None = None) -> QuerySet[Pack]:
    """Packs still out: posted long ago, or out when the petition has closed."""
    now = now or timezone.now()
    out = Pack.objects.filter(petition=petition, state__in=Pack.OUT_STATES).prefetch_related(
        Prefetch("events", queryset=PackEvent.objects.select_related("by"))
    )
    if now >= petition.closes_at:
        return out.order_by("state_changed_at")
    return out.filter(state=Pack.State.POSTED, state_changed_at__lt=_overdue_before(now)).order_by("state_changed_at")


def petition_circulation(*, petition: Petition, now: datetime | None = None) -> Circulation:
    """For the staff paper page (not a public page, so it may count)."""
    by_state = dict(
        Pack.objects.filter(petition=petition).values_list("state").annotate(n=Count("id")).order_by()  # type: ignore[arg-type]
    )
    sheets = Sheet.objects.filter(petition=petition).aggregate(
        out=Count("id", filter=Q(returned_at__isnull=True, pack__state__in=Pack.OUT_STATES)),
        count_only=Count("id", filter=Q(state=Sheet.State.COUNT_ONLY)),
        keyed=Count("id", filter=Q(state=Sheet.State.KEYED)),
    )
    waiting = Pack.objects.filter(petition=petition, state=Pack.State.REQUESTED).aggregate(
        duplicates=Count("id", filter=Q(possible_duplicate_of__isnull=False)),
        held=Count("id", filter=~Q(held_reason="")),
    )
    return Circulation(
        packs_by_state={state: by_state.get(state, 0) for state in Pack.State.values},
        packs_out=sum(by_state.get(state, 0) for state in Pack.OUT_STATES),
        sheets_out=sheets["out"],
        sheets_count_only=sheets["count_only"],
        sheets_keyed=sheets["keyed"],
        overdue=packs_overdue(petition=petition, now=now).count(),
        waiting_duplicate_check=waiting["duplicates"],
        waiting_held=waiting["held"],
        held_rows=SheetRow.objects.filter(sheet__petition=petition, review=SheetRow.Review.HELD).count(),
    )


def packs_list(*, petition: Petition, state: str = "") -> QuerySet[Pack]:
    packs = (
        Pack.objects.filter(petition=petition)
        .select_related("possible_duplicate_of", "batch")
        .prefetch_related(Prefetch("events", queryset=PackEvent.objects.select_related("by")))
    )
    if state:
        packs = packs.filter(state=state)
    return packs.annotate(sheets_back=Count("sheets", filter=Q(sheets__returned_at__isnull=False))).order_by("pk")


def packs_outstanding(*, petition: Petition) -> QuerySet[Pack]:
    """Requests the next print batch takes: not flagged as a second request from one address,
    not held by trust (both wait for staff)."""
    return Pack.objects.filter(
        petition=petition, state=Pack.State.REQUESTED, possible_duplicate_of__isnull=True, held_reason=""
    ).order_by("pk")


def pack_get(*, petition_id: int, pack_id: int) -> Pack | None:
    return Pack.objects.filter(petition_id=petition_id, pk=pack_id).first()


def pack_printed_get(*, petition_id: int, pack_id: int) -> Pack | None:
    """A pack of the petition that has its sheets (so it can be printed again), or None."""
    printed = Exists(Sheet.objects.filter(pack=OuterRef("pk")))
    return Pack.objects.select_related("petition").filter(printed, petition_id=petition_id, pk=pack_id).first()


def pack_out_get(*, pack_id: int) -> Pack | None:
    """A pack still with its holder, with its petition; None once it is back or cancelled."""
    return Pack.objects.select_related("petition").filter(pk=pack_id, state__in=Pack.OUT_STATES).first()


def packs_not_told_closing_date(*, petition: Petition) -> QuerySet[Pack]:
    """Packs still out whose holders were given another last day: an earlier closing date, or
    one it did not run to (it closed early)."""
    return (
        Pack.objects.filter(petition=petition, state__in=Pack.OUT_STATES)
        .exclude(told_closing_date=petition.last_day())
        .order_by("pk")
    )


def packs_to_write_to(*, petition: Petition) -> QuerySet[Pack]:
    """Packs still out whose holders, with no email, are to get the current last day by letter."""
    return Pack.objects.filter(
        petition=petition, state__in=Pack.OUT_STATES, letter_closing_date=petition.last_day()
    ).order_by("pk")


def pack_holders_wanting_updates(*, petition: Petition) -> list[tuple[str, str, str]]:
    """(name, email, language) of pack holders who agreed to hear about the campaign."""
    return list(
        Pack.objects.filter(petition=petition, updates_consent=True)
        .exclude(email="")
        .exclude(state=Pack.State.CANCELLED)
        .order_by("pk")
        .values_list("name", "email", "language")
    )


# Print batches


def batch_packs(*, batch: PrintBatch, pack_ids: list[int] | None = None) -> list[Pack]:
    packs = Pack.objects.filter(batch=batch).prefetch_related("sheets").order_by("pk")
    if pack_ids is not None:
        packs = packs.filter(pk__in=pack_ids)
    return list(packs)


def batch_get(*, petition: Petition, batch_id: int) -> PrintBatch | None:
    return PrintBatch.objects.filter(petition=petition, pk=batch_id).first()


def batches_list(*, petition: Petition) -> QuerySet[PrintBatch]:
    return (
        PrintBatch.objects.filter(petition=petition)
        .select_related("printed_by")
        .annotate(
            pack_count=Count("packs"),
            sheet_count=Sum("packs__sheets_requested"),
            # Printed and not yet posted: the batch can be marked posted at once.
            unposted_count=Count("packs", filter=Q(packs__state=Pack.State.PRINTED)),
        )
    )


# Checking the keying: possible duplicates, second keyings, counts that differ


def row_duplicate_find(*, petition: Petition, row: SheetRow) -> tuple[int, str] | None:
    """A counted signature this row seems to repeat: (signature id, why), or None."""
    signers = [
        s for s in signers_at_postcode(petition=petition, postcode=row.postcode) if s.signature_id != row.signature_id
    ]
    if not signers:
        return None
    name = name_normalise(row.name)
    for signer in signers:
        if name_normalise(signer.name) == name:
            if signer.channel == Signature.Channel.ONLINE:
                return signer.signature_id, _("Same name and postcode as a signature made online")
            return signer.signature_id, _("Same name and postcode as a signature made on paper")
    number = house_number(row.address)
    if not number:
        return None
    # Only paper signatures have an address to compare house numbers with.
    paper = {s.signature_id: s for s in signers if s.channel == Signature.Channel.PAPER}
    addresses = SheetRow.objects.filter(signature_id__in=list(paper)).values_list("signature_id", "address")
    for signature_id, address in addresses:
        if house_number(address) == number and names_close(paper[signature_id].name, row.name):
            reason = _("Similar name ({name}) at the same postcode and house number")
            return signature_id, reason.format(name=paper[signature_id].name)
    return None


def rows_held(*, petition: Petition | None = None) -> QuerySet[SheetRow]:
    rows = SheetRow.objects.filter(review=SheetRow.Review.HELD).select_related("sheet__petition", "matched_signature")
    if petition is not None:
        rows = rows.filter(sheet__petition=petition)
    return rows.order_by("keyed_at")


def duplicate_decisions(*, petition: Petition) -> QuerySet[DuplicateDecision]:
    return (
        DuplicateDecision.objects.filter(row__sheet__petition=petition)
        .select_related("row__sheet", "row__matched_signature", "decided_by")
        .order_by("-decided_at")
    )


@dataclass(frozen=True)
class RowDifference:
    number: int
    first: SheetRow | None
    second: SheetRow | None


ROW_COMPARED = ("status", "name", "address", "postcode", "updates_consent")


def sheet_keyings_compared(*, sheet: Sheet) -> list[RowDifference]:
    """Rows where the two keyings differ (a row keyed once only is a difference)."""
    first = sheet_rows(sheet=sheet, keying=SheetRow.Keying.FIRST)
    second = sheet_rows(sheet=sheet, keying=SheetRow.Keying.SECOND)
    differences = []
    for number in range(1, Sheet.ROWS + 1):
        a, b = first.get(number), second.get(number)
        values_a = tuple(getattr(a, field) for field in ROW_COMPARED) if a else None
        values_b = tuple(getattr(b, field) for field in ROW_COMPARED) if b else None
        blank = (SheetRow.Status.BLANK, "", "", "", False)
        if (values_a or blank) != (values_b or blank):
            differences.append(RowDifference(number=number, first=a, second=b))
    return differences


def sheets_for_second_keying(*, petition: Petition | None = None) -> QuerySet[Sheet]:
    sheets = Sheet.objects.filter(
        second_keying_wanted=True, second_keying_resolved_at__isnull=True, state=Sheet.State.KEYED
    ).select_related("petition", "keyed_by", "second_keyed_by")
    if petition is not None:
        sheets = sheets.filter(petition=petition)
    return sheets.order_by("keyed_at")


def sheets_with_count_mismatch(*, petition: Petition) -> QuerySet[Sheet]:
    """Keyed sheets whose volunteer's count differs from the rows keyed: someone should look again."""
    return (
        Sheet.objects.filter(petition=petition, state=Sheet.State.KEYED)
        .annotate(
            rows_keyed=Count(
                "rows", filter=Q(rows__keying=SheetRow.Keying.FIRST) & ~Q(rows__status=SheetRow.Status.BLANK)
            )
        )
        .exclude(declared_count=F("rows_keyed"))
        .select_related("keyed_by")
        .order_by("keyed_at")
    )


# The hand-in


def sheet_index(*, petition: Petition) -> list[list]:
    """Every sheet that has come back, for the hand-in: code, signatures counted on it
    (keyed, or its count-only entry while not keyed), who collected it, when it was received."""
    sheets = (
        Sheet.objects.filter(petition=petition)
        .filter(Q(keyed_at__isnull=False) | Q(count_only__isnull=False) | Q(returned_at__isnull=False))
        .select_related("pack")
        .annotate(counted=Count("rows", filter=Q(rows__keying=SheetRow.Keying.FIRST, rows__signature__isnull=False)))
        .order_by("code")
    )
    index = []
    for sheet in sheets:
        on_it = sheet.counted if sheet.keyed_at or sheet.counted else (sheet.count_only or 0)
        received = sheet.returned_at or sheet.keyed_at or sheet.count_only_at
        index.append(
            [
                sheet.code,
                on_it,
                sheet.pack.name if sheet.pack else "",
                timezone.localdate(received).isoformat() if received else "",
            ]
        )
    return index
