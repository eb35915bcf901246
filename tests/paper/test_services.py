from dataclasses import replace
from datetime import timedelta

import pytest
from django.utils import timezone

from doorstep.core.errors import ApplicationError
from doorstep.paper import selectors, services
from doorstep.paper.models import DuplicateDecision, Pack, PackEvent, Sheet, SheetRow
from doorstep.paper.services import RowInput
from doorstep.petitions.models import Petition
from doorstep.signatures.models import Signature
from doorstep.signatures.selectors.counts import petition_counts, petition_tally
from tests.factories import DraftPetitionFactory, UserFactory, printed_pack, printed_sheet, request_pack, sign

pytestmark = pytest.mark.django_db


@pytest.fixture
def volunteer(db):
    return UserFactory(role="data_entry")


def row(number, name="Grace Hopper", address="1 Navy Street", postcode="rm10 7xx", **fields):
    return RowInput(number=number, name=name, address=address, postcode=postcode, **fields)


# Requests


def test_request_pack_records_who_and_how(petition, organiser):
    pack = request_pack(petition, source=Pack.Source.PHONE, actor=organiser, email="", phone="01632 960001")
    assert pack.state == Pack.State.REQUESTED
    assert pack.logged_by == organiser
    assert pack.postcode == "RM10 7XX"
    assert list(pack.events.values_list("state", "by")) == [(Pack.State.REQUESTED, organiser.pk)]


@pytest.mark.parametrize(
    ("fields", "field", "message"),
    [
        ({"name": " "}, "name", "Enter your full name"),
        ({"address_line_1": ""}, "address_line_1", "first line"),
        ({"town": ""}, "town", "town"),
        ({"postcode": "RM10 XXX"}, "postcode", "real UK postcode"),
        ({"email": "", "phone": ""}, "email", "email address or a phone number"),
        ({"phone": "call me"}, "phone", "phone number"),
        ({"sheets": 0}, "sheets", "between 1 and 10"),
        ({"sheets": 11}, "sheets", "between 1 and 10"),
        ({"contact_consent": False}, "contact_consent", "contact you"),
    ],
)
def test_request_pack_refuses_bad_input(petition, fields, field, message):
    with pytest.raises(ApplicationError, match=message) as error:
        request_pack(petition, **fields)
    assert error.value.field == field
    assert not Pack.objects.exists()


def test_no_packs_for_a_petition_not_taking_signatures():
    with pytest.raises(ApplicationError, match="not taking signatures"):
        request_pack(DraftPetitionFactory())


def test_same_address_is_flagged_not_doubled(petition, organiser):
    first = request_pack(petition, address_line_1="Flat 3, 9 High St")
    other = request_pack(petition, address_line_1="Flat 4, 9 High St")
    again = request_pack(petition, address_line_1="flat 3 9 high st.")
    assert other.possible_duplicate_of is None
    assert again.possible_duplicate_of == first
    assert "Same address as pack" in again.events.get().note
    services.pack_clear_duplicate(pack=again, actor=organiser)
    batch = services.packs_print(petition=petition, actor=organiser)
    assert set(batch.packs.all()) == {first, other, again}


# Printing and circulation


def test_printing_gives_each_pack_its_sheets(petition, organiser):
    pack = request_pack(petition, sheets=3)
    batch = services.packs_print(petition=petition, actor=organiser)
    pack.refresh_from_db()
    assert pack.state == Pack.State.PRINTED and pack.batch == batch
    assert [s.number for s in pack.sheets.all()] == [1, 2, 3]
    assert len({s.code for s in pack.sheets.all()}) == 3
    assert services.packs_print(petition=petition, actor=organiser) is None


def test_pack_moves_are_dated_and_signed(petition, organiser):
    pack = printed_pack(petition)
    services.pack_move(pack=pack, to=Pack.State.POSTED, actor=organiser)
    with pytest.raises(ApplicationError, match="posted pack cannot be marked cancelled"):
        services.pack_move(pack=pack, to=Pack.State.CANCELLED, actor=organiser)
    with pytest.raises(ApplicationError, match="Choose what happened"):
        services.pack_move(pack=pack, to="eaten", actor=organiser)
    services.pack_move(pack=pack, to=Pack.State.LOST, actor=organiser, note="Not back after two chasers")
    steps = list(PackEvent.objects.filter(pack=pack).values_list("state", flat=True))
    assert steps == ["requested", "printed", "posted", "lost"]
    assert PackEvent.objects.filter(pack=pack, state="lost", by=organiser).exists()


