"""Staff pages for running a petition: the list, create and edit, open and close, the
closing date, the signatures export and the breakdowns of where signers are."""

from collections.abc import Iterable

from django.http import Http404, HttpRequest, HttpResponse, StreamingHttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from doorstep.campaigns import selectors as campaign_selectors
from doorstep.core.csv import csv_lines
from doorstep.maps.render import MapFigure, map_figure
from doorstep.maps.selectors import map_layers
from doorstep.paper.totals import Figures, petition_figures, petition_figures_many
from doorstep.petitions import selectors as petition_selectors
from doorstep.petitions import services as petition_services
from doorstep.petitions.models import Petition
from doorstep.petitions.sharing import petition_badge_code, petition_embed_code
from doorstep.places.selectors import postcode_directory_loaded
from doorstep.signatures.selectors.counts import (
    Dimension,
    petition_areas,
    petition_counts,
    petition_counts_by_code,
    petition_days,
)
from doorstep.signatures.selectors.review import signatures_held_count
from doorstep.signatures.services.export import signature_export_stream
from doorstep.trust.models import PersonalDataAccess

from .access import personal_data_audit, staff_only, staff_user
from .charts import DayPoint, cumulative_line_svg, daily_bars_svg
from .flows import action_done, form_saved, posted
from .forms import CloseForm, ClosingDateForm, PetitionForm
from .selectors import petition_exports


@staff_only(data_entry=True)
def home(request: HttpRequest) -> HttpResponse:
    if staff_user(request).is_data_entry_only:
        return redirect("backoffice:paper_key")
    petitions = list(petition_selectors.petition_list_staff())
    figures = petition_figures_many(petition_ids=[p.pk for p in petitions])
    rows = [(p, figures.get(p.pk, Figures())) for p in petitions]
    return render(request, "backoffice/home.html", {"rows": rows})


@staff_only("can_manage_petitions")
def petition_create(request: HttpRequest) -> HttpResponse:
    form = PetitionForm(posted(request), request.FILES or None)
    petition = form_saved(
        request,
        form,
        lambda data: petition_services.petition_create(actor=staff_user(request), **data),
        success=_("Petition created as a draft. Open it when it is ready."),
    )
    if petition is not None:
        return redirect("backoffice:petition", petition_id=petition.pk)
    return render(request, "backoffice/petition_form.html", {"form": form, "petition": None})


@staff_only("can_manage_petitions")
def petition_edit(request: HttpRequest, petition_id: int) -> HttpResponse:
    petition = petition_selectors.petition_for_staff(petition_id=petition_id)
    form = PetitionForm(posted(request), request.FILES or None, instance=petition)
    saved = form_saved(
        request,
        form,
        lambda data: petition_services.petition_update(petition=petition, actor=staff_user(request), **data),
        success=_("Petition saved"),
    )
    if saved is not None:
        return redirect("backoffice:petition", petition_id=petition.pk)
    return render(request, "backoffice/petition_form.html", {"form": form, "petition": petition})


@staff_only()
def petition_detail(request: HttpRequest, petition_id: int) -> HttpResponse:
    petition = petition_selectors.petition_for_staff(petition_id=petition_id)
    return render(
        request,
        "backoffice/petition_detail.html",
        {
            "petition": petition,
            "public_state": petition.public_state(),
            "can_edit": petition.state in Petition.EDITABLE_STATES,
            "can_change_closing_date": petition.state in Petition.DEADLINE_CHANGEABLE_STATES,
            "counts": petition_figures(petition=petition),  # the count, and the tallied beside it
            # A staff page, so counting here is fine: how many wait for a decision.
            "held_count": signatures_held_count(petition=petition),
            "events": petition_selectors.petition_events(petition=petition),
            "exports": petition_exports(petition=petition),
            "updates": campaign_selectors.petition_updates(petition=petition)[:20],
            "replies": campaign_selectors.petition_replies(petition=petition)[:20],
            "mailings": campaign_selectors.petition_mailings(petition=petition)[:20],
            "hand_in": campaign_selectors.petition_hand_in(petition=petition),
            "embed_code": petition_embed_code(petition=petition),
            "badge_code": petition_badge_code(petition=petition),
            "consultation_warning": campaign_selectors.consultation_warning(
                petition=petition, today=timezone.localdate()
            ),
        },
    )


@require_POST
@staff_only("can_manage_petitions")
def petition_open(request: HttpRequest, petition_id: int) -> HttpResponse:
    petition = petition_selectors.petition_for_staff(petition_id=petition_id)
    action_done(
        request,
        lambda: petition_services.petition_open(petition=petition, actor=staff_user(request)),
        success=_("Petition opened"),
    )
    return redirect("backoffice:petition", petition_id=petition.pk)


@require_http_methods(["GET", "POST"])
@staff_only("can_manage_petitions")
def petition_close(request: HttpRequest, petition_id: int) -> HttpResponse:
    """GET asks "are you sure?" (closing cannot be undone); the POST from that page closes."""
    petition = petition_selectors.petition_for_staff(petition_id=petition_id)
    form = CloseForm(posted(request))
    closed = form_saved(
        request,
        form,
        lambda data: petition_services.petition_close(
            petition=petition, actor=staff_user(request), reason=data["reason"]
        ),
        success=_("Petition closed: it takes no more signatures"),
    )
    if closed is not None or (request.method == "GET" and petition.state != Petition.State.OPEN):
        return redirect("backoffice:petition", petition_id=petition.pk)
    return render(
        request,
        "backoffice/petition_close.html",
        {"petition": petition, "form": form, "counts": petition_counts(petition=petition)},
    )


