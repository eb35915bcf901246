"""A petition's paper page (counts, circulation, batches, packs), requests logged by the
office, a pack's next step, and the list of holders to chase."""

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse, StreamingHttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from doorstep.core.csv import csv_lines
from doorstep.paper import selectors as paper_selectors
from doorstep.paper.forms import PackMoveForm, StaffPackRequestForm
from doorstep.paper.models import Pack
from doorstep.paper.printing import petition_reference
from doorstep.paper.services import circulation
from doorstep.paper.services.requests import pack_clear_duplicate, pack_release, pack_request
from doorstep.paper.totals import paper_count_only
from doorstep.petitions.models import Petition
from doorstep.petitions.selectors import petition_for_staff
from doorstep.signatures.selectors.counts import petition_counts
from doorstep.signatures.selectors.paper import paper_entry_last_day
from doorstep.trust.models import PersonalDataAccess

from ..access import personal_data_audit, staff_only, staff_user
from ..flows import action_done, form_saved, posted


def _packs_shown(request: HttpRequest, petition: Petition) -> tuple[list[Pack], str, bool]:
    """The packs the page lists (by state, or the overdue ones), each with the steps it can take next."""
    state = request.GET.get("state", "")
    if state not in Pack.State.values:
        state = ""
    overdue = request.GET.get("overdue") == "1"
    shown = (
        paper_selectors.packs_overdue(petition=petition)
        if overdue
        else paper_selectors.packs_list(petition=petition, state=state)
    )
    packs = list(shown[:500])
    for pack in packs:
        pack.next_states = [(to, to.label) for to in circulation.PACK_MOVES[pack.state]]  # type: ignore[attr-defined]
    return packs, state, overdue


@staff_only("can_read_personal_data")
def petition_paper(request: HttpRequest, petition_id: int) -> HttpResponse:
    petition = petition_for_staff(petition_id=petition_id)
    packs, state, overdue = _packs_shown(request, petition)
    what = _("paper page: pack holders")
    personal_data_audit(request, PersonalDataAccess.Action.VIEWED, what, petition=petition, rows=len(packs))
    circulation = paper_selectors.petition_circulation(petition=petition)
    return render(
        request,
        "backoffice/paper/petition.html",
        {
            "petition": petition,
            "counts": petition_counts(petition=petition),
            "count_only": paper_count_only(petition=petition),
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
            "entry_last_day": paper_entry_last_day(petition=petition),
            "reference": petition_reference(petition.pk),
        },
    )


def _logged(pack: Pack) -> str:
    if pack.possible_duplicate_of_id:
        return _("Request logged as pack {pack}. It is flagged: the same address asked before.").format(pack=pack.pk)
    return _("Request logged as pack {pack}.").format(pack=pack.pk)


@staff_only("can_read_personal_data")
def pack_log(request: HttpRequest, petition_id: int) -> HttpResponse:
    """A request by phone or email, typed in by the office."""
    petition = petition_for_staff(petition_id=petition_id)
    form = StaffPackRequestForm(posted(request))
    logged = form_saved(
        request,
        form,
        lambda data: pack_request(petition=petition, actor=staff_user(request), **data),
        success=_logged,
    )
    if logged is not None:
        return redirect("backoffice:petition_paper", petition_id=petition.pk)
    return render(request, "backoffice/paper/pack_log.html", {"petition": petition, "form": form})


@require_POST
@staff_only("can_read_personal_data")
def pack_move(request: HttpRequest, petition_id: int, pack_id: int) -> HttpResponse:
    petition = petition_for_staff(petition_id=petition_id)  # first: an id too big for the database is a 404
    pack = paper_selectors.pack_get(petition_id=petition.pk, pack_id=pack_id)
    if pack is None:
        raise Http404(_("No such pack"))
    actor = staff_user(request)
    form = PackMoveForm(request.POST)
    if request.POST.get("clear_duplicate"):
        action_done(
            request,
            lambda: pack_clear_duplicate(pack=pack, actor=actor),
            success=_("Pack {pack} will be printed with the next batch").format(pack=pack.pk),
        )
    elif request.POST.get("release"):
        action_done(
            request,
            lambda: pack_release(pack=pack, actor=actor),
            success=_("Pack {pack} is released: it will be printed with the next batch").format(pack=pack.pk),
        )
    elif form.is_valid():
        to, note = Pack.State(form.cleaned_data["to"]), form.cleaned_data["note"]
        action_done(
            request,
            lambda: circulation.pack_move(pack=pack, to=to, actor=actor, note=note),
            success=_("Pack {pack} marked {state}").format(pack=pack.pk, state=to.label.lower()),
        )
    else:
        messages.error(request, _("Choose what happened to the pack"))
    return redirect("backoffice:petition_paper", petition_id=petition_id)


@staff_only("can_read_personal_data")
def chasers_csv(request: HttpRequest, petition_id: int) -> StreamingHttpResponse:
    """Holders of overdue packs, to phone or write to."""
    petition = petition_for_staff(petition_id=petition_id)
    packs = list(paper_selectors.packs_overdue(petition=petition))
    what = _("pack chasers CSV")
    personal_data_audit(request, PersonalDataAccess.Action.EXPORTED, what, petition=petition, rows=len(packs))
    header = [
        _("Pack"),
        _("Name"),
        _("Address line 1"),
        _("Address line 2"),
        _("Town"),
        _("Postcode"),
        _("Email"),
        _("Phone"),
        _("State"),
        _("Since"),
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
        for p in packs
    )
    response = StreamingHttpResponse(csv_lines(header, rows), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="petition-{petition.pk}-pack-chasers.csv"'
    response["Cache-Control"] = "no-store"
    return response
