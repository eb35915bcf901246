from datetime import timedelta

import pytest
from django.utils import timezone

from doorstep.petitions.models import Petition
from doorstep.petitions.services import petition_change_closing_date
from doorstep.places.models import Area
from tests.factories import DAGENHAM, ILFORD, DraftPetitionFactory, PetitionFactory, postcode_directory, sign

pytestmark = pytest.mark.django_db


def test_petition_document_has_the_parliament_shape(client, petition, organiser):
    for _ in range(3):
        sign(petition)
    sign(petition, postcode="", country="FR")
    sign(petition, confirm=False)
    extended = petition.closing_date + timedelta(days=14)
    petition_change_closing_date(petition=petition, actor=organiser, closing_date=extended, reason="More time")
    response = client.get(f"/petitions/{petition.pk}.json")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    document = response.json()
    assert document["links"]["self"] == f"http://testserver/petitions/{petition.pk}.json"
    data = document["data"]
    assert data["type"] == "petition"
    assert data["id"] == petition.pk
    attributes = data["attributes"]
    for name in (
        "action",
        "background",
        "additional_details",
        "state",
        "signature_count",
        "created_at",
        "updated_at",
        "opened_at",
        "closed_at",
        "closing_date",
        "creator_name",
        "government_response",
        "rejection",
        "debate",
        "signatures_by_country",
        "signatures_by_constituency",
        "signatures_by_region",
        "response_threshold_reached_at",
        "debate_threshold_reached_at",
        "scheduled_debate_date",
    ):
        assert name in attributes, name
    assert attributes["state"] == "open"
    assert attributes["signature_count"] == 4
    assert attributes["creator_name"] == petition.creator_name
    assert attributes["closing_date"] == extended.isoformat()
    assert attributes["opened_at"].endswith("Z") and len(attributes["opened_at"]) == 24
    assert {"name": "France", "code": "FR", "signature_count": 1} in attributes["signatures_by_country"]
    assert {"name": "United Kingdom", "code": "GB", "signature_count": 3} in attributes["signatures_by_country"]
    assert attributes["signatures_by_constituency"] == []
    extra = attributes["doorstep"]
    assert extra["online_signature_count"] == 4
    assert extra["paper_signature_count"] == 0
    assert extra["signature_target"] == 5000
    assert extra["addressed_to"] == "the Home Office"
    [change] = extra["closing_date_changes"]
    assert change["to"] == attributes["closing_date"]


def test_no_personal_data_in_the_api(client, petition):
    sign(petition, name="Jane Secretname", email="jane.secret@example.com", postcode="IG11 7QJ")
    text = client.get(f"/petitions/{petition.pk}.json").content.decode()
    text += client.get("/petitions.json").content.decode()
    for personal in ("Secretname", "jane.secret", "IG11 7QJ"):
        assert personal not in text


def test_count_json(client, petition):
    sign(petition)
    response = client.get(f"/petitions/{petition.pk}/count.json")
    assert response.json()["signature_count"] == 1


def test_drafts_are_not_published(client):
    draft = DraftPetitionFactory()
    assert client.get(f"/petitions/{draft.pk}.json").status_code == 404
    assert client.get(f"/petitions/{draft.pk}/count.json").status_code == 404
    assert client.get("/petitions.json").json()["data"] == []
    assert client.get("/petitions/999999.json").json()["errors"][0]["status"] == "404"


def test_list_filters_by_state_and_paginates(client):
    open_ones = [PetitionFactory() for _ in range(52)]
    closed = PetitionFactory(state=Petition.State.CLOSED, closed_at=timezone.now())
    handed_in = PetitionFactory(state=Petition.State.HANDED_IN)
    first = client.get("/petitions.json?state=open").json()
    assert len(first["data"]) == 50
    assert first["links"]["prev"] is None
    assert first["links"]["self"] == "http://testserver/petitions.json?state=open"
    assert first["links"]["first"] == "http://testserver/petitions.json?state=open"
    assert first["links"]["next"] == "http://testserver/petitions.json?page=2&state=open"
    assert first["links"]["last"] == "http://testserver/petitions.json?page=2&state=open"
    second = client.get(first["links"]["next"]).json()
    assert len(second["data"]) == 2
    assert second["links"]["next"] is None
    assert second["links"]["prev"] == "http://testserver/petitions.json?state=open"
    ids = {p["id"] for p in first["data"] + second["data"]}
    assert ids == {p.pk for p in open_ones}
    closed_ids = {p["id"] for p in client.get("/petitions.json?state=closed").json()["data"]}
    assert closed_ids == {closed.pk, handed_in.pk}
    everything = client.get("/petitions.json").json()
    assert len(everything["data"]) == 50
    assert everything["links"]["first"] == "http://testserver/petitions.json"  # state=all is left out, as there
    assert "signatures_by_country" not in first["data"][0]["attributes"]


def test_past_closing_time_reads_closed(client, petition):
    Petition.objects.filter(pk=petition.pk).update(closing_date=timezone.localdate() - timedelta(days=1))
    assert client.get(f"/petitions/{petition.pk}.json").json()["data"]["attributes"]["state"] == "closed"


def test_cors_allows_other_sites_to_read(client, petition):
    response = client.get(f"/petitions/{petition.pk}.json", HTTP_ORIGIN="https://tools.example")
    assert response["Access-Control-Allow-Origin"] == "*"
    page = client.get(f"/petitions/{petition.pk}", HTTP_ORIGIN="https://tools.example")
    assert "Access-Control-Allow-Origin" not in page


def test_api_only_reads(client, petition):
    assert client.post(f"/petitions/{petition.pk}.json").status_code == 405


def test_breakdowns_in_the_parliament_shape(client, petition):
    postcode_directory({"RM10 7XX": DAGENHAM, "IG1 2AA": ILFORD})
    Area.objects.filter(code="E14001190").update(mp="Jane Smith MP")
    for postcode in ("RM10 7XX", "RM10 7XX", "IG1 2AA"):
        sign(petition, postcode=postcode)
    attributes = client.get(f"/petitions/{petition.pk}.json").json()["data"]["attributes"]
    assert attributes["signatures_by_constituency"] == [
        {"name": "Dagenham and Rainham", "ons_code": "E14001190", "mp": "Jane Smith MP", "signature_count": 2},
        {"name": "Ilford South", "ons_code": "E14001301", "mp": "", "signature_count": 1},
    ]
    assert attributes["signatures_by_region"] == [{"name": "London", "ons_code": "E12000007", "signature_count": 3}]
    extra = attributes["doorstep"]
    assert extra["signatures_by_local_authority"][0] == {
        "name": "Barking and Dagenham",
        "code": "E09000002",
        "signature_count": 2,
        "online_signature_count": 2,
        "paper_signature_count": 0,
        "door_signature_count": 0,
    }
    assert {row["code"] for row in extra["signatures_by_ward"]} == {"E05014060", "E05011237"}
    assert {row["code"]: row["signature_count"] for row in extra["signatures_by_postcode_district"]} == {
        "RM10": 2,
        "IG1": 1,
    }
