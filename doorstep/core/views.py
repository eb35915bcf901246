"""Answers about the service itself: health checks for load balancers and monitors, and
the 503 page and document given while the database or Redis is out of reach."""

import logging
import sys

from django.http import HttpRequest, HttpResponse, HttpResponseServerError, JsonResponse
from django.shortcuts import render
from django.template.loader import render_to_string
from django.utils.translation import gettext as _
from django.views.decorators.csrf import requires_csrf_token

from .context_processors import site
from .health import readiness
from .outages import connections_drop, is_outage

logger = logging.getLogger(__name__)

# Seconds a client is asked to wait before trying again.
RETRY_AFTER = 60


def healthz(request: HttpRequest) -> HttpResponse:
    """The process is alive and answering (it touches nothing else)."""
    return JsonResponse({"status": "ok"})


def readyz(request: HttpRequest) -> HttpResponse:
    """Ready to serve: the database answers, every migration is applied, no task has
    waited longer than DOORSTEP_QUEUE_ALERT_MINUTES. 503 if not."""
    state = readiness()
    body = {
        "status": "ready" if state.ready else "not ready",
        "checks": {"database": state.database, "migrations": state.migrations, "queue": state.queue},
        "oldest_task_wait_seconds": state.oldest_wait_seconds,
    }
    response = JsonResponse(body, status=200 if state.ready else 503)
    response["Cache-Control"] = "no-store"
    return response


def wants_json(request: HttpRequest) -> bool:
    """The JSON API's addresses, or a client that asks for JSON and not HTML."""
    accept = request.headers.get("Accept", "")
    return (
        request.path.endswith(".json")
        or request.path.startswith("/api/")
        or ("application/json" in accept and "text/html" not in accept)
    )


def service_unavailable(request: HttpRequest) -> HttpResponse:
    """503 with Retry-After: the GOV.UK "problem with the service" page, or a JSON errors
    document for the API. Touches no database, and drops the connections the outage broke."""
    connections_drop()
    if wants_json(request):
        response: HttpResponse = JsonResponse(
            {
                "errors": [
                    {
                        "status": "503",
                        "title": _("Service unavailable"),
                        "detail": _("Sorry, there is a problem with the service. Try again in a few minutes."),
                    }
                ]
            },
            status=503,
        )
    else:
        response = HttpResponse(_page(request, "503.html"), status=503)
    response["Retry-After"] = str(RETRY_AFTER)
    response["Cache-Control"] = "no-store"
    return response


def _page(request: HttpRequest, template: str) -> str:
    # No context processors: they could reach for the database (the user, the session).
    try:
        return render_to_string(template, {"request": request, **site(request)})
    except Exception:  # the page must never fail: plain words instead
        logger.exception("The %s page failed to render", template)
        return "<!DOCTYPE html><title>{0}</title><h1>{0}</h1><p>{1}</p>".format(
            _("Sorry, there is a problem with the service"), _("Try again in a few minutes.")
        )


def server_error(request: HttpRequest) -> HttpResponse:
    """handler500: an outage met outside a view (in a middleware) still answers 503."""
    error = sys.exc_info()[1]
    if error is not None and is_outage(error):
        return service_unavailable(request)
    return HttpResponseServerError(_page(request, "500.html"))


@requires_csrf_token
def csrf_failure(request: HttpRequest, reason: str = "") -> HttpResponse:
    """CSRF_FAILURE_VIEW: a form sent after its page expired (or without cookies), in the
    site's own page rather than Django's bare one."""
    return render(request, "403_csrf.html", status=403)
