from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse, StreamingHttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from doorstep.core.errors import ApplicationError
from doorstep.petitions import selectors as petition_selectors
from doorstep.petitions import services as petition_services
from doorstep.petitions.models import Petition
from doorstep.signatures import selectors as signature_selectors
from doorstep.signatures import services as signature_services
from doorstep.signatures.models import SignatureExport

from .access import staff_only
from .forms import CloseForm, ClosingDateForm, PetitionForm


def _petition(petition_id: int) -> Petition:
    petition = petition_selectors.petition_get(petition_id=petition_id)
    if petition is None:
        raise Http404("No such petition")
    return petition


@staff_only()
def home(request: HttpRequest) -> HttpResponse:
    petitions = list(petition_selectors.petition_list_staff())
    counts = signature_selectors.petition_counts_many(petition_ids=[p.pk for p in petitions])
    rows = [(p, counts.get(p.pk, signature_selectors.Counts())) for p in petitions]
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
            "State": Petition.State,
            "counts": signature_selectors.petition_counts(petition=petition),
            "events": petition.events.select_related("actor")[:200],
            "exports": SignatureExport.objects.filter(petition=petition).select_related("exported_by")[:20],
            "close_form": CloseForm(),
            "today": timezone.localdate(),
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
    lines = signature_services.signature_export_stream(petition=petition, actor=request.user)
    stamp = timezone.localtime().strftime("%Y-%m-%d-%H%M")
    response = StreamingHttpResponse(lines, content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="petition-{petition.pk}-signatures-{stamp}.csv"'
    response["Cache-Control"] = "no-store"
    return response
