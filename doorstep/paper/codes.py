"""Sheet codes: six characters a volunteer can type without confusing any of them,
and a check character that catches any one mistyped character and any swap of
two neighbours.

The check follows Luhn mod N (every second value from the right doubled), with the
doubling taken mod 31. Luhn's own "add the digits" fold is a permutation only for an
even alphabet; the alphabet here has 31 characters, a prime, so doubling mod 31 is one,
and every single-character error changes the check."""

import secrets

from django.utils.translation import gettext as _

# No 0/O, 1/I/L: nothing on a sheet can be misread as something else.
ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"
PAYLOAD_LENGTH = 6
CODE_LENGTH = PAYLOAD_LENGTH + 1


class InvalidSheetCode(ValueError):
    pass


def _check_character(payload: str) -> str:
    base = len(ALPHABET)
    total = 0
    factor = 2
    for char in reversed(payload):
        total += (factor * ALPHABET.index(char)) % base
        factor = 1 if factor == 2 else 2
    return ALPHABET[(base - total % base) % base]


def sheet_code_new() -> str:
    payload = "".join(secrets.choice(ALPHABET) for _ in range(PAYLOAD_LENGTH))
    return payload + _check_character(payload)


def sheet_code_normalise(raw: str) -> str:
    """The code as stored, from what was typed or scanned ("abc def-g" -> "ABCDEFG"),
    or InvalidSheetCode saying what is wrong with it."""
    code = "".join((raw or "").split()).replace("-", "").upper()
    if not code:
        raise InvalidSheetCode(_("Enter the sheet code, printed at the top right of the sheet"))
    if len(code) != CODE_LENGTH:
        raise InvalidSheetCode(
            _("A sheet code has {length} characters, like {example}").format(
                length=CODE_LENGTH, example=sheet_code_display("ABCDEF")
            )
        )
    if bad := sorted({char for char in code if char not in ALPHABET}):
        raise InvalidSheetCode(
            _("A sheet code never contains {characters}: check the sheet again").format(characters=", ".join(bad))
        )
    if _check_character(code[:-1]) != code[-1]:
        raise InvalidSheetCode(_("That is not a valid sheet code: a character is mistyped"))
    return code


def sheet_code_display(code: str) -> str:
    """Grouped for reading aloud and typing: "ABC DEF G"; a bare payload gets its check character."""
    if len(code) == PAYLOAD_LENGTH:
        code += _check_character(code)
    return f"{code[:3]} {code[3:6]} {code[6:]}"
