import pytest
from django.core.management import call_command

from doorstep.demo.seed import DEMO_USERNAME
from doorstep.petitions.models import Petition
from doorstep.signatures.models import Signature
from doorstep.signatures.selectors import petition_counts

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
    assert client.login(username=DEMO_USERNAME, password="doorstep-demo")
    assert client.login(username="volunteer", password="doorstep-demo")
    assert client.get("/staff/")["Location"] == "/staff/paper/"

    call_command("demo", "--no-serve")
    assert Petition.objects.count() == 1
    assert Signature.objects.filter(channel="online").count() == 320
