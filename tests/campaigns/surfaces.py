"""Reading surfaces as people do: the text of a page, of an element, of a PDF; a date as pages write it."""

import io
import re
from datetime import date
from html import unescape

from django.utils.formats import date_format
from pypdf import PdfReader


def text(html: str) -> str:
    """What a reader sees: no tags, one space between words."""
    return re.sub(r"\s+", " ", unescape(re.sub(r"<[^>]+>", " ", html))).strip()


def by_id(html: str, id_: str) -> str:
    """The text of the element with this id (one with no element of its own kind inside)."""
    match = re.search(rf'<(\w+)[^>]*\bid="{id_}"[^>]*>(.*?)</\1>', html, re.S)
    assert match, id_
    return text(match.group(2))


def pdf_text(source) -> str:
    """The text of a PDF (a path, or its bytes), one space between words."""
    reader = PdfReader(io.BytesIO(source) if isinstance(source, bytes) else source)
    return re.sub(r"\s+", " ", "\n".join(page.extract_text() for page in reader.pages))


def day(value: date, form: str = "j F Y") -> str:
    return date_format(value, form)
