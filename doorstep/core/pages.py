"""Public pages served from a short-lived copy, and forms that need no per-visitor token.

`public_page`: a GET page that is the same for every visitor (the petition page, its JSON,
count.json, the sign form) is rendered at most once every DOORSTEP_PAGE_CACHE_SECONDS per
process and per address, and every visitor meanwhile gets that copy. Its response says
`Cache-Control: public, max-age=N`, where N is what is left of FRESH_SECONDS once the copy's
own age is taken off, so a load balancer's cache and the browser may keep it too and what
anyone sees (a count) is never more than FRESH_SECONDS old. It carries an ETag and answers
If-None-Match (and the view's own Last-Modified, If-Modified-Since) with 304.

Only a copy nobody could have made personal is kept: a 200 answer to a GET with no session
or messages cookie, that sets no cookie and that the view did not mark private or no-store.
Staff (who have a session) always get a fresh page, marked private. Anything a signer typed
only ever comes back in the answer to their POST, which is never kept (no-store).

`csrf_by_origin`: the sign and confirm forms carry no CSRF token (so their pages can be
shared copies); a POST to them is accepted only when the browser says it comes from this
site's own pages (Origin, else Sec-Fetch-Site, else Referer), as Django's CSRF check does
with its token.
"""

import hashlib
import math
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from functools import wraps
from typing import Any
from urllib.parse import urlsplit

from django.conf import settings
from django.http import HttpRequest, HttpResponse, HttpResponseBase
from django.utils.cache import get_conditional_response, patch_cache_control, patch_vary_headers
from django.utils.http import is_same_domain, parse_http_date_safe
from django.utils.module_loading import import_string
from django.views.decorators.csrf import csrf_exempt

from .memo import register_clear

# The oldest a public page (and the count on it) may be anywhere: here, in a balancer's cache,
# in a browser.
FRESH_SECONDS = 10
# Copies kept per view and process at most (each page a few tens of kilobytes).
MAX_COPIES = 200
# Cookies that make a page personal: a signed-in session, one-off messages.
PERSONAL_COOKIES = (settings.SESSION_COOKIE_NAME, "messages")
# Headers of the view's answer that a copy keeps (the middleware adds the rest to each answer).
KEPT_HEADERS = ("Content-Type", "Content-Language", "ETag", "Last-Modified")
SAFE_METHODS = ("GET", "HEAD")

View = Callable[..., HttpResponseBase]


@dataclass(frozen=True)
class _Copy:
    status: int
    content: bytes
    headers: tuple[tuple[str, str], ...]
    etag: str
    last_modified: int | None
    made: float  # time.monotonic()


class _Copies:
    """One view's copies in this process, by address."""

    def __init__(self) -> None:
        self.copies: dict[tuple[str, ...], _Copy] = {}
        self.lock = threading.Lock()
        register_clear(self.clear)

    def get(self, key: tuple[str, ...], now: float, seconds: float) -> _Copy | None:
        copy = self.copies.get(key)
        return copy if copy is not None and now - copy.made < seconds else None

    def keep(self, key: tuple[str, ...], copy: _Copy) -> None:
        with self.lock:
            if len(self.copies) >= MAX_COPIES:
                self.copies.clear()
            self.copies[key] = copy

    def clear(self) -> None:
        with self.lock:
            self.copies.clear()


def _personal(request: HttpRequest) -> bool:
    return any(name in request.COOKIES for name in PERSONAL_COOKIES)


def _keepable(response: HttpResponseBase) -> bool:
    cache_control = response.get("Cache-Control", "")
    return (
        response.status_code == 200
        and isinstance(response, HttpResponse)
        and not response.cookies
        and "private" not in cache_control
        and "no-store" not in cache_control
    )


def _copy_of(response: HttpResponse, now: float) -> _Copy:
    etag = response.get("ETag") or '"' + hashlib.sha256(response.content).hexdigest()[:32] + '"'
    last_modified = parse_http_date_safe(response["Last-Modified"]) if response.has_header("Last-Modified") else None
    headers = tuple((name, response[name]) for name in KEPT_HEADERS if response.has_header(name) and name != "ETag")
    return _Copy(response.status_code, response.content, headers, etag, last_modified, now)


