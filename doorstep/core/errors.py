from django.utils.translation import gettext as _


class ApplicationError(Exception):
    """A business rule said no. The message is safe to show to the person who asked."""

    def __init__(self, message: str, *, field: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.field = field


def text_required(
    value: str | None, *, field: str, message: str, max_length: int | None = None, one_line: bool = False
) -> str:
    """`value` stripped (with `one_line`, every run of spaces and line breaks made one space);
    an ApplicationError on `field` saying `message` if that leaves nothing, or if it is
    longer than `max_length`."""
    text = " ".join((value or "").split()) if one_line else (value or "").strip()
    if not text:
        raise ApplicationError(message, field=field)
    if max_length is not None and len(text) > max_length:
        raise ApplicationError(_("Use %(max_length)s characters or fewer") % {"max_length": max_length}, field=field)
    return text
