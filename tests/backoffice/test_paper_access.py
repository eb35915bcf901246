"""Paper pages and personal data: one rule for who sees a sheet's rows, on every route; every
view or download of signers' or pack holders' details in the audit log; hostile rows refused."""

import pytest
from django.test import Client

from doorstep.paper.models import Pack, SheetRow
from doorstep.paper.services.keying import RowInput, sheet_finish, sheet_row_save
from doorstep.paper.services.second_keying import sheet_want_second_keying
from doorstep.scans.models import Scan, Upload
from doorstep.signatures.selectors.counts import petition_counts
from doorstep.trust.models import PersonalDataAccess
from tests.backoffice.test_paper_views import grid
from tests.factories import UserFactory, printed_pack, printed_sheet

pytestmark = pytest.mark.django_db


def signed_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def keyed_sheet(petition, keyer, *, second_wanted_by=None):
    """A sheet keyed and finished by `keyer`: one signer, Ann Lee."""
    sheet = printed_sheet(petition)
    sheet_row_save(sheet=sheet, row=RowInput(number=1, name="Ann Lee", postcode="RM10 7XX"), actor=keyer)
    sheet_finish(sheet=sheet, declared_count=1, actor=keyer)
    if second_wanted_by:
        sheet_want_second_keying(sheet=sheet, actor=second_wanted_by)
    sheet.refresh_from_db()
    return sheet


def test_a_volunteer_cannot_read_a_finished_sheet_by_its_address(petition):
    keyer = UserFactory(role="data_entry")
    sheet = keyed_sheet(petition, keyer)
    for volunteer in (keyer, UserFactory(role="data_entry")):
        client = signed_in(volunteer)
        for url in (f"/staff/paper/sheets/{sheet.code}", f"/staff/paper/sheets/{sheet.code}?keying=2"):
            page = client.get(url)
            assert page.status_code == 404 and b"Ann Lee" not in page.content, url
        row = client.post(f"/staff/paper/sheets/{sheet.code}/rows/1", grid(r1={"name": "X Y", "postcode": "RM10 7XX"}))
        assert row.status_code == 400 and b"Ann Lee" not in row.content
        assert client.post(f"/staff/paper/sheets/{sheet.code}/tally", {"count": "3"}).status_code == 404
    # Staff who may read personal data still see it.
    assert b"Ann Lee" in signed_in(UserFactory()).get(f"/staff/paper/sheets/{sheet.code}").content
    assert not PersonalDataAccess.objects.filter(user__role="data_entry").exists()


def test_the_second_keyer_sees_only_the_second_keying(petition):
    organiser = UserFactory()
    sheet = keyed_sheet(petition, UserFactory(role="data_entry"), second_wanted_by=organiser)
    second = signed_in(UserFactory(role="data_entry"))
    assert second.get(f"/staff/paper/sheets/{sheet.code}").status_code == 404  # the first keying's rows
    page = second.get(f"/staff/paper/sheets/{sheet.code}?keying=2")
    assert page.status_code == 200 and b"Ann Lee" not in page.content


