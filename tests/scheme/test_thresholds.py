"""Thresholds: each reached once, with its date, however the count moves; shown on the petition page
with progress; served as petition.parliament.uk serves them, with its list states; and debates."""

import dataclasses
from datetime import UTC, date, datetime, timedelta

import pytest
from django.core import mail
from django.utils import timezone

from doorstep.core.errors import ApplicationError
from doorstep.petitions.models import Petition, PetitionEvent
from doorstep.petitions.services import petition_close
from doorstep.scheme.models import Debate, RejectionReason, ThresholdReached
from doorstep.scheme.selectors.thresholds import (
    SchemeListing,
    petition_progress,
    petitions_listed,
    scheme_figures,
    thresholds_active,
)
from doorstep.scheme.services.moderation import Refusal, petition_publish, petition_turn_down
from doorstep.scheme.services.thresholds import (
    debate_outcome_record,
    debate_schedule,
    scheme_count_changed,
    thresholds_check,
)
from doorstep.signatures.services.invalidation import signature_invalidate
from tests.factories import DraftPetitionFactory, PetitionFactory, campaign_news, sign, supported_petition

pytestmark = pytest.mark.django_db


@pytest.fixture
def low_thresholds(settings):
    settings.DOORSTEP = dataclasses.replace(
        settings.DOORSTEP,
        response_threshold=2,
        debate_threshold=3,
        debate_threshold_meaning="debated at a full council meeting",
        scheme_addressed_to="Barking and Dagenham Council",
    )


def iso(value):
    return value.isoformat() if value else None


def test_the_installs_thresholds_say_what_they_mean(settings, low_thresholds):
    assert [(t.kind, t.signatures, t.meaning) for t in thresholds_active()] == [
        ("response", 2, "Barking and Dagenham Council responds"),
        ("debate", 3, "debated at a full council meeting"),
    ]
    settings.DOORSTEP = dataclasses.replace(settings.DOORSTEP, response_threshold=0)
    assert [t.kind for t in thresholds_active()] == ["debate"]


def test_a_threshold_is_reached_once_with_its_date(low_thresholds, organiser):
    petition = PetitionFactory()
    first = sign(petition)
    assert thresholds_check(petition_id=petition.pk) == []
    sign(petition)
    (reached,) = thresholds_check(petition_id=petition.pk)
    assert (reached.kind, reached.signatures) == ("response", 2)
    assert thresholds_check(petition_id=petition.pk) == []  # a second confirmation at the same time
    signature_invalidate(signature=first)
    sign(petition)
    assert thresholds_check(petition_id=petition.pk) == []  # down and up again: still reached once
    assert ThresholdReached.objects.get(petition=petition, kind="response").reached_at == reached.reached_at
    sign(petition)
    assert [row.kind for row in thresholds_check(petition_id=petition.pk)] == ["debate"]
    events = petition.events.filter(kind=PetitionEvent.Kind.THRESHOLD_REACHED)
    assert [event.description for event in events.order_by("id")] == [
        "2 signatures reached: Barking and Dagenham Council responds",
        "3 signatures reached: debated at a full council meeting",
    ]


def test_confirmations_reach_thresholds_through_the_count(low_thresholds, on_commit):
    petition = PetitionFactory()
    with on_commit(execute=True):
        sign(petition)
        sign(petition)
    assert list(petition.thresholds_reached.values_list("kind", flat=True)) == ["response"]


def test_no_thresholds_when_the_scheme_is_off(settings, low_thresholds, on_commit, django_assert_num_queries):
    settings.DOORSTEP = dataclasses.replace(settings.DOORSTEP, petition_scheme=False)
    petition = PetitionFactory()
    with on_commit(execute=True):
        sign(petition)
        sign(petition)
    assert not ThresholdReached.objects.exists()
    with django_assert_num_queries(0):
        scheme_count_changed(petition_id=petition.pk)
    assert petition_progress(petition=petition, total=2) is None


def test_nothing_to_do_costs_one_query(low_thresholds, django_assert_num_queries):
    draft = DraftPetitionFactory()
    with django_assert_num_queries(1):
        scheme_count_changed(petition_id=draft.pk)
    petition = PetitionFactory()
    for _ in range(3):
        sign(petition)
    thresholds_check(petition_id=petition.pk)
    with django_assert_num_queries(1):
        scheme_count_changed(petition_id=petition.pk)  # both reached already


