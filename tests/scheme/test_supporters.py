"""Supporters sign through the share link: each counted once, the creator not among them, the move to
moderation made once however many confirmations land together, and their signatures counted once
the petition opens."""

import dataclasses

import pytest
from django.core import mail

from doorstep.core.errors import ApplicationError
from doorstep.petitions.models import Petition, PetitionEvent
from doorstep.scheme.selectors.proposals import proposal_for_petition, supporters_count
from doorstep.scheme.services.moderation import petition_publish
from doorstep.scheme.services.supporters import supporter_sign, supporters_check
from doorstep.signatures.models import Signature
from doorstep.signatures.selectors.counts import petition_counts
from doorstep.signatures.services.confirmation import signature_confirm
from doorstep.signatures.services.holding import signature_release
from doorstep.signatures.services.signing import Signer
from tests.factories import start_petition, support, supported_petition

pytestmark = pytest.mark.django_db


def supporters(proposal):
    return supporters_count(proposal=proposal_for_petition(petition_id=proposal.petition_id))


def test_the_creator_is_not_one_of_their_supporters():
    proposal = start_petition()
    assert petition_counts(petition=proposal.petition).total == 1
    assert supporters(proposal) == 0


def test_a_supporter_counts_once_they_confirm():
    proposal = start_petition()
    signature = support(proposal, confirm=False)
    assert supporters(proposal) == 0
    signature_confirm(signature=signature, token=signature.token)
    assert supporters(proposal) == 1


def test_a_supporter_is_counted_once_however_often_they_sign_and_confirm():
    proposal = start_petition()
    signature = support(proposal, email="Bea@Example.com")
    assert signature_confirm(signature=signature, token=signature.token) is False
    again = support(proposal, email="bea@example.com", confirm=False)
    assert again.pk == signature.pk
    assert supporters(proposal) == 1
    assert Signature.objects.filter(petition=proposal.petition).count() == 2  # the creator and Bea


def test_the_creator_signing_through_their_own_link_is_not_a_supporter():
    proposal = start_petition(email="ada@example.com")
    support(proposal, email="ada@example.com")
    assert supporters(proposal) == 0


def test_enough_supporters_send_it_to_moderation_once(on_commit):
    proposal = start_petition()
    for _ in range(4):
        support(proposal)
    assert supporters_check(petition_id=proposal.petition_id) is False
    support(proposal)
    with on_commit(execute=True):
        assert supporters_check(petition_id=proposal.petition_id) is True
        assert supporters_check(petition_id=proposal.petition_id) is False  # a second confirmation at once
    petition = Petition.objects.get(pk=proposal.petition_id)
    assert petition.state == Petition.State.SPONSORED
    assert petition.events.filter(kind=PetitionEvent.Kind.SPONSORED).count() == 1
    proposal.refresh_from_db()
    assert proposal.supported_at is not None
    assert [message.subject for message in mail.outbox] == [f"Your petition has its supporters: {petition.action}"]


def test_the_last_supporters_confirmation_sends_it_to_moderation(on_commit, settings):
    settings.DOORSTEP = dataclasses.replace(settings.DOORSTEP, scheme_supporters=2)
    proposal = start_petition()
    support(proposal)
    last = support(proposal, confirm=False)
    with on_commit(execute=True):  # the count's signal runs once the confirmation commits
        signature_confirm(signature=last, token=last.token)
    assert Petition.objects.get(pk=proposal.petition_id).state == Petition.State.SPONSORED


def test_reaching_its_supporters_never_publishes_it(on_commit):
    proposal = supported_petition()
    with on_commit(execute=True):
        for _ in range(3):
            support(proposal)
    petition = Petition.objects.get(pk=proposal.petition_id)
    assert petition.state == Petition.State.SPONSORED
    assert not petition.is_signable()


def test_a_held_supporter_does_not_count_until_released():
    proposal = start_petition()
    signature = supporter_sign(
        proposal=proposal,
        token=proposal.share_token,
        signer=Signer(name="Bot", email="bot@example.com", postcode="RM10 7XX"),
        ip_address="10.7.7.7",
        honeypot="filled",
    ).signature
    signature_confirm(signature=signature, token=signature.token)
    assert supporters(proposal) == 0
    signature_release(signature=signature)
    assert supporters(proposal) == 1


def test_supporters_sign_only_through_the_right_link():
    proposal = start_petition()
    with pytest.raises(ApplicationError, match="not valid"):
        supporter_sign(
            proposal=proposal,
            token="guess",
            signer=Signer(name="A", email="a@example.com", postcode="RM10 7XX"),
            ip_address=None,
        )


def test_supporters_cannot_sign_before_the_creator_confirms_or_once_it_is_turned_down():
    proposal = start_petition(confirm=False)
    with pytest.raises(ApplicationError, match="not gathering supporters"):
        support(proposal)


def test_supporters_signatures_count_once_it_opens(organiser):
    proposal = supported_petition()
    petition = proposal.petition
    petition_publish(petition=petition, actor=organiser)
    petition.refresh_from_db()
    assert petition.state == Petition.State.OPEN
    assert petition_counts(petition=petition).total == 6  # the creator and five supporters
