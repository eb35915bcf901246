from django.conf import settings
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _

from doorstep.campaigns import selectors as campaign_selectors
from doorstep.core.organiser import Organiser, organiser_site
from doorstep.core.pages import public_page
from doorstep.maps.render import map_figure
from doorstep.maps.selectors import map_layer_for
from doorstep.paper.totals import petition_figures
from doorstep.petitions import selectors as petition_selectors
from doorstep.petitions.models import Petition
from doorstep.petitions.selectors import Listing
from doorstep.petitions.sharing import petition_share_links
from doorstep.scheme.selectors.moderation import rejection_public
from doorstep.scheme.selectors.thresholds import SchemeListing, petition_progress, petitions_listed
from doorstep.signatures.selectors.counts import (
    Counts,
    petition_counts_by_code,
    petition_counts_many,
    petition_where_from,
)
from doorstep.trust.selectors import switches_get

from .previews import link_preview_tags

PAGE_SIZE = 20
# The longest search kept (characters); the rest is dropped.
SEARCH_MAX = 100


@public_page(query=True)
def home(request: HttpRequest) -> HttpResponse:
    """The open petitions, under whose petitions they are and how to reach the organiser."""
    return _petition_list(request, home=True)


@public_page(query=True)
def petition_list(request: HttpRequest) -> HttpResponse:
    return _petition_list(request)


def _petition_list(request: HttpRequest, home: bool = False) -> HttpResponse:
    # The petition scheme adds petition.parliament.uk's other lists: rejected, awaiting a response...
    tabs = Listing.choices + (SchemeListing.choices if settings.DOORSTEP.petition_scheme else [])
    state = request.GET.get("state", Listing.OPEN)
    if state not in dict(tabs):
        state = Listing.OPEN
    # A NUL cannot be searched for (PostgreSQL refuses it in a query): dropped, like extra spaces.
    query = " ".join(request.GET.get("q", "").replace("\x00", "").split())[:SEARCH_MAX]
    petitions = petition_selectors.petitions_matching(petitions=petitions_listed(state=state), query=query)
    page = Paginator(petitions, PAGE_SIZE).get_page(request.GET.get("page"))
    counts = petition_counts_many(petition_ids=[p.pk for p in page])
    rows = [(petition, counts.get(petition.pk, Counts())) for petition in page]
    return render(
        request,
        "website/petition_list.html",
        {"page": page, "rows": rows, "state": state, "tabs": tabs, "query": query, "home": home},
    )


def _rejected(request: HttpRequest, petition_id: int) -> HttpResponse:
    """A rejected petition's page says why (the petition scheme); a hidden one, or none, is not found."""
    rejection = rejection_public(petition_id=petition_id)
    if rejection is None:
        raise Http404("No such petition")
    context = {"petition": rejection.petition, "decision": rejection.decision, "duplicate_of": rejection.duplicate_of}
    return render(request, "scheme/rejected.html", context)


@public_page
def petition_detail(request: HttpRequest, petition_id: int) -> HttpResponse:
    petition = petition_selectors.petition_get_public(petition_id=petition_id)
    if petition is None:
        return _rejected(request, petition_id)
    counts = petition_figures(petition=petition)  # the count, and the tallied beside it
    url = request.build_absolute_uri(petition.get_absolute_url())
    share_links = petition_share_links(petition=petition, url=url)
    organiser = petition_selectors.petition_organiser(petition=petition)
    progress = min(100, round(100 * counts.total / petition.target)) if petition.target else 0
    where = petition_where_from(petition=petition)
    layer = map_layer_for(kind=petition.home_area_kind)
    petition_map = None
    if layer is not None and counts.total:
        by_code = petition_counts_by_code(petition=petition, dimension=layer.kind)
        kind = str(layer.get_kind_display()).lower()
        title = _("Signatures by %(kind)s") % {"kind": kind}
        petition_map = map_figure(layer, by_code, title=title, around=petition.home_area_code)
    return render(
        request,
        "website/petition_detail.html",
        {
            "petition": petition,
            "public_state": petition.public_state(),
            "State": Petition.State,
            "counts": counts,
            # Count-only paper sheets, shown beside the keyed count, never added into it.
            "paper_tallied": counts.tallied,
            "progress": progress,
            # Staff paused signing: the page says so instead of offering the button.
            "signing_paused": switches_get().signing_stopped,
            "share_links": share_links,
            "link_preview": link_preview_tags(petition=petition, organiser=organiser, count=counts.total),
            "share_url": url,
            "where": where,
            "map": petition_map,
            "updates": campaign_selectors.petition_updates(petition=petition),
            "replies": campaign_selectors.petition_replies(petition=petition),
            "hand_in": campaign_selectors.petition_hand_in(petition=petition),
            "consultation": campaign_selectors.petition_consultation(petition=petition),
            "milestones_reached": campaign_selectors.petition_milestones(petition=petition).exclude(reached_at=None),
            "scheme": petition_progress(petition=petition, total=counts.total),
        },
    )


def privacy(request: HttpRequest) -> HttpResponse:
    # The notice states the retention policy actually in force.
    return render(
        request,
        "website/privacy.html",
        {
            "retention_months": settings.DOORSTEP.retention_months,
            "ip_retention_days": settings.DOORSTEP.ip_retention_days,
        },
    )


# Logos change rarely, and a new one may take an hour to show.
LOGO_MAX_AGE = 3600


def _logo_response(organiser: Organiser) -> HttpResponse:
    found = organiser.logo_bytes()
    if found is None:
        raise Http404("No logo")
    data, media_type = found
    response = HttpResponse(data, content_type=media_type)
    response["Cache-Control"] = f"public, max-age={LOGO_MAX_AGE}"
    return response


def organiser_logo(request: HttpRequest) -> HttpResponse:
    """The site organiser's logo (DOORSTEP_ORGANISER_LOGO), for the header."""
    return _logo_response(organiser_site())


def petition_logo(request: HttpRequest, petition_id: int) -> HttpResponse:
    """The logo of a petition that names its own organiser (a draft's too, for the staff pages' header)."""
    petition = petition_selectors.petition_get(petition_id=petition_id)
    if petition is None:
        raise Http404("No such petition")
    return _logo_response(petition_selectors.petition_organiser(petition=petition))