def test_the_page_shows_progress_and_the_day_each_was_reached(low_thresholds, client):
    petition = PetitionFactory()
    sign(petition)
    sign(petition)
    thresholds_check(petition_id=petition.pk, now=datetime(2026, 3, 4, 12, tzinfo=UTC))
    progress = petition_progress(petition=petition, total=2)
    assert [(item.threshold.kind, item.percent, item.reached_at is not None) for item in progress.thresholds] == [
        ("response", 100, True),
        ("debate", 67, False),
    ]
    page = client.get(f"/petitions/{petition.pk}").content.decode()
    assert "At 2 signatures: Barking and Dagenham Council responds." in page
    assert "on 4 March 2026" in page
    assert 'aria-valuenow="67"' in page


def test_the_json_attributes_of_a_debated_petition(low_thresholds, organiser):
    proposal = supported_petition()
    petition = petition_publish(petition=proposal.petition, actor=organiser).petition
    for _ in range(3):
        sign(petition)
    thresholds_check(petition_id=petition.pk)
    debate_schedule(petition=petition, actor=organiser, scheduled_on=date(2026, 5, 1))
    debate_outcome_record(
        petition=petition,
        actor=organiser,
        debated=True,
        debated_on=date(2026, 5, 1),
        overview="The council agreed to a crossing.",
        links={"transcript_url": "https://example.org/minutes"},
    )
    proposal.refresh_from_db()
    attributes = scheme_figures(petitions=[petition])[petition.pk].attributes(time=iso, day=iso)
    reached = {row.kind: row.reached_at for row in petition.thresholds_reached.all()}
    debate = Debate.objects.get(petition=petition)
    assert attributes == {
        "moderation_threshold_reached_at": proposal.supported_at.isoformat(),
        "response_threshold_reached_at": reached["response"].isoformat(),
        "debate_threshold_reached_at": reached["debate"].isoformat(),
        "rejected_at": None,
        "rejection": None,
        "debate_scheduled_at": debate.scheduled_at.isoformat(),
        "scheduled_debate_date": "2026-05-01",
        "debate_outcome_at": debate.outcome_at.isoformat(),
        "debate": {
            "debated_on": "2026-05-01",
            "transcript_url": "https://example.org/minutes",
            "video_url": None,
            "debate_pack_url": None,
            "public_engagement_url": None,
            "debate_summary_url": None,
            "overview": "The council agreed to a crossing.",
        },
    }


def test_a_rejected_petitions_json_names_its_reason(organiser):
    proposal = supported_petition()
    petition_turn_down(
        petition=proposal.petition,
        actor=organiser,
        refusal=Refusal(reason=RejectionReason.objects.get(code="no-action"), details="No clear request."),
    )
    petition = Petition.objects.get(pk=proposal.petition_id)
    attributes = scheme_figures(petitions=[petition])[petition.pk].attributes(time=iso, day=iso)
    assert attributes["rejection"] == {"code": "no-action", "details": "No clear request."}
    assert attributes["rejected_at"] == petition.rejected_at.isoformat()


def test_the_json_attributes_cost_four_queries_however_many(low_thresholds, django_assert_max_num_queries, organiser):
    petitions = [PetitionFactory() for _ in range(5)]
    rejected = supported_petition()
    petition_turn_down(
        petition=rejected.petition,
        actor=organiser,
        refusal=Refusal(reason=RejectionReason.objects.get(code="no-action")),
    )
    petitions.append(Petition.objects.get(pk=rejected.petition_id))
    with django_assert_max_num_queries(4):
        scheme_figures(petitions=petitions)


def test_no_json_attributes_when_the_scheme_is_off(settings, django_assert_num_queries):
    settings.DOORSTEP = dataclasses.replace(settings.DOORSTEP, petition_scheme=False)
    petition = PetitionFactory()
    with django_assert_num_queries(0):
        assert scheme_figures(petitions=[petition]) == {}


