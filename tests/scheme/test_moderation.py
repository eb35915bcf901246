"""Moderation: publishing (never flagged words unread), rejecting with a standard reason and an
explanation, hiding, changing a decision, the standard reasons, and new words by agreement."""

import pytest
from django.core import mail

from doorstep.core.errors import ApplicationError
from doorstep.petitions.models import Petition, PetitionEvent
from doorstep.scheme.models import Decision, Flag, RejectionReason, Rewording
from doorstep.scheme.services.moderation import Refusal, petition_publish, petition_turn_down
from doorstep.scheme.services.reasons import reason_save
from doorstep.scheme.services.rewording import rewording_answer, rewording_propose
from doorstep.trust.selectors import retention_due_at
from tests.factories import PetitionFactory, start_petition, support, supported_petition

pytestmark = pytest.mark.django_db


def reason(code):
    return RejectionReason.objects.get(code=code)


def test_the_standard_reasons_are_there():
    assert list(RejectionReason.objects.values_list("code", "asks", "hides")) == [
        ("duplicate", "duplicate", False),
        ("irrelevant", "elsewhere", False),
        ("no-action", "", False),
        ("offensive", "", True),
        ("confidential", "", True),
    ]


def test_publishing_opens_it_for_the_installs_months(organiser, on_commit):
    proposal = supported_petition()
    with on_commit(execute=True):
        decision = petition_publish(petition=proposal.petition, actor=organiser)
    petition = Petition.objects.get(pk=proposal.petition_id)
    assert petition.state == Petition.State.OPEN
    assert petition.is_signable()
    assert (petition.closing_date - petition.opened_at.date()).days in range(181, 185)  # six months
    assert (decision.outcome, decision.decided_by) == (Decision.Outcome.PUBLISH, organiser)
    kinds = list(petition.events.values_list("kind", flat=True))
    assert PetitionEvent.Kind.OPENED in kinds and PetitionEvent.Kind.MODERATED in kinds
    assert mail.outbox[-1].subject == f"Your petition is published: {petition.action}"


@pytest.mark.parametrize("confirm, supporters", [(False, 0), (True, 0), (True, 4)])
def test_only_a_petition_waiting_for_moderation_is_published(organiser, confirm, supporters):
    proposal = start_petition(confirm=confirm)
    for _ in range(supporters):
        support(proposal)
    with pytest.raises(ApplicationError, match="Only a petition waiting for moderation can be published"):
        petition_publish(petition=proposal.petition, actor=organiser)


def test_a_staff_petition_is_not_moderated(organiser):
    with pytest.raises(ApplicationError, match="a resident started"):
        petition_publish(petition=PetitionFactory(state=Petition.State.DRAFT), actor=organiser)


def test_flagged_words_are_never_published_without_a_moderator_reading_them(organiser):
    proposal = supported_petition(background="Details at www.example.com")
    assert [flag["kind"] for flag in proposal.flags] == [Flag.LINK]
    with pytest.raises(ApplicationError) as error:
        petition_publish(petition=proposal.petition, actor=organiser)
    assert error.value.field == "flags_seen"
    assert Petition.objects.get(pk=proposal.petition_id).state == Petition.State.SPONSORED
    decision = petition_publish(petition=proposal.petition, actor=organiser, flags_seen=True)
    assert decision.flags_seen is True


def test_a_held_start_is_published_only_by_a_moderator_who_saw_why(organiser):
    from doorstep.scheme.services.starting import Start, proposal_confirm, proposal_start
    from doorstep.scheme.services.supporters import supporters_check

    proposal = proposal_start(
        start=Start("Fix the lights", "They are broken.", "", "Ada", "ada@example.com", "RM10 7XX"),
        ip_address="10.1.1.1",
        honeypot="bot",
    )
    proposal_confirm(proposal=proposal, token=proposal.token)
    for _ in range(5):
        support(proposal)
    supporters_check(petition_id=proposal.petition_id)
    proposal.refresh_from_db()
    with pytest.raises(ApplicationError):
        petition_publish(petition=proposal.petition, actor=organiser)


