"""Bulk invalidation: matching, running in batches with progress, cancelling, reversing."""

from dataclasses import replace
from datetime import timedelta

import pytest
from django.utils import timezone

from doorstep.core.errors import ApplicationError
from doorstep.signatures.models import Signature
from doorstep.signatures.selectors.counts import petition_breakdown, petition_counts
from doorstep.signatures.selectors.matching import signature_match_ids
from doorstep.signatures.services import invalidation as invalidation_services
from doorstep.signatures.services.invalidation import invalidation_reverse, invalidation_run, signature_invalidate
from doorstep.signatures.services.retention import signatures_apply_retention
from doorstep.signatures.tasks import run_invalidation
from doorstep.trust.models import Invalidation
from doorstep.trust.selectors import invalidation_stalled
from doorstep.trust.services import invalidation_cancel, invalidation_create
from tests.factories import PetitionFactory, UserFactory, sign
from tests.jobs import WorkerKilled, killed, killed_at_call, lease_expire

pytestmark = pytest.mark.django_db


@pytest.fixture
def signers(petition):
    """Eight signatures of varied origin; returns them by label."""
    now = timezone.now()
    made = {
        "bot1": sign(petition, ip_address="198.51.100.1", email="a1@bot.test", name="Mickey Mouse"),
        "bot2": sign(petition, ip_address="198.51.100.2", email="a2@mx.bot.test", name="Mickey Mouse 2"),
        "bot3": sign(petition, ip_address="198.51.100.3", email="a3@bot.test", name="Minnie Mouse", confirm=False),
        "held": sign(petition, ip_address="198.51.100.4", email="a4@bot.test", name="M Mouse", suspect_reason="x"),
        "real1": sign(petition, ip_address="192.0.2.1", email="jane@gmail.com", name="Jane Smith"),
        "real2": sign(
            petition, ip_address="2001:db8::1", email="raj@example.org", name="Raj Patel", postcode="RM9 4AA"
        ),
        "old": sign(petition, ip_address="192.0.2.9", email="old@example.org", name="Old Signer"),
        "other": sign(PetitionFactory(), ip_address="198.51.100.1", email="x@bot.test", name="Mickey Mouse"),
    }
    Signature.objects.filter(pk=made["old"].pk).update(created_at=now - timedelta(days=3))
    return made


def ids(signers, *labels):
    return sorted(signers[label].pk for label in labels)


@pytest.mark.parametrize(
    ("criteria", "labels"),
    [
        ({"ip": "198.51.100.0/24"}, ["bot1", "bot2", "bot3", "held"]),
        ({"ip": "198.51.100.1"}, ["bot1"]),
        ({"ip": "2001:db8::/32"}, ["real2"]),
        ({"domain": "bot.test"}, ["bot1", "bot2", "bot3", "held"]),
        ({"domain": "*.bot.test"}, ["bot2"]),
        ({"email": "Jane+petition@googlemail.com"}, ["real1"]),
        ({"name": "mickey mouse*"}, ["bot1", "bot2"]),
        ({"name": "*mouse*"}, ["bot1", "bot2", "bot3", "held"]),
        ({"postcode": "RM9"}, ["real2"]),
        ({"postcode": "RM10 7"}, ["bot1", "bot2", "bot3", "held", "real1", "old"]),
        ({"state": "pending"}, ["bot3"]),
        ({"channel": "paper"}, []),
        ({"ip": "198.51.100.0/24", "name": "Minnie*"}, ["bot3"]),
    ],
)
def test_filters_match_only_that_petitions_signatures(petition, signers, criteria, labels):
    assert signature_match_ids(petition=petition, criteria=criteria) == ids(signers, *labels)


def test_time_windows(petition, signers):
    since = (timezone.now() - timedelta(days=4)).isoformat()
    until = (timezone.now() - timedelta(days=1)).isoformat()
    assert signature_match_ids(petition=petition, criteria={"since": since, "until": until}) == ids(signers, "old")


def test_regex_characters_in_a_name_pattern_are_taken_literally(petition, signers):
    assert signature_match_ids(petition=petition, criteria={"name": ".*"}) == []
    assert signature_match_ids(petition=petition, criteria={"name": "(a+)+$"}) == []


