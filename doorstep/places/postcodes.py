"""UK postcodes, normalised once at the edge: "rm107xx" -> "RM10 7XX"."""

import re

# Outward code (area, district, optional sub-district letter) and inward code
# (sector digit, unit letters), per the Royal Mail format. The inward letters
# never include C, I, K, M, O or V.
_POSTCODE = re.compile(
    r"^(?P<outward>[A-PR-UWYZ][A-HK-Y]?[0-9][0-9A-HJKMNPR-Y]?)"
    r"(?P<inward>[0-9][ABD-HJLNP-UW-Z]{2})$"
)
_SPECIAL = {"GIR0AA": "GIR 0AA"}
# The same rule for a browser to check a postcode as it is typed (spaces and case ignored).
POSTCODE_PATTERN = _POSTCODE.pattern.replace("(?P<outward>", "(").replace("(?P<inward>", "(")


class InvalidPostcode(ValueError):
    pass


def postcode_normalise(raw: str) -> str:
    """Return the postcode in its standard form, or raise InvalidPostcode."""
    compact = re.sub(r"[\s\-]+", "", raw or "").upper()
    if compact in _SPECIAL:
        return _SPECIAL[compact]
    match = _POSTCODE.match(compact)
    if not match:
        raise InvalidPostcode("Enter a real UK postcode, like RM10 7XX")
    return f"{match['outward']} {match['inward']}"


def postcode_district(postcode: str) -> str:
    """The outward code of a normalised postcode: "RM10 7XX" -> "RM10"."""
    return postcode.split(" ", 1)[0] if postcode else ""
