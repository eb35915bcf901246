"""The scheme's public pages: `starting` (the question pages, confirming, the creator's own page),
`supporters` (the share link's page) and `rewording` (the creator's answer to new words)."""

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.conf import settings
from django.http import Http404, HttpRequest, HttpResponse


def scheme_only(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """Pages that exist only when the install runs the petition scheme."""

    @wraps(view)
    def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not settings.DOORSTEP.petition_scheme:
            raise Http404("This site does not take petitions from residents")
        response = view(request, *args, **kwargs)
        # Links with a secret in them, and unpublished words: for the people sent them, not for search engines.
        response["X-Robots-Tag"] = "noindex"
        return response

    return wrapped
