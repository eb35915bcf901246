"""The scheme's public pages: the start journey, confirming, the creator's page, the share link's
page and the answer to new words; and none of them when the install runs no scheme."""

import dataclasses

import pytest
from django.core import mail

from doorstep.petitions.models import Petition
from doorstep.scheme.models import Proposal, Rewording
from doorstep.scheme.services.rewording import rewording_propose
from doorstep.signatures.models import Signature
from doorstep.trust.services import switches_set
from tests.factories import PetitionFactory, start_petition, supported_petition

pytestmark = pytest.mark.django_db

ANSWERS = {
    "action": {"action": "Put a zebra crossing on Station Road"},
    "background": {"background": "Children cross here on the way to school."},
    "details": {"additional_details": ""},
    "you": {"name": "Ada Lovelace", "email": "ada@example.com", "postcode": "rm10 7xx"},
}


PATHS = {"action": "what", "background": "why", "details": "more", "you": "you"}


def answer(client, page, data=None):
    return client.post(f"/petitions/start/{PATHS[page]}", data or ANSWERS[page])


def answer_all(client):
    for page in ANSWERS:
        answer(client, page)


def test_the_journey_asks_one_question_a_page_then_checks(client, on_commit):
    start = client.get("/petitions/start")
    assert start.status_code == 200
    assert "At 10 signatures: Doorstep responds." in start.content.decode()
    assert 'href="/petitions/start/what"' in start.content.decode()
    assert answer(client, "action")["Location"] == "/petitions/start/similar"
    assert client.get("/petitions/start/similar")["Location"] == "/petitions/start/why"  # none like it
    assert answer(client, "background")["Location"] == "/petitions/start/more"
    assert answer(client, "details")["Location"] == "/petitions/start/you"
    assert answer(client, "you")["Location"] == "/petitions/start/check"
    check = client.get("/petitions/start/check").content.decode()
    assert "Put a zebra crossing on Station Road" in check
    assert "RM10 7XX" in check
    with on_commit(execute=True):
        done = client.post("/petitions/start/check", {"website": ""})
    assert done["Location"] == "/petitions/start/check-your-email"
    assert "ada@example.com" in client.get(done["Location"]).content.decode()
    proposal = Proposal.objects.get()
    assert proposal.petition.state == Petition.State.PENDING
    assert (proposal.ip_address, proposal.held_reason) == ("127.0.0.1", "")
    (message,) = mail.outbox
    assert f"/petitions/start/{proposal.pk}/confirm/{proposal.token}" in message.body
    assert client.get("/petitions/start/check")["Location"] == "/petitions/start/what"  # the answers are gone


def test_each_question_says_what_is_wrong(client):
    response = client.post("/petitions/start/what", {"action": ""})
    assert response.status_code == 200
    assert "Enter what you want us to do" in response.content.decode()
    response = client.post("/petitions/start/what", {"action": "x" * 81})
    assert "must be 80 characters or fewer" in response.content.decode()
    answer(client, "action")
    response = client.post("/petitions/start/why", {"background": "x" * 501})
    assert "must be 500 characters or fewer" in response.content.decode()
    answer(client, "background")
    response = client.post("/petitions/start/you", {"name": "Ada", "email": "nope", "postcode": "nowhere"})
    text = response.content.decode()
    assert "Enter an email address in the correct format" in text
    assert "postcode" in text.lower()


def test_pages_out_of_order_go_back_to_the_first_unanswered(client):
    assert client.get("/petitions/start/why")["Location"] == "/petitions/start/what"
    assert client.get("/petitions/start/check")["Location"] == "/petitions/start/what"
    answer(client, "action")
    answer(client, "background")
    assert client.get("/petitions/start/check")["Location"] == "/petitions/start/you"


def test_a_change_returns_to_the_check_page(client):
    answer_all(client)
    page = client.get("/petitions/start/why?change=1").content.decode()
    assert 'href="/petitions/start/check"' in page  # the back link
    response = client.post("/petitions/start/why?change=1", {"background": "Better words."})
    assert response["Location"] == "/petitions/start/check"
    assert "Better words." in client.get("/petitions/start/check").content.decode()


def test_open_petitions_like_it_are_shown_before_writing(client):
    crossing = PetitionFactory(action="A safe crossing for Station Road school")
    PetitionFactory(action="Keep the library open")
    PetitionFactory(action="A crossing near the closed pool", state=Petition.State.CLOSED)
    answer(client, "action", {"action": "Build a crossing on Station Road"})
    page = client.get("/petitions/start/similar")
    assert page.status_code == 200
    text = page.content.decode()
    assert crossing.action in text
    assert "Keep the library open" not in text
    assert "closed pool" not in text
    assert 'href="/petitions/start/why"' in text


def test_the_honeypot_on_the_last_page_holds_the_start(client):
    answer_all(client)
    client.post("/petitions/start/check", {"website": "http://spam.example"})
    assert Proposal.objects.get().held_reason == "filled in the hidden field"


def test_starting_waits_while_signing_is_stopped(client, organiser):
    answer_all(client)
    switches_set(actor=organiser, signing_stopped=True)
    assert client.post("/petitions/start/check", {"website": ""}).status_code == 503
    assert not Proposal.objects.exists()


