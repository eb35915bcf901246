"""Staff pages for a petition's evidence: add a series of figures or a fact, remove one."""

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from doorstep.core.errors import ApplicationError
from doorstep.evidence import selectors as evidence_selectors
from doorstep.evidence import services as evidence_services
from doorstep.evidence.forms import FactForm, SeriesForm
from doorstep.petitions.selectors import petition_for_staff

from .access import staff_only, staff_user


@staff_only("can_manage_petitions")
def petition_evidence(request: HttpRequest, petition_id: int) -> HttpResponse:
    petition = petition_for_staff(petition_id=petition_id)
    kind = request.POST.get("kind") if request.method == "POST" else None
    series_form = SeriesForm(request.POST if kind == "series" else None, prefix="series")
    fact_form = FactForm(request.POST if kind == "fact" else None, prefix="fact")
    form = {"series": series_form, "fact": fact_form}.get(kind or "")
    if form is not None and form.is_valid():
        add = evidence_services.series_add if kind == "series" else evidence_services.fact_add
        try:
            add(petition=petition, actor=staff_user(request), **form.cleaned_data)
        except ApplicationError as error:
            form.add_application_error(error)
        else:
            messages.success(request, _("Added to the evidence"))
            return redirect("evidence_staff:petition", petition_id=petition.pk)
    return render(
        request,
        "evidence/staff/petition.html",
        {
            "petition": petition,
            "evidence": evidence_selectors.petition_evidence(petition=petition),
            "series_form": series_form,
            "fact_form": fact_form,
        },
    )


@require_POST
@staff_only("can_manage_petitions")
def evidence_remove(request: HttpRequest, petition_id: int, kind: str, item_id: int) -> HttpResponse:
    petition = petition_for_staff(petition_id=petition_id)
    if not evidence_services.evidence_remove(petition=petition, kind=kind, item_id=item_id):
        raise Http404(_("No such evidence"))
    messages.success(request, _("Removed from the evidence"))
    return redirect("evidence_staff:petition", petition_id=petition.pk)