def test_a_hashed_ip_address_is_still_found_by_its_exact_address(petition, signers):
    signatures_apply_retention(now=timezone.now() + timedelta(days=365))
    assert signature_match_ids(petition=petition, criteria={"ip": "198.51.100.1"}) == ids(signers, "bot1")
    assert signature_match_ids(petition=petition, criteria={"ip": "198.51.100.0/24"}) == []


def start(petition, criteria, **kwargs):
    matched = len(signature_match_ids(petition=petition, criteria=criteria))
    return invalidation_create(
        petition=petition,
        criteria=criteria,
        description="test",
        reason="bot attack",
        matched=matched,
        actor=UserFactory(),
        **kwargs,
    )


def test_a_run_takes_the_matches_out_of_every_count_and_a_reversal_puts_them_back(petition, signers, settings):
    settings.DOORSTEP = replace(settings.DOORSTEP, invalidation_batch=2)
    before_total = petition_counts(petition=petition).total
    before_districts = petition_breakdown(petition=petition, dimension="district")
    assert before_total == 5
    invalidation = start(petition, {"domain": "bot.test"})
    assert invalidation.matched == 4
    done = invalidation_run(invalidation_id=invalidation.pk)
    assert done.state == Invalidation.State.DONE
    assert (done.done, done.counted_removed) == (4, 2)
    assert petition_counts(petition=petition).total == 3
    assert [(r.key, r.total) for r in petition_breakdown(petition=petition, dimension="district")] == [
        ("RM10", 2),
        ("RM9", 1),
    ]
    # Running it again does nothing.
    assert invalidation_run(invalidation_id=invalidation.pk).done == 4

    restored = invalidation_reverse(invalidation=done, actor=UserFactory())
    assert restored == 4
    assert petition_counts(petition=petition).total == before_total
    assert petition_breakdown(petition=petition, dimension="district") == before_districts
    states = dict(Signature.objects.values_list("pk", "state"))
    assert states[signers["bot3"].pk] == "pending" and states[signers["held"].pk] == "suspect"
    with pytest.raises(ApplicationError):
        invalidation_reverse(invalidation=done, actor=UserFactory())
    history = list(petition.events.order_by("created_at", "id").values_list("kind", "description"))
    assert history[-2][0] == "signatures_invalidated" and "4 signatures taken out (2 had counted)" in history[-2][1]
    assert "bot attack" in history[-2][1]
    assert history[-1] == ("signatures_restored", "Put back: 4 signatures of a group taken out (test)")


def test_a_reversal_leaves_signatures_taken_out_by_other_means_alone(petition, signers):
    invalidation = start(petition, {"ip": "198.51.100.1"})
    invalidation_run(invalidation_id=invalidation.pk)
    signature_invalidate(signature=signers["real1"])
    invalidation_reverse(invalidation=invalidation, actor=None)
    states = dict(Signature.objects.values_list("pk", "state"))
    assert states[signers["bot1"].pk] == "confirmed" and states[signers["real1"].pk] == "invalidated"


def test_a_cancelled_invalidation_stops_between_batches_and_can_be_reversed(petition, signers, settings, monkeypatch):
    settings.DOORSTEP = replace(settings.DOORSTEP, invalidation_batch=1)
    invalidation = start(petition, {"ip": "198.51.100.0/24"})
    # Cancel as soon as the first batch has been taken out.
    original = signature_invalidate

    def invalidate_then_cancel(**kwargs):
        result = original(**kwargs)
        invalidation_cancel(invalidation=invalidation)
        return result

    monkeypatch.setattr(invalidation_services, "signature_invalidate", invalidate_then_cancel)
    done = invalidation_run(invalidation_id=invalidation.pk)
    assert done.state == Invalidation.State.CANCELLED
    assert done.done == 1
    assert invalidation_reverse(invalidation=done, actor=None) == 1
    assert petition_counts(petition=petition).total == 5


def test_cancelling_before_it_starts_and_a_reason_is_required(petition, signers):
    invalidation = start(petition, {"ip": "198.51.100.1"})
    assert invalidation_cancel(invalidation=invalidation)
    done = invalidation_run(invalidation_id=invalidation.pk)
    assert (done.state, done.done) == (Invalidation.State.CANCELLED, 0)
    assert not invalidation_cancel(invalidation=done)
    assert petition_counts(petition=petition).total == 5
    with pytest.raises(ApplicationError):
        invalidation_create(petition=petition, criteria={}, description="x", reason="  ", matched=0, actor=None)


