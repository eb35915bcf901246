"""The canvass pages a canvasser opens on their phone, and the calls the phone makes:
sign the phone in, check it may still send, send each signature (once)."""

from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.middleware.csrf import get_token
from django.shortcuts import render
from django.templatetags.static import static
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_POST

from doorstep.core.bounds import json_parse
from doorstep.core.errors import ApplicationError
from doorstep.core.languages import language_current
from doorstep.petitions.models import Petition
from doorstep.petitions.selectors import petition_get_public, petition_list_public
from doorstep.places.postcodes import POSTCODE_PATTERN

from . import selectors, services
from .access import canvasser, canvasser_only
from .models import DoorSignature, Phone
from .texts import CONSENT_WORDING, page_texts

PHONE_HEADER = "X-Doorstep-Phone"
MAX_BODY = 20_000


def _petition(petition_id: int) -> Petition:
    petition = petition_get_public(petition_id=petition_id)
    if petition is None or petition.state not in (Petition.State.OPEN, Petition.State.CLOSED):
        raise Http404(_("No such petition"))
    return petition


@canvasser_only()
def canvass_home(request: HttpRequest) -> HttpResponse:
    return render(request, "canvass/home.html", {"petitions": petition_list_public(state="open")})


@canvasser_only()
def canvass_page(request: HttpRequest, petition_id: int) -> HttpResponse:
    petition = _petition(petition_id)
    user = canvasser(request)
    return render(
        request,
        "canvass/page.html",
        {
            "petition": petition,
            "canvasser_name": user.get_full_name() or user.get_username(),
            "consent_wording": CONSENT_WORDING,
            "postcode_pattern": POSTCODE_PATTERN,
            "texts": page_texts(),
            "config": {
                "petition": petition.pk,
                "receiveUrl": reverse("canvass:receive", args=[petition.pk]),
                "statusUrl": reverse("canvass:status"),
                "phoneUrl": reverse("canvass:phone_register"),
                "swUrl": reverse("canvass:service_worker"),
                "scope": reverse("canvass:home"),
            },
        },
    )


@require_GET
def manifest(request: HttpRequest, petition_id: int) -> JsonResponse:
    """What makes the canvass page installable: its name, start page and icon."""
    petition = _petition(petition_id)
    return JsonResponse(
        {
            "name": _("Door to door: %(action)s") % {"action": str(petition)},
            "short_name": _("Door to door"),
            "start_url": reverse("canvass:page", args=[petition.pk]),
            "scope": reverse("canvass:home"),
            "display": "standalone",
            "background_color": "#ffffff",
            "theme_color": "#0b0c0c",
            "icons": [{"src": static("canvass/icon.svg"), "sizes": "any", "type": "image/svg+xml"}],
        },
        content_type="application/manifest+json",
    )


@require_GET
def service_worker(request: HttpRequest) -> HttpResponse:
    """Keeps the canvass page and what it needs on the phone, for opening it with no signal."""
    response = render(request, "canvass/sw.js", {"status_url": reverse("canvass:status")})
    response["Content-Type"] = "text/javascript; charset=utf-8"
    response["Cache-Control"] = "no-cache"
    return response


def _phone(request: HttpRequest) -> Phone | None:
    return selectors.phone_get_by_token(token=request.headers.get(PHONE_HEADER, ""))


@never_cache
@require_GET
@canvasser_only(api=True)
def status(request: HttpRequest) -> JsonResponse:
    """Before sending: a fresh form token, and whether this phone may still send."""
    phone = _phone(request)
    state = "unknown"
    if phone is not None and phone.user_id == request.user.pk:
        state = "signed_out" if phone.signed_out_at else "ok"
        if state == "ok":
            services.phone_seen(phone=phone, session_key=request.session.session_key or "")
    return JsonResponse({"csrf": get_token(request), "phone": state})


@require_POST
@canvasser_only(api=True)
def phone_register(request: HttpRequest) -> JsonResponse:
    _phone_record, token = services.phone_register(
        user=canvasser(request),
        label=request.headers.get("User-Agent", "")[:100],
        session_key=request.session.session_key or "",
    )
    return JsonResponse({"token": token}, status=201)


def _input(request: HttpRequest) -> services.DoorInput:
    if len(request.body) > MAX_BODY:
        raise ApplicationError(_("This signature is too long to send"))
    try:
        data = json_parse(request.body)
    except (ValueError, UnicodeDecodeError) as exc:
        raise ApplicationError(_("This signature could not be read: send it again")) from exc
    if not isinstance(data, dict):
        raise ApplicationError(_("This signature could not be read: send it again"))
    text = {name: str(data.get(name) or "") for name in ("key", "name", "address", "postcode", "email")}
    return services.DoorInput(
        **text,
        updates_consent=data.get("updates") is True,
        consent_wording=str(data.get("wording") or ""),
        agreed=data.get("agreed") is True,
        collected_at=str(data.get("collected_at") or ""),
        language=language_current(),
    )


@require_POST
@canvasser_only(api=True)
def signature_receive(request: HttpRequest, petition_id: int) -> JsonResponse:
    """One signature from the phone. 201 when new, 200 when it came before (nothing added)."""
    petition = _petition(petition_id)
    phone = _phone(request)
    if phone is None or phone.user_id != request.user.pk:
        return JsonResponse({"error": _("This phone is not signed in: open the canvass page again")}, status=403)
    if phone.signed_out_at:
        return JsonResponse({"error": _("This phone has been signed out: its signatures cannot be sent")}, status=410)
    try:
        received = services.door_signature_receive(phone=phone, petition=petition, data=_input(request))
    except ApplicationError as error:
        return JsonResponse({"error": error.message, "field": error.field}, status=400)
    outcome = "held" if received.record.review == DoorSignature.Review.HELD else "counted"
    return JsonResponse({"outcome": outcome, "created": received.created}, status=201 if received.created else 200)
