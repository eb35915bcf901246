"""The page behind the link a creator shares: the petition's words, how many supporters it still
needs, and the sign form (signing as on any petition, confirmed by email)."""

from functools import partial

from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from doorstep.petitions.models import Petition
from doorstep.signatures.views import sign_form_submit
from doorstep.trust.selectors import switches_get

from ..selectors.proposals import proposal_for_supporters, proposal_support
from ..services.supporters import supporter_sign
from . import scheme_only


@scheme_only
@require_http_methods(["GET", "POST"])
def support(request: HttpRequest, petition_id: int, token: str) -> HttpResponse:
    proposal = proposal_for_supporters(petition_id=petition_id, token=token)
    if proposal is None:
        return render(request, "scheme/link_failed.html", status=404)
    petition = proposal.petition
    if petition.state in Petition.PUBLIC_STATES:
        return redirect(petition)  # Published: sign on its page like anyone.
    if petition.state not in Petition.SUPPORTED_STATES:
        return render(request, "scheme/not_supported.html", {"petition": petition})
    switches = switches_get()
    if switches.signing_stopped:
        return render(request, "scheme/paused.html", status=503)
    form, signed = sign_form_submit(
        request, petition=petition, switches=switches, sign=partial(supporter_sign, proposal=proposal, token=token)
    )
    if signed:
        return redirect("scheme:support_check_email", petition_id=petition.pk, token=token)
    support = proposal_support(proposal=proposal)
    return render(request, "scheme/support.html", {"petition": petition, "form": form, "support": support})


@scheme_only
def support_check_email(request: HttpRequest, petition_id: int, token: str) -> HttpResponse:
    proposal = proposal_for_supporters(petition_id=petition_id, token=token)
    if proposal is None:
        return render(request, "scheme/link_failed.html", status=404)
    return render(request, "scheme/support_check_email.html", {"petition": proposal.petition})
