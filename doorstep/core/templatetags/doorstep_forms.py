from collections.abc import Iterable
from functools import lru_cache
from typing import Any

from django import template
from django.forms import BoundField
from django.utils.html import format_html
from django.utils.safestring import SafeString

register = template.Library()


# (value, label), or (group label, its choices) for an <optgroup>.
Choices = tuple[tuple[str, "str | Choices"], ...]


@lru_cache(maxsize=64)
def _options(choices: Choices, selected: str) -> SafeString:
    return SafeString(
        "".join(
            format_html('<optgroup label="{}">{}</optgroup>', value, _options(label, selected))
            if isinstance(label, tuple)
            else format_html(
                '<option value="{}"{}>{}</option>', value, SafeString(" selected") if value == selected else "", label
            )
            for value, label in choices
        )
    )


def _hashable(choices: Iterable[Any]) -> Choices:
    return tuple(
        (str(value), _hashable(label) if isinstance(label, list | tuple) else str(label)) for value, label in choices
    )


@register.filter
def select_options(field: BoundField) -> SafeString:
    """A select's <option>s (in <optgroup>s for grouped choices), built once per choice list
    and selection: the sign form's list of countries is on every signer's path, and a
    template loop over it was its slowest part."""
    choices = _hashable(field.field.choices)  # type: ignore[attr-defined]
    value = field.value()
    return _options(choices, "" if value is None else str(value))
