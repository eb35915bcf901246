import pytest

from doorstep.paper.matching import house_number, name_normalise, names_close


@pytest.mark.parametrize(
    ("raw", "normal"),
    [
        ("Mrs. Anne-Marie  O'Neill", "anne marie oneill"),
        ("DR  JOSÉ  GARCÍA", "jose garcia"),
        ("Zo\u00eb O\u2019Brien", "zoe obrien"),
        ("Mr", ""),
    ],
)
def test_name_normalise(raw, normal):
    assert name_normalise(raw) == normal


@pytest.mark.parametrize(
    ("address", "number"),
    [("14 Elm Road", "14"), ("14a, Elm Rd", "14a"), ("Flat 2, 9 High St", "2"), ("Rose Cottage", "")],
)
def test_house_number(address, number):
    assert house_number(address) == number


def test_close_names():
    assert names_close("Jon Smith", "John Smith")
    assert names_close("Mrs A Lovelace", "a lovelace")
    assert not names_close("Jon Smith", "Mary Smith")
    assert not names_close("Ann Lee", "Bob Ray")
