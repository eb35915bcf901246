"""Security headers Django 5.2 does not set itself: a Content Security Policy and a
Permissions Policy. (HSTS, nosniff, referrer and frame policies come from Django's
SecurityMiddleware and XFrameOptionsMiddleware, configured in settings.)"""

import secrets
from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse


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
