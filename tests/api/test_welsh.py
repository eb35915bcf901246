"""Welsh texts in the JSON: the petition.parliament.uk keys keep their English (or the Welsh,
when the petition has only Welsh), and the Welsh sits beside them under `doorstep`."""

from datetime import date

import pytest

from doorstep.campaigns.models import Reply
from tests.factories import PetitionFactory

pytestmark = pytest.mark.django_db


def attributes(client, petition) -> dict:
    return client.get(f"/petitions/{petition.pk}.json").json()["data"]["attributes"]


def test_welsh_texts_sit_under_doorstep_beside_the_english(client):
    petition = PetitionFactory(
        action="Keep the library open",
        action_cy="Cadwch y llyfrgell ar agor",
        background_cy="Mae'r llyfrgell i fod i gau.",
        additional_details_cy="Rhagor o fanylion.",
    )
    found = attributes(client, petition)
    assert (found["action"], found["background"]) == ("Keep the library open", petition.background)
    assert found["doorstep"]["action_cy"] == "Cadwch y llyfrgell ar agor"
    assert found["doorstep"]["background_cy"] == "Mae'r llyfrgell i fod i gau."
    assert found["doorstep"]["additional_details_cy"] == "Rhagor o fanylion."
    [item] = [i for i in client.get("/petitions.json").json()["data"] if i["id"] == petition.pk]
    assert item["attributes"]["doorstep"]["action_cy"] == "Cadwch y llyfrgell ar agor"


def test_a_petition_without_welsh_has_null_welsh_texts(client, petition):
    doorstep = attributes(client, petition)["doorstep"]
    assert (doorstep["action_cy"], doorstep["background_cy"], doorstep["additional_details_cy"]) == (None, None, None)


def test_a_welsh_only_petition_keeps_every_key_a_string(client):
    petition = PetitionFactory(
        action="", background="", action_cy="Achubwch y bont", background_cy="Mae'r bont yn cau."
    )
    found = attributes(client, petition)
    assert (found["action"], found["background"]) == ("Achubwch y bont", "Mae'r bont yn cau.")
    assert found["doorstep"]["action_cy"] == "Achubwch y bont"


def test_a_reply_in_welsh(client, petition):
    Reply.objects.create(
        petition=petition,
        responder="Llywodraeth Cymru",
        responded_on=date(2026, 1, 2),
        summary="We will look again.",
        details="In full.",
        summary_cy="Byddwn yn edrych eto.",
        details_cy="Yn llawn.",
    )
    response = attributes(client, petition)["government_response"]
    assert response["summary"] == "We will look again."
    assert response["doorstep"] == {
        "responder": "Llywodraeth Cymru",
        "summary_cy": "Byddwn yn edrych eto.",
        "details_cy": "Yn llawn.",
    }


def test_the_api_has_no_welsh_address(client, petition):
    assert client.get(f"/cy/petitions/{petition.pk}.json").status_code == 404
