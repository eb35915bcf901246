"""Links that share a petition: by email, WhatsApp, Facebook and X, each opening with its page's address."""

from urllib.parse import quote

from django.utils.translation import gettext as _

from .models import Petition


def petition_share_links(*, petition: Petition, url: str) -> list[tuple[str, str]]:
    """(label, link) for each way of sharing the petition whose page is at `url`."""
    text = quote(_("%(action)s — sign the petition") % {"action": petition.action})
    return [
        (_("Email"), f"mailto:?subject={quote(petition.action)}&body={quote(url)}"),
        ("WhatsApp", f"https://wa.me/?text={text}%20{quote(url)}"),
        ("Facebook", f"https://www.facebook.com/sharer/sharer.php?u={quote(url)}"),
        (_("X (Twitter)"), f"https://twitter.com/intent/tweet?text={text}&url={quote(url)}"),
    ]
