import random

import pytest

from doorstep.paper.codes import (
    ALPHABET,
    CODE_LENGTH,
    InvalidSheetCode,
    sheet_code_display,
    sheet_code_new,
    sheet_code_normalise,
)


def test_alphabet_has_nothing_to_misread():
    assert not set("01OIL") & set(ALPHABET)
    assert len(set(ALPHABET)) == len(ALPHABET)


def test_new_codes_are_valid_and_typable():
    for _ in range(200):
        code = sheet_code_new()
        assert len(code) == CODE_LENGTH
        assert set(code) <= set(ALPHABET)
        assert sheet_code_normalise(code) == code


def test_typed_forms_normalise():
    code = sheet_code_new()
    assert sheet_code_normalise(f"  {code[:3].lower()} {code[3:6]}-{code[6]} ") == code
    assert sheet_code_normalise(sheet_code_display(code)) == code


def test_every_single_character_typo_is_caught():
    code = sheet_code_new()
    for position in range(CODE_LENGTH):
        for char in ALPHABET:
            if char != code[position]:
                typo = code[:position] + char + code[position + 1 :]
                with pytest.raises(InvalidSheetCode, match="mistyped"):
                    sheet_code_normalise(typo)


def test_every_swap_of_neighbours_is_caught():
    rng = random.Random(7)
    tried = 0
    for _ in range(300):
        code = sheet_code_new()
        position = rng.randrange(CODE_LENGTH - 1)
        swapped = code[:position] + code[position + 1] + code[position] + code[position + 2 :]
        if swapped == code:
            continue
        tried += 1
        with pytest.raises(InvalidSheetCode):
            sheet_code_normalise(swapped)
    assert tried > 250


@pytest.mark.parametrize(
    ("raw", "message"),
    [("", "Enter the sheet code"), ("ABC", "7 characters"), ("ABCDEF0", "never contains 0"), ("ILOABCD", "I, L, O")],
)
def test_bad_codes_say_what_is_wrong(raw, message):
    with pytest.raises(InvalidSheetCode, match=message):
        sheet_code_normalise(raw)
