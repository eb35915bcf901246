from collections.abc import Callable
from functools import partial
from urllib.parse import urlencode

from django.core import signing
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST

from doorstep.core.emails import email_mask
from doorstep.core.errors import ApplicationError
from doorstep.core.languages import language_current
from doorstep.core.pages import csrf_by_origin, public_page
from doorstep.petitions.models import Petition
from doorstep.petitions.selectors import petition_get_public, petition_get_public_cached
from doorstep.petitions.sharing import petition_share_links
from doorstep.trust.models import Switches
from doorstep.trust.selectors import switches_get_cached

from .forms import DataRequestForm, SignForm
from .models import DataRequest
from .selectors.confirmation import signature_for_link, signature_token_matches
from .selectors.counts import petition_counts
from .selectors.data_requests import data_request_get, signatures_of_inbox
from .services.confirmation import LINK_NOT_VALID, signature_confirm
from .services.data_requests import data_request_create
from .services.retention import signature_withdraw
from .services.signing import signature_create_checked

# The masked address on "Check your email" is signed with this salt, and shown for a day.
CHECK_EMAIL_SALT = "doorstep.signatures.check_email"
CHECK_EMAIL_MAX_AGE = 24 * 60 * 60


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


@public_page
@csrf_by_origin
@require_http_methods(["GET", "POST"])
def sign(request: HttpRequest, petition_id: int) -> HttpResponse:
    """The sign form: one shared copy for everyone (no CSRF token, no session; see core.pages)."""
    petition = petition_get_public_cached(petition_id=petition_id)
    if petition is None:
        raise Http404("No such petition")
    if not petition.is_signable():
        return render(request, "signatures/not_signable.html", {"petition": petition}, status=200)
    switches = switches_get_cached()
    if switches.signing_stopped:
        return render(request, "signatures/paused.html", {"petition": petition}, status=503)
    form, signed = sign_form_submit(
        request, petition=petition, switches=switches, sign=partial(signature_create_checked, petition=petition)
    )
    if signed:
        # The same page whether the email is new or has signed before, so the
        # page tells no one who else has signed. No session: signing writes nothing more;
        # the address, masked, travels signed in the link (see check_email).
        masked = signing.dumps(email_mask(form.cleaned_data["email"]), salt=CHECK_EMAIL_SALT)
        url = reverse("signatures:check_email", args=[petition.pk])
        return redirect(f"{url}?{urlencode({'to': masked})}")
    response = render(request, "signatures/sign.html", {"petition": petition, "form": form})
    if switches.proof_of_work_required:
        response["Cache-Control"] = "private, no-store"  # the puzzle is new on every page
    return response


@never_cache
def check_email(request: HttpRequest, petition_id: int) -> HttpResponse:
    """ "Check your email", with the address it went to masked ("j•••@example.org") so a
    typing mistake shows. It comes signed in the link: a link made elsewhere shows none.
    Never a shared copy: it shows what the signer typed."""
    petition = petition_get_public_cached(petition_id=petition_id)
    if petition is None:
        raise Http404("No such petition")
    try:
        masked = signing.loads(request.GET.get("to", ""), salt=CHECK_EMAIL_SALT, max_age=CHECK_EMAIL_MAX_AGE)
    except signing.BadSignature:
        masked = ""
    return render(request, "signatures/check_email.html", {"petition": petition, "masked_email": masked})


@csrf_by_origin
@require_http_methods(["GET", "POST"])
def confirm(request: HttpRequest, signature_id: int, token: str) -> HttpResponse:
    signature = signature_for_link(signature_id=signature_id)
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
    response = render(
        request, "signatures/confirm.html", {"petition": petition, "signature": signature, "linked": linked}
    )
    response["Cache-Control"] = "private, no-store"  # it names the signer
    return response


def confirmed(request: HttpRequest, petition_id: int) -> HttpResponse:
    petition = petition_get_public(petition_id=petition_id)
    if petition is None:
        raise Http404("No such petition")
    counts = petition_counts(petition=petition)
    url = request.build_absolute_uri(petition.get_absolute_url())
    return render(
        request,
        "signatures/confirmed.html",
        {
            "petition": petition,
            "counts": counts,
            "share_links": petition_share_links(petition=petition, url=url),
            "share_url": url,
        },
    )


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
