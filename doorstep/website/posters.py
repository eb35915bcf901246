"""Posters (A4) and leaflets (A5) for shop windows and doors: the petition, its count so far,
a QR code to its sign page, and how to ask for a paper pack by phone. WeasyPrint lays them out."""

import enum

from django.conf import settings
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from doorstep.core.organiser import Organiser
from doorstep.core.pdf import pdf_bytes
from doorstep.petitions.models import Petition


class PrintSize(enum.StrEnum):
    POSTER = "poster"  # A4
    LEAFLET = "leaflet"  # A5


PAGE = {PrintSize.POSTER: "A4", PrintSize.LEAFLET: "A5"}


def petition_short_address(petition: Petition) -> str:
    """The petition's short link as printed, without the scheme: "petitions.example.org/p/12"."""
    return f"{settings.SITE_URL.split('://', 1)[-1]}{reverse('website:short_link', args=[petition.pk])}"


def petition_sign_url(petition: Petition) -> str:
    """The sign page's full address: what the QR code holds."""
    return f"{settings.SITE_URL}{reverse('signatures:sign', args=[petition.pk])}"


def poster_pdf(*, petition: Petition, organiser: Organiser, count: int, size: PrintSize) -> bytes:
    import segno  # only here: a process that draws no QR code does not load it

    qr = segno.make(petition_sign_url(petition), error="m")
    html = render_to_string(
        "website/print/poster.html",
        {
            "petition": petition,
            "organiser": organiser,
            "logo": organiser.logo_data_uri(),
            "count": count,
            "page": PAGE[size],
            "leaflet": size == PrintSize.LEAFLET,
            "qr": qr.svg_data_uri(scale=10, border=2),
            "short_address": petition_short_address(petition),
            "today": timezone.localdate(),
        },
    )
    # Nothing to fetch: the logo and the QR code are in the page as data: URIs.
    return pdf_bytes(html=html)
