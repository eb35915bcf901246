"""/petitions.json?state=...: every state petition.parliament.uk's clients send, and its pages."""

from datetime import date, timedelta

import pytest
from django.utils import timezone

from doorstep.campaigns.models import Reply
from doorstep.petitions.models import Petition
from tests.factories import DraftPetitionFactory, PetitionFactory

pytestmark = pytest.mark.django_db


def ids(client, query: str) -> list[int]:
    response = client.get("/petitions.json" + query)
    assert response.status_code == 200, response.content
    return [item["id"] for item in response.json()["data"]]


def reply(petition, on: date) -> Reply:
    return Reply.objects.create(
        petition=petition, responder="the Home Office", responded_on=on, summary="We will look again.", details="..."
    )


@pytest.fixture
def petitions():
    now = timezone.now()
    today = timezone.localdate()
    return {
        "open": PetitionFactory(opened_at=now - timedelta(days=3)),
        "newest": PetitionFactory(opened_at=now - timedelta(days=1)),
        # Still "open" in the database, but its closing day has passed and the worker has not closed it yet.
        "overdue": PetitionFactory(opened_at=now - timedelta(days=40), closing_date=today - timedelta(days=1)),
        "closed": PetitionFactory(state=Petition.State.CLOSED, opened_at=now - timedelta(days=50), closed_at=now),
        "replied": PetitionFactory(state=Petition.State.HANDED_IN, opened_at=now - timedelta(days=60)),
        "waiting": PetitionFactory(state=Petition.State.HANDED_IN, opened_at=now - timedelta(days=70)),
        "replied_later": PetitionFactory(opened_at=now - timedelta(days=80)),
        "draft": DraftPetitionFactory(),
    }


def test_each_state_lists_what_it_means_in_doorstep(client, petitions):
    p = {name: petition.pk for name, petition in petitions.items()}
    reply(petitions["replied"], date(2026, 1, 10))
    reply(petitions["replied_later"], date(2026, 2, 1))
    published = [p[n] for n in ("newest", "open", "overdue", "closed", "replied", "waiting", "replied_later")]
    assert ids(client, "") == ids(client, "?state=all") == published  # newest opened first
    assert ids(client, "?state=open") == [p["newest"], p["open"], p["replied_later"]]  # never past closing time
    assert ids(client, "?state=recent") == [p["newest"], p["open"], p["replied_later"]]
    assert ids(client, "?state=closed") == [p["overdue"], p["closed"], p["replied"], p["waiting"]]
    assert ids(client, "?state=with_response") == [p["replied_later"], p["replied"]]  # latest reply first
    assert ids(client, "?state=awaiting_response") == [p["waiting"]]  # handed in, no reply yet
    for nothing in ("rejected", "hidden", "awaiting_debate", "debated", "not_debated"):
        assert ids(client, f"?state={nothing}") == [], nothing


def test_handed_in_reads_closed_and_keeps_its_own_state_under_doorstep(client, petitions):
    [item] = [i for i in client.get("/petitions.json").json()["data"] if i["id"] == petitions["waiting"].pk]
    assert item["attributes"]["state"] == "closed"
    assert item["attributes"]["doorstep"]["state"] == "handed_in"
    [overdue] = [i for i in client.get("/petitions.json").json()["data"] if i["id"] == petitions["overdue"].pk]
    assert (overdue["attributes"]["state"], overdue["attributes"]["doorstep"]["state"]) == ("closed", "closed")


def test_list_items_carry_the_latest_reply(client, petitions):
    reply(petitions["replied"], date(2026, 1, 10))
    latest = reply(petitions["replied"], date(2026, 1, 20))
    items = {item["id"]: item["attributes"] for item in client.get("/petitions.json").json()["data"]}
    response = items[petitions["replied"].pk]["government_response"]
    assert response["responded_on"] == "2026-01-20"
    assert response["summary"] == latest.summary
    assert response["doorstep"] == {"responder": "the Home Office", "summary_cy": None, "details_cy": None}
    assert items[petitions["replied"].pk]["government_response_at"] == response["created_at"]
    assert items[petitions["open"].pk]["government_response"] is None


def test_an_unknown_state_is_sent_to_all_as_there(client, petitions):
    response = client.get("/petitions.json?state=archived&page=2")
    assert response.status_code == 302
    assert response["Location"] == "/petitions.json?page=2&state=all"
    assert client.get("/petitions.json?state=").status_code == 200  # empty: all


@pytest.mark.parametrize("page", ["abc", "0", "-1", "1.5", "", "123456", "%00"])
def test_a_bad_page_serves_page_one(client, petitions, page):
    assert ids(client, f"?page={page}") == ids(client, "")


def test_past_the_last_page_there_are_no_petitions(client, petitions):
    document = client.get("/petitions.json?page=5").json()
    assert document["data"] == []
    assert document["links"]["self"] == "http://testserver/petitions.json?page=5"
    assert document["links"]["next"] is None
    assert document["links"]["prev"] == document["links"]["last"] == "http://testserver/petitions.json"
