"""English and Welsh: the languages Doorstep speaks, the text staff wrote in each, and the
public pages' addresses in each (English unprefixed, Welsh under /cy/).

A record with a Welsh text keeps it in a field of its own beside the English one, named
with `_cy` (`action` and `action_cy`); `text_in` picks the one for a reader, falling back
to the other language when staff wrote only that one, and says so.
"""

from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.db import models
from django.http import HttpRequest
from django.urls import translate_url
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from .errors import ApplicationError


class Language(models.TextChoices):
    """The codes are Django's language codes (settings.LANGUAGES); each name is in its own language."""

    ENGLISH = "en-gb", "English"
    WELSH = "cy", "Cymraeg"


WELSH_SUFFIX = "_cy"
# Where the staff pages are (doorstep/urls.py): one address each, in the language of the switch.
STAFF_PATH = "/staff/"
# The names of the two languages as a reader of either sees them in a sentence.
OTHER_LANGUAGE_NOTE = {
    Language.ENGLISH: _("This text is only available in English."),
    Language.WELSH: _("This text is only available in Welsh."),
}


def language_current() -> Language:
    """The active language (the page's, or the one an email is being written in)."""
    return language_of(translation.get_language())


def language_of(code: str | None) -> Language:
    """A stored or requested language code as a Language; English for anything else."""
    return Language.WELSH if code and code.lower().split("-")[0] == Language.WELSH else Language.ENGLISH


class LocalText(str):
    """A text as a reader sees it: `language` is the one it is written in, `fallback`
    is True when it is not in the reader's language (staff wrote only the other one)."""

    language: Language
    fallback: bool

    def __new__(cls, text: str, *, language: Language, fallback: bool) -> "LocalText":
        value = super().__new__(cls, text)
        value.language = language
        value.fallback = fallback
        return value

    @property
    def note(self) -> str:
        """What to tell the reader when it is not in their language ("" when it is)."""
        return str(OTHER_LANGUAGE_NOTE[self.language]) if self.fallback and self else ""


def text_in(record: Any, field: str, language: str | None = None) -> LocalText:
    """`record.<field>` in `language` (the active one by default): its `<field>_cy` for
    Welsh, unless that is empty; the English text when it is, and the other way round."""
    wanted = language_of(language) if language else language_current()
    english, welsh = getattr(record, field) or "", getattr(record, field + WELSH_SUFFIX, "") or ""
    texts = {Language.ENGLISH: english, Language.WELSH: welsh}
    if texts[wanted].strip() or not any(t.strip() for t in texts.values()):
        return LocalText(texts[wanted], language=wanted, fallback=False)
    other = Language.WELSH if wanted == Language.ENGLISH else Language.ENGLISH
    return LocalText(texts[other], language=other, fallback=True)


def text_pair_required(english: str | None, welsh: str | None, *, field: str, message: str) -> tuple[str, str]:
    """A text staff may write in English, in Welsh or in both, each stripped: an
    ApplicationError on `field` saying `message` if both are empty."""
    pair = ((english or "").strip(), (welsh or "").strip())
    if not any(pair):
        raise ApplicationError(message, field=field)
    return pair


@dataclass(frozen=True)
class Alternate:
    """The page in one language: for the switch and the hreflang links."""

    language: Language
    url: str
    current: bool


def page_alternates(request: HttpRequest) -> list[Alternate]:
    """The current page in each language, if it has a Welsh version (a public page); empty otherwise."""
    if getattr(request, "resolver_match", None) is None:
        return []
    path = request.get_full_path()
    urls = {language: translate_url(path, language.value) for language in Language}
    if len(set(urls.values())) < len(urls):
        return []  # the same address in both: not one of the public pages (staff, the API)
    current = language_current()
    return [Alternate(language=language, url=url, current=language == current) for language, url in urls.items()]


def language_cookie(request: HttpRequest) -> str | None:
    """The language a visitor chose with the switch on a page without a Welsh address of its own."""
    code = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
    return code if code in Language.values else None