def test_rejecting_publishes_the_reason_and_explanation(organiser, on_commit):
    proposal = supported_petition()
    with on_commit(execute=True):
        decision = petition_turn_down(
            petition=proposal.petition,
            actor=organiser,
            refusal=Refusal(reason=reason("no-action"), details="Say what the council should do."),
        )
    petition = Petition.objects.get(pk=proposal.petition_id)
    assert petition.state == Petition.State.REJECTED
    assert petition.rejected_at == decision.decided_at
    assert (decision.outcome, decision.reason.code, decision.details) == (
        Decision.Outcome.REJECT,
        "no-action",
        "Say what the council should do.",
    )
    assert petition.events.filter(kind=PetitionEvent.Kind.MODERATED).first().description == (
        "Rejected: It does not make a clear request"
    )
    message = mail.outbox[-1]
    assert message.subject == f"Your petition was rejected: {petition.action}"
    assert "Say what the council should do." in message.body
    assert f"/petitions/{petition.pk}" in message.body


def test_a_duplicate_names_the_open_petition(organiser):
    original = PetitionFactory()
    proposal = supported_petition()
    refusal = Refusal(reason=reason("duplicate"))
    with pytest.raises(ApplicationError) as error:
        petition_turn_down(petition=proposal.petition, actor=organiser, refusal=refusal)
    assert error.value.field == "duplicate_of"
    closed = PetitionFactory(state=Petition.State.CLOSED)
    with pytest.raises(ApplicationError):
        petition_turn_down(
            petition=proposal.petition,
            actor=organiser,
            refusal=Refusal(reason=reason("duplicate"), duplicate_of_id=closed.pk),
        )
    decision = petition_turn_down(
        petition=proposal.petition,
        actor=organiser,
        refusal=Refusal(reason=reason("duplicate"), duplicate_of_id=original.pk),
    )
    assert decision.duplicate_of == original


def test_not_ours_says_where_to_go(organiser):
    proposal = supported_petition()
    with pytest.raises(ApplicationError) as error:
        petition_turn_down(petition=proposal.petition, actor=organiser, refusal=Refusal(reason=reason("irrelevant")))
    assert error.value.field == "elsewhere"
    decision = petition_turn_down(
        petition=proposal.petition,
        actor=organiser,
        refusal=Refusal(reason=reason("irrelevant"), elsewhere="Transport for London: https://tfl.gov.uk"),
    )
    assert decision.elsewhere == "Transport for London: https://tfl.gov.uk"


def test_hiding_leaves_no_public_page(organiser):
    proposal = supported_petition()
    petition_turn_down(
        petition=proposal.petition, actor=organiser, refusal=Refusal(reason=reason("no-action")), hide=True
    )
    assert Petition.objects.get(pk=proposal.petition_id).state == Petition.State.HIDDEN


def test_a_reason_that_hides_hides_it(organiser):
    proposal = supported_petition()
    decision = petition_turn_down(
        petition=proposal.petition, actor=organiser, refusal=Refusal(reason=reason("offensive"))
    )
    assert decision.outcome == Decision.Outcome.HIDE
    assert Petition.objects.get(pk=proposal.petition_id).state == Petition.State.HIDDEN


def test_a_petition_gathering_supporters_may_be_turned_down(organiser):
    proposal = start_petition()
    petition_turn_down(petition=proposal.petition, actor=organiser, refusal=Refusal(reason=reason("offensive")))
    with pytest.raises(ApplicationError, match="not gathering supporters"):
        support(proposal)


def test_a_decision_may_change_between_rejected_and_hidden_and_each_is_kept(organiser, on_commit):
    proposal = supported_petition()
    with on_commit(execute=True):
        petition_turn_down(petition=proposal.petition, actor=organiser, refusal=Refusal(reason=reason("no-action")))
        petition_turn_down(petition=proposal.petition, actor=organiser, refusal=Refusal(reason=reason("confidential")))
    petition = Petition.objects.get(pk=proposal.petition_id)
    assert petition.state == Petition.State.HIDDEN
    assert list(petition.decisions.values_list("outcome", flat=True)) == ["hide", "reject"]
    assert len([m for m in mail.outbox if "rejected" in m.subject]) == 1  # the creator was told once
    with pytest.raises(ApplicationError):
        petition_publish(petition=petition, actor=organiser)


def test_a_published_petition_cannot_be_turned_down(organiser):
    proposal = supported_petition()
    petition_publish(petition=proposal.petition, actor=organiser)
    with pytest.raises(ApplicationError, match="cannot become rejected"):
        petition_turn_down(
            petition=Petition.objects.get(pk=proposal.petition_id),
            actor=organiser,
            refusal=Refusal(reason=reason("no-action")),
        )


def test_a_reason_no_longer_offered_cannot_be_given(organiser):
    retired = reason("no-action")
    retired.active = False
    retired.save()
    with pytest.raises(ApplicationError) as error:
        petition_turn_down(petition=supported_petition().petition, actor=organiser, refusal=Refusal(reason=retired))
    assert error.value.field == "reason"


