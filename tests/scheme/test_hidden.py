"""A hidden petition is in no list, on no page and in no JSON; a rejected one has only its page
saying why (and petition.parliament.uk's rejected list). Nor does any petition before moderation."""

import pytest

from doorstep.petitions.models import Petition
from doorstep.scheme.models import RejectionReason
from doorstep.scheme.services.moderation import Refusal, petition_turn_down
from tests.factories import PetitionFactory, start_petition, supported_petition

pytestmark = pytest.mark.django_db

LIST_STATES = (
    "open",
    "closed",
    "all",
    "rejected",
    "awaiting_response",
    "with_response",
    "awaiting_debate",
    "debated",
    "not_debated",
)


def turned_down(organiser, code):
    proposal = supported_petition(action=f"Words only a {code} petition has")
    petition_turn_down(
        petition=proposal.petition, actor=organiser, refusal=Refusal(reason=RejectionReason.objects.get(code=code))
    )
    return Petition.objects.get(pk=proposal.petition_id)


def lists(client):
    """Every public list of petitions, as pages and as JSON."""
    pages = [client.get("/"), *(client.get(f"/petitions?state={state}") for state in LIST_STATES)]
    documents = [client.get(f"/petitions.json?state={state}") for state in LIST_STATES]
    return pages, documents


def pages_of(client, petition):
    paths = (
        f"/petitions/{petition.pk}",
        f"/petitions/{petition.pk}/sign",
        f"/petitions/{petition.pk}/sign/check-your-email",
        f"/petitions/{petition.pk}/sign/thank-you",
        f"/petitions/{petition.pk}/paper-pack",
        f"/petitions/{petition.pk}.json",
        f"/petitions/{petition.pk}/count.json",
    )
    return {path: client.get(path) for path in paths}


def test_a_hidden_petition_is_in_no_list_page_or_json(client, organiser):
    PetitionFactory()  # something to list
    hidden = turned_down(organiser, "offensive")
    assert hidden.state == Petition.State.HIDDEN
    pages, documents = lists(client)
    for response in pages + documents:
        assert hidden.action not in response.content.decode(), response.request["QUERY_STRING"]
    for response in pages + documents:
        assert response.status_code == 200
    for document in documents:
        assert hidden.pk not in [item["id"] for item in document.json()["data"]]
    for path, response in pages_of(client, hidden).items():
        assert response.status_code == 404, path
        assert hidden.action not in response.content.decode(), path
    share = client.get(f"/petitions/{hidden.pk}/support/{hidden.proposal.share_token}")
    assert hidden.action not in share.content.decode()


@pytest.mark.parametrize("confirm", [False, True])
def test_a_petition_before_moderation_is_in_no_list_page_or_json(client, confirm):
    proposal = start_petition(confirm=confirm)
    petition = proposal.petition
    pages, documents = lists(client)
    for response in pages + documents:
        assert petition.action not in response.content.decode()
    for path, response in pages_of(client, petition).items():
        assert response.status_code == 404, path


def test_a_rejected_petition_has_a_page_saying_why_and_is_listed_as_rejected(client, organiser):
    rejected = turned_down(organiser, "no-action")
    page = client.get(f"/petitions/{rejected.pk}")
    assert page.status_code == 200
    text = page.content.decode()
    assert "Rejected petition" in text
    assert "It does not make a clear request" in text
    assert rejected.action in client.get("/petitions?state=rejected").content.decode()
    assert rejected.action not in client.get("/petitions?state=all").content.decode()
    assert client.get(f"/petitions/{rejected.pk}/sign").status_code == 404
