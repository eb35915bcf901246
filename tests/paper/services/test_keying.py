import pytest

from doorstep.core.errors import ApplicationError
from doorstep.paper.models import Pack, Sheet, SheetRow
from doorstep.paper.services.keying import RowInput, sheet_finish, sheet_row_save, sheet_rows_save
from doorstep.signatures.models import Signature
from doorstep.signatures.selectors.counts import petition_counts, petition_tally
from tests.factories import printed_sheet

from . import row

pytestmark = pytest.mark.django_db


def test_keyed_row_counts_as_a_paper_signature(petition, volunteer):
    sheet = printed_sheet(petition)
    saved = sheet_row_save(sheet=sheet, row=row(1, updates_consent=True), actor=volunteer)
    signature = saved.signature
    assert signature.channel == Signature.Channel.PAPER
    assert signature.state == Signature.State.CONFIRMED
    assert signature.postcode == "RM10 7XX" and signature.updates_consent
    assert signature.paper_row == saved and saved.sheet == sheet and saved.number == 1
    assert petition_counts(petition=petition).paper == 1
    assert petition_tally(petition=petition, dimension="district") == [("RM10", 1)]
    sheet.refresh_from_db()
    assert sheet.state == Sheet.State.KEYING and sheet.returned_at
    assert sheet.pack.state == Pack.State.PARTLY_RETURNED  # its second sheet is still out
    assert sheet.pack.events.last().note == f"Sheet {sheet.code} back"


def test_saving_a_row_again_corrects_it_without_counting_twice(petition, volunteer):
    sheet = printed_sheet(petition)
    first = sheet_row_save(sheet=sheet, row=row(1, name="Grace Hoper"), actor=volunteer)
    again = sheet_row_save(sheet=sheet, row=row(1, name="Grace Hoper"), actor=volunteer)
    assert again.signature_id == first.signature_id
    fixed = sheet_row_save(sheet=sheet, row=row(1, name="Grace Hopper"), actor=volunteer)
    assert fixed.signature.name == "Grace Hopper"
    assert petition_counts(petition=petition).paper == 1
    assert Signature.objects.get(pk=first.signature_id).state == Signature.State.INVALIDATED
    blank = sheet_row_save(sheet=sheet, row=RowInput(number=1, status="blank"), actor=volunteer)
    assert blank.signature is None and petition_counts(petition=petition).paper == 0


def test_a_row_outside_the_area_keeps_a_foreign_postcode(petition, volunteer):
    sheet = printed_sheet(petition)
    saved = sheet_row_save(
        sheet=sheet,
        row=row(1, postcode="D02 X285", status="outside_area", address="1 Dame St, Dublin"),
        actor=volunteer,
    )
    assert (saved.status, saved.postcode, saved.signature) == ("outside_area", "D02 X285", None)


@pytest.mark.parametrize("status", ["blank", "illegible", "struck_out", "outside_area"])
def test_rows_that_do_not_count(petition, volunteer, status):
    sheet = printed_sheet(petition)
    saved = sheet_row_save(sheet=sheet, row=RowInput(number=2, status=status, name="Scrawl"), actor=volunteer)
    assert saved.signature is None and saved.status == status
    assert petition_counts(petition=petition).paper == 0


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (row(0), "numbered 1 to 15"),
        (row(16), "numbered 1 to 15"),
        (row(1, name=""), "Type the name"),
        (row(1, postcode=""), "Type the postcode"),
        (row(1, postcode="RM10 XXX"), "real UK postcode"),
        (row(1, name="x" * 101), "Names are 100 characters or fewer"),
        (RowInput(number=1, status="smudged"), "Choose what the row holds"),
    ],
)
def test_bad_rows_are_refused_and_lose_nothing(petition, volunteer, data, message):
    sheet = printed_sheet(petition)
    sheet_row_save(sheet=sheet, row=row(2), actor=volunteer)
    with pytest.raises(ApplicationError, match=message):
        sheet_row_save(sheet=sheet, row=data, actor=volunteer)
    assert list(SheetRow.objects.values_list("number", flat=True)) == [2]
    assert petition_counts(petition=petition).paper == 1


def test_a_whole_grid_saves_the_rows_typed_and_says_what_is_wrong(petition, volunteer):
    sheet = printed_sheet(petition)
    sheet_row_save(sheet=sheet, row=row(3, name="Ada Byron"), actor=volunteer)
    grid = [row(1), row(2, postcode="nowhere"), RowInput(number=3), RowInput(number=4)]
    errors = sheet_rows_save(sheet=sheet, rows=grid, actor=volunteer)
    # Row 4 was never typed in, so it is left alone; row 3 was emptied, which it cannot be while signed.
    assert {number: error.field for number, error in errors.items()} == {2: "postcode", 3: "name"}
    assert sorted(SheetRow.objects.values_list("number", "name")) == [(1, "Grace Hopper"), (3, "Ada Byron")]


def test_finish_flags_a_count_mismatch_and_a_sheet_is_keyed_once(petition, volunteer):
    sheet = printed_sheet(petition)
    with pytest.raises(ApplicationError, match="Key the sheet's rows first"):
        sheet_finish(sheet=sheet, declared_count=2, actor=volunteer)
    sheet_row_save(sheet=sheet, row=row(1), actor=volunteer)
    sheet_row_save(sheet=sheet, row=RowInput(number=2, status="illegible"), actor=volunteer)
    sheet_row_save(sheet=sheet, row=RowInput(number=3, status="blank"), actor=volunteer)
    with pytest.raises(ApplicationError, match="between 0 and 15"):
        sheet_finish(sheet=sheet, declared_count=16, actor=volunteer)
    finished = sheet_finish(sheet=sheet, declared_count=3, actor=volunteer)
    assert finished.mismatch and finished.rows_with_entries == 2
    with pytest.raises(ApplicationError, match="keyed already"):
        sheet_row_save(sheet=sheet, row=row(4), actor=volunteer)
    with pytest.raises(ApplicationError, match="keyed already"):
        sheet_finish(sheet=sheet, declared_count=3, actor=volunteer)
    assert petition_counts(petition=petition).paper == 1