def test_overdue_packs(petition, organiser):
    pack = printed_pack(petition)
    services.pack_move(pack=pack, to=Pack.State.POSTED, actor=organiser, now=timezone.now() - timedelta(days=40))
    fresh = printed_pack(petition)
    services.pack_move(pack=fresh, to=Pack.State.POSTED, actor=organiser)
    assert list(selectors.packs_overdue(petition=petition)) == [pack]
    after_close = petition.closes_at + timedelta(hours=1)
    assert set(selectors.packs_overdue(petition=petition, now=after_close)) == {pack, fresh}
    circulation = selectors.petition_circulation(petition=petition)
    assert circulation.packs_out == 2 and circulation.sheets_out == 4 and circulation.overdue == 1


# Keying


def test_keyed_row_counts_as_a_paper_signature(petition, volunteer):
    sheet = printed_sheet(petition)
    saved = services.sheet_row_save(sheet=sheet, row=row(1, updates_consent=True), actor=volunteer)
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


def test_saving_a_row_again_corrects_it_without_counting_twice(petition, volunteer):
    sheet = printed_sheet(petition)
    first = services.sheet_row_save(sheet=sheet, row=row(1, name="Grace Hoper"), actor=volunteer)
    again = services.sheet_row_save(sheet=sheet, row=row(1, name="Grace Hoper"), actor=volunteer)
    assert again.signature_id == first.signature_id
    fixed = services.sheet_row_save(sheet=sheet, row=row(1, name="Grace Hopper"), actor=volunteer)
    assert fixed.signature.name == "Grace Hopper"
    assert petition_counts(petition=petition).paper == 1
    assert Signature.objects.get(pk=first.signature_id).state == Signature.State.INVALIDATED
    blank = services.sheet_row_save(sheet=sheet, row=RowInput(number=1, status="blank"), actor=volunteer)
    assert blank.signature is None and petition_counts(petition=petition).paper == 0


def test_a_row_outside_the_area_keeps_a_foreign_postcode(petition, volunteer):
    sheet = printed_sheet(petition)
    saved = services.sheet_row_save(
        sheet=sheet,
        row=row(1, postcode="D02 X285", status="outside_area", address="1 Dame St, Dublin"),
        actor=volunteer,
    )
    assert (saved.status, saved.postcode, saved.signature) == ("outside_area", "D02 X285", None)


@pytest.mark.parametrize("status", ["blank", "illegible", "struck_out", "outside_area"])
def test_rows_that_do_not_count(petition, volunteer, status):
    sheet = printed_sheet(petition)
    saved = services.sheet_row_save(sheet=sheet, row=RowInput(number=2, status=status, name="Scrawl"), actor=volunteer)
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
        (RowInput(number=1, status="smudged"), "Choose what the row holds"),
    ],
)
def test_bad_rows_are_refused_and_lose_nothing(petition, volunteer, data, message):
    sheet = printed_sheet(petition)
    services.sheet_row_save(sheet=sheet, row=row(2), actor=volunteer)
    with pytest.raises(ApplicationError, match=message):
        services.sheet_row_save(sheet=sheet, row=data, actor=volunteer)
    assert list(SheetRow.objects.values_list("number", flat=True)) == [2]
    assert petition_counts(petition=petition).paper == 1


def test_finish_flags_a_count_mismatch_and_a_sheet_is_keyed_once(petition, volunteer):
    sheet = printed_sheet(petition)
    with pytest.raises(ApplicationError, match="Key the sheet's rows first"):
        services.sheet_finish(sheet=sheet, declared_count=2, actor=volunteer)
    services.sheet_row_save(sheet=sheet, row=row(1), actor=volunteer)
    services.sheet_row_save(sheet=sheet, row=RowInput(number=2, status="illegible"), actor=volunteer)
    services.sheet_row_save(sheet=sheet, row=RowInput(number=3, status="blank"), actor=volunteer)
    finished = services.sheet_finish(sheet=sheet, declared_count=3, actor=volunteer)
    assert finished.mismatch and finished.rows_with_entries == 2
    with pytest.raises(ApplicationError, match="keyed already"):
        services.sheet_row_save(sheet=sheet, row=row(4), actor=volunteer)
    with pytest.raises(ApplicationError, match="keyed already"):
        services.sheet_finish(sheet=sheet, declared_count=3, actor=volunteer)
    assert petition_counts(petition=petition).paper == 1


