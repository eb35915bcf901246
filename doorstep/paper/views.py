from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from doorstep.core.errors import ApplicationError
from doorstep.core.languages import language_current
from doorstep.petitions.selectors import petition_get_public
from doorstep.signatures.views import client_ip
from doorstep.trust.selectors import switches_get

from .forms import PackRequestForm
from .services import requests as pack_requests


@require_http_methods(["GET", "POST"])
def pack_request(request: HttpRequest, petition_id: int) -> HttpResponse:
    """'Collect signatures on paper': a resident asks for a pack."""
    petition = petition_get_public(petition_id=petition_id)
    if petition is None:
        raise Http404(_("No such petition"))
    if not petition.is_signable():
        return render(request, "signatures/not_signable.html", {"petition": petition})
    switches = switches_get()
    if switches.pack_requests_stopped:
        # Said before the form, not after it is filled in: the page gives the phone number instead.
        return render(request, "paper/pack_request.html", {"petition": petition, "paused": True})
    form = PackRequestForm(
        request.POST if request.method == "POST" else None, proof_of_work=switches.proof_of_work_required
    )
    if request.method == "POST" and form.is_valid():
        try:
            # Held quietly when trust says so (over a limit, a bot's): the resident sees the same page.
            pack_requests.pack_request_checked(
                petition=petition,
                ip_address=client_ip(request),
                language=language_current(),
                **form.guards(),
                **form.answers(),
            )
        except ApplicationError as error:
            form.add_application_error(error)
        else:
            return redirect("paper:pack_requested", petition_id=petition.pk)
    return render(request, "paper/pack_request.html", {"petition": petition, "form": form})


def pack_requested(request: HttpRequest, petition_id: int) -> HttpResponse:
    petition = petition_get_public(petition_id=petition_id)
    if petition is None:
        raise Http404(_("No such petition"))
    return render(request, "paper/pack_requested.html", {"petition": petition})
