"""Telling whether a keyed paper row is someone who has signed already."""

import re
import unicodedata
from difflib import SequenceMatcher

# Titles people write before their name on paper; they say nothing about who it is.
_TITLES = {"mr", "mrs", "ms", "miss", "mx", "dr", "rev", "sir", "prof"}
# Names this close (0 to 1) at the same house are taken to be one person, for a person to check.
CLOSE_NAME_RATIO = 0.8


def name_normalise(name: str) -> str:
    """ "Mrs. Anne-Marie  O'Neill" -> "anne marie oneill"."""
    text = unicodedata.normalize("NFKD", name or "")
    text = "".join(char for char in text if not unicodedata.combining(char)).lower()
    text = text.replace("'", "").replace("\u2019", "")
    words = re.sub(r"[^a-z0-9]+", " ", text).split()
    return " ".join(word for word in words if word not in _TITLES)


def house_number(address: str) -> str:
    """The first house number in an address line ("Flat 2, 14a High St" -> "2"), or ""."""
    match = re.search(r"\b(\d+[a-z]?)\b", (address or "").lower())
    return match.group(1) if match else ""


def names_close(first: str, second: str) -> bool:
    return SequenceMatcher(None, name_normalise(first), name_normalise(second)).ratio() >= CLOSE_NAME_RATIO