def test_turned_down_petitions_are_anonymised_on_time(organiser):
    proposal = supported_petition()
    petition_turn_down(petition=proposal.petition, actor=organiser, refusal=Refusal(reason=reason("no-action")))
    petition = Petition.objects.get(pk=proposal.petition_id)
    assert retention_due_at(petition=petition) is not None


def test_staff_add_and_reword_reasons(organiser):
    added = reason_save(
        actor=organiser,
        title="It is about a planning application",
        description="Comment on the planning application instead.",
        asks=RejectionReason.Asks.ELSEWHERE,
    )
    assert added.code == "it-is-about-a-planning-application"
    assert added.created_by == organiser
    with pytest.raises(ApplicationError) as error:
        reason_save(actor=organiser, title="It is about a planning application", description="Again")
    assert error.value.field == "title"
    reworded = reason_save(actor=organiser, reason=added, title="Planning", description="Use the planning portal.")
    assert (reworded.code, reworded.title) == ("it-is-about-a-planning-application", "Planning")
    with pytest.raises(ApplicationError):
        reason_save(actor=organiser, title=" ", description="x")


def test_new_words_replace_the_old_only_when_the_creator_accepts(organiser, on_commit):
    proposal = supported_petition(action="Fix the lights on Station Road now!!!")
    with on_commit(execute=True):
        rewording = rewording_propose(
            proposal=proposal,
            actor=organiser,
            action="Fix the street lights on Station Road",
            background=proposal.petition.background,
            additional_details="See www.example.com",
            note="A calmer title reads better.",
        )
    message = mail.outbox[-1]
    assert message.subject.startswith("New words proposed for your petition")
    assert f"/petitions/new-words/{rewording.pk}/{rewording.token}" in message.body
    petition = Petition.objects.get(pk=proposal.petition_id)
    assert petition.action == "Fix the lights on Station Road now!!!"  # not yet
    rewording_answer(rewording=rewording, token=rewording.token, accept=True)
    petition.refresh_from_db()
    assert petition.action == "Fix the street lights on Station Road"
    assert petition.additional_details == "See www.example.com"
    proposal.refresh_from_db()
    assert [flag["kind"] for flag in proposal.flags] == [Flag.LINK]  # flagged again: the words changed
    assert petition.events.filter(kind=PetitionEvent.Kind.EDITED).exists()
    with pytest.raises(ApplicationError, match="already been answered"):
        rewording_answer(rewording=rewording, token=rewording.token, accept=False)


def test_the_creator_may_decline_new_words(organiser):
    proposal = supported_petition()
    rewording = rewording_propose(
        proposal=proposal, actor=organiser, action="Other words", background="Other reasons", additional_details=""
    )
    rewording_answer(rewording=rewording, token=rewording.token, accept=False)
    rewording.refresh_from_db()
    assert rewording.state == Rewording.State.DECLINED
    assert Petition.objects.get(pk=proposal.petition_id).action == proposal.petition.action


def test_a_later_proposal_withdraws_the_earlier(organiser):
    proposal = supported_petition()
    first = rewording_propose(
        proposal=proposal, actor=organiser, action="First words", background="Why", additional_details=""
    )
    rewording_propose(
        proposal=proposal, actor=organiser, action="Second words", background="Why", additional_details=""
    )
    first.refresh_from_db()
    assert first.state == Rewording.State.WITHDRAWN
    with pytest.raises(ApplicationError):
        rewording_answer(rewording=first, token=first.token, accept=True)


def test_new_words_follow_the_rules_and_must_change_something(organiser):
    proposal = supported_petition()
    petition = proposal.petition
    with pytest.raises(ApplicationError) as error:
        rewording_propose(proposal=proposal, actor=organiser, action="x" * 81, background="Why", additional_details="")
    assert error.value.field == "action"
    with pytest.raises(ApplicationError, match="Change the words"):
        rewording_propose(
            proposal=proposal,
            actor=organiser,
            action=petition.action,
            background=petition.background,
            additional_details=petition.additional_details,
        )


def test_a_published_petition_is_not_reworded_this_way(organiser):
    proposal = supported_petition()
    petition_publish(petition=proposal.petition, actor=organiser)
    proposal.petition.refresh_from_db()
    with pytest.raises(ApplicationError):
        rewording_propose(proposal=proposal, actor=organiser, action="New", background="Why", additional_details="")
