import math
from urllib.parse import urlencode

from django.core.paginator import EmptyPage, PageNotAnInteger, Paginator
from django.http import HttpRequest, JsonResponse
from django.urls import reverse
from django.views.decorators.http import require_GET

from doorstep.petitions import selectors as petition_selectors
from doorstep.signatures.selectors.counts import Counts, petition_counts, petition_counts_many

from .openapi import OPENAPI
from .serializers import petition_resource

PAGE_SIZE = 50
STATES = ("open", "closed", "all")


def _json(data: dict, *, status: int = 200) -> JsonResponse:
    response = JsonResponse(data, status=status, json_dumps_params={"ensure_ascii": False})
    # Short enough to feel live, long enough to spare the server a refresh storm.
    response["Cache-Control"] = "public, max-age=10"
    return response


def _error(status: int, title: str) -> JsonResponse:
    return JsonResponse({"errors": [{"status": str(status), "title": title}]}, status=status)


def _petition_url(request: HttpRequest, petition_id: int) -> str:
    return request.build_absolute_uri(reverse("api:petition", args=[petition_id]))


@require_GET
def petition_list(request: HttpRequest) -> JsonResponse:
    state = request.GET.get("state", "all")
    if state not in STATES:
        return _error(400, f"Unknown state {state!r}: use one of {', '.join(STATES)}")
    paginator = Paginator(petition_selectors.petition_list_public(state=state), PAGE_SIZE)
    try:
        page = paginator.page(request.GET.get("page", 1))
    except PageNotAnInteger:
        return _error(400, "page must be a whole number")
    except EmptyPage:
        return _error(404, "No such page")
    base = request.build_absolute_uri(reverse("api:petitions"))

    def page_url(number: int | None) -> str | None:
        if number is None:
            return None
        query: dict[str, str | int] = {"state": state} if number == 1 else {"page": number, "state": state}
        return f"{base}?{urlencode(query)}"

    counts = petition_counts_many(petition_ids=[p.pk for p in page])
    last = max(1, math.ceil(paginator.count / PAGE_SIZE))
    return _json(
        {
            "links": {
                "self": page_url(page.number),
                "first": page_url(1),
                "last": page_url(last),
                "next": page_url(page.next_page_number() if page.has_next() else None),
                "prev": page_url(page.previous_page_number() if page.has_previous() else None),
            },
            "data": [
                petition_resource(
                    petition,
                    counts.get(petition.pk, Counts()),
                    self_url=_petition_url(request, petition.pk),
                    full=False,
                )
                for petition in page
            ],
        }
    )


@require_GET
def petition_detail(request: HttpRequest, petition_id: int) -> JsonResponse:
    petition = petition_selectors.petition_get_public(petition_id=petition_id)
    if petition is None:
        return _error(404, "No such petition")
    self_url = _petition_url(request, petition.pk)
    counts = petition_counts(petition=petition)
    return _json(
        {"links": {"self": self_url}, "data": petition_resource(petition, counts, self_url=self_url, full=True)}
    )


@require_GET
def petition_count(request: HttpRequest, petition_id: int) -> JsonResponse:
    petition = petition_selectors.petition_get_public(petition_id=petition_id)
    if petition is None:
        return _error(404, "No such petition")
    counts = petition_counts(petition=petition)
    return _json(
        {
            "signature_count": counts.total,
            "doorstep": {
                "online_signature_count": counts.online,
                "paper_signature_count": counts.paper,
                "door_signature_count": counts.door,
            },
        }
    )


@require_GET
def openapi(request: HttpRequest) -> JsonResponse:
    return _json(OPENAPI)
