"""Short text typed by a person: spaces squeezed, required, not too long."""

from django.utils.translation import gettext as _

from .errors import ApplicationError


def text_required(value: str, *, field: str, missing: str, max_length: int) -> str:
    """The text with its runs of spaces made one, or an ApplicationError on `field`:
    `missing` when there is none, or that it is longer than `max_length`."""
    value = " ".join((value or "").split())
    if not value:
        raise ApplicationError(missing, field=field)
    if len(value) > max_length:
        raise ApplicationError(_("Use %(n)s characters or fewer") % {"n": max_length}, field=field)
    return value
