"""Staff pages for paper petitions: requests and printing, circulation, keying in
sheets (the only pages a data-entry volunteer sees), tallies, duplicates, second keyings."""

from datetime import timedelta
from typing import Any

from django.contrib import messages
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, JsonResponse, StreamingHttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from doorstep.core.csv import csv_lines
from doorstep.core.errors import ApplicationError
from doorstep.paper import selectors as paper_selectors
from doorstep.paper import services as paper_services
from doorstep.paper.codes import sheet_code_display
from doorstep.paper.forms import DecisionForm, PackMoveForm, SheetCodeForm, StaffPackRequestForm, TallyForm
from doorstep.paper.models import Pack, PrintBatch, Sheet, SheetRow
from doorstep.paper.printing import (
    closing_date_letters_pdf,
    labels_pdf,
    pack_pdf,
    packs_pdf_write,
    petition_reference,
)
from doorstep.paper.services import RowInput
from doorstep.petitions import selectors as petition_selectors
from doorstep.petitions.models import Petition
from doorstep.places.postcodes import POSTCODE_PATTERN
from doorstep.signatures.selectors.counts import petition_counts
from doorstep.signatures.selectors.paper import paper_entry_closes_at, paper_entry_open

from .access import staff_only


def _petition(petition_id: int) -> Petition:
    petition = petition_selectors.petition_get(petition_id=petition_id)
    if petition is None:
        raise Http404("No such petition")
    return petition


def _sheet(code: str) -> Sheet:
    try:
        return paper_selectors.sheet_find(code=code)
    except ApplicationError as error:
        raise Http404(error.message) from error


# Requests, printing and circulation


@staff_only("can_read_personal_data")
def petition_paper(request: HttpRequest, petition_id: int) -> HttpResponse:
    petition = _petition(petition_id)
    state = request.GET.get("state", "")
    if state not in Pack.State.values:
        state = ""
    circulation = paper_selectors.petition_circulation(petition=petition)
    overdue = request.GET.get("overdue") == "1"
    shown = (
        paper_selectors.packs_overdue(petition=petition)
        if overdue
        else paper_selectors.packs_list(petition=petition, state=state)
    )
    packs = list(shown[:500])
    for pack in packs:
        # Only the steps this pack can take next are offered.
        pack.next_states = [(to, Pack.State(to).label) for to in paper_services.PACK_MOVES[pack.state]]  # type: ignore[attr-defined]
    entry_closes_at = paper_entry_closes_at(petition=petition)
    return render(
        request,
        "backoffice/paper/petition.html",
        {
            "petition": petition,
            "counts": petition_counts(petition=petition),
            "tallied": paper_selectors.paper_tallied(petition=petition),
            "circulation": circulation,
            "pack_states": [(label, circulation.packs_by_state[value]) for value, label in Pack.State.choices],
            "outstanding": paper_selectors.packs_outstanding(petition=petition).count(),
            "batches": paper_selectors.batches_list(petition=petition)[:50],
            "packs": packs,
            "overdue": overdue,
            "mismatched": paper_selectors.sheets_with_count_mismatch(petition=petition)[:100],
            "state": state,
            "states": Pack.State.choices,
            "second_keyings": paper_selectors.sheets_for_second_keying(petition=petition)[:50],
            "not_told": paper_selectors.packs_not_told_closing_date(petition=petition).count(),
            "to_write_to": paper_selectors.packs_to_write_to(petition=petition).count(),
            "entry_last_day": timezone.localtime(entry_closes_at - timedelta(seconds=1)),
            "reference": petition_reference(petition.pk),
        },
    )


@staff_only("can_read_personal_data")
def pack_log(request: HttpRequest, petition_id: int) -> HttpResponse:
    """A request by phone or email, typed in by the office."""
    petition = _petition(petition_id)
    form = StaffPackRequestForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            pack = paper_services.pack_request(petition=petition, actor=request.user, **form.cleaned_data)
        except ApplicationError as error:
            form.add_application_error(error)
        else:
            note = " It is flagged: the same address asked before." if pack.possible_duplicate_of_id else ""
            messages.success(request, f"Request logged as pack {pack.pk}.{note}")
            return redirect("backoffice:petition_paper", petition_id=petition.pk)
    return render(request, "backoffice/paper/pack_log.html", {"petition": petition, "form": form})