def test_the_list_states_mean_what_they_mean_on_petition_parliament_uk(low_thresholds, organiser):
    quiet = PetitionFactory()
    awaiting_response, with_response, awaiting_debate, scheduled, debated, not_debated = (
        PetitionFactory() for _ in range(6)
    )
    for petition in (awaiting_response, with_response, awaiting_debate, debated, not_debated):
        for _ in range(3):
            sign(petition)
        thresholds_check(petition_id=petition.pk)
    campaign_news(with_response, organiser)
    debate_schedule(petition=scheduled, actor=organiser, scheduled_on=timezone.localdate() + timedelta(days=9))
    debate_outcome_record(
        petition=debated, actor=organiser, debated=True, debated_on=timezone.localdate(), overview="Agreed."
    )
    debate_outcome_record(petition=not_debated, actor=organiser, debated=False, overview="Already decided.")
    rejected = supported_petition()
    petition_turn_down(
        petition=rejected.petition,
        actor=organiser,
        refusal=Refusal(reason=RejectionReason.objects.get(code="no-action")),
    )

    def listed(state):
        return set(petitions_listed(state=state).values_list("pk", flat=True))

    assert listed(SchemeListing.AWAITING_RESPONSE) == {
        awaiting_response.pk,
        awaiting_debate.pk,
        debated.pk,
        not_debated.pk,
    }
    assert listed(SchemeListing.WITH_RESPONSE) == {with_response.pk}
    assert listed(SchemeListing.AWAITING_DEBATE) == {
        awaiting_response.pk,
        with_response.pk,
        awaiting_debate.pk,
        scheduled.pk,
    }
    assert listed(SchemeListing.DEBATED) == {debated.pk}
    assert listed(SchemeListing.NOT_DEBATED) == {not_debated.pk}
    assert listed(SchemeListing.REJECTED) == {rejected.petition_id}
    assert quiet.pk in listed("open")


def test_the_creator_is_told_of_the_debate_and_its_outcome(organiser, on_commit):
    proposal = supported_petition()
    petition = petition_publish(petition=proposal.petition, actor=organiser).petition
    with on_commit(execute=True):
        debate_schedule(petition=petition, actor=organiser, scheduled_on=date(2026, 5, 1))
        debate_outcome_record(petition=petition, actor=organiser, debated=False, overview="It was decided already.")
    subjects = [message.subject for message in mail.outbox]
    assert f"Your petition will be debated: {petition.action}" in subjects
    assert f"Your petition was not debated: {petition.action}" in subjects
    assert "1 May 2026" in mail.outbox[-2].body


def test_a_debate_needs_a_published_petition_and_its_facts(organiser):
    with pytest.raises(ApplicationError, match="published"):
        debate_schedule(petition=supported_petition().petition, actor=organiser, scheduled_on=date(2026, 5, 1))
    petition = PetitionFactory()
    with pytest.raises(ApplicationError) as error:
        debate_outcome_record(petition=petition, actor=organiser, debated=True, overview="Agreed.")
    assert error.value.field == "debated_on"
    with pytest.raises(ApplicationError) as error:
        debate_outcome_record(petition=petition, actor=organiser, debated=False, overview=" ")
    assert error.value.field == "overview"
    debate_outcome_record(petition=petition, actor=organiser, debated=False, overview="No.")
    with pytest.raises(ApplicationError, match="outcome already"):
        debate_schedule(petition=petition, actor=organiser, scheduled_on=date(2026, 5, 1))


def test_the_creator_is_told_when_it_closes_and_when_it_is_answered(organiser, on_commit):
    proposal = supported_petition()
    petition = petition_publish(petition=proposal.petition, actor=organiser).petition
    with on_commit(execute=True):
        campaign_news(petition, organiser)
        petition_close(petition=petition, actor=organiser)
    subjects = [message.subject for message in mail.outbox]
    assert f"A response to your petition: {petition.action}" in subjects
    assert f"Your petition has closed: {petition.action}" in subjects
    assert "has closed with 6 signatures" in mail.outbox[-1].body


def test_a_staff_petition_emails_no_creator(organiser, on_commit):
    petition = PetitionFactory()
    with on_commit(execute=True):
        campaign_news(petition, organiser)
        petition_close(petition=petition, actor=organiser)
    assert mail.outbox == []