def test_the_puzzle_is_on_the_last_page_when_switched_on(client, organiser):
    switches_set(actor=organiser, proof_of_work_required=True)
    answer_all(client)
    assert "altcha" in client.get("/petitions/start/check").content.decode()
    client.post("/petitions/start/check", {"website": ""})
    assert Proposal.objects.get().held_reason == "did not pass the extra check against bots"


def test_the_emailed_link_confirms_only_with_the_button(client):
    proposal = start_petition(confirm=False)
    url = f"/petitions/start/{proposal.pk}/confirm/{proposal.token}"
    page = client.get(url)
    assert "Confirm my petition" in page.content.decode()
    assert Petition.objects.get(pk=proposal.petition_id).state == Petition.State.PENDING
    response = client.post(url)
    assert response["Location"] == f"/petitions/start/{proposal.pk}/{proposal.token}"
    assert Petition.objects.get(pk=proposal.petition_id).state == Petition.State.VALIDATED
    assert client.get(url)["Location"] == response["Location"]
    assert client.get(f"/petitions/start/{proposal.pk}/confirm/wrong").status_code == 404
    assert client.post(f"/petitions/start/{proposal.pk + 1}/confirm/{proposal.token}").status_code == 404


def test_the_creators_page_shows_the_share_link_and_progress(client):
    proposal = start_petition()
    response = client.get(f"/petitions/start/{proposal.pk}/{proposal.token}")
    text = response.content.decode()
    assert response["X-Robots-Tag"] == "noindex"
    assert f"/petitions/{proposal.petition_id}/support/{proposal.share_token}" in text
    assert "0 of 5 supporters have signed" in text
    assert client.get(f"/petitions/start/{proposal.pk}/{proposal.share_token}").status_code == 404


def test_a_supporter_signs_through_the_link_and_confirms(client, on_commit):
    proposal = start_petition()
    url = f"/petitions/{proposal.petition_id}/support/{proposal.share_token}"
    page = client.get(url).content.decode()
    assert proposal.petition.action in page
    assert "It needs 5 supporters before moderators check it; 0 so far." in page
    with on_commit(execute=True):
        response = client.post(
            url, {"name": "Bea", "email": "bea@example.com", "country": "GB", "postcode": "RM10 7XX", "website": ""}
        )
    assert response["Location"] == f"{url}/check-your-email"
    assert "confirm your support" in client.get(response["Location"]).content.decode()
    signature = Signature.objects.get(email="bea@example.com")
    assert f"/signatures/{signature.pk}/confirm/{signature.token}" in mail.outbox[-1].body
    confirm = f"/signatures/{signature.pk}/confirm/{signature.token}"
    assert "Back to the petition" not in client.get(confirm).content.decode()
    thanks = client.post(confirm)
    assert thanks.status_code == 200
    assert "Thank you for supporting" in thanks.content.decode()
    signature.refresh_from_db()
    assert signature.state == Signature.State.CONFIRMED
    assert "1 so far" in client.get(url).content.decode()


def test_the_share_link_of_a_wrong_or_published_petition(client, organiser):
    proposal = supported_petition()
    assert client.get(f"/petitions/{proposal.petition_id}/support/wrong").status_code == 404
    from doorstep.scheme.services.moderation import petition_publish

    petition_publish(petition=proposal.petition, actor=organiser)
    response = client.get(f"/petitions/{proposal.petition_id}/support/{proposal.share_token}")
    assert response["Location"] == f"/petitions/{proposal.petition_id}"


def test_the_creator_answers_new_words(client, organiser):
    proposal = supported_petition()
    rewording = rewording_propose(
        proposal=proposal, actor=organiser, action="Fix the street lights", background="Why", additional_details=""
    )
    url = f"/petitions/new-words/{rewording.pk}/{rewording.token}"
    page = client.get(url).content.decode()
    assert "Fix the street lights" in page
    assert proposal.petition.action in page
    assert "accept or decline" in client.get(f"/petitions/start/{proposal.pk}/{proposal.token}").content.decode()
    assert "Choose whether you accept" in client.post(url, {}).content.decode()
    response = client.post(url, {"answer": "accept"})
    assert "now has the new words" in response.content.decode()
    rewording.refresh_from_db()
    assert rewording.state == Rewording.State.ACCEPTED
    assert "You have answered already" in client.get(url).content.decode()
    assert client.get(f"/petitions/new-words/{rewording.pk}/wrong").status_code == 404


def test_no_scheme_no_pages(client, settings):
    proposal = start_petition()
    settings.DOORSTEP = dataclasses.replace(settings.DOORSTEP, petition_scheme=False)
    for path in (
        "/petitions/start",
        "/petitions/start/what",
        "/petitions/start/check",
        f"/petitions/start/{proposal.pk}/{proposal.token}",
        f"/petitions/{proposal.petition_id}/support/{proposal.share_token}",
    ):
        assert client.get(path).status_code == 404, path
    assert "Start a petition" not in client.get("/").content.decode()


def test_the_header_and_list_offer_starting_a_petition(client):
    assert 'href="/petitions/start"' in client.get("/").content.decode()
