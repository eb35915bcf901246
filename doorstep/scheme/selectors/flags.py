"""What in a petition's words flags it for moderators: links, email addresses, phone numbers,
and the words on the install's list (settings.DOORSTEP.flag_words)."""

import re

from django.conf import settings
from django.utils.html import escape, format_html
from django.utils.safestring import SafeString

from doorstep.petitions.models import Petition

from ..models import Flag

EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
# A web address with or without its scheme: http://..., www...., or a name ending in a common top-level domain.
LINK = re.compile(
    r"(?i)\b(?:https?://|www\.)[^\s<>\"]+"
    r"|\b[a-z0-9-]+(?:\.[a-z0-9-]+)*\.(?:com|org|net|uk|io|co|info|biz|ly|me|gov|ac|eu|app|site|online|xyz)\b[^\s<>\"]*"
)
# A UK or international phone number: +44 or 0 then nine or ten more digits, spaces, dashes and brackets allowed.
PHONE = re.compile(r"(?<![\d+])(?:\+\d{1,3}[\s-]?(?:\(0\))?|0)(?:[\s().-]*\d){9,10}(?!\d)")


def text_flags(*, text: str, words: tuple[str, ...] | None = None) -> list[dict[str, str]]:
    """Each thing in `text` that needs a moderator's eye, as {"kind": Flag, "text": what matched},
    in the order of the kinds; an email address is not a link too."""
    words = settings.DOORSTEP.flag_words if words is None else words
    found: list[dict[str, str]] = []
    rest = text
    for kind, pattern in ((Flag.EMAIL, EMAIL), (Flag.LINK, LINK), (Flag.PHONE, PHONE)):
        found += [{"kind": kind.value, "text": match.group(0).rstrip(".,;:!?)")} for match in pattern.finditer(rest)]
        rest = pattern.sub(" ", rest)
    for word in words:
        if word.strip() and (match := re.search(rf"(?i)(?<!\w){re.escape(word.strip())}(?!\w)", text)):
            found.append({"kind": Flag.WORD.value, "text": match.group(0)})
    return found


def petition_flags(*, petition: Petition, held_reason: str = "") -> list[dict[str, str]]:
    """The flags of a petition's words (what it asks for, its background and details), and its
    hold by trust's checks if it was held."""
    text = "\n".join((petition.action, petition.background, petition.additional_details))
    flags = text_flags(text=text)
    if held_reason:
        flags.append({"kind": Flag.HELD.value, "text": held_reason})
    return flags


def text_marked(*, text: str, flags: list[dict[str, str]]) -> SafeString:
    """`text` escaped, with each flagged piece in a <mark> (for moderators)."""
    pieces = sorted(
        {flag["text"] for flag in flags if flag["kind"] != Flag.HELD and flag["text"]}, key=len, reverse=True
    )
    if not pieces:
        return escape(text)
    pattern = re.compile("|".join(re.escape(piece) for piece in pieces), re.IGNORECASE)
    parts, last = [], 0
    for match in pattern.finditer(text):
        parts += [escape(text[last : match.start()]), format_html("<mark>{}</mark>", match.group(0))]
        last = match.end()
    parts.append(escape(text[last:]))
    return SafeString("".join(parts))