@require_POST
@staff_only("can_read_personal_data")
def packs_print(request: HttpRequest, petition_id: int) -> HttpResponse:
    petition = _petition(petition_id)
    batch = paper_services.packs_print(petition=petition, actor=request.user)
    if batch is None:
        messages.error(request, "No requests are waiting to be printed")
        return redirect("backoffice:petition_paper", petition_id=petition.pk)
    messages.success(request, f"Batch {batch.pk} is ready: download its packs and labels below.")
    return redirect(f"{reverse('backoffice:petition_paper', args=[petition.pk])}#batches")


def _pdf(content: bytes | Any, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Cache-Control"] = "no-store"
    return response


def _batch(petition_id: int, batch_id: int) -> PrintBatch:
    batch = paper_selectors.batch_get(petition=_petition(petition_id), batch_id=batch_id)
    if batch is None:
        raise Http404("No such batch")
    return batch


@staff_only("can_read_personal_data")
def batch_pdf(request: HttpRequest, petition_id: int, batch_id: int) -> FileResponse:
    import tempfile

    batch = _batch(petition_id, batch_id)
    # Spooled to disk past a few megabytes, so a large batch is not held in memory.
    out = tempfile.SpooledTemporaryFile(max_size=8 * 1024 * 1024)
    packs_pdf_write(packs=paper_selectors.batch_packs(batch=batch), out=out)
    out.seek(0)
    response = FileResponse(
        out, content_type="application/pdf", as_attachment=True, filename=f"batch-{batch.pk}-packs.pdf"
    )
    response["Cache-Control"] = "no-store"
    return response


@staff_only("can_read_personal_data")
def batch_labels(request: HttpRequest, petition_id: int, batch_id: int) -> HttpResponse:
    batch = _batch(petition_id, batch_id)
    return _pdf(labels_pdf(packs=paper_selectors.batch_packs(batch=batch)), f"batch-{batch.pk}-labels.pdf")


@staff_only("can_read_personal_data")
def pack_pdf_view(request: HttpRequest, petition_id: int, pack_id: int) -> HttpResponse:
    pack = Pack.objects.select_related("petition").filter(petition_id=petition_id, pk=pack_id).first()
    if pack is None or not pack.sheets.exists():
        raise Http404("No printed pack")
    return _pdf(pack_pdf(pack=pack), f"pack-{pack.pk}.pdf")


@require_POST
@staff_only("can_read_personal_data")
def pack_move(request: HttpRequest, petition_id: int, pack_id: int) -> HttpResponse:
    pack = Pack.objects.filter(petition_id=petition_id, pk=pack_id).first()
    if pack is None:
        raise Http404("No such pack")
    form = PackMoveForm(request.POST)
    try:
        if request.POST.get("clear_duplicate"):
            paper_services.pack_clear_duplicate(pack=pack, actor=request.user)
            messages.success(request, f"Pack {pack.pk} will be printed with the next batch")
        elif form.is_valid():
            paper_services.pack_move(
                pack=pack, to=form.cleaned_data["to"], actor=request.user, note=form.cleaned_data["note"]
            )
            messages.success(request, f"Pack {pack.pk} marked {Pack.State(form.cleaned_data['to']).label.lower()}")
        else:
            messages.error(request, "Choose what happened to the pack")
    except ApplicationError as error:
        messages.error(request, error.message)
    return redirect("backoffice:petition_paper", petition_id=petition_id)


@require_POST
@staff_only("can_read_personal_data")
def packs_tell(request: HttpRequest, petition_id: int) -> HttpResponse:
    """Tell holders of packs still out the new closing date."""
    petition = _petition(petition_id)
    told = paper_services.packs_tell_closing_date(petition=petition, actor=request.user)
    messages.success(
        request,
        f"{told.emailed} pack holder{'s' if told.emailed != 1 else ''} emailed; "
        f"{told.by_letter} to write to: download their letters below.",
    )
    return redirect("backoffice:petition_paper", petition_id=petition.pk)


@staff_only("can_read_personal_data")
def closing_date_letters(request: HttpRequest, petition_id: int) -> HttpResponse:
    petition = _petition(petition_id)
    packs = paper_selectors.packs_to_write_to(petition=petition)
    if not packs.exists():
        raise Http404("No letters to print")
    return _pdf(
        closing_date_letters_pdf(petition=petition, packs=packs), f"petition-{petition.pk}-closing-date-letters.pdf"
    )


@staff_only("can_read_personal_data")
def chasers_csv(request: HttpRequest, petition_id: int) -> StreamingHttpResponse:
    """Holders of overdue packs, to phone or write to."""
    petition = _petition(petition_id)
    header = [
        "Pack",
        "Name",
        "Address line 1",
        "Address line 2",
        "Town",
        "Postcode",
        "Email",
        "Phone",
        "State",
        "Since",
    ]
    rows = (
        [
            p.pk,
            p.name,
            p.address_line_1,
            p.address_line_2,
            p.town,
            p.postcode,
            p.email,
            p.phone,
            p.get_state_display(),
            timezone.localdate(p.state_changed_at).isoformat(),
        ]
        for p in paper_selectors.packs_overdue(petition=petition)
    )
    response = StreamingHttpResponse(csv_lines(header, rows), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="petition-{petition.pk}-pack-chasers.csv"'
    response["Cache-Control"] = "no-store"
    return response


# Keying in


@staff_only("can_key_paper", data_entry=True)
def key_home(request: HttpRequest) -> HttpResponse:
    """Find a returned sheet by its code, typed or scanned (a scanner types it and presses Enter)."""
    form = SheetCodeForm(request.GET if "code" in request.GET else None)
    if form.is_bound and form.is_valid():
        try:
            sheet = paper_selectors.sheet_find(code=form.cleaned_data["code"])
            keying = _keying_for(sheet, request.user)
        except ApplicationError as error:
            form.add_application_error(error)
        else:
            url = reverse("backoffice:paper_sheet", args=[sheet.code])
            return redirect(f"{url}?keying=2" if keying == 2 else url)
    return render(request, "backoffice/paper/key_home.html", {"form": form}, status=400 if form.errors else 200)


def _keying_for(sheet: Sheet, user: Any) -> int:
    """Which keying this person should do of the sheet, or an error saying why none."""
    if sheet.state != Sheet.State.KEYED:
        return 1
    if sheet.second_keying_wanted and not sheet.second_keying_resolved_at and not sheet.second_keyed_by_id:
        if sheet.keyed_by_id == user.pk:
            raise ApplicationError("You keyed this sheet: its second keying must be done by someone else", field="code")
        return 2
    raise ApplicationError("This sheet has been keyed already. Put it with the finished sheets.", field="code")


def _row_input(data: Any, number: int) -> RowInput:
    prefix = f"row-{number}-"
    return RowInput(
        number=number,
        status=data.get(prefix + "status", SheetRow.Status.SIGNED),
        name=data.get(prefix + "name", ""),
        address=data.get(prefix + "address", ""),
        postcode=data.get(prefix + "postcode", ""),
        updates_consent=bool(data.get(prefix + "updates")),
    )


def _untouched(row: RowInput) -> bool:
    return row.status == SheetRow.Status.SIGNED and not (
        row.name.strip() or row.address.strip() or row.postcode.strip()
    )


def _row_state(row: SheetRow | None) -> str:
    if row is None:
        return ""
    if row.review == SheetRow.Review.HELD:
        return "Held: may be a duplicate"
    if row.signature_id:
        return "Saved, counted"
    return f"Saved, {row.get_status_display().lower()}" if row.status != SheetRow.Status.SIGNED else "Saved"


def _keying_param(request: HttpRequest) -> int:
    return 2 if request.GET.get("keying") == "2" or request.POST.get("keying") == "2" else 1


@staff_only("can_key_paper", data_entry=True)
def sheet_key(request: HttpRequest, code: str) -> HttpResponse:
    """The keying grid. With JavaScript each row saves itself; without, this form saves them all."""
    sheet = _sheet(code)
    keying = _keying_param(request)
    errors: dict[int, dict[str, str]] = {}
    typed: dict[int, RowInput] = {}
    declared_error = ""
    if request.method == "POST":
        for number in range(1, Sheet.ROWS + 1):
            data = _row_input(request.POST, number)
            typed[number] = data
            stored = paper_selectors.sheet_rows(sheet=sheet, keying=keying).get(number)
            if _untouched(data) and stored is None:
                continue
            try:
                paper_services.sheet_row_save(sheet=sheet, row=data, actor=request.user, keying=keying)
            except ApplicationError as error:
                errors[number] = {error.field or "row": error.message}
        if request.POST.get("action") == "finish" and not errors:
            try:
                declared = int(request.POST.get("declared_count", ""))
            except ValueError:
                declared_error = "Enter how many signatures the sheet holds, like 12"
            else:
                try:
                    finished = paper_services.sheet_finish(
                        sheet=sheet, declared_count=declared, actor=request.user, keying=keying
                    )
                except ApplicationError as error:
                    declared_error = error.message
                else:
                    _finished_message(request, finished)
                    return redirect("backoffice:paper_key")
        if not errors and not declared_error:
            messages.success(request, "Rows saved")
            return redirect(f"{request.path}?keying={keying}")
    sheet.refresh_from_db()
    stored_rows = paper_selectors.sheet_rows(sheet=sheet, keying=keying)
    rows = []
    for number in range(1, Sheet.ROWS + 1):
        stored = stored_rows.get(number)
        value = typed.get(number) or (
            RowInput(number, stored.status, stored.name, stored.address, stored.postcode, stored.updates_consent)
            if stored
            else RowInput(number)
        )
        rows.append({"number": number, "value": value, "state": _row_state(stored), "errors": errors.get(number, {})})
    keyed = sum(1 for r in stored_rows.values() if r.status != SheetRow.Status.BLANK)
    read_only = keying == 1 and sheet.state == Sheet.State.KEYED
    return render(
        request,
        "backoffice/paper/sheet_key.html",
        {
            "sheet": sheet,
            "display_code": sheet_code_display(sheet.code),
            "reference": petition_reference(sheet.petition_id),
            "keying": keying,
            "rows": rows,
            "statuses": SheetRow.Status.choices,
            "errors": errors,
            "declared_error": declared_error,
            "declared": request.POST.get("declared_count", sheet.declared_count if keying == 1 else "") or "",
            "keyed": keyed,
            "read_only": read_only,
            "entry_open": paper_entry_open(petition=sheet.petition),
            "postcode_pattern": POSTCODE_PATTERN,
            "tally_form": TallyForm(initial={"count": sheet.tally_count}),
            "can_tally": keying == 1 and sheet.state in (Sheet.State.OUT, Sheet.State.TALLIED),
        },
        status=400 if errors or declared_error else 200,
    )


def _finished_message(request: HttpRequest, finished: paper_services.Finished) -> None:
    code = sheet_code_display(finished.sheet.code)
    if finished.mismatch:
        messages.warning(
            request,
            f"Sheet {code} finished, but it says {finished.declared} signatures and {finished.rows_with_entries} "
            "rows were keyed. It is flagged for staff to check.",
        )
    else:
        messages.success(request, f"Sheet {code} finished: {finished.rows_with_entries} rows. Scan the next sheet.")


@require_POST
@staff_only("can_key_paper", data_entry=True)
def sheet_row(request: HttpRequest, code: str, number: int) -> JsonResponse:
    """Save one row, for the grid's script. Answers JSON: the row's state, or what is wrong."""
    try:
        sheet = paper_selectors.sheet_find(code=code)
        saved = paper_services.sheet_row_save(
            sheet=sheet, row=_row_input(request.POST, number), actor=request.user, keying=_keying_param(request)
        )
    except ApplicationError as error:
        return JsonResponse({"ok": False, "field": error.field or "row", "error": error.message}, status=400)
    return JsonResponse(
        {
            "ok": True,
            "state": _row_state(saved),
            "counted": bool(saved.signature_id),
            "held": saved.review == SheetRow.Review.HELD,
        }
    )


@require_POST
@staff_only("can_key_paper", data_entry=True)
def sheet_tally(request: HttpRequest, code: str) -> HttpResponse:
    sheet = _sheet(code)
    form = TallyForm(request.POST)
    if not form.is_valid():
        messages.error(request, str(next(iter(form.errors.values()))[0]))
        return redirect("backoffice:paper_sheet", code=sheet.code)
    try:
        paper_services.sheet_tally(sheet=sheet, count=form.cleaned_data["count"], actor=request.user)
    except ApplicationError as error:
        messages.error(request, error.message)
        return redirect("backoffice:paper_sheet", code=sheet.code)
    messages.success(request, f"Sheet {sheet_code_display(sheet.code)} tallied: {form.cleaned_data['count']}")
    return redirect("backoffice:paper_key")


@require_POST
@staff_only("can_read_personal_data")
def sheet_second_keying(request: HttpRequest, code: str) -> HttpResponse:
    sheet = _sheet(code)
    try:
        paper_services.sheet_want_second_keying(sheet=sheet, actor=request.user)
    except ApplicationError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, "A second keying is wanted: the next volunteer to scan this sheet will key it again")
    return redirect("backoffice:paper_sheet", code=sheet.code)


@staff_only("can_read_personal_data")
def sheet_compare(request: HttpRequest, code: str) -> HttpResponse:
    sheet = _sheet(code)
    if request.method == "POST":
        take = [int(n) for n in request.POST.getlist("take_second") if n.isdigit()]
        try:
            paper_services.sheet_resolve_keyings(sheet=sheet, take_second=take, actor=request.user)
        except ApplicationError as error:
            messages.error(request, error.message)
        else:
            messages.success(
                request, f"Keyings settled: {len(take)} row{'s' if len(take) != 1 else ''} taken from the second"
            )
            return redirect("backoffice:petition_paper", petition_id=sheet.petition_id)
    return render(
        request,
        "backoffice/paper/compare.html",
        {
            "sheet": sheet,
            "display_code": sheet_code_display(sheet.code),
            "differences": paper_selectors.sheet_keyings_compared(sheet=sheet),
        },
    )


@staff_only("can_read_personal_data")
def review_queue(request: HttpRequest, petition_id: int) -> HttpResponse:
    petition = _petition(petition_id)
    return render(
        request,
        "backoffice/paper/review.html",
        {
            "petition": petition,
            "rows": paper_selectors.rows_held(petition=petition)[:200],
            "decisions": paper_selectors.duplicate_decisions(petition=petition)[:200],
        },
    )


@require_POST
@staff_only("can_read_personal_data")
def review_decide(request: HttpRequest, petition_id: int, row_id: int) -> HttpResponse:
    row = SheetRow.objects.filter(pk=row_id, sheet__petition_id=petition_id).first()
    if row is None:
        raise Http404("No such row")
    form = DecisionForm(request.POST)
    if not form.is_valid():
        messages.error(request, "Choose whether to count the row")
    else:
        try:
            paper_services.row_decide_duplicate(
                row=row, outcome=form.cleaned_data["outcome"], actor=request.user, note=form.cleaned_data["note"]
            )
        except ApplicationError as error:
            messages.error(request, error.message)
        else:
            messages.success(request, "Decision kept")
    return redirect("backoffice:paper_review", petition_id=petition_id)
