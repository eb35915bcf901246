import re
from urllib.parse import urlencode

from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from doorstep.core.pages import public_page
from doorstep.places.selectors import constituencies_current

from . import selectors
from .documents import constituencies_document, count_document, list_document, petition_document
from .http import document, error
from .openapi import OPENAPI
from .selectors import ListState

# A page number as petition.parliament.uk takes one; anything else is page 1 there too.
PAGE = re.compile(r"^[1-9][0-9]{0,4}$")


def _petition_url(request: HttpRequest, petition_id: int) -> str:
    return request.build_absolute_uri(reverse("api:petition", args=[petition_id]))


def _list_url(request: HttpRequest, *, state: ListState, page: int) -> str:
    query: dict[str, str | int] = {}
    if page > 1:
        query["page"] = page
    if state != ListState.ALL:
        query["state"] = state.value
    base = request.build_absolute_uri(reverse("api:petitions"))
    return f"{base}?{urlencode(query)}" if query else base


@public_page(query=True)
@require_safe
def petition_list(request: HttpRequest) -> HttpResponse:
    try:
        state = ListState(request.GET.get("state") or ListState.ALL)
    except ValueError:
        # As petition.parliament.uk: an unknown state sends the client to all petitions.
        query = {"page": request.GET["page"]} if "page" in request.GET else {}
        return HttpResponseRedirect(f"{reverse('api:petitions')}?{urlencode({**query, 'state': ListState.ALL})}")
    page_asked = request.GET.get("page", "")
    page = selectors.petitions_page(state=state, page=int(page_asked) if PAGE.match(page_asked) else 1)
    links = {
        "self": request.build_absolute_uri(),
        "first": _list_url(request, state=state, page=1),
        "last": _list_url(request, state=state, page=page.last),
        "next": _list_url(request, state=state, page=page.number + 1) if page.number < page.last else None,
        "prev": _list_url(request, state=state, page=min(page.number - 1, page.last)) if page.number > 1 else None,
    }
    return document(
        request,
        list_document(page.petitions, links=links, item_url=lambda petition_id: _petition_url(request, petition_id)),
    )


@public_page
@require_safe
def petition_detail(request: HttpRequest, petition_id: int) -> HttpResponse:
    detail = selectors.petition_detail(petition_id=petition_id)
    if detail is None:
        return error(404, _("No such petition"))
    return document(request, petition_document(detail, self_url=_petition_url(request, petition_id)))


@public_page
@require_safe
def petition_count(request: HttpRequest, petition_id: int) -> HttpResponse:
    summary = selectors.petition_summary(petition_id=petition_id)
    if summary is None:
        return error(404, _("No such petition"))
    return document(request, count_document(summary))


@require_safe
def constituencies(request: HttpRequest) -> HttpResponse:
    return document(request, constituencies_document(constituencies_current()))


@require_safe
def openapi(request: HttpRequest) -> HttpResponse:
    return document(request, OPENAPI)


def not_found(request: HttpRequest, path: str = "") -> HttpResponse:
    """Any other address under the API's paths: a JSON 404 (with the CORS header, like the rest)."""
    return error(404, _("Nothing at this address"))
