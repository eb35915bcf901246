"""Sharing a petition: links that share it by email, WhatsApp, Facebook and X, and the code
other sites paste to show it (the widget, the image badge)."""

from urllib.parse import quote

from django.conf import settings
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext as _

from .models import Petition


def petition_share_links(*, petition: Petition, url: str) -> list[tuple[str, str]]:
    """(label, link) for each way of sharing the petition whose page is at `url`, in the active
    language (its action as the page shows it)."""
    action = str(petition)
    text = quote(_("%(action)s — sign the petition") % {"action": action})
    return [
        (_("Email"), f"mailto:?subject={quote(action)}&body={quote(url)}"),
        ("WhatsApp", f"https://wa.me/?text={text}%20{quote(url)}"),
        ("Facebook", f"https://www.facebook.com/sharer/sharer.php?u={quote(url)}"),
        (_("X (Twitter)"), f"https://twitter.com/intent/tweet?text={text}&url={quote(url)}"),
    ]


def petition_embed_code(*, petition: Petition) -> str:
    """HTML a news site pastes to show the petition's count and a sign button (website.publicity.embed)."""
    src = f"{settings.SITE_URL}{reverse('website:embed', args=[petition.pk])}"
    title = _("Petition: %(action)s") % {"action": str(petition)}
    return format_html(
        '<iframe src="{}" title="{}" width="100%" height="210" style="border:0;max-width:420px" loading="lazy">'
        "</iframe>",
        src,
        title,
    )


def petition_badge_code(*, petition: Petition) -> str:
    """HTML for the script-free image badge, linked to the petition by its short address."""
    link = f"{settings.SITE_URL}{reverse('website:short_link', args=[petition.pk])}"
    image = f"{settings.SITE_URL}{reverse('website:badge', args=[petition.pk])}"
    alt = _("Sign the petition: %(action)s") % {"action": str(petition)}
    return format_html('<a href="{}"><img src="{}" alt="{}" height="28"></a>', link, image, alt)