@pytest.fixture
def killed_in_second_batch(petition, signers, settings, monkeypatch):
    """A run over the four bot signatures, two a batch, whose worker is killed in the middle
    of its second batch (that batch's transaction is rolled back). Returns the invalidation."""
    settings.DOORSTEP = replace(settings.DOORSTEP, invalidation_batch=2)
    invalidation = start(petition, {"domain": "bot.test"})
    # Killed as it takes out the third signature.
    monkeypatch.setattr(invalidation_services, "signature_invalidate", killed_at_call(signature_invalidate, 3))
    with killed():
        invalidation_run(invalidation_id=invalidation.pk)
    monkeypatch.undo()  # the next worker is not killed
    invalidation.refresh_from_db()
    assert (invalidation.state, invalidation.done) == (Invalidation.State.RUNNING, 2)  # the first batch only
    assert Signature.objects.filter(state=Signature.State.INVALIDATED).count() == 2
    return invalidation


def test_an_invalidation_whose_worker_died_is_resumed_by_staff_and_can_then_be_reversed(
    killed_in_second_batch, petition, staff_client, on_commit
):
    invalidation = killed_in_second_batch
    url = f"/staff/invalidations/{invalidation.pk}"
    assert not invalidation_stalled(invalidation=invalidation)  # its lease runs: a worker may be at it
    assert "stopped part way" not in staff_client.get(url).content.decode()
    with pytest.raises(ApplicationError):
        invalidation_reverse(invalidation=invalidation, actor=None)  # not while it runs

    lease_expire(Invalidation.lease_key(invalidation.pk))
    page = staff_client.get(url).content.decode()
    assert "The worker running it stopped part way" in page and "Resume" in page
    assert 'http-equiv="refresh"' not in page
    with on_commit(execute=True):
        response = staff_client.post(f"{url}/resume", follow=True)
    assert "Resuming" in response.content.decode()
    invalidation.refresh_from_db()
    assert (invalidation.state, invalidation.done, invalidation.counted_removed) == (Invalidation.State.DONE, 4, 2)
    assert petition_counts(petition=petition).total == 3
    assert "It is not stuck" in staff_client.post(f"{url}/resume", follow=True).content.decode()
    assert invalidation_reverse(invalidation=invalidation, actor=UserFactory()) == 4
    assert petition_counts(petition=petition).total == 5


def test_a_dead_workers_invalidation_is_resumed_when_its_task_is_taken_again(killed_in_second_batch, petition):
    invalidation = killed_in_second_batch
    lease_expire(Invalidation.lease_key(invalidation.pk))
    run_invalidation.call(invalidation_id=invalidation.pk)  # as a worker runs the task taken back
    invalidation.refresh_from_db()
    assert (invalidation.state, invalidation.done) == (Invalidation.State.DONE, 4)
    assert petition_counts(petition=petition).total == 3
    [event] = petition.events.filter(kind="signatures_invalidated")
    assert "4 signatures taken out (2 had counted)" in event.description


def test_cancelling_an_invalidation_whose_worker_died_stops_it(
    killed_in_second_batch, petition, staff_client, on_commit
):
    invalidation = killed_in_second_batch
    lease_expire(Invalidation.lease_key(invalidation.pk))
    with on_commit(execute=True):
        staff_client.post(f"/staff/invalidations/{invalidation.pk}/cancel")
    invalidation.refresh_from_db()
    assert (invalidation.state, invalidation.done) == (Invalidation.State.CANCELLED, 2)
    assert invalidation_reverse(invalidation=invalidation, actor=None) == 2
    assert petition_counts(petition=petition).total == 5


def test_a_reversal_killed_part_way_changes_nothing_and_can_be_done_again(petition, signers, monkeypatch):
    invalidation = start(petition, {"domain": "bot.test"})
    invalidation_run(invalidation_id=invalidation.pk)

    def dies(**kwargs):
        raise WorkerKilled

    monkeypatch.setattr(invalidation_services, "tally_add", dies)
    with killed():
        invalidation_reverse(invalidation=invalidation, actor=None)
    monkeypatch.undo()
    invalidation.refresh_from_db()
    assert invalidation.state == Invalidation.State.DONE
    assert Signature.objects.filter(state=Signature.State.INVALIDATED).count() == 4
    assert invalidation_reverse(invalidation=invalidation, actor=None) == 4
    assert petition_counts(petition=petition).total == 5
