import pytest

from doorstep.core.errors import ApplicationError
from doorstep.paper import selectors
from doorstep.paper.models import SheetRow
from doorstep.paper.services.keying import sheet_finish, sheet_row_save
from doorstep.paper.services.second_keying import sheet_resolve_keyings, sheet_want_second_keying
from doorstep.signatures.models import Signature
from doorstep.signatures.selectors.counts import petition_counts
from tests.factories import UserFactory, printed_sheet

from . import row

pytestmark = pytest.mark.django_db

SECOND = SheetRow.Keying.SECOND


def test_second_keying_is_independent_and_compared(petition, volunteer, organiser):
    sheet = printed_sheet(petition)
    sheet_row_save(sheet=sheet, row=row(1, name="Ann Lee"), actor=volunteer)
    sheet_row_save(sheet=sheet, row=row(2, name="Bob Ray"), actor=volunteer)
    with pytest.raises(ApplicationError, match="not waiting for a second keying"):
        sheet_row_save(sheet=sheet, row=row(1), actor=organiser, keying=SECOND)
    with pytest.raises(ApplicationError, match="Only a keyed sheet"):
        sheet_want_second_keying(sheet=sheet, actor=organiser)
    sheet_finish(sheet=sheet, declared_count=2, actor=volunteer)
    sheet_want_second_keying(sheet=sheet, actor=organiser)
    with pytest.raises(ApplicationError, match="asked for already"):
        sheet_want_second_keying(sheet=sheet, actor=organiser)
    sheet.refresh_from_db()
    with pytest.raises(ApplicationError, match="someone other than the first keyer"):
        sheet_row_save(sheet=sheet, row=row(1), actor=volunteer, keying=SECOND)
    second = UserFactory(role="data_entry")
    sheet_row_save(sheet=sheet, row=row(1, name="Ann Lee"), actor=second, keying=SECOND)
    sheet_row_save(sheet=sheet, row=row(2, name="Rob Ray"), actor=second, keying=SECOND)
    sheet_finish(sheet=sheet, declared_count=2, actor=second, keying=SECOND)
    differences = selectors.sheet_keyings_compared(sheet=sheet)
    assert [(d.number, d.first.name, d.second.name) for d in differences] == [(2, "Bob Ray", "Rob Ray")]
    # The second keying counted nothing by itself.
    assert petition_counts(petition=petition).paper == 2

    sheet_resolve_keyings(sheet=sheet, take_second=[2], actor=organiser)
    names = set(Signature.objects.filter(petition=petition, state="confirmed").values_list("name", flat=True))
    assert names == {"Ann Lee", "Rob Ray"}
    assert petition_counts(petition=petition).paper == 2
    with pytest.raises(ApplicationError, match="no finished second keying"):
        sheet_resolve_keyings(sheet=sheet, take_second=[], actor=organiser)


def test_a_row_the_second_keyer_left_empty_is_blank_when_taken(petition, volunteer, organiser):
    sheet = printed_sheet(petition)
    sheet_row_save(sheet=sheet, row=row(1, name="Ann Lee"), actor=volunteer)
    sheet_row_save(sheet=sheet, row=row(2, name="Bob Ray"), actor=volunteer)
    sheet_finish(sheet=sheet, declared_count=2, actor=volunteer)
    sheet_want_second_keying(sheet=sheet, actor=organiser)
    second = UserFactory(role="data_entry")
    sheet_row_save(sheet=sheet, row=row(1, name="Ann Lee"), actor=second, keying=SECOND)
    sheet_finish(sheet=sheet, declared_count=1, actor=second, keying=SECOND)
    sheet_resolve_keyings(sheet=sheet, take_second=[2], actor=organiser)
    taken = SheetRow.objects.get(sheet=sheet, keying=SheetRow.Keying.FIRST, number=2)
    assert (taken.status, taken.signature) == (SheetRow.Status.BLANK, None)
    assert petition_counts(petition=petition).paper == 1
