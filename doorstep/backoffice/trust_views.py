"""Staff pages for trust: switches and lists, what is happening now, held signatures,
bulk invalidation, retention, signer requests and the personal-data audit log.

Every page that shows signers' personal data writes to the audit log."""

from typing import Any

from django.contrib import messages
from django.db import transaction
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from doorstep.core.errors import ApplicationError
from doorstep.petitions.models import Petition
from doorstep.petitions.selectors import petition_for_staff
from doorstep.signatures.selectors.confirmation import signature_get_for_confirmation
from doorstep.signatures.selectors.matching import signature_match_ids
from doorstep.signatures.selectors.review import (
    signature_get,
    signature_sample,
    signatures_find,
    signatures_held,
    signatures_held_count,
    signing_activity,
)
from doorstep.signatures.services import invalidation as signature_invalidation
from doorstep.signatures.services.holding import signature_release
from doorstep.signatures.services.invalidation import signature_invalidate
from doorstep.signatures.services.retention import signature_withdraw
from doorstep.signatures.tasks import run_invalidation
from doorstep.trust import selectors as trust_selectors
from doorstep.trust import services as trust_services
from doorstep.trust.models import Invalidation, PersonalDataAccess

from .access import personal_data_audit, staff_only, staff_user
from .flows import action_done, form_saved, posted
from .trust_forms import (
    HeldDecision,
    InvalidationForm,
    InvalidationStep,
    ListEntryForm,
    RetentionForm,
    SignerSearchForm,
    SwitchesForm,
)


@staff_only("can_manage_petitions")
def trust_home(request: HttpRequest) -> HttpResponse:
    switches = trust_selectors.switches_get()
    return render(
        request,
        "backoffice/trust/home.html",
        {
            "switches": switches,
            "switches_form": SwitchesForm(initial={name: getattr(switches, name) for name in trust_services.SWITCHES}),
            "entries": trust_selectors.list_entries(),
            "entry_form": ListEntryForm(),
        },
    )


@require_POST
@staff_only("can_manage_petitions")
def trust_switches(request: HttpRequest) -> HttpResponse:
    form = SwitchesForm(request.POST)
    if form.is_valid():
        trust_services.switches_set(actor=staff_user(request), **form.cleaned_data)
        messages.success(request, _("Switches saved"))
    return redirect("backoffice:trust")


@staff_only("can_manage_petitions")
def trust_list_add(request: HttpRequest) -> HttpResponse:
    form = ListEntryForm(posted(request))
    entry = form_saved(
        request,
        form,
        lambda data: trust_services.list_entry_add(actor=staff_user(request), **data),
        success=lambda entry: _("Added: %(entry)s") % {"entry": entry},
    )
    if entry is not None:
        return redirect("backoffice:trust")
    return render(request, "backoffice/trust/list_entry_form.html", {"form": form})


@require_POST
@staff_only("can_manage_petitions")
def trust_list_remove(request: HttpRequest, entry_id: int) -> HttpResponse:
    if trust_services.list_entry_remove(entry_id=entry_id):
        messages.success(request, _("Removed from the list"))
    return redirect("backoffice:trust")


@staff_only("can_manage_petitions")
def trust_activity(request: HttpRequest) -> HttpResponse:
    activity = signing_activity()
    personal_data_audit(request, PersonalDataAccess.Action.VIEWED, _("signing activity by IP address and domain"))
    sources = [
        (_("IP address"), activity["ip"]),
        (_("Email domain"), activity["domain"]),
        (_("Postcode district"), activity["district"]),
        (_("Country"), activity["country"]),
    ]
    return render(request, "backoffice/trust/activity.html", {"sources": sources})


@staff_only("can_manage_petitions")
def petition_held(request: HttpRequest, petition_id: int) -> HttpResponse:
    petition = petition_for_staff(petition_id=petition_id)
    held = signatures_held(petition=petition)
    personal_data_audit(
        request, PersonalDataAccess.Action.VIEWED, _("held signatures"), petition=petition, rows=len(held)
    )
    return render(
        request,
        "backoffice/trust/held.html",
        {
            "petition": petition,
            "held": held,
            "held_count": signatures_held_count(petition=petition),
        },
    )


