"""Staff pages for paper: printing, circulation, keying in (also without JavaScript),
tallies, duplicates, second keyings, and what a data-entry volunteer may see."""

import csv
import io
from dataclasses import replace
from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone
from pypdf import PdfReader

from doorstep.paper.codes import sheet_code_display
from doorstep.paper.models import Pack, Sheet, SheetRow
from doorstep.paper.services.circulation import pack_move
from doorstep.paper.services.count_only import sheet_count_only
from doorstep.paper.services.keying import RowInput, sheet_finish, sheet_row_save
from doorstep.paper.services.second_keying import sheet_want_second_keying
from doorstep.signatures.selectors.counts import petition_counts
from tests.factories import PetitionFactory, UserFactory, printed_pack, printed_sheet, request_pack, sign

pytestmark = pytest.mark.django_db


@pytest.fixture
def volunteer(db):
    return UserFactory(role="data_entry")


@pytest.fixture
def volunteer_client(volunteer) -> Client:
    client = Client()
    client.force_login(volunteer)
    return client


def grid(**rows):
    """Form data for the keying grid: grid(r1={"name": ...}, ...)."""
    data = {}
    for key, fields in rows.items():
        number = key[1:]
        for field, value in fields.items():
            data[f"row-{number}-{field}"] = value
    return data


# Printing and circulation


def test_paper_page_prints_a_batch_and_serves_its_pdfs(staff_client, petition):
    request_pack(petition, name="Ada Lovelace", sheets=2)
    page = staff_client.get(f"/staff/petitions/{petition.pk}/paper")
    assert b"Print outstanding requests (1)" in page.content
    response = staff_client.post(f"/staff/petitions/{petition.pk}/paper/print")
    assert response.status_code == 302
    pack = Pack.objects.get()
    assert pack.state == Pack.State.PRINTED
    pdf = staff_client.get(f"/staff/petitions/{petition.pk}/paper/batches/{pack.batch_id}/packs.pdf")
    assert pdf["Content-Type"] == "application/pdf"
    assert len(PdfReader(io.BytesIO(b"".join(pdf.streaming_content))).pages) == 3
    labels = staff_client.get(f"/staff/petitions/{petition.pk}/paper/batches/{pack.batch_id}/labels.pdf")
    assert "Ada Lovelace" in PdfReader(io.BytesIO(labels.content)).pages[0].extract_text()
    one = staff_client.get(f"/staff/petitions/{petition.pk}/paper/packs/{pack.pk}.pdf")
    assert len(PdfReader(io.BytesIO(one.content)).pages) == 3
    # Nothing more to print: said, not a 500.
    again = staff_client.post(f"/staff/petitions/{petition.pk}/paper/print", follow=True)
    assert b"No requests are waiting to be printed" in again.content
    assert staff_client.get(f"/staff/petitions/{petition.pk}/paper/batches/999/packs.pdf").status_code == 404


def test_log_a_phone_request(staff_client, organiser, petition):
    data = {
        "source": "phone",
        "name": "Bob Ray",
        "address_line_1": "3 Mill Lane",
        "town": "Dagenham",
        "postcode": "RM10 7XX",
        "phone": "01632 960001",
        "sheets": "1",
        "contact_consent": "on",
    }
    response = staff_client.post(f"/staff/petitions/{petition.pk}/paper/log-request", data)
    assert response.status_code == 302
    pack = Pack.objects.get()
    assert pack.source == "phone" and pack.logged_by == organiser
    again = staff_client.post(f"/staff/petitions/{petition.pk}/paper/log-request", data, follow=True)
    assert b"It is flagged: the same address asked before" in again.content
    bad = staff_client.post(f"/staff/petitions/{petition.pk}/paper/log-request", {**data, "postcode": "nope"})
    assert b"Enter a real UK postcode" in bad.content


