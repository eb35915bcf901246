import pytest

from doorstep.core.errors import ApplicationError
from doorstep.paper.models import Pack
from doorstep.paper.services.batches import packs_print
from doorstep.paper.services.requests import pack_clear_duplicate
from doorstep.trust.services import switches_set
from tests.factories import DraftPetitionFactory, request_pack

pytestmark = pytest.mark.django_db


def test_request_pack_records_who_and_how(petition, organiser):
    pack = request_pack(petition, source=Pack.Source.PHONE, actor=organiser, email="", phone="01632 960001")
    assert pack.state == Pack.State.REQUESTED
    assert pack.logged_by == organiser
    assert pack.postcode == "RM10 7XX"
    assert list(pack.events.values_list("state", "by")) == [(Pack.State.REQUESTED, organiser.pk)]


def test_a_website_request_is_by_nobody(petition):
    pack = request_pack(petition)
    assert pack.logged_by is None and pack.source == Pack.Source.WEBSITE
    assert list(pack.events.values_list("state", "by")) == [(Pack.State.REQUESTED, None)]


@pytest.mark.parametrize(
    ("fields", "field", "message"),
    [
        ({"name": " "}, "name", "Enter your full name"),
        ({"name": "x" * 101}, "name", "Use 100 characters or fewer"),
        ({"address_line_1": ""}, "address_line_1", "first line"),
        ({"town": ""}, "town", "town"),
        ({"postcode": "RM10 XXX"}, "postcode", "real UK postcode"),
        ({"email": "", "phone": ""}, "email", "email address or a phone number"),
        ({"phone": "call me"}, "phone", "phone number"),
        ({"sheets": 0}, "sheets", "between 1 and 10"),
        ({"sheets": 11}, "sheets", "between 1 and 10"),
        ({"contact_consent": False}, "contact_consent", "contact you"),
        ({"source": "carrier pigeon"}, "source", "how the request came in"),
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
    assert again.events.get().note == f"Same address as pack {first.pk}"
    pack_clear_duplicate(pack=again, actor=organiser)
    assert again.events.last().note == "Checked: not a duplicate request"
    batch = packs_print(petition=petition, actor=organiser)
    assert set(batch.packs.all()) == {first, other, again}


def test_pack_requests_switch_stops_the_website_not_the_office(petition):
    switches_set(actor=None, pack_requests_stopped=True)
    with pytest.raises(ApplicationError, match="paused"):
        request_pack(petition)
    assert not Pack.objects.exists()
    request_pack(petition, source=Pack.Source.PHONE)
    assert Pack.objects.count() == 1
