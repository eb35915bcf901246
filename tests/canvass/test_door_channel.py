"""Door-to-door signatures have their own column wherever online and paper are split."""

import pytest

from doorstep.campaigns.selectors import handin_bundle_spec
from doorstep.campaigns.services.handin import handin_prepare
from doorstep.signatures.services.counts import counts_rebuild
from tests.factories import sign

from .helpers import canvasser, collect, phone_of

pytestmark = pytest.mark.django_db


@pytest.fixture
def door_petition(petition):
    phone = phone_of(canvasser())
    sign(petition)
    collect(petition, phone, name="Ann Lee", address="1 Elm Road")
    collect(petition, phone, name="Bob Ray", address="2 Elm Road")
    return petition


def test_the_petition_page_and_the_json(client, door_petition):
    page = client.get(f"/petitions/{door_petition.pk}").content.decode()
    assert '<p class="doorstep-count" id="signature-count">3</p>' in page
    assert 'id="door-count">2<' in page
    attributes = client.get(f"/petitions/{door_petition.pk}.json").json()["data"]["attributes"]
    assert attributes["signature_count"] == 3
    assert attributes["doorstep"]["door_signature_count"] == 2
    assert attributes["doorstep"]["signatures_by_postcode_district"][0]["door_signature_count"] == 2
    count = client.get(f"/petitions/{door_petition.pk}/count.json").json()
    assert count["doorstep"]["door_signature_count"] == 2


def test_a_recount_keeps_the_door_count(door_petition):
    assert counts_rebuild(petition=door_petition) == {"online": 0, "paper": 0, "door": 0}


def test_breakdowns_show_door_to_door(staff_client, door_petition):
    page = staff_client.get(f"/staff/petitions/{door_petition.pk}/breakdowns").content.decode()
    assert "Door to door" in page
    assert page.count('fill="#912b88"') >= 1 and 'stroke="#912b88"' in page  # its own bars and line


def test_the_hand_in_freezes_the_door_count(door_petition, organiser, on_commit, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    assert handin_bundle_spec(petition=door_petition).figures.door == 2
    hand_in = handin_prepare(petition=door_petition, actor=organiser)
    assert (hand_in.door_count, hand_in.figures.total) == (2, 3)


def test_placed_in_areas_by_postcode(petition):
    from doorstep.signatures.models import Tally
    from doorstep.signatures.selectors.counts import petition_areas
    from tests.factories import DAGENHAM, postcode_directory

    postcode_directory({"RM10 7XX": DAGENHAM})
    collect(petition, phone_of(canvasser()), name="Ann Lee", postcode="rm10 7xx")
    [seat] = petition_areas(petition=petition, dimension=Tally.Dimension.CONSTITUENCY)
    assert (seat.name, seat.online, seat.paper, seat.door) == ("Dagenham and Rainham", 0, 0, 1)


def test_someone_on_a_keyed_paper_sheet_is_held_not_counted(petition, organiser):
    from doorstep.canvass.models import DoorSignature
    from doorstep.paper.services.keying import RowInput, sheet_finish, sheet_row_save
    from doorstep.signatures.selectors.counts import petition_counts
    from tests.factories import printed_sheet

    sheet = printed_sheet(petition)
    sheet_row_save(sheet=sheet, row=RowInput(number=1, name="Ann Lee", postcode="RM10 7XX"), actor=organiser)
    sheet_finish(sheet=sheet, declared_count=1, actor=organiser)
    record = collect(petition, phone_of(canvasser()), name="Ann Lee", postcode="RM10 7XX")
    assert record.review == DoorSignature.Review.HELD and "on paper" in record.match_reason
    assert (petition_counts(petition=petition).paper, petition_counts(petition=petition).door) == (1, 0)
