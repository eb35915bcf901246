import pytest

from tests.factories import postcode_directory

from .places import RM7, RM10


@pytest.fixture
def places(db):
    """A postcode directory placing RM10 1AA and RM7 1AA in real areas."""
    return postcode_directory({"RM10 1AA": RM10, "RM7 1AA": RM7})
