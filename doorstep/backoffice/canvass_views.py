"""Staff pages for door-to-door canvassing: each canvasser's signatures per day, their
phones (sign a lost one out), signatures held as possible duplicates, and a canvasser's
signatures held or taken out in bulk."""

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from doorstep.accounts.models import User
from doorstep.canvass import selectors as canvass_selectors
from doorstep.canvass import services as canvass_services
from doorstep.canvass.forms import TakeOutForm
from doorstep.core.errors import ApplicationError
from doorstep.petitions.models import Petition
from doorstep.petitions.selectors import petition_for_staff

from .access import staff_only, staff_user


def _canvasser(user_id: int) -> User:
    user = canvass_selectors.canvasser_get(user_id=user_id)
    if user is None:
        raise Http404(_("No such canvasser"))
    return user


@staff_only("can_read_personal_data")
def petition_canvass(request: HttpRequest, petition_id: int) -> HttpResponse:
    petition = petition_for_staff(petition_id=petition_id)
    return render(
        request,
        "canvass/staff/petition.html",
        {
            "petition": petition,
            "canvassers": canvass_selectors.petition_canvassers(petition=petition),
            "held": canvass_selectors.door_signatures_held(petition=petition),
            "take_out_form": TakeOutForm(),
        },
    )


def _back(petition: Petition) -> HttpResponse:
    return redirect("canvass_staff:petition", petition_id=petition.pk)


@require_POST
@staff_only("can_read_personal_data")
def held_decide(request: HttpRequest, petition_id: int, record_id: int) -> HttpResponse:
    petition = petition_for_staff(petition_id=petition_id)
    record = canvass_selectors.door_signature_get(petition=petition, record_id=record_id)
    if record is None:
        raise Http404(_("No such signature"))
    try:
        canvass_services.door_signature_decide(
            record=record, count=request.POST.get("outcome") == "count", actor=staff_user(request)
        )
    except ApplicationError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("Decision recorded"))
    return _back(petition)


@require_POST
@staff_only("can_manage_petitions")
def phone_sign_out(request: HttpRequest, petition_id: int, phone_id: int) -> HttpResponse:
    petition = petition_for_staff(petition_id=petition_id)
    phone = canvass_selectors.phone_get(phone_id=phone_id)
    if phone is None:
        raise Http404(_("No such phone"))
    if canvass_services.phone_sign_out(phone=phone, actor=staff_user(request)):
        messages.success(request, _("The phone is signed out: signatures still waiting on it cannot be sent."))
    else:
        messages.error(request, _("That phone was signed out already"))
    return _back(petition)


@require_POST
@staff_only("can_manage_petitions")
def canvasser_bulk(request: HttpRequest, petition_id: int, user_id: int, action: str) -> HttpResponse:
    """Hold, release or take out everything one canvasser collected for the petition."""
    petition, canvasser, actor = petition_for_staff(petition_id=petition_id), _canvasser(user_id), staff_user(request)
    if action == "hold":
        n = canvass_services.canvasser_signatures_hold(petition=petition, canvasser=canvasser, actor=actor)
        messages.success(request, ngettext("%(n)s signature held", "%(n)s signatures held", n) % {"n": n})
    elif action == "release":
        n = canvass_services.canvasser_signatures_release(petition=petition, canvasser=canvasser, actor=actor)
        messages.success(request, ngettext("%(n)s signature released", "%(n)s signatures released", n) % {"n": n})
    elif action == "take-out":
        form = TakeOutForm(request.POST)
        try:
            n = canvass_services.canvasser_signatures_invalidate(
                petition=petition,
                canvasser=canvasser,
                reason=form.data.get("reason", ""),
                actor=actor,
            )
        except ApplicationError as error:
            messages.error(request, error.message)
        else:
            messages.success(request, ngettext("%(n)s signature taken out", "%(n)s signatures taken out", n) % {"n": n})
    else:
        raise Http404(_("No such action"))
    return _back(petition)
