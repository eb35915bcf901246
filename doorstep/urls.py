from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.urls import URLPattern, URLResolver, include, path

# An outage met outside a view still answers 503 (the page for a real bug stays 500).
handler500 = "doorstep.core.views.server_error"

urlpatterns: list[URLPattern | URLResolver] = [
    path("", include("doorstep.api.urls")),
    # The language switch of the staff pages (a cookie for the visit); public pages switch by address.
    path("i18n/", include("django.conf.urls.i18n")),
    path("staff/", include("doorstep.backoffice.urls")),
    path("staff/", include("doorstep.accounts.urls")),
    path("staff/", include("doorstep.backoffice.canvass_urls")),
    path("staff/", include("doorstep.backoffice.evidence_urls")),
    path("staff/", include("doorstep.backoffice.scan_urls")),
]

# The public pages, in English at their addresses and in Welsh under /cy/.
urlpatterns += i18n_patterns(
    path("", include("doorstep.website.urls")),
    path("", include("doorstep.signatures.urls")),
    path("", include("doorstep.paper.urls")),
    path("", include("doorstep.campaigns.urls")),
    path("", include("doorstep.scheme.urls")),
    path("", include("doorstep.canvass.urls")),
    prefix_default_language=False,
)

# The mail provider's tracking webhooks (bounces, complaints), only behind their shared secret:
# without one, anyone could stop Doorstep mailing any address.
if settings.ANYMAIL.get("WEBHOOK_SECRET"):
    urlpatterns.append(path("anymail/", include("anymail.urls")))
