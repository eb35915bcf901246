import pytest

from tests.factories import postcode_directory

# Real places (the areas Doorstep ships with): Dagenham and Rainham, Barking and Dagenham, Village ward.
RM10 = {
    "constituency_code": "E14001189",
    "local_authority_code": "E09000002",
    "ward_code": "E05014070",
    "region_code": "E12000007",
    "country_code": "E92000001",
}
# Romford, Havering, Mawneys ward.
RM7 = {**RM10, "constituency_code": "E14001448", "local_authority_code": "E09000016", "ward_code": "E05013978"}


@pytest.fixture
def places(db):
    """A postcode directory placing RM10 1AA and RM7 1AA in real areas."""
    return postcode_directory({"RM10 1AA": RM10, "RM7 1AA": RM7})