@require_POST
@staff_only("can_manage_petitions")
def petition_held_decide(request: HttpRequest, petition_id: int, signature_id: int) -> HttpResponse:
    petition = petition_for_staff(petition_id=petition_id)
    signature = signature_get(petition=petition, signature_id=signature_id)
    if signature is None:
        raise Http404("No such signature")
    decision = request.POST.get("decision")
    if decision == HeldDecision.RELEASE:
        if signature_release(signature=signature):
            messages.success(request, _("Counted once the signer has confirmed it"))
    elif decision == HeldDecision.INVALIDATE:
        signature_invalidate(signature=signature)
        messages.success(request, _("Taken out of the count"))
    else:
        messages.error(request, _("Choose to count it or take it out"))
    personal_data_audit(
        request, PersonalDataAccess.Action.CHANGED, _("held signature decided"), petition=petition, rows=1
    )
    return redirect("backoffice:petition_held", petition_id=petition.pk)


def _invalidation_start(request: HttpRequest, petition: Petition, form: InvalidationForm, matched: int) -> int | None:
    """The id of the bulk invalidation now queued, or None with the service's refusal on the form."""
    try:
        invalidation = trust_services.invalidation_create(
            petition=petition,
            criteria=form.criteria(),
            description=form.describe(),
            reason=form.cleaned_data["reason"],
            matched=matched,
            actor=staff_user(request),
        )
    except ApplicationError as error:
        form.add_application_error(error)
        return None
    _invalidation_queue(invalidation.pk)
    return invalidation.pk


def _invalidation_queue(invalidation_id: int) -> None:
    transaction.on_commit(lambda: run_invalidation.enqueue(invalidation_id=invalidation_id))


@staff_only("can_manage_petitions")
def petition_invalidate(request: HttpRequest, petition_id: int) -> HttpResponse:
    """Bulk invalidation in two steps: preview how many match, then confirm."""
    petition = petition_for_staff(petition_id=petition_id)
    form = InvalidationForm(posted(request))
    context: dict = {
        "petition": petition,
        "form": form,
        "invalidations": trust_selectors.invalidations_for(petition=petition),
    }
    if request.method == "POST" and form.is_valid():
        ids = signature_match_ids(petition=petition, criteria=form.criteria())
        if request.POST.get("step") == InvalidationStep.CONFIRM:
            invalidation_id = _invalidation_start(request, petition, form, matched=len(ids))
            if invalidation_id is not None:
                return redirect("backoffice:invalidation", invalidation_id=invalidation_id)
        sample = signature_sample(ids=ids)
        preview = _("invalidation preview")
        personal_data_audit(request, PersonalDataAccess.Action.VIEWED, preview, petition=petition, rows=len(sample))
        context.update({"preview": True, "matched": len(ids), "sample": sample})
    return render(request, "backoffice/trust/invalidate.html", context)


def _invalidation(invalidation_id: int) -> Invalidation:
    invalidation = trust_selectors.invalidation_get(invalidation_id=invalidation_id)
    if invalidation is None:
        raise Http404("No such invalidation")
    return invalidation


def _invalidation_context(invalidation: Invalidation) -> dict[str, Any]:
    running = invalidation.state in (Invalidation.State.QUEUED, Invalidation.State.RUNNING)
    stalled = trust_selectors.invalidation_stalled(invalidation=invalidation)
    return {
        "invalidation": invalidation,
        "running": running,
        "stalled": stalled,
        "active": running and not stalled,
        "petition": invalidation.petition,
    }


@staff_only("can_manage_petitions")
def invalidation_detail(request: HttpRequest, invalidation_id: int) -> HttpResponse:
    context = _invalidation_context(_invalidation(invalidation_id))
    return render(request, "backoffice/trust/invalidation.html", context)


@staff_only("can_manage_petitions")
def invalidation_progress(request: HttpRequest, invalidation_id: int) -> JsonResponse:
    """Its state for its page to show without reloading (doorstep/poll.js)."""
    context = _invalidation_context(_invalidation(invalidation_id))
    html = render_to_string("backoffice/trust/_invalidation.html", context, request=request)
    state = str(context["invalidation"].get_state_display())
    response = JsonResponse({"html": html, "active": context["active"], "announce": state})
    response["Cache-Control"] = "no-store"
    return response


