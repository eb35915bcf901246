import pytest

from doorstep.places.postcodes import InvalidPostcode, postcode_district, postcode_normalise


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("rm107xx", "RM10 7XX"),
        ("RM10 7XX", "RM10 7XX"),
        ("  rm10   7xx ", "RM10 7XX"),
        ("sw1a1aa", "SW1A 1AA"),
        ("EC1A-1BB", "EC1A 1BB"),
        ("m11ae", "M1 1AE"),
        ("ig11 7qj", "IG11 7QJ"),
        ("gir 0aa", "GIR 0AA"),
    ],
)
def test_postcodes_are_normalised(raw, expected):
    assert postcode_normalise(raw) == expected


@pytest.mark.parametrize(
    "raw",
    ["", "   ", "12345", "RM10", "RM10 7X", "RM10 7CX", "QX1 1AA", "RM10 7XXX", "<script>", "RM10\x007XX"],
)
def test_invalid_postcodes_are_refused(raw):
    with pytest.raises(InvalidPostcode):
        postcode_normalise(raw)


def test_district_is_the_outward_code():
    assert postcode_district("RM10 7XX") == "RM10"
    assert postcode_district("SW1A 1AA") == "SW1A"
    assert postcode_district("") == ""
