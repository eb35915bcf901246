from dataclasses import replace

import pytest

from doorstep.core.errors import ApplicationError
from doorstep.paper.models import Pack
from doorstep.paper.services.batches import packs_print
from doorstep.paper.services.requests import pack_clear_duplicate, pack_release, pack_request_checked
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


def checked(petition, n, ip="192.0.2.1", **fields):
    """A request made on the petition page (a new address each time), checked by trust."""
    values = {
        "name": f"Bot {n}",
        "address_line_1": f"{n} Bot Street",
        "town": "Dagenham",
        "postcode": f"RM10 {n % 10}XX",
        "email": f"bot{n}@example.com",
        "sheets": 10,
        "contact_consent": True,
        **fields,
    }
    return pack_request_checked(petition=petition, ip_address=ip, **values)


def test_a_flood_from_one_address_is_held_and_left_out_of_the_batch(petition, organiser, settings):
    settings.DOORSTEP = replace(settings.DOORSTEP, pack_ip_limit=3)
    packs = [checked(petition, n) for n in range(30)]
    assert [bool(p.held_reason) for p in packs] == [False] * 3 + [True] * 27
    assert packs[3].held_reason == "too many pack requests from one IP address"
    assert packs[3].events.get().note == "Held for staff: too many pack requests from one IP address"
    batch = packs_print(petition=petition, actor=organiser)
    assert set(batch.packs.all()) == set(packs[:3])
    assert packs_print(petition=petition, actor=organiser) is None
    # Staff checked one and want it sent: it goes in the next batch, and only it.
    pack_release(pack=packs[5], actor=organiser)
    assert packs[5].events.last().note == "Checked: released for printing"
    assert list(packs_print(petition=petition, actor=organiser).packs.all()) == [packs[5]]
    with pytest.raises(ApplicationError, match="not held"):
        pack_release(pack=packs[0], actor=organiser)


def test_a_bot_filling_the_honeypot_is_held_quietly(petition):
    pack = checked(petition, 1, honeypot="http://spam.example")
    assert pack.held_reason == "filled in the hidden field"
    assert checked(petition, 2, proof_of_work_failed=True).held_reason == "did not pass the extra check against bots"


def test_a_held_request_from_an_address_that_asked_before_notes_both(petition, settings):
    settings.DOORSTEP = replace(settings.DOORSTEP, pack_postcode_limit=1)
    first = checked(petition, 1, address_line_1="9 High St")
    again = checked(petition, 2, address_line_1="9 High St", postcode=first.postcode, ip="192.0.2.2")
    assert again.events.get().note == (
        f"Same address as pack {first.pk}; Held for staff: too many pack requests to one postcode"
    )


def test_requests_the_office_logs_are_not_limited(petition, organiser, settings):
    settings.DOORSTEP = replace(settings.DOORSTEP, pack_ip_limit=1, pack_postcode_limit=1)
    packs = [request_pack(petition, source=Pack.Source.PHONE, actor=organiser) for _ in range(5)]
    assert not any(p.held_reason for p in packs)
    assert packs_print(petition=petition, actor=organiser).packs.count() == 5
