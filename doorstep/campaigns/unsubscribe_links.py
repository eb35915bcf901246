"""The signed link in every supporter email that stops them, without signing in."""

from django.conf import settings
from django.core import signing
from django.urls import reverse
from django.utils.translation import gettext as _

from doorstep.core.errors import ApplicationError

UNSUBSCRIBE_SALT = "doorstep.campaigns.unsubscribe"


def unsubscribe_token(*, delivery_id: int) -> str:
    return signing.dumps(delivery_id, salt=UNSUBSCRIBE_SALT)


def unsubscribe_url(*, delivery_id: int, token: str = "") -> str:
    """The link, in the active language; pass the `token` made once to make the same link twice."""
    token = token or unsubscribe_token(delivery_id=delivery_id)
    return settings.SITE_URL + reverse("campaigns:unsubscribe", args=[token])


def unsubscribe_token_read(*, token: str) -> int:
    """The delivery an unsubscribe link was made for; a clear error if it was not made here."""
    try:
        delivery_id = signing.loads(token, salt=UNSUBSCRIBE_SALT)
    except signing.BadSignature as error:
        raise ApplicationError(_("This unsubscribe link is not valid. Check you copied the whole link.")) from error
    return int(delivery_id)