def test_held_requests_wait_on_the_paper_page_until_released(staff_client, organiser, petition):
    request_pack(petition, name="Ada Lovelace")
    held = request_pack(petition, name="Bot Two", held_reason="too many pack requests from one IP address")
    page = staff_client.get(f"/staff/petitions/{petition.pk}/paper").content.decode()
    assert "Print outstanding requests (1)" in page
    assert "1 request held (over a limit, or a bot's)" in page
    assert f'id="held-{held.pk}">Held: too many pack requests from one IP address' in page
    url = f"/staff/petitions/{petition.pk}/paper/packs/{held.pk}/move"
    released = staff_client.post(url, {"release": "1"}, follow=True).content.decode()
    assert f"Pack {held.pk} is released: it will be printed with the next batch" in released
    assert "Print outstanding requests (2)" in released
    history = released.split(f'id="history-{held.pk}">')[1].split("</ul>")[0]
    assert f"Requested (Checked: released for printing), by {organiser.username}" in history
    again = staff_client.post(url, {"release": "1"}, follow=True).content.decode()
    assert f"Pack {held.pk} is not held" in again
    staff_client.post(f"/staff/petitions/{petition.pk}/paper/print")
    assert Pack.objects.filter(state=Pack.State.PRINTED).count() == 2


def test_pack_moves_and_chaser_list(staff_client, organiser, petition):
    pack = printed_pack(petition, name="Cat Stevens")
    url = f"/staff/petitions/{petition.pk}/paper/packs/{pack.pk}/move"
    staff_client.post(url, {"to": "posted"})
    Pack.objects.filter(pk=pack.pk).update(state_changed_at=timezone.now() - timedelta(days=60))
    refused = staff_client.post(url, {"to": "requested"}, follow=True)
    assert b"cannot be marked requested" in refused.content
    history = refused.content.decode().split(f'id="history-{pack.pk}">')[1].split("</ul>")[0]
    assert "Requested, by the website" in history and f"Posted, by {organiser.username}" in history
    # Only the steps a posted pack can take are offered.
    assert f'<select class="govuk-select" id="to-{pack.pk}" name="to"><option value="partly_returned">'.encode() in (
        refused.content
    )
    chasers = staff_client.get(f"/staff/petitions/{petition.pk}/paper/chasers.csv")
    rows = list(csv.reader(io.StringIO(b"".join(chasers.streaming_content).decode())))
    assert rows[0][:2] == ["Pack", "Name"]
    assert [r[1] for r in rows[1:]] == ["Cat Stevens"]
    page = staff_client.get(f"/staff/petitions/{petition.pk}/paper").content.decode()
    assert "Download the chaser list" in page
    printed_pack(petition, name="Not Overdue")
    overdue = staff_client.get(f"/staff/petitions/{petition.pk}/paper?overdue=1").content.decode()
    assert "Cat Stevens" in overdue and "Not Overdue" not in overdue


def test_a_new_request_can_be_printed_now_and_a_batch_marked_posted_at_once(staff_client, organiser, petition):
    waiting = request_pack(petition, name="Ada Lovelace")
    other = request_pack(petition, name="Bob Ray")
    flagged = request_pack(petition, name="Bot", held_reason="too many pack requests from one IP address")
    page = staff_client.get(f"/staff/petitions/{petition.pk}/paper").content.decode()
    # A new request's next step is printing, not only cancelling it; a held one waits for staff.
    assert f'id="print-{waiting.pk}">Print this pack now</button>' in page
    assert f'id="print-{flagged.pk}"' not in page
    for bad in ("²", "x", "99999999999999"):  # printing nothing, said plainly
        refused = staff_client.post(f"/staff/petitions/{petition.pk}/paper/print", {"pack": bad}, follow=True)
        assert b"No requests are waiting to be printed" in refused.content
    assert not Pack.objects.filter(state=Pack.State.PRINTED).exists()
    printed = staff_client.post(f"/staff/petitions/{petition.pk}/paper/print", {"pack": waiting.pk}, follow=True)
    waiting.refresh_from_db()
    other.refresh_from_db()
    assert waiting.state == Pack.State.PRINTED and other.state == Pack.State.REQUESTED
    # Only the pack named went into the batch.
    assert f"Batch {waiting.batch_id} is ready" in printed.content.decode()
    staff_client.post(f"/staff/petitions/{petition.pk}/paper/print")
    other.refresh_from_db()
    pack_move(pack=other, to=Pack.State.LOST, actor=organiser)  # moved on: stays as it is
    third = printed_pack(petition, name="Cat Stevens")
    Pack.objects.filter(pk=third.pk).update(batch=other.batch_id)
    page = staff_client.get(f"/staff/petitions/{petition.pk}/paper").content.decode()
    assert f'id="batch-posted-{other.batch_id}">Mark this batch posted (1 pack)</button>' in page
    posted = staff_client.post(f"/staff/petitions/{petition.pk}/paper/batches/{other.batch_id}/posted", follow=True)
    assert f"Batch {other.batch_id}: 1 pack marked posted." in posted.content.decode()
    assert f'id="batch-posted-{other.batch_id}"' not in posted.content.decode()
    assert [p.state for p in Pack.objects.filter(pk__in=[other.pk, third.pk]).order_by("pk")] == ["lost", "posted"]
    assert third.events.filter(state="posted", by=organiser, note=f"Batch {other.batch_id} posted").exists()
    elsewhere = PetitionFactory()
    url = f"/staff/petitions/{elsewhere.pk}/paper/batches/{other.batch_id}/posted"
    assert staff_client.post(url).status_code == 404
    assert staff_client.get(f"/staff/petitions/{petition.pk}/paper/batches/{other.batch_id}/posted").status_code == 405


