"""Starting a petition: the checks on the answers and on the attempt (as signing is checked), the
flags on its words, and the creator's confirmation that starts it gathering supporters."""

import dataclasses
import re

import pytest
from django.core import mail

from doorstep.core.errors import ApplicationError
from doorstep.petitions.models import Petition, PetitionEvent
from doorstep.scheme.models import Flag, Proposal
from doorstep.scheme.services.starting import Start, proposal_confirm, proposal_start
from doorstep.signatures.models import Signature
from doorstep.signatures.selectors.counts import petition_counts
from doorstep.trust.models import ListEntry
from tests.factories import start_petition

pytestmark = pytest.mark.django_db

ANSWERS = {
    "action": "Put a zebra crossing on Station Road",
    "background": "Children cross here on the way to school.",
    "additional_details": "",
    "name": "Ada Lovelace",
    "email": "ada@example.com",
    "postcode": "rm107xx",
}


def start(**changes):
    return proposal_start(start=Start(**{**ANSWERS, **changes}), ip_address="10.1.1.1")


def test_starting_makes_a_petition_waiting_for_its_creator(on_commit):
    with on_commit() as callbacks:
        proposal = start()
    petition = proposal.petition
    assert petition.state == Petition.State.PENDING
    assert petition.creator_name == "Ada Lovelace"
    assert petition.addressed_to == "Doorstep"  # the site name, with no DOORSTEP_SCHEME_ADDRESSED_TO
    assert petition.target == 1500  # the highest threshold
    assert proposal.creator_postcode == "RM10 7XX"
    assert proposal.flags == []
    assert proposal.held_reason == ""
    assert not petition.signatures.exists()
    assert list(petition.events.values_list("kind", flat=True)) == [PetitionEvent.Kind.CREATED]
    assert len(callbacks) == 1  # the confirmation email


def test_the_creator_is_emailed_a_link_that_confirms(on_commit, settings):
    settings.SITE_URL = "https://petitions.example.org"
    with on_commit(execute=True):
        proposal = start()
    (message,) = mail.outbox
    assert message.to == ["ada@example.com"]
    assert message.subject == "Confirm your petition: Put a zebra crossing on Station Road"
    link = f"https://petitions.example.org/petitions/start/{proposal.pk}/confirm/{proposal.token}"
    assert link in message.body


@pytest.mark.parametrize(
    "changes, field",
    [
        ({"action": ""}, "action"),
        ({"action": "x" * 81}, "action"),
        ({"background": "  "}, "background"),
        ({"background": "x" * 501}, "background"),
        ({"additional_details": "x" * 2001}, "additional_details"),
        ({"name": ""}, "name"),
        ({"email": "not an address"}, "email"),
        ({"postcode": "nowhere"}, "postcode"),
    ],
)
def test_bad_answers_are_refused_on_their_field(changes, field):
    with pytest.raises(ApplicationError) as error:
        start(**changes)
    assert error.value.field == field
    assert not Petition.objects.exists()


def test_what_it_asks_for_is_one_line():
    proposal = start(action="  Put a zebra\ncrossing   on Station Road ")
    assert proposal.petition.action == "Put a zebra crossing on Station Road"


@pytest.mark.parametrize(
    "text, kind",
    [
        ("See www.example.com for more", Flag.LINK),
        ("See https://example.org/page for more", Flag.LINK),
        ("Write to me at someone@example.net", Flag.EMAIL),
        ("Ring 020 7946 0000 to help", Flag.PHONE),
        ("Call +44 7700 900123 today", Flag.PHONE),
    ],
)
def test_links_addresses_and_phone_numbers_are_flagged(text, kind):
    proposal = start(background=f"Children cross here. {text}")
    assert [flag["kind"] for flag in proposal.flags] == [kind]


def test_words_on_the_installs_list_are_flagged(settings):
    settings.DOORSTEP = dataclasses.replace(settings.DOORSTEP, flag_words=("scandal", "cover up"))
    proposal = start(additional_details="A Scandal, and a cover up.")
    assert proposal.flags == [{"kind": "word", "text": "Scandal"}, {"kind": "word", "text": "cover up"}]
    assert start(background="The scandalous state of the road.").flags == []  # whole words only


def test_plain_words_are_not_flagged():
    assert start(background="It costs £3.5m; 1,200 children use it; the council met on 12.04.2025.").flags == []


