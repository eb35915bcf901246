from django.conf import settings
from django.urls import include, path

# An outage met outside a view still answers 503 (the page for a real bug stays 500).
handler500 = "doorstep.core.views.server_error"

urlpatterns = [
    path("", include("doorstep.api.urls")),
    path("", include("doorstep.website.urls")),
    path("", include("doorstep.signatures.urls")),
    path("", include("doorstep.paper.urls")),
    path("", include("doorstep.campaigns.urls")),
    path("", include("doorstep.canvass.urls")),
    path("staff/", include("doorstep.backoffice.urls")),
    path("staff/", include("doorstep.accounts.urls")),
    path("staff/", include("doorstep.backoffice.canvass_urls")),
    path("staff/", include("doorstep.backoffice.evidence_urls")),
    path("staff/", include("doorstep.backoffice.scan_urls")),
]

# The mail provider's tracking webhooks (bounces, complaints), only behind their shared secret:
# without one, anyone could stop Doorstep mailing any address.
if settings.ANYMAIL.get("WEBHOOK_SECRET"):
    urlpatterns.append(path("anymail/", include("anymail.urls")))
