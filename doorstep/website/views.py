from urllib.parse import quote

from django.conf import settings
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _

from doorstep.campaigns import selectors as campaign_selectors
from doorstep.maps.render import map_figure
from doorstep.maps.selectors import map_layer_for
from doorstep.paper.totals import petition_figures
from doorstep.petitions import selectors as petition_selectors
from doorstep.petitions.models import Petition
from doorstep.petitions.selectors import Listing
from doorstep.scheme.selectors.moderation import rejection_public
from doorstep.scheme.selectors.thresholds import SchemeListing, petition_progress, petitions_listed
from doorstep.signatures.selectors.counts import (
    Counts,
    petition_counts_by_code,
    petition_counts_many,
    petition_where_from,
)

PAGE_SIZE = 20


def home(request: HttpRequest) -> HttpResponse:
    return petition_list(request)


def petition_list(request: HttpRequest) -> HttpResponse:
    # The petition scheme adds petition.parliament.uk's other lists: rejected, awaiting a response...
    tabs = Listing.choices + (SchemeListing.choices if settings.DOORSTEP.petition_scheme else [])
    state = request.GET.get("state", Listing.OPEN)
    if state not in dict(tabs):
        state = Listing.OPEN
    page = Paginator(petitions_listed(state=state), PAGE_SIZE).get_page(request.GET.get("page"))
    counts = petition_counts_many(petition_ids=[p.pk for p in page])
    rows = [(petition, counts.get(petition.pk, Counts())) for petition in page]
    return render(
        request,
        "website/petition_list.html",
        {"page": page, "rows": rows, "state": state, "tabs": tabs},
    )


def _rejected(request: HttpRequest, petition_id: int) -> HttpResponse:
    """A rejected petition's page says why (the petition scheme); a hidden one, or none, is not found."""
    rejection = rejection_public(petition_id=petition_id)
    if rejection is None:
        raise Http404("No such petition")
    context = {"petition": rejection.petition, "decision": rejection.decision, "duplicate_of": rejection.duplicate_of}
    return render(request, "scheme/rejected.html", context)


def petition_detail(request: HttpRequest, petition_id: int) -> HttpResponse:
    petition = petition_selectors.petition_get_public(petition_id=petition_id)
    if petition is None:
        return _rejected(request, petition_id)
    counts = petition_figures(petition=petition)  # the count, and the tallied beside it
    url = request.build_absolute_uri(petition.get_absolute_url())
    action = str(petition)  # in the visitor's language, as the page shows it
    text = quote(_("%(action)s — sign the petition") % {"action": action})
    share_links = [
        (_("Email"), f"mailto:?subject={quote(action)}&body={quote(url)}"),
        ("WhatsApp", f"https://wa.me/?text={text}%20{quote(url)}"),
        ("Facebook", f"https://www.facebook.com/sharer/sharer.php?u={quote(url)}"),
        (_("X (Twitter)"), f"https://twitter.com/intent/tweet?text={text}&url={quote(url)}"),
    ]
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
            "share_links": share_links,
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
