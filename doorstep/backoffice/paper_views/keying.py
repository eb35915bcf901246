"""Keying in returned sheets, the pages a data-entry volunteer sees: find a sheet by its code,
then the grid (each row saved as the volunteer leaves it, or all at once without JavaScript),
or enter the sheet as a count only."""

from django.contrib import messages
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.http.request import QueryDict
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from doorstep.core.errors import ApplicationError
from doorstep.paper import selectors as paper_selectors
from doorstep.paper.codes import sheet_code_display
from doorstep.paper.forms import CountOnlyForm, SheetCodeForm
from doorstep.paper.models import Sheet, SheetRow
from doorstep.paper.printing import petition_reference
from doorstep.paper.services import count_only
from doorstep.paper.services.keying import Finished, RowInput, sheet_finish, sheet_row_save, sheet_rows_save
from doorstep.places.postcodes import POSTCODE_PATTERN
from doorstep.signatures.selectors.paper import paper_entry_open
from doorstep.trust.models import PersonalDataAccess

from ..access import personal_data_audit, staff_only, staff_user
from ..flows import action_done
from .common import keying_asked, sheet_or_404


@staff_only("can_key_paper", data_entry=True)
def key_home(request: HttpRequest) -> HttpResponse:
    """Find a returned sheet by its code, typed or scanned (a scanner types it and presses Enter)."""
    form = SheetCodeForm(request.GET if "code" in request.GET else None)
    if form.is_bound and form.is_valid():
        try:
            sheet = paper_selectors.sheet_find(code=form.cleaned_data["code"])
            keying = paper_selectors.sheet_keying_for(sheet=sheet, actor=staff_user(request))
        except ApplicationError as error:
            form.add_application_error(error)
        else:
            url = reverse("backoffice:paper_sheet", args=[sheet.code])
            return redirect(f"{url}?keying=2" if keying == SheetRow.Keying.SECOND else url)
    return render(request, "backoffice/paper/key_home.html", {"form": form}, status=400 if form.errors else 200)


def _row_input(data: QueryDict, number: int) -> RowInput:
    prefix = f"row-{number}-"
    return RowInput(
        number=number,
        status=data.get(prefix + "status", SheetRow.Status.SIGNED),
        name=data.get(prefix + "name", ""),
        address=data.get(prefix + "address", ""),
        postcode=data.get(prefix + "postcode", ""),
        updates_consent=bool(data.get(prefix + "updates")),
    )


def _row_state(row: SheetRow | None) -> str:
    if row is None:
        return ""
    if row.review == SheetRow.Review.HELD:
        return _("Held: may be a duplicate")
    if row.signature_id:
        return _("Saved, counted")
    if row.status != SheetRow.Status.SIGNED:
        return _("Saved, {status}").format(status=row.get_status_display().lower())
    return _("Saved")


def _grid(
    request: HttpRequest,
    sheet: Sheet,
    keying: SheetRow.Keying,
    *,
    typed: dict[int, RowInput] | None = None,
    errors: dict[int, ApplicationError] | None = None,
    declared_error: str = "",
) -> HttpResponse:
    """The grid: each row as typed (after a refused save) or as stored, with its state or error."""
    stored = paper_selectors.sheet_rows(sheet=sheet, keying=keying)
    what = _("rows of sheet %(code)s") % {"code": sheet.code}
    personal_data_audit(request, PersonalDataAccess.Action.VIEWED, what, petition=sheet.petition, rows=len(stored))
    shown_errors = {number: {error.field or "row": error.message} for number, error in (errors or {}).items()}
    shown = {number: RowInput.of(row) for number, row in stored.items()} | (typed or {})
    rows = [
        {
            "number": number,
            "value": shown.get(number, RowInput(number)),
            "state": _row_state(stored.get(number)),
            "errors": shown_errors.get(number, {}),
        }
        for number in range(1, Sheet.ROWS + 1)
    ]
    first = keying == SheetRow.Keying.FIRST
    context = {
        "sheet": sheet,
        "display_code": sheet_code_display(sheet.code),
        "reference": petition_reference(sheet.petition_id),
        "keying": keying,
        "rows": rows,
        "statuses": SheetRow.Status.choices,
        "errors": shown_errors,
        "declared_error": declared_error,
        "declared": request.POST.get("declared_count", sheet.declared_count if first else "") or "",
        "keyed": sum(1 for row in stored.values() if row.status != SheetRow.Status.BLANK),
        "read_only": first and sheet.state == Sheet.State.KEYED,
        "entry_open": paper_entry_open(petition=sheet.petition),
        "postcode_pattern": POSTCODE_PATTERN,
        "count_only_form": CountOnlyForm(initial={"count": sheet.count_only}),
        "can_count_only": first and sheet.state in (Sheet.State.OUT, Sheet.State.COUNT_ONLY),
    }
    status = 400 if shown_errors or declared_error else 200
    return render(request, "backoffice/paper/sheet_key.html", context, status=status)


