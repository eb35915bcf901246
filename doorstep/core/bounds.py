"""Input from outside (an imported file, a request body) read within bounds: a file's size is
checked before it is read, and JSON's nesting as it is parsed.

Python's JSON parser recurses once per level: thousands of nested brackets raise RecursionError,
and a document just under that limit can raise it later, in whatever walks or prints it.
"""

import json
from typing import Any

from django.utils.translation import gettext as _

from .errors import ApplicationError

MB = 1024 * 1024


def size_check(
    *, name: str, size: int, max_mb: int, setting: str, error: type[ApplicationError] = ApplicationError
) -> None:
    """Refuse (with `error`) the file `name` of `size` bytes when it is over `max_mb` megabytes;
    the message names the `setting` that raises the limit."""
    if size > max_mb * MB:
        raise error(
            _("%(name)s is %(size)s MB, larger than the %(max)s MB Doorstep reads (%(setting)s).")
            % {"name": name, "size": f"{size / MB:,.1f}", "max": f"{max_mb:,}", "setting": setting}
        )


# Deeper than any document Doorstep reads (a GeoJSON MultiPolygon's points are 8 levels down).
MAX_DEPTH = 32


class JsonTooDeep(ValueError):
    """The document nests arrays and objects deeper than Doorstep reads."""


def json_parse(text: str | bytes, *, max_depth: int = MAX_DEPTH) -> Any:
    """The parsed document; JsonTooDeep (a ValueError, like a syntax error's JSONDecodeError)
    when it nests deeper than `max_depth`."""
    too_deep = JsonTooDeep(_("The JSON nests more than %(depth)s levels deep") % {"depth": max_depth})
    try:
        document = json.loads(text)
    except RecursionError:
        raise too_deep from None
    if _deeper_than(document, max_depth):
        raise too_deep
    return document


def _deeper_than(document: Any, max_depth: int) -> bool:
    """Walked with a stack of its own, not by recursion."""
    stack = [(document, 1)] if isinstance(document, dict | list) else []
    while stack:
        value, depth = stack.pop()
        if depth > max_depth:
            return True
        children = value.values() if isinstance(value, dict) else value
        stack.extend((child, depth + 1) for child in children if isinstance(child, dict | list))
    return False