def test_a_filled_honeypot_holds_the_start_for_moderators():
    proposal = proposal_start(start=Start(**ANSWERS), ip_address="10.1.1.1", honeypot="http://spam.example")
    assert proposal.held_reason == "filled in the hidden field"
    assert proposal.flags == [{"kind": Flag.HELD.value, "text": "filled in the hidden field"}]
    assert proposal.petition.state == Petition.State.PENDING  # the creator sees nothing different


def test_a_failed_puzzle_holds_the_start():
    proposal = proposal_start(start=Start(**ANSWERS), ip_address="10.1.1.1", proof_of_work_failed=True)
    assert proposal.held_reason == "did not pass the extra check against bots"


def test_a_blocked_domain_holds_the_start():
    ListEntry.objects.create(kind=ListEntry.Kind.DOMAIN, action=ListEntry.Action.BLOCK, value="example.com")
    assert start().held_reason == "email domain on the block list"


def test_starting_over_the_limit_per_address_is_held(settings):
    settings.DOORSTEP = dataclasses.replace(settings.DOORSTEP, start_ip_limit=2)
    started = [start(email=f"ada{n}@example.org") for n in range(3)]
    assert [proposal.held_reason for proposal in started] == [
        "",
        "",
        "too many petitions started from one IP address in a day",
    ]


def test_starting_over_the_limit_per_email_domain_is_held(settings):
    settings.DOORSTEP = dataclasses.replace(settings.DOORSTEP, start_domain_limit=1)
    first = proposal_start(start=Start(**{**ANSWERS, "email": "a@lobby.example"}), ip_address="10.1.1.1")
    second = proposal_start(start=Start(**{**ANSWERS, "email": "b@lobby.example"}), ip_address="10.1.1.2")
    assert first.held_reason == ""
    assert second.held_reason == "too many petitions started from one email domain in a day"


def test_confirming_starts_gathering_supporters_with_the_creators_signature(on_commit):
    proposal = start()
    with on_commit(execute=True):
        assert proposal_confirm(proposal=proposal, token=proposal.token) is True
    proposal.refresh_from_db()
    petition = proposal.petition
    petition.refresh_from_db()
    assert petition.state == Petition.State.VALIDATED
    assert proposal.confirmed_at is not None
    signature = proposal.creator_signature
    assert (signature.name, signature.email, signature.state) == ("Ada Lovelace", "ada@example.com", "confirmed")
    assert petition_counts(petition=petition).total == 1  # the creator's own, counted once it opens
    assert PetitionEvent.Kind.CONFIRMED in petition.events.values_list("kind", flat=True)
    (message,) = mail.outbox  # the confirmation email has nothing to say now; the share link does
    assert message.subject == "Find supporters for your petition: Put a zebra crossing on Station Road"
    assert f"/petitions/{petition.pk}/support/{proposal.share_token}" in message.body
    assert f"/petitions/start/{proposal.pk}/{proposal.token}" in message.body


def test_confirming_twice_does_it_once():
    proposal = start()
    assert proposal_confirm(proposal=proposal, token=proposal.token) is True
    assert proposal_confirm(proposal=proposal, token=proposal.token) is False
    assert Signature.objects.filter(petition=proposal.petition).count() == 1


def test_a_wrong_token_confirms_nothing():
    proposal = start()
    with pytest.raises(ApplicationError, match="not valid"):
        proposal_confirm(proposal=proposal, token="guess")
    proposal.petition.refresh_from_db()
    assert proposal.petition.state == Petition.State.PENDING


def test_a_held_creators_signature_never_counts():
    proposal = proposal_start(start=Start(**ANSWERS), ip_address="10.1.1.1", honeypot="bot")
    proposal_confirm(proposal=proposal, token=proposal.token)
    proposal.refresh_from_db()
    assert proposal.creator_signature.state == Signature.State.SUSPECT
    assert petition_counts(petition=proposal.petition).total == 0


def test_a_petition_hidden_before_its_creator_confirmed_cannot_be_confirmed(organiser):
    from doorstep.scheme.models import RejectionReason
    from doorstep.scheme.services.moderation import Refusal, petition_turn_down

    proposal = start()
    petition_turn_down(
        petition=proposal.petition,
        actor=organiser,
        refusal=Refusal(reason=RejectionReason.objects.get(code="offensive")),
    )
    with pytest.raises(ApplicationError, match="can no longer be confirmed"):
        proposal_confirm(proposal=proposal, token=proposal.token)


def test_the_factory_confirms():
    proposal = start_petition()
    assert proposal.petition.state == Petition.State.VALIDATED
    assert Proposal.objects.count() == 1
    assert re.fullmatch(r"[\w-]{32}", proposal.share_token)
