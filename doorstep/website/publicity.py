"""A petition beyond its page: the picture link previews show, the count-and-sign widget news
sites frame, an image badge, the short link, and a poster and leaflet to print.

The pictures and PDFs are made at most once every CACHE_SECONDS for each petition (and again
when the petition or its organiser changes), so a shared link or a busy page costs one drawing."""

import hashlib
from collections.abc import Callable

from django.core.cache import cache
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from doorstep.core.middleware import framable_anywhere
from doorstep.core.organiser import Organiser
from doorstep.petitions.models import Petition
from doorstep.petitions.selectors import petition_get_public, petition_organiser
from doorstep.signatures.selectors.counts import petition_counts
from doorstep.trust.selectors import switches_get

from .posters import PrintSize, petition_short_address, petition_sign_url, poster_pdf
from .share_image import ShareCard, share_image_png

# How long a picture, a PDF or the widget may show an old count.
CACHE_SECONDS = 300


def _petition(petition_id: int) -> Petition:
    petition = petition_get_public(petition_id=petition_id)
    if petition is None:
        raise Http404("No such petition")
    return petition


def _made_once(kind: str, petition: Petition, organiser: Organiser, make: Callable[[], bytes]) -> bytes:
    """make(), kept in the cache for CACHE_SECONDS under the petition's and organiser's version
    and the language it is made in (under /cy/, Welsh)."""
    version = hashlib.sha256(f"{petition.updated_at.isoformat()}|{organiser!r}".encode()).hexdigest()[:16]
    key = f"doorstep:publicity:{kind}:{petition.pk}:{translation.get_language()}:{version}"
    data = cache.get(key)
    if data is None:
        data = make()
        cache.set(key, data, CACHE_SECONDS)
    return data


def _cacheable(response: HttpResponse) -> HttpResponse:
    response["Cache-Control"] = f"public, max-age={CACHE_SECONDS}"
    return response


def short_link(request: HttpRequest, petition_id: int) -> HttpResponse:
    """/p/<id>: the short address printed on posters and leaflets."""
    return redirect(_petition(petition_id).get_absolute_url(), permanent=True)


def share_image(request: HttpRequest, petition_id: int) -> HttpResponse:
    """The picture link previews show (og:image): the petition and its count, 1200 x 630."""
    petition = _petition(petition_id)
    organiser = petition_organiser(petition=petition)

    def draw() -> bytes:
        card = ShareCard(
            action=str(petition),
            organiser=organiser.name,
            count=petition_counts(petition=petition).total,
            target=petition.target,
            address=petition_short_address(petition),
        )
        return share_image_png(card)

    return _cacheable(HttpResponse(_made_once("share-png", petition, organiser, draw), content_type="image/png"))


def _print(request: HttpRequest, petition_id: int, size: PrintSize) -> HttpResponse:
    petition = _petition(petition_id)
    if petition.public_state() != Petition.State.OPEN:
        raise Http404("Only a petition taking signatures has a poster")
    organiser = petition_organiser(petition=petition)
    pdf = _made_once(
        size,
        petition,
        organiser,
        lambda: poster_pdf(
            petition=petition, organiser=organiser, count=petition_counts(petition=petition).total, size=size
        ),
    )
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="petition-{petition.pk}-{size}.pdf"'
    return _cacheable(response)


def poster(request: HttpRequest, petition_id: int) -> HttpResponse:
    """An A4 poster for a shop window: the petition, its count, a QR code to sign, the phone number."""
    return _print(request, petition_id, PrintSize.POSTER)


def leaflet(request: HttpRequest, petition_id: int) -> HttpResponse:
    """The same as an A5 leaflet, for doors."""
    return _print(request, petition_id, PrintSize.LEAFLET)


def _widget_context(petition: Petition) -> dict:
    counts = petition_counts(petition=petition)
    return {
        "petition": petition,
        "count": counts.total,
        "progress": min(100, round(100 * counts.total / petition.target)) if petition.target else 0,
        "signable": petition.is_signable() and not switches_get().signing_stopped,
        "sign_url": petition_sign_url(petition),
        "page_url": petition.get_absolute_url(),
        "organiser": petition_organiser(petition=petition),
    }


@framable_anywhere
def embed(request: HttpRequest, petition_id: int) -> HttpResponse:
    """The count-and-sign widget a news site shows in an iframe (the only page any site may frame)."""
    response = render(request, "website/embed.html", _widget_context(_petition(petition_id)))
    return _cacheable(response)


def badge(request: HttpRequest, petition_id: int) -> HttpResponse:
    """A script-free image for any page or newsletter: "Sign the petition · 1,234 signatures"."""
    context = _widget_context(_petition(petition_id))
    label = _("Sign the petition") if context["signable"] else _("Petition")
    count = ngettext("%(count)s signature", "%(count)s signatures", context["count"]) % {
        "count": f"{context['count']:,}"
    }
    # Widths for 13 px Arial-like text: about 7.2 px a character, and 10 px either side.
    widths = [round(20 + 7.2 * len(text)) for text in (label, count)]
    context.update(label=label, count_words=count, label_width=widths[0], count_width=widths[1], width=sum(widths))
    response = render(request, "website/badge.svg", context, content_type="image/svg+xml")
    return _cacheable(response)
