from dataclasses import replace

import pytest

from doorstep.core import memo as memo_module
from doorstep.core.memo import Memo, local_copies_clear
from doorstep.petitions.models import Petition
from doorstep.petitions.selectors import petition_get_public_cached
from doorstep.trust.lists import lists_get_cached
from doorstep.trust.models import Switches
from doorstep.trust.selectors import switches_get_cached
from doorstep.trust.services import list_entry_add, switches_set


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


@pytest.fixture
def clock(monkeypatch):
    clock = Clock()
    monkeypatch.setattr(memo_module.time, "monotonic", clock)
    return clock


def counting_memo():
    loads = []

    def load(key):
        loads.append(key)
        return f"value of {key}"

    return Memo(load), loads


def test_a_value_is_kept_for_the_setting_s_seconds_per_key(settings, clock):
    settings.DOORSTEP = replace(settings.DOORSTEP, local_cache_seconds=5)
    kept, loads = counting_memo()
    assert [kept.get(1), kept.get(1), kept.get(2)] == ["value of 1", "value of 1", "value of 2"]
    assert loads == [1, 2]
    clock.now += 4.9
    kept.get(1)
    assert loads == [1, 2]
    clock.now += 0.2
    kept.get(1)
    assert loads == [1, 2, 1]


def test_clear_forgets_one_key_or_all(settings, clock):
    settings.DOORSTEP = replace(settings.DOORSTEP, local_cache_seconds=5)
    kept, loads = counting_memo()
    kept.get(1), kept.get(2)
    kept.clear(1)
    kept.get(1), kept.get(2)
    assert loads == [1, 2, 1]
    local_copies_clear()
    kept.get(2)
    assert loads == [1, 2, 1, 2]


def test_no_seconds_reads_every_time(settings):
    settings.DOORSTEP = replace(settings.DOORSTEP, local_cache_seconds=0)
    kept, loads = counting_memo()
    kept.get(1), kept.get(1)
    assert loads == [1, 1]


def test_a_memo_never_grows_past_its_bound(settings, monkeypatch):
    settings.DOORSTEP = replace(settings.DOORSTEP, local_cache_seconds=5)
    monkeypatch.setattr(memo_module, "MAX_KEYS", 3)
    kept, _loads = counting_memo()
    for key in range(10):
        kept.get(key)
    assert len(kept.values) <= 3


@pytest.mark.django_db
def test_a_change_made_in_this_process_is_seen_at_once(settings, clock, petition):
    settings.DOORSTEP = replace(settings.DOORSTEP, local_cache_seconds=5)
    assert not switches_get_cached().signing_stopped
    switches_set(actor=None, signing_stopped=True)
    assert switches_get_cached().signing_stopped

    assert not lists_get_cached().ip_blocked("192.0.2.1")
    list_entry_add(kind="ip", action="block", value="192.0.2.1", actor=None)
    assert lists_get_cached().ip_blocked("192.0.2.1")

    assert petition_get_public_cached(petition_id=petition.pk).state == Petition.State.OPEN
    petition.state = Petition.State.CLOSED
    petition.save()
    assert petition_get_public_cached(petition_id=petition.pk).state == Petition.State.CLOSED


@pytest.mark.django_db
def test_a_change_made_by_another_server_is_seen_within_the_setting_s_seconds(settings, clock, petition):
    settings.DOORSTEP = replace(settings.DOORSTEP, local_cache_seconds=5)
    Switches.objects.create(pk=1)
    assert not switches_get_cached().signing_stopped
    assert petition_get_public_cached(petition_id=petition.pk) is not None
    # Another server changes the rows: no signal reaches this process.
    Switches.objects.filter(pk=1).update(signing_stopped=True)
    Petition.objects.filter(pk=petition.pk).update(state=Petition.State.DRAFT)
    clock.now += 4.9
    assert not switches_get_cached().signing_stopped
    assert petition_get_public_cached(petition_id=petition.pk) is not None
    clock.now += 0.2
    assert switches_get_cached().signing_stopped
    assert petition_get_public_cached(petition_id=petition.pk) is None
