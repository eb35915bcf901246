"""Staff checking the keying: second keyings and settling their differences, and the rows
held as possible duplicates."""

import re

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from doorstep.paper import selectors as paper_selectors
from doorstep.paper.codes import sheet_code_display
from doorstep.paper.forms import DecisionForm
from doorstep.paper.services.duplicates import row_decide_duplicate
from doorstep.paper.services.second_keying import sheet_resolve_keyings, sheet_want_second_keying
from doorstep.petitions.selectors import petition_for_staff
from doorstep.trust.models import PersonalDataAccess

from ..access import personal_data_audit, staff_only, staff_user
from ..flows import action_done
from .common import sheet_or_404


@require_POST
@staff_only("can_read_personal_data")
def sheet_second_keying(request: HttpRequest, code: str) -> HttpResponse:
    sheet = sheet_or_404(request, code)
    action_done(
        request,
        lambda: sheet_want_second_keying(sheet=sheet, actor=staff_user(request)),
        success=_("A second keying is wanted: the next volunteer to scan this sheet will key it again"),
    )
    return redirect("backoffice:paper_sheet", code=sheet.code)


@staff_only("can_read_personal_data")
def sheet_compare(request: HttpRequest, code: str) -> HttpResponse:
    sheet = sheet_or_404(request, code)
    if request.method == "POST":
        # Row numbers, as the page sends them ("²" is a digit to str.isdigit, and int() refuses it).
        take = [int(n) for n in request.POST.getlist("take_second") if re.fullmatch(r"[0-9]{1,3}", n)]
        said = ngettext(
            "Keyings settled: {count} row taken from the second",
            "Keyings settled: {count} rows taken from the second",
            len(take),
        )
        settled = action_done(
            request,
            lambda: sheet_resolve_keyings(sheet=sheet, take_second=take, actor=staff_user(request)),
            success=said.format(count=len(take)),
        )
        if settled:
            return redirect("backoffice:petition_paper", petition_id=sheet.petition_id)
    differences = paper_selectors.sheet_keyings_compared(sheet=sheet)
    personal_data_audit(
        request,
        PersonalDataAccess.Action.VIEWED,
        _("keyings of sheet %(code)s compared") % {"code": sheet.code},
        petition=sheet.petition,
        rows=len(differences),
    )
    return render(
        request,
        "backoffice/paper/compare.html",
        {"sheet": sheet, "display_code": sheet_code_display(sheet.code), "differences": differences},
    )


@staff_only("can_read_personal_data")
def review_queue(request: HttpRequest, petition_id: int) -> HttpResponse:
    petition = petition_for_staff(petition_id=petition_id)
    rows = list(paper_selectors.rows_held(petition=petition)[:200])
    decisions = list(paper_selectors.duplicate_decisions(petition=petition)[:200])
    personal_data_audit(
        request,
        PersonalDataAccess.Action.VIEWED,
        _("paper rows held as possible duplicates"),
        petition=petition,
        rows=len(rows) + len(decisions),
    )
    return render(request, "backoffice/paper/review.html", {"petition": petition, "rows": rows, "decisions": decisions})


@require_POST
@staff_only("can_read_personal_data")
def review_decide(request: HttpRequest, petition_id: int, row_id: int) -> HttpResponse:
    petition = petition_for_staff(petition_id=petition_id)  # first: an id too big for the database is a 404
    row = paper_selectors.sheet_row_get(petition_id=petition.pk, row_id=row_id)
    if row is None:
        raise Http404(_("No such row"))
    form = DecisionForm(request.POST)
    if form.is_valid():
        outcome, note = form.cleaned_data["outcome"], form.cleaned_data["note"]
        decided = action_done(
            request,
            lambda: row_decide_duplicate(row=row, outcome=outcome, actor=staff_user(request), note=note),
            success=_("Decision kept"),
        )
        if decided:
            what = _("held paper row decided")
            personal_data_audit(request, PersonalDataAccess.Action.CHANGED, what, petition=row.sheet.petition, rows=1)
    else:
        messages.error(request, _("Choose whether to count the row"))
    return redirect("backoffice:paper_review", petition_id=petition_id)
