"""Security headers Django 5.2 does not set itself: a Content Security Policy and a
Permissions Policy. (HSTS, nosniff, referrer and frame policies come from Django's
SecurityMiddleware and XFrameOptionsMiddleware, configured in settings.) Health checks,
503 instead of 500 during an outage, the visitor's address behind a load balancer, and the language
of each page.
"""

import functools
import logging
from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.http import HttpRequest, HttpResponse, HttpResponseBase
from django.middleware.locale import LocaleMiddleware
from django.utils import translation
from django.utils.cache import patch_vary_headers

from .languages import STAFF_PATH, language_cookie
from .outages import is_outage
from .views import healthz, readyz, service_unavailable

logger = logging.getLogger(__name__)


def content_security_policy(*, frame_ancestors: str = "'none'") -> str:
    return "; ".join(
        [
            "default-src 'self'",
            # No inline script at all: every page is the same for every visitor, so it can be
            # served from a shared copy (core.pages) without a per-response nonce.
            "script-src 'self'",
            # Style attributes set progress bars and map keys; style sheets are our own.
            "style-src 'self' 'unsafe-inline'",
            "img-src 'self' data:",
            "font-src 'self' data:",
            "connect-src 'self'",
            # The proof-of-work puzzle solves in a web worker the ALTCHA script makes from a data: URL.
            "worker-src 'self' blob: data:",
            "object-src 'none'",
            "base-uri 'self'",
            "form-action 'self'",
            f"frame-ancestors {frame_ancestors}",
        ]
    )


CONTENT_SECURITY_POLICY = content_security_policy()


def framable_anywhere(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """A page any site may show in a frame (the petition widget for news sites): its CSP says
    frame-ancestors *, and it has no X-Frame-Options. Every other page stays unframable."""

    @functools.wraps(view)
    def framable(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        response = view(request, *args, **kwargs)
        response.xframe_options_exempt = True  # type: ignore[attr-defined]
        if settings.DOORSTEP_CSP:
            response["Content-Security-Policy"] = content_security_policy(frame_ancestors="*")
        return response

    return framable


PERMISSIONS_POLICY = "camera=(), microphone=(), geolocation=(), payment=(), usb=(), interest-cohort=()"


class SecurityHeadersMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if settings.DOORSTEP_CSP:
            response.headers.setdefault("Content-Security-Policy", CONTENT_SECURITY_POLICY)
        response.headers.setdefault("Permissions-Policy", PERMISSIONS_POLICY)
        return response


class ForwardedForMiddleware:
    """Behind load balancers (DOORSTEP_PROXY_ADDRESSES), a request from one of them comes from
    the address it put last in X-Forwarded-For (HAProxy's `option forwardfor`, nginx's
    `$proxy_add_x_forwarded_for`): REMOTE_ADDR is set to it, so limits per address count
    visitors, not the balancer. Addresses a visitor wrote in the header themselves come
    before it and are ignored; a request from anywhere else is left as it is."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        meta = request.META
        if meta.get("REMOTE_ADDR") in settings.DOORSTEP.proxy_addresses:
            forwarded = meta.get("HTTP_X_FORWARDED_FOR", "").rsplit(",", 1)[-1].strip()
            if forwarded:
                meta["REMOTE_ADDR"] = forwarded
        return self.get_response(request)


HEALTH_CHECKS = {"/healthz": healthz, "/readyz": readyz}


class HealthCheckMiddleware:
    """Answers /healthz and /readyz first, before host checks, HTTPS redirects and sessions,
    so a load balancer may call them by IP address over plain HTTP."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        check = HEALTH_CHECKS.get(request.path_info)
        if check is not None and request.method in ("GET", "HEAD"):
            return check(request)
        return self.get_response(request)


class OutageMiddleware:
    """A view that meets an outage (database unreachable or locked, Redis down) answers 503
    with Retry-After, never 500. Outages met in other middleware reach core.views.server_error."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        if not is_outage(exception):
            return None
        logger.warning("503 for %s %s: %s", request.method, request.path, exception)
        return service_unavailable(request)


class LanguageMiddleware(LocaleMiddleware):
    """Public pages speak the language of their address (/cy/... Welsh, the rest English, as
    Django's LocaleMiddleware does with i18n_patterns). Staff pages have one address each, so
    they speak the language chosen with their switch, kept in a cookie for the visit."""

    def process_request(self, request: HttpRequest) -> None:
        super().process_request(request)
        if request.path_info.startswith(STAFF_PATH) and (code := language_cookie(request)):
            translation.activate(code)
            request.LANGUAGE_CODE = code

    def process_response(self, request: HttpRequest, response: HttpResponseBase) -> HttpResponseBase:
        """As Django's, but no `Vary: Accept-Language`: no page here is chosen by it (each address
        has one language), so a cache keeps one copy of a page, not one per browser's languages.
        A staff page varies by the cookie that holds its language."""
        response = super().process_response(request, response)
        vary = [value.strip() for value in response.headers.get("Vary", "").split(",") if value.strip()]
        kept = [value for value in vary if value.lower() != "accept-language"]
        if kept:
            response.headers["Vary"] = ", ".join(kept)
        else:
            response.headers.pop("Vary", None)
        if request.path_info.startswith(STAFF_PATH):
            patch_vary_headers(response, ("Cookie",))
        return response