# Finding a sheet


def test_find_a_sheet_by_code(volunteer_client, petition):
    sheet = printed_sheet(petition)
    response = volunteer_client.get("/staff/paper/", {"code": sheet_code_display(sheet.code).lower()})
    assert response.status_code == 302 and response["Location"] == f"/staff/paper/sheets/{sheet.code}"


@pytest.mark.parametrize(
    ("code", "message"),
    [("", "Enter the sheet code"), ("ABCDEF", "7 characters"), ("0000000", "never contains 0")],
)
def test_bad_codes_are_refused_at_once(volunteer_client, code, message):
    response = volunteer_client.get("/staff/paper/", {"code": code})
    assert response.status_code == 400
    assert message.encode() in response.content


def test_wrong_check_character_and_unknown_code(volunteer_client, petition):
    sheet = printed_sheet(petition)
    wrong = sheet.code[:-1] + ("2" if sheet.code[-1] != "2" else "3")
    response = volunteer_client.get("/staff/paper/", {"code": wrong})
    assert response.status_code == 400 and b"a character is mistyped" in response.content
    Sheet.objects.filter(pk=sheet.pk).update(code="222222" + "X")  # frees the real code
    response = volunteer_client.get("/staff/paper/", {"code": sheet.code})
    assert response.status_code == 400 and b"No sheet has that code" in response.content
    assert volunteer_client.get(f"/staff/paper/sheets/{wrong}").status_code == 404


# Keying


def test_key_a_row_by_script(volunteer_client, petition):
    sheet = printed_sheet(petition)
    url = f"/staff/paper/sheets/{sheet.code}/rows/1"
    response = volunteer_client.post(url, grid(r1={"name": "Ann Lee", "postcode": "rm107xx", "updates": "on"}))
    assert response.status_code == 200
    assert response.json() == {"ok": True, "state": "Saved, counted", "counted": True, "held": False, "keyed": 1}
    assert petition_counts(petition=petition).paper == 1
    bad = volunteer_client.post(f"/staff/paper/sheets/{sheet.code}/rows/2", grid(r2={"name": "Bo", "postcode": "X"}))
    assert bad.status_code == 400
    assert bad.json()["field"] == "postcode" and "real UK postcode" in bad.json()["error"]
    assert volunteer_client.get(f"/staff/paper/sheets/{sheet.code}/rows/1").status_code == 405


def test_key_a_whole_sheet_without_javascript(volunteer_client, volunteer, petition):
    sheet = printed_sheet(petition)
    page = volunteer_client.get(f"/staff/paper/sheets/{sheet.code}")
    assert page.status_code == 200 and b'id="row-15-name"' in page.content
    data = grid(
        r1={"name": "Ann Lee", "address": "1 Elm Road", "postcode": "RM10 7XX"},
        r2={"name": "Bob Ray", "postcode": "not a postcode"},
        r3={"status": "illegible"},
    )
    response = volunteer_client.post(
        f"/staff/paper/sheets/{sheet.code}", {**data, "action": "finish", "declared_count": "3"}
    )
    # The bad row is refused; the good ones are kept, and the sheet is not finished.
    assert response.status_code == 400
    assert b"Row 2: Enter a real UK postcode" in response.content
    assert b'value="not a postcode"' in response.content
    assert set(SheetRow.objects.values_list("number", flat=True)) == {1, 3}
    data["row-2-postcode"] = "RM10 7XX"
    response = volunteer_client.post(
        f"/staff/paper/sheets/{sheet.code}", {**data, "action": "finish", "declared_count": "3"}
    )
    assert response.status_code == 302 and response["Location"] == "/staff/paper/"
    sheet.refresh_from_db()
    assert sheet.state == Sheet.State.KEYED and sheet.keyed_by == volunteer and sheet.declared_count == 3
    assert petition_counts(petition=petition).paper == 2