def _answer(request: HttpRequest, copy: _Copy, now: float) -> HttpResponseBase:
    response = HttpResponse(copy.content, status=copy.status)
    for name, value in copy.headers:
        response[name] = value
    response["ETag"] = copy.etag
    age = now - copy.made
    response.headers.pop("Cache-Control", None)
    patch_cache_control(response, public=True, max_age=max(0, math.floor(FRESH_SECONDS - age)))
    # A shared cache keeps one copy for visitors without cookies, and never serves it to staff.
    patch_vary_headers(response, ("Cookie",))
    conditional = get_conditional_response(request, etag=copy.etag, last_modified=copy.last_modified, response=response)
    return conditional or response


def public_page(view: View | None = None, *, query: bool = False) -> Any:
    """Serve a GET page that is the same for every visitor from a copy kept a few seconds
    (see the module). `query`: the page depends on the query string (else it is ignored)."""

    def decorate(view: View) -> View:
        copies = _Copies()

        @wraps(view)
        def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
            if request.method not in SAFE_METHODS:
                response = view(request, *args, **kwargs)
                patch_cache_control(response, private=True, no_store=True)
                return response
            seconds = min(settings.DOORSTEP.page_cache_seconds, FRESH_SECONDS)
            if _personal(request):
                response = view(request, *args, **kwargs)
                patch_cache_control(response, private=True)
                return response
            key = (
                request.scheme or "",
                request.get_host(),
                getattr(request, "LANGUAGE_CODE", ""),
                request.get_full_path() if query else request.path,
            )
            now = time.monotonic()
            copy = copies.get(key, now, seconds) if seconds > 0 else None
            if copy is None:
                response = view(request, *args, **kwargs)
                if not _keepable(response):
                    return response
                copy = _copy_of(response, now)  # type: ignore[arg-type]
                if seconds > 0:
                    copies.keep(key, copy)
            return _answer(request, copy, now)

        return wrapped

    return decorate(view) if view is not None else decorate


def _origin_of(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}" if parts.scheme and parts.netloc else ""


def origin_trusted(request: HttpRequest) -> bool:
    """Whether the browser says this POST comes from a page of this site (or of a trusted
    origin, CSRF_TRUSTED_ORIGINS): its Origin header, else Sec-Fetch-Site, else its Referer."""
    if origin := request.META.get("HTTP_ORIGIN"):
        return _trusted(request, origin)
    if fetch_site := request.META.get("HTTP_SEC_FETCH_SITE"):
        return fetch_site == "same-origin"
    return _trusted(request, _origin_of(request.META.get("HTTP_REFERER", "")))


def _trusted(request: HttpRequest, origin: str) -> bool:
    """This site's own origin, or one of CSRF_TRUSTED_ORIGINS (`https://*.example.org` for subdomains)."""
    if origin == f"{'https' if request.is_secure() else 'http'}://{request.get_host()}":
        return True
    scheme, _, netloc = origin.partition("://")
    for trusted in settings.CSRF_TRUSTED_ORIGINS:
        trusted_scheme, _, trusted_netloc = trusted.partition("://")
        if scheme != trusted_scheme:
            continue
        if origin == trusted or ("*" in trusted_netloc and is_same_domain(netloc, trusted_netloc.lstrip("*"))):
            return True
    return False


def csrf_by_origin(view: View) -> View:
    """Django's CSRF protection without its token: a POST not from this site's pages is
    refused (403, Django's CSRF failure page). Test clients that switch CSRF checks off
    switch this off too, as they do Django's."""

    @wraps(view)
    def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        checked = request.method not in SAFE_METHODS and not getattr(request, "_dont_enforce_csrf_checks", False)
        if checked and not origin_trusted(request):
            failure = import_string(settings.CSRF_FAILURE_VIEW)
            return failure(request, reason="Origin checking failed: the form was not sent from this site.")
        return view(request, *args, **kwargs)

    return csrf_exempt(wrapped)
