"""Security headers Django 5.2 does not set itself: a Content Security Policy and a
Permissions Policy. (HSTS, nosniff, referrer and frame policies come from Django's
SecurityMiddleware and XFrameOptionsMiddleware, configured in settings.) Health checks,
and 503 instead of 500 during an outage. The language of each page.
"""

import logging
import secrets
from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse, HttpResponseBase
from django.middleware.locale import LocaleMiddleware
from django.utils import translation
from django.utils.cache import patch_vary_headers

from .languages import STAFF_PATH, language_cookie
from .outages import is_outage
from .views import healthz, readyz, service_unavailable

logger = logging.getLogger(__name__)


def content_security_policy(nonce: str) -> str:
    return "; ".join(
        [
            "default-src 'self'",
            # Inline scripts run only with this response's nonce (see base.html).
            f"script-src 'self' 'nonce-{nonce}'",
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
            "frame-ancestors 'none'",
        ]
    )


PERMISSIONS_POLICY = "camera=(), microphone=(), geolocation=(), payment=(), usb=(), interest-cohort=()"


class SecurityHeadersMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        nonce = secrets.token_urlsafe(16)
        request.csp_nonce = nonce  # type: ignore[attr-defined]
        response = self.get_response(request)
        if settings.DOORSTEP_CSP:
            response.headers.setdefault("Content-Security-Policy", content_security_policy(nonce))
        response.headers.setdefault("Permissions-Policy", PERMISSIONS_POLICY)
        return response


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
