"""Whose petitions a page shows: the petition's organiser on its pages, else the site's."""

from django import template
from django.urls import reverse

from doorstep.core.organiser import Organiser, organiser_site
from doorstep.petitions.models import Petition
from doorstep.petitions.selectors import petition_organiser

register = template.Library()


@register.simple_tag(takes_context=True)
def page_organiser(context: template.Context) -> Organiser:
    """The organiser of the page's `petition` if it has one, else the site's (no query: the
    petition's own fields and the settings)."""
    petition = context.get("petition")
    if isinstance(petition, Petition):
        return petition_organiser(petition=petition)
    return organiser_site()


@register.simple_tag
def organiser_logo_url(organiser: Organiser) -> str:
    """Where a browser fetches the organiser's logo ("" if there is none)."""
    if not organiser.logo:
        return ""
    if organiser.logo_petition_id is not None:
        return reverse("website:petition_logo", args=[organiser.logo_petition_id])
    return reverse("website:organiser_logo")


@register.simple_tag
def site_organiser() -> Organiser:
    """The site's own organiser (DOORSTEP_ORGANISER_*), whatever the page."""
    return organiser_site()
