"""Security headers Django 5.2 does not set itself: a Content Security Policy and a
Permissions Policy. (HSTS, nosniff, referrer and frame policies come from Django's
SecurityMiddleware and XFrameOptionsMiddleware, configured in settings.) Health checks,
and 503 instead of 500 during an outage.
"""

import functools
import logging
import secrets
from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.http import HttpRequest, HttpResponse

from .outages import is_outage
from .views import healthz, readyz, service_unavailable

logger = logging.getLogger(__name__)


def content_security_policy(nonce: str, *, frame_ancestors: str = "'none'") -> str:
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
            f"frame-ancestors {frame_ancestors}",
        ]
    )


def framable_anywhere(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """A page any site may show in a frame (the petition widget for news sites): its CSP says
    frame-ancestors *, and it has no X-Frame-Options. Every other page stays unframable."""

    @functools.wraps(view)
    def framable(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        response = view(request, *args, **kwargs)
        response.xframe_options_exempt = True  # type: ignore[attr-defined]
        if settings.DOORSTEP_CSP:
            nonce = getattr(request, "csp_nonce", "")
            response["Content-Security-Policy"] = content_security_policy(nonce, frame_ancestors="*")
        return response

    return framable


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