def _declared_count(request: HttpRequest) -> int:
    try:
        return int(request.POST.get("declared_count", ""))
    except ValueError:
        raise ApplicationError(_("Enter how many signatures the sheet holds, like 12")) from None


def _finished_message(request: HttpRequest, finished: Finished) -> None:
    code = sheet_code_display(finished.sheet.code)
    if finished.mismatch:
        said = _(
            "Sheet {code} finished, but it says {declared} signatures and {keyed} rows were keyed. "
            "It is flagged for staff to check."
        )
        messages.warning(request, said.format(code=code, declared=finished.declared, keyed=finished.rows_with_entries))
    else:
        said = _("Sheet {code} finished: {keyed} rows. Scan the next sheet.")
        messages.success(request, said.format(code=code, keyed=finished.rows_with_entries))


@staff_only("can_key_paper", data_entry=True)
def sheet_key(request: HttpRequest, code: str) -> HttpResponse:
    """The keying grid. With JavaScript each row saves itself; without, this form saves them all."""
    keying = keying_asked(request)
    sheet = sheet_or_404(request, code, keying)
    if request.method != "POST":
        return _grid(request, sheet, keying)
    actor = staff_user(request)
    typed = {number: _row_input(request.POST, number) for number in range(1, Sheet.ROWS + 1)}
    errors = sheet_rows_save(sheet=sheet, rows=typed.values(), actor=actor, keying=keying)
    if errors:
        return _grid(request, sheet_or_404(request, sheet.code, keying), keying, typed=typed, errors=errors)
    if request.POST.get("action") == "finish":
        try:
            declared = _declared_count(request)
            finished = sheet_finish(sheet=sheet, declared_count=declared, actor=actor, keying=keying)
        except ApplicationError as error:
            return _grid(
                request, sheet_or_404(request, sheet.code, keying), keying, typed=typed, declared_error=error.message
            )
        _finished_message(request, finished)
        return redirect("backoffice:paper_key")
    messages.success(request, _("Rows saved"))
    return redirect(f"{request.path}?keying={keying}")


@require_POST
@staff_only("can_key_paper", data_entry=True)
def sheet_row(request: HttpRequest, code: str, number: int) -> JsonResponse:
    """Save one row, for the grid's script. Answers JSON: the row's state, or what is wrong."""
    try:
        sheet, keying = paper_selectors.sheet_find(code=code), keying_asked(request)
        paper_selectors.sheet_open_check(sheet=sheet, actor=staff_user(request), keying=keying)
        row = _row_input(request.POST, number)
        saved = sheet_row_save(sheet=sheet, row=row, actor=staff_user(request), keying=keying)
    except ApplicationError as error:
        return JsonResponse({"ok": False, "field": error.field or "row", "error": error.message}, status=400)
    return JsonResponse(
        {
            "ok": True,
            "state": _row_state(saved),
            "counted": bool(saved.signature_id),
            "held": saved.review == SheetRow.Review.HELD,
            # For "rows keyed (N so far)" beside the count, as the rows are keyed.
            "keyed": paper_selectors.sheet_rows_keyed(sheet=sheet, keying=keying),
        }
    )


@require_POST
@staff_only("can_key_paper", data_entry=True)
def sheet_count_only(request: HttpRequest, code: str) -> HttpResponse:
    """Enter the sheet as a count only (staff see it as "tallied"), to key its rows later."""
    sheet = sheet_or_404(request, code, SheetRow.Keying.FIRST)
    form = CountOnlyForm(request.POST)
    if not form.is_valid():
        messages.error(request, str(next(iter(form.errors.values()))[0]))
        return redirect("backoffice:paper_sheet", code=sheet.code)
    count = form.cleaned_data["count"]
    said = _("Sheet {code} tallied: {count}").format(code=sheet_code_display(sheet.code), count=count)
    entered = action_done(
        request, lambda: count_only.sheet_count_only(sheet=sheet, count=count, actor=staff_user(request)), success=said
    )
    if entered:
        return redirect("backoffice:paper_key")
    return redirect("backoffice:paper_sheet", code=sheet.code)
