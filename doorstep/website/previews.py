"""Link previews: the Open Graph and Twitter card tags that make a shared link to a petition
show its title, summary and picture (publicity.share_image) in messages and on social media."""

from django.conf import settings
from django.urls import reverse
from django.utils.html import format_html_join
from django.utils.safestring import SafeString
from django.utils.text import Truncator
from django.utils.translation import ngettext

from doorstep.core.languages import text_in
from doorstep.core.organiser import Organiser
from doorstep.petitions.models import Petition

from .share_image import HEIGHT, WIDTH

DESCRIPTION_WORDS = 40


def link_preview_tags(*, petition: Petition, organiser: Organiser, count: int) -> SafeString:
    """The <meta> tags for the petition's page, with absolute addresses (SITE_URL)."""
    url = f"{settings.SITE_URL}{petition.get_absolute_url()}"
    image = f"{settings.SITE_URL}{reverse('website:share_image', args=[petition.pk])}"
    description = Truncator(" ".join(text_in(petition, "background").split())).words(DESCRIPTION_WORDS)
    image_alt = ngettext("%(action)s: %(count)s signature so far", "%(action)s: %(count)s signatures so far", count) % {
        "action": str(petition),
        "count": f"{count:,}",
    }
    tags = [
        ("name", "description", description),
        ("property", "og:type", "website"),
        ("property", "og:site_name", settings.SITE_NAME),
        ("property", "og:title", str(petition)),
        ("property", "og:description", description),
        ("property", "og:url", url),
        ("property", "og:image", image),
        ("property", "og:image:type", "image/png"),
        ("property", "og:image:width", str(WIDTH)),
        ("property", "og:image:height", str(HEIGHT)),
        ("property", "og:image:alt", image_alt),
        ("name", "twitter:card", "summary_large_image"),
        ("name", "twitter:title", str(petition)),
        ("name", "twitter:description", description),
        ("name", "twitter:image", image),
        ("name", "twitter:image:alt", image_alt),
    ]
    links = format_html_join("", '<link rel="canonical" href="{}">', [(url,)])
    return format_html_join("\n  ", '<meta {}="{}" content="{}">', tags) + links
