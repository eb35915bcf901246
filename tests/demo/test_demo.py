import pytest
from django.core.management import call_command
from django.test import Client

from doorstep.canvass.models import DoorSignature
from doorstep.demo.seed import DEMO_USERNAME, demo_campaign_create, demo_user_ensure
from doorstep.petitions.models import Petition
from doorstep.signatures.models import Signature
from doorstep.signatures.selectors.counts import petition_areas, petition_counts, petition_where_from

pytestmark = pytest.mark.django_db


def test_demo_seeds_an_empty_database_once(client):
    call_command("demo", "--no-serve")
    petition = Petition.objects.get(action="Keep our police station open")
    assert petition.state == Petition.State.OPEN
    assert petition.target == 5000
    assert petition.days_left() == 60
    counts = petition_counts(petition=petition)
    assert 250 <= counts.online <= 320
    assert counts.paper == 6
    assert counts.door == 24  # collected door to door; the repeated signer is held for staff
    assert DoorSignature.objects.filter(petition=petition, review="held").count() == 1
    assert counts.total == Signature.objects.filter(petition=petition, state="confirmed").count()
    signed_in = client.post("/staff/sign-in", {"username": DEMO_USERNAME, "password": "doorstep-demo"})
    assert signed_in.status_code == 302
    # Its signers are placed by the demo's postcode directory, and the page has a map.
    where = petition_where_from(petition=petition)
    assert where.label == "constituencies"
    assert where.top[0].name == "Dagenham and Rainham"
    assert where.home_name == "Dagenham and Rainham" and where.home_share > 20
    page = client.get(f"/petitions/{petition.pk}").content.decode()
    assert "UK constituencies (2024): London" in page  # the bundled map, around the home seat
    volunteer = Client()
    assert volunteer.post("/staff/sign-in", {"username": "volunteer", "password": "doorstep-demo"}).status_code == 302
    assert volunteer.get("/staff/")["Location"] == "/staff/paper/"
    canvasser = Client()
    assert canvasser.post("/staff/sign-in", {"username": "canvasser", "password": "doorstep-demo"}).status_code == 302
    assert f'href="/canvass/{petition.pk}/"' in canvasser.get("/canvass/").content.decode()
    # The evidence: charted on the page, and in the JSON.
    assert "Police officers in London" in page
    evidence = client.get(f"/petitions/{petition.pk}.json").json()["data"]["attributes"]["doorstep"]["evidence"]
    assert [series["title"] for series in evidence["series"]] == ["Police officers in London"]

    call_command("demo", "--no-serve")
    assert Petition.objects.count() == 4  # and the petition scheme's three
    assert Signature.objects.filter(petition=petition, channel="online").count() == 320


def test_the_demo_uses_real_areas():
    demo_user_ensure()
    petition = demo_campaign_create()
    assert (petition.home_area_kind, petition.home_area_code) == ("constituency", "E14001189")
    seats = {area.code: area.name for area in petition_areas(petition=petition, dimension="constituency")}
    assert seats["E14001189"] == "Dagenham and Rainham"
    boroughs = {area.code: area.name for area in petition_areas(petition=petition, dimension="local_authority")}
    assert boroughs["E09000002"] == "Barking and Dagenham" and boroughs["E09000016"] == "Havering"
    wards = {area.code: area.name for area in petition_areas(petition=petition, dimension="ward")}
    assert wards["E05014070"] == "Village" and wards["E05013979"] == "Rainham & Wennington"
    assert all(name != code for code, name in {**seats, **boroughs, **wards}.items())  # every one named
