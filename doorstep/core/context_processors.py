from typing import Any

from django.conf import settings
from django.http import HttpRequest


def site(request: HttpRequest) -> dict[str, Any]:
    return {
        "site_name": settings.SITE_NAME,
        "site_url": settings.SITE_URL,
        # Residents may start petitions (the scheme app): the header and the petitions list say so.
        "petition_scheme": settings.DOORSTEP.petition_scheme,
    }
