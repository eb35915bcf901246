import pytest

from doorstep.core.errors import ApplicationError
from doorstep.paper import totals as selectors
from doorstep.paper.models import Sheet
from doorstep.paper.services.count_only import sheet_count_only
from doorstep.paper.services.keying import sheet_row_save
from doorstep.signatures.selectors.counts import petition_counts
from tests.factories import printed_sheet

from . import row

pytestmark = pytest.mark.django_db


def test_count_only_first_then_key(petition, volunteer):
    sheet = printed_sheet(petition)
    sheet_count_only(sheet=sheet, count=12, actor=volunteer)
    counted = sheet_count_only(sheet=sheet, count=11, actor=volunteer)  # a recount replaces, not adds
    assert (counted.state, counted.count_only, counted.count_only_by) == (Sheet.State.COUNT_ONLY, 11, volunteer)
    assert selectors.paper_count_only(petition=petition) == 11
    assert petition_counts(petition=petition).paper == 0
    sheet_row_save(sheet=sheet, row=row(1), actor=volunteer)
    # Keyed rows now count instead of the count-only entry: never both.
    assert selectors.paper_count_only(petition=petition) == 0
    assert petition_counts(petition=petition).paper == 1
    with pytest.raises(ApplicationError, match="already being keyed"):
        sheet_count_only(sheet=sheet, count=5, actor=volunteer)
    with pytest.raises(ApplicationError, match="between 0 and 15"):
        sheet_count_only(sheet=printed_sheet(petition), count=16, actor=volunteer)


def test_count_only_totals_are_kept_per_petition(petition, volunteer):
    from tests.factories import PetitionFactory

    other = PetitionFactory()
    sheet_count_only(sheet=printed_sheet(petition), count=3, actor=volunteer)
    sheet_count_only(sheet=printed_sheet(petition), count=4, actor=volunteer)
    sheet_count_only(sheet=printed_sheet(other), count=5, actor=volunteer)
    assert selectors.paper_count_only_many(petition_ids=[petition.pk, other.pk, 0]) == {petition.pk: 7, other.pk: 5}
