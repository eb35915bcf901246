from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

from doorstep.petitions.models import Petition
from doorstep.trust.selectors import retention_due_at
from doorstep.trust.services import retention_set
from tests.factories import PetitionFactory, UserFactory

pytestmark = pytest.mark.django_db
LONDON = ZoneInfo("Europe/London")


@pytest.mark.parametrize(
    ("handed_in", "months", "due"),
    [
        (datetime(2026, 8, 31, 12, tzinfo=LONDON), 6, datetime(2027, 2, 28, 12, tzinfo=LONDON)),
        (datetime(2027, 8, 31, 12, tzinfo=LONDON), 6, datetime(2028, 2, 29, 12, tzinfo=LONDON)),
        (datetime(2026, 11, 15, 9, tzinfo=LONDON), 2, datetime(2027, 1, 15, 9, tzinfo=LONDON)),
        (datetime(2026, 1, 10, 9, tzinfo=LONDON), 24, datetime(2028, 1, 10, 9, tzinfo=LONDON)),
    ],
)
def test_retention_counts_calendar_months_from_hand_in(handed_in, months, due):
    petition = PetitionFactory(state=Petition.State.HANDED_IN, closed_at=handed_in, handed_in_at=handed_in)
    retention_set(petition=petition, months=months, actor=UserFactory())
    assert retention_due_at(petition=petition) == due
