"""The language switch, the hreflang links, and staff texts in the reader's language."""

from typing import Any

from django import template
from django.http import HttpRequest
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString

from doorstep.core.languages import STAFF_PATH, Language, LocalText, language_current, page_alternates, text_in

register = template.Library()


@register.inclusion_tag("includes/language_switch.html", takes_context=True)
def language_switch(context: template.Context) -> dict[str, Any]:
    """The switch, "English | Cymraeg": links to the page's other address on public pages; on staff pages,
    a form that remembers the choice for the visit (they have one address each)."""
    request: HttpRequest | None = context.get("request")
    if request is None:
        return {"alternates": [], "staff": False}
    return {
        "alternates": page_alternates(request),
        "staff": request.path_info.startswith(STAFF_PATH),
        "request": request,
        "csrf_token": context.get("csrf_token"),
        "languages": [(language, language == language_current()) for language in Language],
    }


@register.simple_tag(takes_context=True)
def language_links(context: template.Context) -> SafeString:
    """<link rel="alternate" hreflang> for the page in each language, English the default."""
    request: HttpRequest | None = context.get("request")
    alternates = page_alternates(request) if request is not None else []
    links = [(a.language.value, request.build_absolute_uri(a.url)) for a in alternates if request is not None]
    if links:
        links.append(("x-default", links[0][1]))
    return format_html_join("\n  ", '<link rel="alternate" hreflang="{}" href="{}">', links)


@register.filter
def in_language(record: Any, field: str) -> LocalText:
    """`record.<field>` in the page's language, or in the other when staff wrote only that one."""
    return text_in(record, field)


@register.filter
def lang_attr(text: LocalText | str) -> SafeString:
    """` lang="cy"` on an element whose text is not in the page's language (for screen readers)."""
    if isinstance(text, LocalText) and text.fallback:
        return format_html(' lang="{}"', text.language.value)
    return SafeString("")
