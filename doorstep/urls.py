from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.urls import URLPattern, URLResolver, include, path

# An outage met outside a view still answers 503 (the page for a real bug stays 500).
handler500 = "doorstep.core.views.server_error"

# Each app's URLconf: the API at the root; the public pages in English at their addresses and in
# Welsh under /cy/, in this order; staff's under staff/ (one address each, in the language of the switch).
PUBLIC_URLS = ("website", "signatures", "paper", "campaigns", "scheme", "canvass")
STAFF_URLS = (
    "backoffice.urls",
    "accounts.urls",
    "backoffice.canvass_urls",
    "backoffice.evidence_urls",
    "backoffice.scan_urls",
)

urlpatterns: list[URLPattern | URLResolver] = [
    path("", include("doorstep.api.urls")),
    # The language switch of the staff pages (a cookie for the visit); public pages switch by address.
    path("i18n/", include("django.conf.urls.i18n")),
    *(path("staff/", include(f"doorstep.{module}")) for module in STAFF_URLS),
]
urlpatterns += i18n_patterns(
    *(path("", include(f"doorstep.{app}.urls")) for app in PUBLIC_URLS),
    prefix_default_language=False,
)

# The mail provider's tracking webhooks (bounces, complaints), only behind their shared secret:
# without one, anyone could stop Doorstep mailing any address.
if settings.ANYMAIL.get("WEBHOOK_SECRET"):
    urlpatterns.append(path("anymail/", include("anymail.urls")))
