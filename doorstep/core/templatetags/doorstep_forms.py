from functools import lru_cache

from django import template
from django.forms import BoundField
from django.utils.html import format_html_join
from django.utils.safestring import SafeString

register = template.Library()


@lru_cache(maxsize=64)
def _options(choices: tuple[tuple[str, str], ...], selected: str) -> SafeString:
    return format_html_join(
        "",
        '<option value="{}"{}>{}</option>',
        ((value, SafeString(" selected") if value == selected else "", label) for value, label in choices),
    )


@register.filter
def select_options(field: BoundField) -> SafeString:
    """A select's <option>s, built once per choice list and selection: the sign form's
    list of countries is on every signer's path, and a template loop over it was its
    slowest part."""
    choices = tuple((str(value), str(label)) for value, label in field.field.choices)  # type: ignore[attr-defined]
    value = field.value()
    return _options(choices, "" if value is None else str(value))