def test_a_count_mismatch_is_flagged(volunteer_client, petition):
    sheet = printed_sheet(petition)
    data = grid(r1={"name": "Ann Lee", "postcode": "RM10 7XX"})
    response = volunteer_client.post(
        f"/staff/paper/sheets/{sheet.code}", {**data, "action": "finish", "declared_count": "4"}, follow=True
    )
    assert b"it says 4 signatures and 1 rows were keyed" in response.content
    staff = Client()
    staff.force_login(UserFactory())
    page = staff.get(f"/staff/petitions/{petition.pk}/paper").content.decode()
    assert f"{sheet.code}</a>: the volunteer counted 4, 1 row keyed" in page
    assert "these differ: check the sheet" in staff.get(f"/staff/paper/sheets/{sheet.code}").content.decode()


def test_a_sheet_keyed_twice_is_refused(volunteer_client, petition):
    sheet = printed_sheet(petition)
    volunteer_client.post(
        f"/staff/paper/sheets/{sheet.code}",
        {**grid(r1={"name": "Ann Lee", "postcode": "RM10 7XX"}), "action": "finish", "declared_count": "1"},
    )
    found = volunteer_client.get("/staff/paper/", {"code": sheet.code})
    assert found.status_code == 400 and b"has been keyed already" in found.content
    row = volunteer_client.post(
        f"/staff/paper/sheets/{sheet.code}/rows/2", grid(r2={"name": "X Y", "postcode": "RM10 7XX"})
    )
    assert row.status_code == 400 and "keyed already" in row.json()["error"]
    assert petition_counts(petition=petition).paper == 1


def test_rows_for_a_closed_petition_after_the_cut_off(volunteer_client, petition, settings):
    from doorstep.petitions.models import Petition

    sheet = printed_sheet(petition)
    Petition.objects.filter(pk=petition.pk).update(
        state=Petition.State.CLOSED,
        closing_date=timezone.localdate() - timedelta(days=30),
        closed_at=timezone.now() - timedelta(days=29),
    )
    page = volunteer_client.get(f"/staff/paper/sheets/{sheet.code}")
    assert b"Paper entry for this petition has closed" in page.content
    response = volunteer_client.post(
        f"/staff/paper/sheets/{sheet.code}/rows/1", grid(r1={"name": "A B", "postcode": "RM10 7XX"})
    )
    assert response.status_code == 400 and "Paper entry for this petition closed" in response.json()["error"]
    assert not SheetRow.objects.exists()


def test_tally_a_sheet(volunteer_client, staff_client, petition, client):
    sheet = printed_sheet(petition)
    response = volunteer_client.post(f"/staff/paper/sheets/{sheet.code}/tally", {"count": "14"})
    assert response.status_code == 302
    assert b'id="paper-tallied">14<' in client.get(f"/petitions/{petition.pk}").content
    assert b"Paper, tallied (not in the total)" in staff_client.get("/staff/").content
    detail = staff_client.get(f"/staff/petitions/{petition.pk}").content
    assert b"not in it, 14 on paper tallied, not yet keyed" in detail
    assert b'id="count-paper-tallied">14<' in staff_client.get(f"/staff/petitions/{petition.pk}/paper").content
    bad = volunteer_client.post(f"/staff/paper/sheets/{sheet.code}/tally", {"count": "99"}, follow=True)
    assert b"between 0 and 15" in bad.content


# Who sees what


def test_data_entry_volunteers_see_only_keying(volunteer_client, petition):
    assert volunteer_client.get("/staff/")["Location"] == "/staff/paper/"
    for url in [
        f"/staff/petitions/{petition.pk}",
        f"/staff/petitions/{petition.pk}/signatures.csv",
        f"/staff/petitions/{petition.pk}/breakdowns",
        f"/staff/petitions/{petition.pk}/paper",
        f"/staff/petitions/{petition.pk}/paper/chasers.csv",
        f"/staff/petitions/{petition.pk}/paper/review",
        "/staff/petitions/new",
    ]:
        assert volunteer_client.get(url).status_code == 403, url
    assert volunteer_client.get("/staff/paper/").status_code == 200


# Duplicates and second keying


