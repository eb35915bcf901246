import pytest
from django.core.management import call_command
from django.test import Client

from doorstep.demo.seed import DEMO_USERNAME
from doorstep.petitions.models import Petition
from doorstep.signatures.models import Signature
from doorstep.signatures.selectors.counts import petition_counts, petition_where_from

pytestmark = pytest.mark.django_db


def test_demo_seeds_an_empty_database_once(client):
    call_command("demo", "--no-serve")
    petition = Petition.objects.get()
    assert petition.action == "Keep our police station open"
    assert petition.state == Petition.State.OPEN
    assert petition.target == 5000
    assert petition.days_left() == 60
    counts = petition_counts(petition=petition)
    assert 250 <= counts.online <= 320
    assert counts.paper == 6
    assert counts.total == Signature.objects.filter(state="confirmed").count()
    signed_in = client.post("/staff/sign-in", {"username": DEMO_USERNAME, "password": "doorstep-demo"})
    assert signed_in.status_code == 302
    # Its signers are placed by the demo's postcode directory, and the page has a map.
    where = petition_where_from(petition=petition)
    assert where.label == "constituencies"
    assert where.top[0].name == "Dagenham and Rainham"
    assert where.home_name == "Dagenham and Rainham" and where.home_share > 20
    page = client.get(f"/petitions/{petition.pk}").content.decode()
    assert "Constituencies around Dagenham" in page
    volunteer = Client()
    assert volunteer.post("/staff/sign-in", {"username": "volunteer", "password": "doorstep-demo"}).status_code == 302
    assert volunteer.get("/staff/")["Location"] == "/staff/paper/"

    call_command("demo", "--no-serve")
    assert Petition.objects.count() == 1
    assert Signature.objects.filter(channel="online").count() == 320
