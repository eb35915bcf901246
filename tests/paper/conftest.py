import pytest

from tests.factories import UserFactory


@pytest.fixture
def volunteer(db):
    return UserFactory(role="data_entry")
