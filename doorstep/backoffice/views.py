from collections.abc import Iterable

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse, StreamingHttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from doorstep.campaigns import selectors as campaign_selectors
from doorstep.core.csv import csv_lines
from doorstep.core.errors import ApplicationError
from doorstep.maps.render import map_figure
from doorstep.maps.selectors import map_layers
from doorstep.paper import selectors as paper_selectors
from doorstep.petitions import selectors as petition_selectors
from doorstep.petitions import services as petition_services
from doorstep.petitions.models import Petition
from doorstep.places.selectors import postcode_directory_loaded
from doorstep.signatures.models import SignatureExport
from doorstep.signatures.selectors.counts import (
    Counts,
    Dimension,
    petition_areas,
    petition_counts,
    petition_counts_by_code,
    petition_counts_many,
    petition_days,
)
from doorstep.signatures.selectors.review import signatures_held_count
from doorstep.signatures.services.export import signature_export_stream
from doorstep.trust import services as trust_services
from doorstep.trust.models import PersonalDataAccess

from .access import staff_only, staff_user
from .charts import DayPoint, cumulative_line_svg, daily_bars_svg
from .forms import CloseForm, ClosingDateForm, PetitionForm


def _petition(petition_id: int) -> Petition:
    petition = petition_selectors.petition_get(petition_id=petition_id)
    if petition is None:
        raise Http404("No such petition")
    return petition


@staff_only(data_entry=True)
def home(request: HttpRequest) -> HttpResponse:
    if request.user.is_data_entry_only:  # type: ignore[union-attr]
        return redirect("backoffice:paper_key")
    petitions = list(petition_selectors.petition_list_staff())
    counts = petition_counts_many(petition_ids=[p.pk for p in petitions])
    tallied = paper_selectors.paper_tallied_many(petition_ids=[p.pk for p in petitions])
    rows = [(p, counts.get(p.pk, Counts()), tallied.get(p.pk, 0)) for p in petitions]
    return render(request, "backoffice/home.html", {"rows": rows})


@staff_only("can_manage_petitions")
def petition_create(request: HttpRequest) -> HttpResponse:
    form = PetitionForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        fields = {name: form.cleaned_data[name] for name in form.Meta.fields}
        try:
            petition = petition_services.petition_create(actor=request.user, **fields)
        except ApplicationError as error:
            form.add_application_error(error)
        else:
            messages.success(request, "Petition created as a draft. Open it when it is ready.")
            return redirect("backoffice:petition", petition_id=petition.pk)
    return render(request, "backoffice/petition_form.html", {"form": form, "petition": None})


@staff_only("can_manage_petitions")
def petition_edit(request: HttpRequest, petition_id: int) -> HttpResponse:
    petition = _petition(petition_id)
    form = PetitionForm(request.POST if request.method == "POST" else None, instance=petition)
    if request.method == "POST" and form.is_valid():
        fields = {name: form.cleaned_data[name] for name in form.Meta.fields}
        try:
            petition_services.petition_update(petition=petition, actor=request.user, **fields)
        except ApplicationError as error:
            form.add_application_error(error)
        else:
            messages.success(request, "Petition saved")
            return redirect("backoffice:petition", petition_id=petition.pk)
    return render(request, "backoffice/petition_form.html", {"form": form, "petition": petition})


@staff_only()
def petition_detail(request: HttpRequest, petition_id: int) -> HttpResponse:
    petition = _petition(petition_id)
    return render(
        request,
        "backoffice/petition_detail.html",
        {
            "petition": petition,
            "public_state": petition.public_state(),
            "can_edit": petition.state in Petition.EDITABLE_STATES,
            "can_change_closing_date": petition.state in Petition.DEADLINE_CHANGEABLE_STATES,
            "counts": petition_counts(petition=petition),
            # A staff page, so counting here is fine: how many wait for a decision.
            "held_count": signatures_held_count(petition=petition),
            "paper_tallied": paper_selectors.paper_tallied(petition=petition),
            "events": petition.events.select_related("actor")[:200],
            "exports": SignatureExport.objects.filter(petition=petition).select_related("exported_by")[:20],
            "close_form": CloseForm(),
            "today": timezone.localdate(),
            "updates": campaign_selectors.petition_updates(petition=petition)[:20],
            "replies": campaign_selectors.petition_replies(petition=petition)[:20],
            "mailings": campaign_selectors.petition_mailings(petition=petition)[:20],
            "hand_in": campaign_selectors.petition_hand_in(petition=petition),
            "consultation_warning": campaign_selectors.consultation_warning(
                petition=petition, today=timezone.localdate()
            ),
        },
    )


@require_POST
@staff_only("can_manage_petitions")
def petition_open(request: HttpRequest, petition_id: int) -> HttpResponse:
    petition = _petition(petition_id)
    try:
        petition_services.petition_open(petition=petition, actor=request.user)
    except ApplicationError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, "Petition opened")
    return redirect("backoffice:petition", petition_id=petition.pk)


