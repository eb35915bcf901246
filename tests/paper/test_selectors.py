import pytest

from doorstep.core.errors import ApplicationError
from doorstep.paper import selectors
from doorstep.paper.models import Pack, SheetRow
from doorstep.paper.services.circulation import pack_move
from doorstep.paper.services.keying import RowInput, sheet_finish, sheet_row_save
from doorstep.paper.services.second_keying import sheet_want_second_keying
from tests.factories import PetitionFactory, UserFactory, printed_pack, printed_sheet, request_pack

pytestmark = pytest.mark.django_db


def test_which_keying_a_person_does(petition, volunteer, organiser):
    sheet = printed_sheet(petition)
    assert selectors.sheet_keying_for(sheet=sheet, actor=volunteer) == SheetRow.Keying.FIRST
    sheet_row_save(sheet=sheet, row=RowInput(number=1, name="Ann Lee", postcode="RM10 7XX"), actor=volunteer)
    sheet_finish(sheet=sheet, declared_count=1, actor=volunteer)
    sheet.refresh_from_db()
    with pytest.raises(ApplicationError, match="keyed already"):
        selectors.sheet_keying_for(sheet=sheet, actor=volunteer)
    sheet_want_second_keying(sheet=sheet, actor=organiser)
    sheet.refresh_from_db()
    with pytest.raises(ApplicationError, match="You keyed this sheet"):
        selectors.sheet_keying_for(sheet=sheet, actor=volunteer)
    assert selectors.sheet_keying_for(sheet=sheet, actor=UserFactory()) == SheetRow.Keying.SECOND


def test_packs_and_rows_are_found_only_in_their_petition(petition, volunteer):
    other = PetitionFactory()
    waiting = request_pack(petition)
    printed = printed_pack(petition)
    assert selectors.pack_get(petition_id=petition.pk, pack_id=waiting.pk) == waiting
    assert selectors.pack_get(petition_id=other.pk, pack_id=waiting.pk) is None
    # Only a printed pack can be printed again.
    assert selectors.pack_printed_get(petition_id=petition.pk, pack_id=waiting.pk) is None
    assert selectors.pack_printed_get(petition_id=petition.pk, pack_id=printed.pk) == printed
    assert selectors.pack_printed_get(petition_id=other.pk, pack_id=printed.pk) is None
    row = sheet_row_save(
        sheet=printed.sheets.first(), row=RowInput(number=1, name="Ann Lee", postcode="RM10 7XX"), actor=volunteer
    )
    assert selectors.sheet_row_get(petition_id=petition.pk, row_id=row.pk) == row
    assert selectors.sheet_row_get(petition_id=other.pk, row_id=row.pk) is None


def test_a_pack_is_out_until_it_is_back(petition, organiser):
    pack = printed_pack(petition)
    assert selectors.pack_out_get(pack_id=pack.pk) == pack
    pack_move(pack=pack, to=Pack.State.CANCELLED, actor=organiser)
    assert selectors.pack_out_get(pack_id=pack.pk) is None
