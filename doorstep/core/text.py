"""Short text typed by a person: spaces squeezed, required, not too long, nothing no one types."""

from django.utils.translation import gettext as _

from .errors import ApplicationError


def text_has_control_characters(text: str) -> bool:
    """Whether `text` holds a control character: nobody types one (a NUL byte, which PostgreSQL
    refuses, is one)."""
    return any(ord(char) < 32 or ord(char) == 127 for char in text)


def text_required(value: str, *, field: str, missing: str, max_length: int) -> str:
    """The text with its runs of spaces made one, or an ApplicationError on `field`:
    `missing` when there is none, or that it is longer than `max_length`."""
    value = " ".join((value or "").split())
    if not value:
        raise ApplicationError(missing, field=field)
    if len(value) > max_length:
        raise ApplicationError(_("Use %(n)s characters or fewer") % {"n": max_length}, field=field)
    if text_has_control_characters(value):
        raise ApplicationError(_("This contains characters that are not allowed"), field=field)
    return value
