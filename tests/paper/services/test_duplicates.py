import pytest

from doorstep.core.errors import ApplicationError
from doorstep.paper import selectors
from doorstep.paper.models import DuplicateDecision, SheetRow
from doorstep.paper.services.duplicates import row_decide_duplicate
from doorstep.paper.services.keying import sheet_row_save
from doorstep.signatures.selectors.counts import petition_counts
from tests.factories import printed_sheet, sign

from . import row

pytestmark = pytest.mark.django_db


def test_a_row_matching_an_online_signature_is_held_not_counted(petition, volunteer, organiser):
    online = sign(petition, name="Ada Lovelace", postcode="RM10 7XX")
    sheet = printed_sheet(petition)
    held = sheet_row_save(sheet=sheet, row=row(1, name="Mrs ada  LOVELACE"), actor=volunteer)
    assert held.review == SheetRow.Review.HELD and held.signature is None
    assert held.matched_signature == online
    assert held.match_reason == "Same name and postcode as a signature made online"
    assert petition_counts(petition=petition).total == 1
    assert list(selectors.rows_held(petition=petition)) == [held]

    with pytest.raises(ApplicationError, match="Choose whether to count the row"):
        row_decide_duplicate(row=held, outcome="maybe", actor=organiser)
    decision = row_decide_duplicate(row=held, outcome="reject", actor=organiser, note="Same person")
    assert decision.decided_by == organiser
    assert petition_counts(petition=petition).total == 1
    with pytest.raises(ApplicationError, match="decided already"):
        row_decide_duplicate(row=held, outcome="count", actor=organiser)


def test_a_row_matching_a_paper_signature_says_so(petition, volunteer):
    sheet = printed_sheet(petition)
    sheet_row_save(sheet=sheet, row=row(1, name="Ann Lee"), actor=volunteer)
    held = sheet_row_save(sheet=printed_sheet(petition), row=row(1, name="ann lee"), actor=volunteer)
    assert held.match_reason == "Same name and postcode as a signature made on paper"


def test_a_close_name_at_the_same_house_is_held_and_can_be_counted(petition, volunteer, organiser):
    sheet = printed_sheet(petition)
    sheet_row_save(sheet=sheet, row=row(1, name="Jon Smith", address="14 Elm Road"), actor=volunteer)
    other_house = sheet_row_save(sheet=sheet, row=row(2, name="Mary Smith", address="16 Elm Road"), actor=volunteer)
    assert other_house.signature is not None
    held = sheet_row_save(sheet=sheet, row=row(3, name="John Smith", address="14, Elm Rd"), actor=volunteer)
    assert held.review == SheetRow.Review.HELD
    assert held.match_reason == "Similar name (Jon Smith) at the same postcode and house number"
    row_decide_duplicate(row=held, outcome="count", actor=organiser, note="Father and son")
    held.refresh_from_db()
    assert held.review == SheetRow.Review.COUNTED and held.signature.channel == "paper"
    assert petition_counts(petition=petition).paper == 3
    assert DuplicateDecision.objects.filter(row=held).count() == 1
