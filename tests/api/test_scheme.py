"""The petition scheme in the JSON, as petition.parliament.uk serves it: thresholds reached, the
debate and its outcome, a rejected petition with its reason, the list states meaning what they mean
there; never a hidden petition. Every document still matches the OpenAPI description."""

import dataclasses
from datetime import date

import pytest

from doorstep.petitions.models import Petition
from doorstep.scheme.models import RejectionReason
from doorstep.scheme.services.moderation import Refusal, petition_publish, petition_turn_down
from doorstep.scheme.services.thresholds import debate_outcome_record, debate_schedule, thresholds_check
from tests.factories import PetitionFactory, campaign_news, sign, supported_petition

from .test_openapi import validate
from .test_queries import LIST_QUERIES

pytestmark = pytest.mark.django_db

STATES = ("all", "open", "closed", "rejected", "hidden", "awaiting_response", "with_response")
STATES += ("awaiting_debate", "debated", "not_debated")


@pytest.fixture(autouse=True)
def scheme_on(settings):
    settings.DOORSTEP = dataclasses.replace(
        settings.DOORSTEP, petition_scheme=True, response_threshold=2, debate_threshold=3
    )


def turned_down(organiser, code):
    proposal = supported_petition()
    petition_turn_down(
        petition=proposal.petition,
        actor=organiser,
        refusal=Refusal(reason=RejectionReason.objects.get(code=code), details="Ask for one thing."),
    )
    return Petition.objects.get(pk=proposal.petition_id)


def listed(client, state):
    response = client.get(f"/petitions.json?state={state}")
    assert response.status_code == 200
    validate("/petitions.json", 200, response.json())
    return [item["id"] for item in response.json()["data"]]


def test_a_published_petitions_thresholds_and_debate(client, organiser):
    proposal = supported_petition()
    petition = petition_publish(petition=proposal.petition, actor=organiser).petition
    sign(petition)  # seven signatures: the creator, five supporters and this one
    thresholds_check(petition_id=petition.pk)
    debate_schedule(petition=petition, actor=organiser, scheduled_on=date(2026, 5, 1))
    debate_outcome_record(
        petition=petition, actor=organiser, debated=True, debated_on=date(2026, 5, 1), overview="Agreed."
    )
    document = client.get(f"/petitions/{petition.pk}.json").json()
    validate("/petitions/{id}.json", 200, document)
    attributes = document["data"]["attributes"]
    assert attributes["signature_count"] == 7
    for name in ("moderation_threshold_reached_at", "response_threshold_reached_at", "debate_threshold_reached_at"):
        assert attributes[name].endswith("Z"), name
    assert attributes["scheduled_debate_date"] == "2026-05-01"
    assert attributes["debate"]["debated_on"] == "2026-05-01"
    assert attributes["debate"]["overview"] == "Agreed."
    assert (attributes["rejection"], attributes["rejected_at"]) == (None, None)
    count = client.get(f"/petitions/{petition.pk}/count.json").json()
    validate("/petitions/{id}/count.json", 200, count)
    assert count["debated"] is True
    assert count["response_threshold_reached_at"] == attributes["response_threshold_reached_at"]
    assert petition.pk in listed(client, "debated")


def test_a_rejected_petition_is_served_with_its_reason(client, organiser):
    rejected = turned_down(organiser, "no-action")
    document = client.get(f"/petitions/{rejected.pk}.json").json()
    validate("/petitions/{id}.json", 200, document)
    attributes = document["data"]["attributes"]
    assert attributes["state"] == "rejected"
    assert attributes["rejection"] == {"code": "no-action", "details": "Ask for one thing."}
    assert attributes["rejected_at"].endswith("Z")
    assert listed(client, "rejected") == [rejected.pk]
    assert rejected.pk not in listed(client, "all")


def test_a_hidden_petition_is_in_no_json(client, organiser):
    hidden = turned_down(organiser, "offensive")
    assert client.get(f"/petitions/{hidden.pk}.json").status_code == 404
    assert client.get(f"/petitions/{hidden.pk}/count.json").status_code == 404
    for state in STATES:
        assert hidden.pk not in listed(client, state), state


def test_the_list_states_follow_the_thresholds(client, organiser):
    quiet, answered, due = PetitionFactory(), PetitionFactory(), PetitionFactory()
    for petition in (answered, due):
        for _ in range(3):
            sign(petition)
        thresholds_check(petition_id=petition.pk)

    campaign_news(answered, organiser)
    assert listed(client, "awaiting_response") == [due.pk]
    assert listed(client, "with_response") == [answered.pk]
    assert set(listed(client, "awaiting_debate")) == {answered.pk, due.pk}
    assert listed(client, "debated") == listed(client, "not_debated") == []
    assert quiet.pk in listed(client, "open")


def test_the_list_still_takes_a_fixed_number_of_queries(client, organiser, django_assert_max_num_queries):
    for _ in range(3):
        petition = PetitionFactory()
        for _ in range(3):
            sign(petition)
        thresholds_check(petition_id=petition.pk)
    turned_down(organiser, "no-action")
    with django_assert_max_num_queries(LIST_QUERIES + 4):  # the scheme's four, however many petitions
        client.get("/petitions.json?state=all")
    with django_assert_max_num_queries(LIST_QUERIES + 4):
        client.get("/petitions.json?state=rejected")