def test_review_queue_decisions(staff_client, organiser, petition):
    sign(petition, name="Ada Lovelace")
    row = sheet_row_save(
        sheet=printed_sheet(petition),
        row=RowInput(number=1, name="Ada Lovelace", postcode="RM10 7XX"),
        actor=organiser,
    )
    page = staff_client.get(f"/staff/petitions/{petition.pk}/paper/review")
    assert b"Same name and postcode as a signature made online" in page.content
    response = staff_client.post(f"/staff/petitions/{petition.pk}/paper/review/{row.pk}", {"outcome": "count"})
    assert response.status_code == 302
    assert petition_counts(petition=petition).total == 2
    again = staff_client.post(
        f"/staff/petitions/{petition.pk}/paper/review/{row.pk}", {"outcome": "reject"}, follow=True
    )
    assert b"decided already" in again.content


def test_second_keying_through_the_pages(petition, organiser, staff_client, volunteer_client):
    sheet = printed_sheet(petition)
    volunteer_client.post(
        f"/staff/paper/sheets/{sheet.code}",
        {**grid(r1={"name": "Ann Lee", "postcode": "RM10 7XX"}), "action": "finish", "declared_count": "1"},
    )
    staff_client.post(f"/staff/paper/sheets/{sheet.code}/second-keying")
    second = Client()
    second.force_login(UserFactory(role="data_entry"))
    found = second.get("/staff/paper/", {"code": sheet.code})
    assert found["Location"] == f"/staff/paper/sheets/{sheet.code}?keying=2"
    second.post(
        f"/staff/paper/sheets/{sheet.code}",
        {
            **grid(r1={"name": "Anne Lee", "postcode": "RM10 7XX"}),
            "keying": "2",
            "action": "finish",
            "declared_count": "1",
        },
    )
    compare = staff_client.get(f"/staff/paper/sheets/{sheet.code}/compare")
    assert b"Ann Lee" in compare.content and b"Anne Lee" in compare.content
    staff_client.post(f"/staff/paper/sheets/{sheet.code}/compare", {"take_second": ["1"]})
    assert SheetRow.objects.get(sheet=sheet, keying=1, number=1).signature.name == "Anne Lee"
    assert petition_counts(petition=petition).paper == 1


def test_tell_pack_holders_and_print_their_letters(staff_client, organiser, petition, mailoutbox):
    from doorstep.petitions.services import petition_change_closing_date

    printed_pack(petition, email="", phone="01632 960001", name="Lou Reed")
    # Nobody needs a letter until the date changes.
    assert b"Letters with the new closing date" not in staff_client.get(f"/staff/petitions/{petition.pk}/paper").content
    petition_change_closing_date(
        petition=petition, actor=organiser, closing_date=petition.closing_date + timedelta(days=7), reason="Later"
    )
    page = staff_client.get(f"/staff/petitions/{petition.pk}/paper")
    assert b"1 pack still out was sent an earlier closing date" in page.content
    told = staff_client.post(f"/staff/petitions/{petition.pk}/paper/tell-closing-date", follow=True)
    assert b"0 pack holders emailed; 1 to write to" in told.content
    letters = staff_client.get(f"/staff/petitions/{petition.pk}/paper/closing-date-letters.pdf")
    text = PdfReader(io.BytesIO(letters.content)).pages[0].extract_text()
    assert "Lou Reed" in text and "New closing date" in text


# Queries: the heaviest pages ask the database the same number of times however much is on them


@pytest.fixture
def one_shard(settings):
    """Counts kept on one shard row, so once a count's row exists every signature updates it:
    the number of queries of a save no longer depends on which random shard it drew."""
    settings.DOORSTEP = replace(settings.DOORSTEP, count_shards=1)


def busy_paper(petition, organiser, volunteer, packs):
    """Packs out and waiting, keyed sheets (one row held, one count differing, a second keying
    wanted), count-only sheets: something in every list of the paper page."""
    sign(petition, name="Ada Lovelace")
    for number in range(packs):
        pack = printed_pack(petition, sheets=2)
        pack_move(pack=pack, to="posted", actor=organiser)
        request_pack(petition)
        keyed, counted_only = pack.sheets.order_by("number")
        for row in (
            RowInput(number=1, name=f"Ann Lee {number}", address="1 Elm Road", postcode="RM10 7XX"),
            RowInput(number=2, name="Ada Lovelace", postcode="RM10 7XX"),
        ):
            sheet_row_save(sheet=keyed, row=row, actor=volunteer)
        sheet_finish(sheet=keyed, declared_count=3, actor=volunteer)
        sheet_want_second_keying(sheet=keyed, actor=organiser)
        sheet_count_only(sheet=counted_only, count=5, actor=volunteer)