def test_paper_entry_stops_days_after_the_close(petition, volunteer, settings):
    settings.DOORSTEP = replace(settings.DOORSTEP, paper_entry_days=7)
    sheet = printed_sheet(petition)
    Petition.objects.filter(pk=petition.pk).update(state=Petition.State.CLOSED, closed_at=petition.closes_at)
    sheet.petition.refresh_from_db()
    in_time = petition.closes_at + timedelta(days=6)
    services.sheet_row_save(sheet=sheet, row=row(1), actor=volunteer, now=in_time)
    too_late = petition.closes_at + timedelta(days=7, seconds=1)
    with pytest.raises(ApplicationError, match="Paper entry for this petition closed"):
        services.sheet_row_save(sheet=sheet, row=row(2), actor=volunteer, now=too_late)
    with pytest.raises(ApplicationError, match="Paper entry for this petition closed"):
        services.sheet_tally(sheet=sheet, count=3, actor=volunteer, now=too_late)
    assert petition_counts(petition=petition).paper == 1


def test_tally_first_then_key(petition, volunteer):
    sheet = printed_sheet(petition)
    services.sheet_tally(sheet=sheet, count=12, actor=volunteer)
    services.sheet_tally(sheet=sheet, count=11, actor=volunteer)  # a recount replaces, not adds
    assert selectors.paper_tallied(petition=petition) == 11
    assert petition_counts(petition=petition).paper == 0
    services.sheet_row_save(sheet=sheet, row=row(1), actor=volunteer)
    # Keyed rows now count instead of the tally: never both.
    assert selectors.paper_tallied(petition=petition) == 0
    assert petition_counts(petition=petition).paper == 1
    with pytest.raises(ApplicationError, match="already being keyed"):
        services.sheet_tally(sheet=sheet, count=5, actor=volunteer)
    with pytest.raises(ApplicationError, match="between 0 and 15"):
        services.sheet_tally(sheet=printed_sheet(petition), count=16, actor=volunteer)


# Duplicates


def test_a_row_matching_an_online_signature_is_held_not_counted(petition, volunteer, organiser):
    online = sign(petition, name="Ada Lovelace", postcode="RM10 7XX")
    sheet = printed_sheet(petition)
    held = services.sheet_row_save(sheet=sheet, row=row(1, name="Mrs ada  LOVELACE"), actor=volunteer)
    assert held.review == SheetRow.Review.HELD and held.signature is None
    assert held.matched_signature == online and "made online" in held.match_reason
    assert petition_counts(petition=petition).total == 1
    assert list(selectors.rows_held(petition=petition)) == [held]

    decision = services.row_decide_duplicate(row=held, outcome="reject", actor=organiser, note="Same person")
    assert decision.decided_by == organiser
    assert petition_counts(petition=petition).total == 1
    with pytest.raises(ApplicationError, match="decided already"):
        services.row_decide_duplicate(row=held, outcome="count", actor=organiser)


def test_a_close_name_at_the_same_house_is_held_and_can_be_counted(petition, volunteer, organiser):
    sheet = printed_sheet(petition)
    services.sheet_row_save(sheet=sheet, row=row(1, name="Jon Smith", address="14 Elm Road"), actor=volunteer)
    other_house = services.sheet_row_save(
        sheet=sheet, row=row(2, name="Mary Smith", address="16 Elm Road"), actor=volunteer
    )
    assert other_house.signature is not None
    held = services.sheet_row_save(sheet=sheet, row=row(3, name="John Smith", address="14, Elm Rd"), actor=volunteer)
    assert held.review == SheetRow.Review.HELD and "Similar name (Jon Smith)" in held.match_reason
    services.row_decide_duplicate(row=held, outcome="count", actor=organiser, note="Father and son")
    held.refresh_from_db()
    assert held.review == SheetRow.Review.COUNTED and held.signature.channel == "paper"
    assert petition_counts(petition=petition).paper == 3
    assert DuplicateDecision.objects.filter(row=held).count() == 1


