"""The demo runs the petition scheme: residents' petitions gathering supporters, waiting for
moderation and rejected with a reason, and the campaign's thresholds."""

import pytest
from django.core.management import call_command

from doorstep.petitions.models import Petition

pytestmark = pytest.mark.django_db


def test_the_demo_turns_the_scheme_on_with_a_petition_at_each_stage(client, monkeypatch):
    monkeypatch.delenv("DOORSTEP_PETITION_SCHEME", raising=False)
    call_command("demo", "--no-serve")
    states = dict(Petition.objects.values_list("creator_name", "state"))
    assert states["Priya Patel"] == Petition.State.VALIDATED  # gathering supporters
    assert states["Tariq Khan"] == Petition.State.SPONSORED  # waiting for moderation
    assert states["Grace Hughes"] == Petition.State.REJECTED
    waiting = Petition.objects.get(creator_name="Tariq Khan")
    assert [flag["kind"] for flag in waiting.proposal.flags] == ["link"]
    rejected = Petition.objects.get(creator_name="Grace Hughes")
    page = client.get(f"/petitions/{rejected.pk}").content.decode()
    assert "It is about something we are not responsible for" in page
    assert "run by Transport for London" in page
    campaign = Petition.objects.get(action="Keep our police station open")
    assert list(campaign.thresholds_reached.values_list("kind", flat=True)) == ["response"]


def test_the_demos_server_and_worker_run_the_scheme(monkeypatch):
    """What the demo command gives its children: the scheme on, unless the environment says off."""
    from doorstep.demo.management.commands import demo

    started = []
    monkeypatch.setattr(demo.Supervisor, "run", lambda self, on_started: started.append(self))
    monkeypatch.delenv("DOORSTEP_PETITION_SCHEME", raising=False)
    call_command("demo")
    monkeypatch.setenv("DOORSTEP_PETITION_SCHEME", "off")
    call_command("demo")
    assert [supervisor.env["DOORSTEP_PETITION_SCHEME"] for supervisor in started] == ["1", "0"]


def test_the_demo_without_the_scheme(monkeypatch):
    monkeypatch.setenv("DOORSTEP_PETITION_SCHEME", "0")
    call_command("demo", "--no-serve")
    assert Petition.objects.count() == 1
