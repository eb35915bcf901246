from collections.abc import Callable
from functools import partial

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from doorstep.core.errors import ApplicationError
from doorstep.core.languages import language_current
from doorstep.petitions.models import Petition
from doorstep.petitions.selectors import petition_get_public
from doorstep.trust.models import Switches
from doorstep.trust.selectors import switches_get

from .forms import DataRequestForm, SignForm
from .models import DataRequest
from .selectors.confirmation import signature_get_for_confirmation, signature_token_matches
from .selectors.counts import petition_counts
from .selectors.data_requests import data_request_get, signatures_of_inbox
from .services.confirmation import LINK_NOT_VALID, signature_confirm
from .services.data_requests import data_request_create
from .services.retention import signature_withdraw
from .services.signing import signature_create_checked


def client_ip(request: HttpRequest) -> str | None:
    """The address signing limits count (and starting a petition's, in the scheme app)."""
    # Behind a proxy, configure it to set REMOTE_ADDR (gunicorn --forwarded-allow-ips).
    return request.META.get("REMOTE_ADDR") or None


def sign_form_submit(
    request: HttpRequest, *, petition: Petition, switches: Switches, sign: Callable[..., object]
) -> tuple[SignForm, bool]:
    """The sign form, and on a valid POST `sign(signer=, ip_address=, **guards)` called: (the
    form, with the error if signing refused; whether it signed). Petitions' and supporters' alike."""
    form = SignForm(
        request.POST if request.method == "POST" else None,
        creator_name=petition.creator_name,
        proof_of_work=switches.proof_of_work_required,
    )
    if request.method == "POST" and form.is_valid():
        try:
            sign(signer=form.signer(language=language_current()), ip_address=client_ip(request), **form.guards())
        except ApplicationError as error:
            form.add_application_error(error)
        else:
            return form, True
    return form, False


@require_http_methods(["GET", "POST"])
def sign(request: HttpRequest, petition_id: int) -> HttpResponse:
    petition = petition_get_public(petition_id=petition_id)
    if petition is None:
        raise Http404("No such petition")
    if not petition.is_signable():
        return render(request, "signatures/not_signable.html", {"petition": petition}, status=200)
    switches = switches_get()
    if switches.signing_stopped:
        return render(request, "signatures/paused.html", {"petition": petition}, status=503)
    form, signed = sign_form_submit(
        request, petition=petition, switches=switches, sign=partial(signature_create_checked, petition=petition)
    )
    if signed:
        # The same page whether the email is new or has signed before, so the
        # page tells no one who else has signed. No session: signing writes nothing more.
        return redirect("signatures:check_email", petition_id=petition.pk)
    return render(request, "signatures/sign.html", {"petition": petition, "form": form})


def check_email(request: HttpRequest, petition_id: int) -> HttpResponse:
    petition = petition_get_public(petition_id=petition_id)
    if petition is None:
        raise Http404("No such petition")
    return render(request, "signatures/check_email.html", {"petition": petition})


@require_http_methods(["GET", "POST"])
def confirm(request: HttpRequest, signature_id: int, token: str) -> HttpResponse:
    signature = signature_get_for_confirmation(signature_id=signature_id)
    if signature is None:
        return render(
            request,
            "signatures/confirm_failed.html",
            {"message": _("This confirmation link is not valid.")},
            status=404,
        )
    petition = signature.petition
    # A resident's petition still gathering supporters has no public page to link to.
    linked = petition if petition.state in Petition.VISIBLE_STATES else None
    if request.method == "POST":
        try:
            signature_confirm(signature=signature, token=token)
        except ApplicationError as error:
            return render(
                request, "signatures/confirm_failed.html", {"message": error.message, "petition": linked}, status=400
            )
        if petition.state in Petition.SUPPORTED_STATES:
            return render(request, "signatures/supported.html", {"petition": petition})
        return redirect("signatures:confirmed", petition_id=petition.pk)
    if not signature_token_matches(signature=signature, token=token):
        return render(
            request,
            "signatures/confirm_failed.html",
            {"message": LINK_NOT_VALID, "petition": linked},
            status=404,
        )
    return render(request, "signatures/confirm.html", {"petition": petition, "signature": signature, "linked": linked})


def confirmed(request: HttpRequest, petition_id: int) -> HttpResponse:
    petition = petition_get_public(petition_id=petition_id)
    if petition is None:
        raise Http404("No such petition")
    counts = petition_counts(petition=petition)
    return render(request, "signatures/confirmed.html", {"petition": petition, "counts": counts})


@require_http_methods(["GET", "POST"])
def your_data_request(request: HttpRequest) -> HttpResponse:
    """A signer asks to see what is held about them (and to withdraw)."""
    form = DataRequestForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            data_request_create(
                email=form.cleaned_data["email"], ip_address=client_ip(request), language=language_current()
            )
        except ApplicationError as error:
            form.add_application_error(error)
        else:
            # The same page whether or not the address has signed anything.
            return render(request, "signatures/your_data_sent.html", {"email": form.cleaned_data["email"]})
    return render(request, "signatures/your_data_request.html", {"form": form})


def _data_request_or_expired(request: HttpRequest, token: str) -> DataRequest | HttpResponse:
    data_request = data_request_get(token=token)
    if data_request is None:
        return render(request, "signatures/your_data_expired.html", status=404)
    return data_request


def your_data(request: HttpRequest, token: str) -> HttpResponse:
    data_request = _data_request_or_expired(request, token)
    if isinstance(data_request, HttpResponse):
        return data_request
    signatures = signatures_of_inbox(email_normalised=data_request.email_normalised)
    response = render(request, "signatures/your_data.html", {"signatures": signatures, "token": token})
    response["Cache-Control"] = "no-store"
    return response


@require_POST
def your_data_withdraw(request: HttpRequest, token: str, signature_id: int) -> HttpResponse:
    data_request = _data_request_or_expired(request, token)
    if isinstance(data_request, HttpResponse):
        return data_request
    signature = next(
        (s for s in signatures_of_inbox(email_normalised=data_request.email_normalised) if s.pk == signature_id),
        None,
    )
    if signature is None:
        raise Http404("No such signature")
    try:
        signature_withdraw(signature=signature)
    except ApplicationError as error:
        return render(request, "signatures/confirm_failed.html", {"message": error.message}, status=400)
    return render(request, "signatures/withdrawn.html", {"petition": signature.petition})