@staff_only("can_manage_petitions")
def petition_closing_date(request: HttpRequest, petition_id: int) -> HttpResponse:
    petition = petition_selectors.petition_for_staff(petition_id=petition_id)
    form = ClosingDateForm(posted(request), initial={"closing_date": petition.closing_date})
    changed = form_saved(
        request,
        form,
        lambda data: petition_services.petition_change_closing_date(
            petition=petition, actor=staff_user(request), closing_date=data["closing_date"], reason=data["reason"]
        ),
        success=_("Closing date changed"),
    )
    if changed is not None:
        return redirect("backoffice:petition", petition_id=petition.pk)
    return render(request, "backoffice/closing_date_form.html", {"form": form, "petition": petition})


def _csv_response(lines: Iterable[str], filename: str) -> StreamingHttpResponse:
    response = StreamingHttpResponse(lines, content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@staff_only("can_read_personal_data")
def petition_export(request: HttpRequest, petition_id: int) -> StreamingHttpResponse:
    petition = petition_selectors.petition_for_staff(petition_id=petition_id)
    user = staff_user(request)
    lines = signature_export_stream(petition=petition, actor=user)
    personal_data_audit(request, PersonalDataAccess.Action.EXPORTED, _("signatures CSV"), petition=petition)
    stamp = timezone.localtime().strftime("%Y-%m-%d-%H%M")
    response = _csv_response(lines, f"petition-{petition.pk}-signatures-{stamp}.csv")
    response["Cache-Control"] = "no-store"
    return response


# The breakdowns shown as tables and offered as CSV, in this order.
BREAKDOWNS = (
    Dimension.CONSTITUENCY,
    Dimension.LOCAL_AUTHORITY,
    Dimension.WARD,
    Dimension.REGION,
    Dimension.DISTRICT,
    Dimension.COUNTRY,
)
BREAKDOWN_ROWS_SHOWN = 25


def _breakdown_maps(petition: Petition) -> list[MapFigure]:
    """Every map layer shaded by the petition's signatures: one query per kind of area, however many layers."""
    layers = list(map_layers())
    by_kind = {
        kind: petition_counts_by_code(petition=petition, dimension=kind) for kind in {layer.kind for layer in layers}
    }
    return [
        map_figure(
            layer,
            by_kind[layer.kind],
            title=_("%(map)s: signatures by %(kind)s")
            % {"map": layer.name, "kind": str(layer.get_kind_display()).lower()},
        )
        for layer in layers
    ]


@staff_only()
def petition_breakdowns(request: HttpRequest, petition_id: int) -> HttpResponse:
    petition = petition_selectors.petition_for_staff(petition_id=petition_id)
    tables = []
    for dimension in BREAKDOWNS:
        rows = petition_areas(petition=petition, dimension=dimension)
        tables.append(
            {"dimension": dimension, "label": dimension.label, "rows": rows[:BREAKDOWN_ROWS_SHOWN], "all": len(rows)}
        )
    days = petition_days(petition=petition)
    daily = [DayPoint(day, counts.online, counts.paper, counts.door) for day, counts, _total in days]
    running = [DayPoint(day, total.online, total.paper, total.door) for day, _counts, total in days]
    return render(
        request,
        "backoffice/breakdowns.html",
        {
            "petition": petition,
            "counts": petition_counts(petition=petition),
            "tables": tables,
            "days": days,
            "daily_svg": daily_bars_svg(daily, title=_("Signatures each day, online and on paper")),
            "cumulative_svg": cumulative_line_svg(running, title=_("Signatures in all, over time")),
            "directory_loaded": postcode_directory_loaded(),
            "maps": _breakdown_maps(petition),
        },
    )


@staff_only()
def petition_breakdown_csv(request: HttpRequest, petition_id: int, dimension: str) -> StreamingHttpResponse:
    petition = petition_selectors.petition_for_staff(petition_id=petition_id)
    if dimension == Dimension.DAY:
        header = [_("Day"), _("Online"), _("Paper"), _("Total")]
        header += [_("Online so far"), _("Paper so far"), _("Total so far")]
        header += [_("Door to door")]  # last, so the columns spreadsheets already read stay where they were
        rows: Iterable[list] = (
            [day, c.online, c.paper, c.total, t.online, t.paper, t.total, c.door]
            for day, c, t in petition_days(petition=petition)
        )
    elif dimension in BREAKDOWNS:
        header = [str(Dimension(dimension).label), _("Code"), _("Online"), _("Paper"), _("Total"), _("Door to door")]
        rows = (
            [a.name, a.code, a.online, a.paper, a.total, a.door]
            for a in petition_areas(petition=petition, dimension=dimension)
        )
    else:
        raise Http404("No such breakdown")
    return _csv_response(csv_lines(header, rows), f"petition-{petition.pk}-by-{dimension}.csv")
