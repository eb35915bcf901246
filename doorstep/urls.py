from django.conf import settings
from django.urls import include, path

# An outage met outside a view still answers 503 (the page for a real bug stays 500).
handler500 = "doorstep.core.views.server_error"

# Each app's URLconf: the public ones at the root, in this order, then staff's under staff/.
PUBLIC_URLS = ("api", "website", "signatures", "paper", "campaigns", "scheme", "canvass")
STAFF_URLS = (
    "backoffice.urls",
    "accounts.urls",
    "backoffice.canvass_urls",
    "backoffice.evidence_urls",
    "backoffice.scan_urls",
)

urlpatterns = [
    *(path("", include(f"doorstep.{app}.urls")) for app in PUBLIC_URLS),
    *(path("staff/", include(f"doorstep.{module}")) for module in STAFF_URLS),
]

# The mail provider's tracking webhooks (bounces, complaints), only behind their shared secret:
# without one, anyone could stop Doorstep mailing any address.
if settings.ANYMAIL.get("WEBHOOK_SECRET"):
    urlpatterns.append(path("anymail/", include("anymail.urls")))