def test_a_volunteer_sees_the_scan_only_of_a_sheet_they_may_key(petition, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    keyer = UserFactory(role="data_entry")
    sheet = keyed_sheet(petition, keyer)
    upload = Upload.objects.create(petition=petition)
    scan = Scan.objects.create(upload=upload, petition=petition, sheet=sheet, source="p. 1", image="scans/x.jpg")
    (tmp_path / "scans").mkdir()
    (tmp_path / "scans" / "x.jpg").write_bytes(b"\xff\xd8\xff")
    assert signed_in(keyer).get(f"/staff/scans/{scan.pk}.jpg").status_code == 404
    assert signed_in(UserFactory()).get(f"/staff/scans/{scan.pk}.jpg").status_code == 200


def test_every_paper_view_and_download_of_personal_data_is_audited(petition):
    organiser = UserFactory()
    staff = signed_in(organiser)
    pack = printed_pack(petition, name="Lou Reed")
    Pack.objects.filter(pk=pack.pk).update(state=Pack.State.POSTED, letter_closing_date=petition.closing_date)
    sheet = keyed_sheet(petition, UserFactory(role="data_entry"), second_wanted_by=organiser)
    base = f"/staff/petitions/{petition.pk}/paper"
    for url in (
        base,
        f"{base}/chasers.csv",
        f"{base}/batches/{pack.batch_id}/packs.pdf",
        f"{base}/batches/{pack.batch_id}/labels.pdf",
        f"{base}/packs/{pack.pk}.pdf",
        f"{base}/closing-date-letters.pdf",
        f"{base}/review",
        f"/staff/paper/sheets/{sheet.code}",
        f"/staff/paper/sheets/{sheet.code}/compare",
    ):
        assert staff.get(url).status_code == 200, url
    logged = list(PersonalDataAccess.objects.order_by("id").values_list("action", "what", "path"))
    assert [(action, path) for action, _what, path in logged] == [
        ("viewed", base),
        ("exported", f"{base}/chasers.csv"),
        ("exported", f"{base}/batches/{pack.batch_id}/packs.pdf"),
        ("exported", f"{base}/batches/{pack.batch_id}/labels.pdf"),
        ("exported", f"{base}/packs/{pack.pk}.pdf"),
        ("exported", f"{base}/closing-date-letters.pdf"),
        ("viewed", f"{base}/review"),
        ("viewed", f"/staff/paper/sheets/{sheet.code}"),
        ("viewed", f"/staff/paper/sheets/{sheet.code}/compare"),
    ]
    assert logged[7][1] == f"rows of sheet {sheet.code}"
    assert all(access.petition_id == petition.pk for access in PersonalDataAccess.objects.all())


@pytest.mark.parametrize(
    ("row", "field", "message"),
    [
        ({"name": "Ann\x00Lee", "postcode": "RM10 7XX"}, "name", "characters that are not allowed"),
        ({"name": "Ann Lee", "address": "1 High St\x00", "postcode": "RM10 7XX"}, "address", "not allowed"),
        ({"name": "Ann Lee", "postcode": "RM10\x00", "status": "illegible"}, "postcode", "not allowed"),
        ({"name": "Ann Lee www.spam-pills.com", "postcode": "RM10 7XX"}, "name", "without a web address"),
        ({"name": "see http://spam.example", "status": "illegible"}, "name", "without a web address"),
    ],
)
def test_a_hostile_row_is_refused_and_nothing_kept(petition, row, field, message):
    client = signed_in(UserFactory(role="data_entry"))
    sheet = printed_sheet(petition)
    response = client.post(f"/staff/paper/sheets/{sheet.code}/rows/1", grid(r1=row))
    assert response.status_code == 400
    assert response.json()["field"] == field and message in response.json()["error"]
    whole = client.post(f"/staff/paper/sheets/{sheet.code}", grid(r1=row))
    assert whole.status_code == 400 and message in whole.content.decode()
    assert not SheetRow.objects.exists() and petition_counts(petition=petition).paper == 0


@pytest.mark.parametrize("take", ["²", "99999999999999999999", "-1", "1\x00"])
def test_settling_two_keyings_takes_only_row_numbers(petition, take):
    organiser = UserFactory()
    sheet = keyed_sheet(petition, UserFactory(role="data_entry"), second_wanted_by=organiser)
    second = UserFactory(role="data_entry")
    sheet_row_save(sheet=sheet, row=RowInput(number=1, name="Anne Lee", postcode="RM10 7XX"), actor=second, keying=2)
    sheet_finish(sheet=sheet, declared_count=1, actor=second, keying=2)
    response = signed_in(organiser).post(f"/staff/paper/sheets/{sheet.code}/compare", {"take_second": [take]})
    assert response.status_code == 302
    assert SheetRow.objects.get(sheet=sheet, keying=1, number=1).signature.name == "Ann Lee"  # nothing taken