@pytest.mark.parametrize("packs", [1, 4])
def test_paper_page_queries(staff_client, organiser, volunteer, petition, packs, django_assert_max_num_queries):
    busy_paper(petition, organiser, volunteer, packs)
    with django_assert_max_num_queries(20):  # 19 to read, 1 to note the viewing in the audit log
        page = staff_client.get(f"/staff/petitions/{petition.pk}/paper")
    assert page.content.decode().count('<tr class="govuk-table__row" id="pack-') == 2 * packs


@pytest.mark.parametrize("rows", [1, 12])
def test_keying_grid_queries(volunteer_client, organiser, volunteer, petition, rows, django_assert_max_num_queries):
    busy_paper(petition, organiser, volunteer, 2)
    sheet = printed_sheet(petition)
    for number in range(1, rows + 1):
        sheet_row_save(
            sheet=sheet,
            row=RowInput(number=number, name=f"Row {number}", postcode="RM10 7XX"),
            actor=volunteer,
        )
    # Five for the grid, one for the sheet's scans shown beside it, one to note the viewing in the audit log.
    with django_assert_max_num_queries(7):
        page = volunteer_client.get(f"/staff/paper/sheets/{sheet.code}")
    assert page.content.decode().count("Saved, counted") == rows


@pytest.mark.parametrize("packs", [1, 4])
def test_saving_the_whole_grid_queries(
    volunteer_client, organiser, volunteer, petition, packs, one_shard, django_assert_max_num_queries
):
    """Without JavaScript the grid posts every row: the rows kept are read once, not once a row."""
    busy_paper(petition, organiser, volunteer, packs)
    sheet = printed_sheet(petition)
    for number in (1, 2):
        sheet_row_save(
            sheet=sheet, row=RowInput(number=number, name=f"Row {number}", postcode="RM10 7XX"), actor=volunteer
        )
    empty = {"name": "", "address": "", "postcode": "", "status": "signed"}
    rows = {f"r{number}": empty for number in range(1, Sheet.ROWS + 1)}
    rows |= {f"r{number}": {**empty, "name": f"Row {number}", "postcode": "RM10 7XX"} for number in (1, 2, 3)}
    data = {**grid(**rows), "action": "save"}
    # Rows 1 and 2 as they were, row 3 new: its signature and counts; the other twelve untouched.
    with django_assert_max_num_queries(27):
        response = volunteer_client.post(f"/staff/paper/sheets/{sheet.code}", data)
    assert response.status_code == 302
    assert sorted(SheetRow.objects.filter(sheet=sheet).values_list("number", flat=True)) == [1, 2, 3]
    # Sent again unchanged, nothing is written.
    with django_assert_max_num_queries(17):
        volunteer_client.post(f"/staff/paper/sheets/{sheet.code}", data)


@pytest.mark.parametrize("packs", [1, 4])
def test_saving_a_keyed_row_queries(
    volunteer_client, organiser, volunteer, petition, packs, one_shard, django_assert_max_num_queries
):
    busy_paper(petition, organiser, volunteer, packs)
    sheet = printed_sheet(petition)
    url = f"/staff/paper/sheets/{sheet.code}/rows/"
    row = {"name": "Bob Ray", "address": "2 Elm Road", "postcode": "RM10 7XX"}
    # Each answer also says how many rows are keyed so far (one COUNT of the sheet's rows).
    # The sheet's first row: the sheet is being keyed, it and its pack are back.
    with django_assert_max_num_queries(26):
        first = volunteer_client.post(url + "1", grid(r1=row))
    # Another row: the duplicate check (same postcode, then house numbers), the signature and its counts.
    with django_assert_max_num_queries(20):
        second = volunteer_client.post(url + "2", grid(r2={**row, "name": "Cy Ray"}))
    # A correction: the old signature is taken out of the counts and a new one made.
    with django_assert_max_num_queries(28):
        corrected = volunteer_client.post(url + "2", grid(r2={**row, "name": "Cyd Ray"}))
    assert [r.json()["counted"] for r in (first, second, corrected)] == [True, True, True]
    assert petition_counts(petition=petition).paper == 3  # Ann Lee 0, Bob Ray, Cyd Ray: the rest are held