@require_POST
@staff_only("can_manage_petitions")
def invalidation_cancel(request: HttpRequest, invalidation_id: int) -> HttpResponse:
    invalidation = _invalidation(invalidation_id)
    if trust_services.invalidation_cancel(invalidation=invalidation):
        messages.success(request, _("Cancelling: it stops after the batch it is on"))
        if trust_selectors.invalidation_stalled(invalidation=invalidation):
            _invalidation_queue(invalidation.pk)  # nobody runs it: a worker takes it up to stop it
    else:
        messages.error(request, _("It has finished already"))
    return redirect("backoffice:invalidation", invalidation_id=invalidation.pk)


@require_POST
@staff_only("can_manage_petitions")
def invalidation_resume(request: HttpRequest, invalidation_id: int) -> HttpResponse:
    """Carry on with an invalidation whose worker stopped part way."""
    invalidation = _invalidation(invalidation_id)
    if trust_selectors.invalidation_stalled(invalidation=invalidation):
        _invalidation_queue(invalidation.pk)
        messages.success(request, _("Resuming: a worker takes out the signatures it had not reached yet"))
    else:
        messages.error(request, _("It is not stuck: a worker is running it, or it has finished"))
    return redirect("backoffice:invalidation", invalidation_id=invalidation.pk)


@require_POST
@staff_only("can_manage_petitions")
def invalidation_reverse(request: HttpRequest, invalidation_id: int) -> HttpResponse:
    invalidation = _invalidation(invalidation_id)
    action_done(
        request,
        lambda: signature_invalidation.invalidation_reverse(invalidation=invalidation, actor=staff_user(request)),
        success=lambda restored: (
            ngettext("Reversed: %(count)d signature put back", "Reversed: %(count)d signatures put back", restored)
            % {"count": restored}
        ),
    )
    return redirect("backoffice:invalidation", invalidation_id=invalidation.pk)


@staff_only("can_manage_petitions")
def petition_retention(request: HttpRequest, petition_id: int) -> HttpResponse:
    petition = petition_for_staff(petition_id=petition_id)
    policy = trust_selectors.retention_get(petition=petition)
    initial = {
        "months": trust_selectors.retention_months(petition=petition),
        "exempt": bool(policy and policy.exempt),
        "exempt_reason": policy.exempt_reason if policy else "",
    }
    form = RetentionForm(posted(request), initial=initial)
    saved = form_saved(
        request,
        form,
        lambda data: trust_services.retention_set(petition=petition, actor=staff_user(request), **data),
        success=_("Retention policy saved"),
    )
    if saved is not None:
        return redirect("backoffice:petition", petition_id=petition.pk)
    return render(
        request,
        "backoffice/trust/retention.html",
        {
            "petition": petition,
            "form": form,
            "policy": policy,
            "due_at": trust_selectors.retention_due_at(petition=petition),
        },
    )


@staff_only("can_read_personal_data")
def signers(request: HttpRequest) -> HttpResponse:
    """Find a signer who phoned or wrote: see what is held, withdraw a signature."""
    form = SignerSearchForm(request.GET if "q" in request.GET else None)
    found = None
    if form.is_bound and form.is_valid():
        found = signatures_find(query=form.cleaned_data["q"])
        personal_data_audit(request, PersonalDataAccess.Action.SEARCHED, _("signer search"), rows=len(found))
    return render(request, "backoffice/trust/signers.html", {"form": form, "found": found})


@require_POST
@staff_only("can_read_personal_data")
def signer_withdraw(request: HttpRequest, signature_id: int) -> HttpResponse:
    signature = signature_get_for_confirmation(signature_id=signature_id)
    if signature is None:
        raise Http404("No such signature")
    if action_done(
        request,
        lambda: signature_withdraw(signature=signature),
        success=_("Signature withdrawn and the signer's details erased"),
    ):
        personal_data_audit(
            request, PersonalDataAccess.Action.CHANGED, _("signature withdrawn"), petition=signature.petition
        )
    return redirect("backoffice:signers")


@staff_only("can_see_audit_log")
def audit_log(request: HttpRequest) -> HttpResponse:
    return render(request, "backoffice/trust/audit.html", {"accesses": trust_selectors.personal_data_accesses()})