@require_POST
@staff_only("can_manage_petitions")
def petition_close(request: HttpRequest, petition_id: int) -> HttpResponse:
    petition = _petition(petition_id)
    form = CloseForm(request.POST)
    reason = form.cleaned_data["reason"] if form.is_valid() else ""
    try:
        petition_services.petition_close(petition=petition, actor=request.user, reason=reason)
    except ApplicationError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, "Petition closed: it takes no more signatures")
    return redirect("backoffice:petition", petition_id=petition.pk)


@staff_only("can_manage_petitions")
def petition_closing_date(request: HttpRequest, petition_id: int) -> HttpResponse:
    petition = _petition(petition_id)
    form = ClosingDateForm(
        request.POST if request.method == "POST" else None, initial={"closing_date": petition.closing_date}
    )
    if request.method == "POST" and form.is_valid():
        try:
            petition_services.petition_change_closing_date(
                petition=petition,
                actor=request.user,
                closing_date=form.cleaned_data["closing_date"],
                reason=form.cleaned_data["reason"],
            )
        except ApplicationError as error:
            form.add_application_error(error)
        else:
            messages.success(request, "Closing date changed")
            return redirect("backoffice:petition", petition_id=petition.pk)
    return render(request, "backoffice/closing_date_form.html", {"form": form, "petition": petition})


@staff_only("can_read_personal_data")
def petition_export(request: HttpRequest, petition_id: int) -> StreamingHttpResponse:
    petition = _petition(petition_id)
    lines = signature_export_stream(petition=petition, actor=staff_user(request))
    trust_services.personal_data_access_record(
        user=staff_user(request),
        action=PersonalDataAccess.Action.EXPORTED,
        what="signatures CSV",
        petition=petition,
        path=request.path,
    )
    stamp = timezone.localtime().strftime("%Y-%m-%d-%H%M")
    response = StreamingHttpResponse(lines, content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="petition-{petition.pk}-signatures-{stamp}.csv"'
    response["Cache-Control"] = "no-store"
    return response


BREAKDOWNS: list[tuple[str, str]] = [
    (Dimension.CONSTITUENCY, "Constituency"),
    (Dimension.LOCAL_AUTHORITY, "Local authority"),
    (Dimension.WARD, "Ward"),
    (Dimension.REGION, "Region"),
    (Dimension.DISTRICT, "Postcode district"),
    (Dimension.COUNTRY, "Country"),
]
BREAKDOWN_ROWS_SHOWN = 25


@staff_only()
def petition_breakdowns(request: HttpRequest, petition_id: int) -> HttpResponse:
    petition = _petition(petition_id)
    tables = []
    for dimension, label in BREAKDOWNS:
        rows = petition_areas(petition=petition, dimension=dimension)
        tables.append({"dimension": dimension, "label": label, "rows": rows[:BREAKDOWN_ROWS_SHOWN], "all": len(rows)})
    maps = [
        map_figure(
            layer,
            petition_counts_by_code(petition=petition, dimension=layer.kind),
            title=f"{layer.name}: signatures by {layer.get_kind_display().lower()}",
        )
        for layer in map_layers()
    ]
    days = petition_days(petition=petition)
    daily = [DayPoint(day, counts.online, counts.paper) for day, counts, _ in days]
    running = [DayPoint(day, total.online, total.paper) for day, _, total in days]
    return render(
        request,
        "backoffice/breakdowns.html",
        {
            "petition": petition,
            "counts": petition_counts(petition=petition),
            "tables": tables,
            "days": days,
            "daily_svg": daily_bars_svg(daily, title="Signatures each day, online and on paper"),
            "cumulative_svg": cumulative_line_svg(running, title="Signatures in all, over time"),
            "directory_loaded": postcode_directory_loaded(),
            "maps": maps,
        },
    )


@staff_only()
def petition_breakdown_csv(request: HttpRequest, petition_id: int, dimension: str) -> StreamingHttpResponse:
    petition = _petition(petition_id)
    if dimension == Dimension.DAY:
        header = ["Day", "Online", "Paper", "Total", "Online so far", "Paper so far", "Total so far"]
        rows: Iterable[list] = (
            [day, c.online, c.paper, c.total, t.online, t.paper, t.total]
            for day, c, t in petition_days(petition=petition)
        )
    elif dimension in dict(BREAKDOWNS):
        header = [dict(BREAKDOWNS)[dimension], "Code", "Online", "Paper", "Total"]
        rows = (
            [a.name, a.code, a.online, a.paper, a.total] for a in petition_areas(petition=petition, dimension=dimension)
        )
    else:
        raise Http404("No such breakdown")
    response = StreamingHttpResponse(csv_lines(header, rows), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="petition-{petition.pk}-by-{dimension}.csv"'
    return response