# Second keying


def test_second_keying_is_independent_and_compared(petition, volunteer, organiser):
    sheet = printed_sheet(petition)
    services.sheet_row_save(sheet=sheet, row=row(1, name="Ann Lee"), actor=volunteer)
    services.sheet_row_save(sheet=sheet, row=row(2, name="Bob Ray"), actor=volunteer)
    with pytest.raises(ApplicationError, match="not waiting for a second keying"):
        services.sheet_row_save(sheet=sheet, row=row(1), actor=organiser, keying=2)
    services.sheet_finish(sheet=sheet, declared_count=2, actor=volunteer)
    services.sheet_want_second_keying(sheet=sheet, actor=organiser)
    sheet.refresh_from_db()
    with pytest.raises(ApplicationError, match="someone other than the first keyer"):
        services.sheet_row_save(sheet=sheet, row=row(1), actor=volunteer, keying=2)
    second = UserFactory(role="data_entry")
    services.sheet_row_save(sheet=sheet, row=row(1, name="Ann Lee"), actor=second, keying=2)
    services.sheet_row_save(sheet=sheet, row=row(2, name="Rob Ray"), actor=second, keying=2)
    services.sheet_finish(sheet=sheet, declared_count=2, actor=second, keying=2)
    differences = selectors.sheet_keyings_compared(sheet=sheet)
    assert [(d.number, d.first.name, d.second.name) for d in differences] == [(2, "Bob Ray", "Rob Ray")]
    # The second keying counted nothing by itself.
    assert petition_counts(petition=petition).paper == 2

    services.sheet_resolve_keyings(sheet=sheet, take_second=[2], actor=organiser)
    names = set(Signature.objects.filter(petition=petition, state="confirmed").values_list("name", flat=True))
    assert names == {"Ann Lee", "Rob Ray"}
    assert petition_counts(petition=petition).paper == 2
    with pytest.raises(ApplicationError, match="no finished second keying"):
        services.sheet_resolve_keyings(sheet=sheet, take_second=[], actor=organiser)


# Closing date changes


def test_pack_holders_are_told_a_new_closing_date(petition, organiser, mailoutbox, on_commit):
    from doorstep.petitions.services import petition_change_closing_date

    emailed = printed_pack(petition, email="kim@example.com", name="Kim Lee")
    by_letter = printed_pack(petition, email="", phone="01632 960001")
    returned = printed_pack(petition, email="back@example.com")
    services.pack_move(pack=returned, to=Pack.State.POSTED, actor=organiser)
    services.pack_move(pack=returned, to=Pack.State.RETURNED, actor=organiser)
    request_pack(petition)  # not printed yet: its letter will carry the new date
    assert not selectors.packs_not_told_closing_date(petition=petition).exists()

    new_date = petition.closing_date + timedelta(days=14)
    petition = petition_change_closing_date(petition=petition, actor=organiser, closing_date=new_date, reason="Later")
    assert set(selectors.packs_not_told_closing_date(petition=petition)) == {emailed, by_letter}
    with on_commit(execute=True):
        told = services.packs_tell_closing_date(petition=petition, actor=organiser)
    assert (told.emailed, told.by_letter) == (1, 1)
    assert [m.to for m in mailoutbox] == [["kim@example.com"]]
    assert f"{new_date.day} {new_date:%B %Y}" in mailoutbox[0].body and "Kim Lee" in mailoutbox[0].body
    assert list(selectors.packs_to_write_to(petition=petition)) == [by_letter]
    # Told once: asking again tells no one twice.
    assert services.packs_tell_closing_date(petition=petition, actor=organiser) == services.Told(0, 0)


def test_pack_requests_switch_stops_the_website_not_the_office(petition):
    from doorstep.core.errors import ApplicationError
    from doorstep.paper.models import Pack
    from doorstep.trust.services import switches_set
    from tests.factories import request_pack

    switches_set(actor=None, pack_requests_stopped=True)
    with pytest.raises(ApplicationError, match="paused"):
        request_pack(petition)
    assert not Pack.objects.exists()
    request_pack(petition, source=Pack.Source.PHONE)
    assert Pack.objects.count() == 1
