"""The hand-in bundle survives a worker killed part way: no half-made file is ever in place,
and the bundle is made again, by the task taken back from the dead worker or by staff."""

import csv
from dataclasses import replace
from datetime import timedelta

import pytest
from django.utils import timezone
from django_tasks_db.compat import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from doorstep.campaigns import bundle
from doorstep.campaigns.bundle_spec import BundleFile
from doorstep.campaigns.models import HandIn
from doorstep.campaigns.selectors import handin_bundle_stalled
from doorstep.campaigns.services.bundles import handin_build_bundle, handin_files
from doorstep.campaigns.services.handin import handin_bundle_restart, handin_prepare
from doorstep.campaigns.tasks import build_hand_in_bundle
from doorstep.core import worker as worker_module
from doorstep.core.errors import ApplicationError
from doorstep.core.files import tmp_root
from doorstep.core.queue import tasks_recover
from tests.core.test_worker import make_worker
from tests.factories import sign
from tests.jobs import WorkerKilled, killed, lease_expire, lease_held_elsewhere, task_claimed_by_dead_worker

pytestmark = pytest.mark.django_db

SIGNERS = 120


@pytest.fixture(autouse=True)
def small_chunks(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.DOORSTEP = replace(settings.DOORSTEP, handin_chunk_rows=50)  # three chunks of the schedule


@pytest.fixture
def prepared(petition, organiser):
    """A prepared hand-in whose bundle is queued (the worker has not started it)."""
    for n in range(SIGNERS):
        sign(petition, name=f"Signer Number{n}")
    return handin_prepare(petition=petition, actor=organiser)


@pytest.fixture
def dies_at_second_chunk(monkeypatch):
    """The worker is killed as it lays out the second chunk of the schedule; the PDFs it made are listed."""
    real_write = bundle.pdf_write
    made = []

    def write(*, html, path):
        made.append(path)
        if path.name == "schedule-00001.pdf":
            raise WorkerKilled
        real_write(html=html, path=path)

    monkeypatch.setattr(bundle, "pdf_write", write)
    return made


def bundle_files(hand_in):
    return [path for path in handin_files(hand_in=hand_in).values() if path.exists()]


def schedule_rows(hand_in) -> int:
    with handin_files(hand_in=hand_in)[BundleFile.SCHEDULE_CSV].open(newline="") as schedule:
        return len(list(csv.reader(schedule))) - 1


def test_a_bundle_interrupted_half_way_leaves_no_file_and_staff_make_it_again(
    prepared, dies_at_second_chunk, staff_client, monkeypatch, on_commit
):
    with killed():
        handin_build_bundle(hand_in_id=prepared.pk)
    prepared.refresh_from_db()
    assert (prepared.bundle_state, prepared.bundle_rows_done) == (HandIn.BundleState.BUILDING, 50)
    assert bundle_files(prepared) == []  # no truncated schedule, no PDF, where staff download them
    # Its temporary files were in the data directory, never in /tmp.
    assert all(path.is_relative_to(tmp_root()) for path in dies_at_second_chunk)
    url = f"/staff/petitions/{prepared.petition_id}/hand-in"
    assert staff_client.get(f"{url}/pdf").status_code == 404

    # While its lease runs, a worker may still be at it: nothing to restart.
    assert not handin_bundle_stalled(hand_in=prepared)
    assert "stopped part way" not in staff_client.get(url).content.decode()
    with pytest.raises(ApplicationError):
        handin_bundle_restart(hand_in=prepared, actor=None)

    lease_expire(HandIn.lease_key(prepared.pk))
    page = staff_client.get(url).content.decode()
    assert "The worker making the bundle stopped part way" in page and "Make the bundle again" in page
    assert 'http-equiv="refresh"' not in page  # nothing will change by itself

    monkeypatch.undo()  # the next worker is not killed
    with on_commit(execute=True):
        response = staff_client.post(f"{url}/bundle/restart", follow=True)
    assert "The bundle is being made again" in response.content.decode()
    prepared.refresh_from_db()
    assert (prepared.bundle_state, prepared.bundle_rows_done) == (HandIn.BundleState.READY, SIGNERS)
    assert schedule_rows(prepared) == SIGNERS
    assert staff_client.get(f"{url}/pdf").status_code == 200
    assert "Hand-in bundle started again" in prepared.petition.events.values_list("description", flat=True)


def test_a_dead_workers_bundle_task_is_taken_again_and_made_from_nothing(
    prepared, dies_at_second_chunk, settings, monkeypatch
):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}
    monkeypatch.setattr(worker_module, "close_old_connections", lambda: None)
    result = build_hand_in_bundle.enqueue(hand_in_id=prepared.pk)
    with killed():
        build_hand_in_bundle.call(hand_in_id=prepared.pk)
    task_claimed_by_dead_worker(result.id)
    lease_expire(HandIn.lease_key(prepared.pk))

    monkeypatch.undo()  # the next worker is not killed
    monkeypatch.setattr(worker_module, "close_old_connections", lambda: None)
    assert tasks_recover() == 1
    make_worker(worker_id="survivor").run()
    assert DBTaskResult.objects.get(pk=result.id).status == TaskResultStatus.SUCCESSFUL
    prepared.refresh_from_db()
    assert prepared.bundle_state == HandIn.BundleState.READY
    assert schedule_rows(prepared) == SIGNERS


def test_a_bundle_task_waits_while_another_worker_makes_it(prepared, settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}
    lease = lease_held_elsewhere(HandIn.lease_key(prepared.pk))
    build_hand_in_bundle.call(hand_in_id=prepared.pk)
    [again] = DBTaskResult.objects.all()
    assert again.status == TaskResultStatus.READY and again.run_after > lease.expires_at
    prepared.refresh_from_db()
    assert prepared.bundle_state == HandIn.BundleState.QUEUED  # untouched: the other worker has it


def test_a_bundle_task_queued_twice_makes_it_once(prepared, monkeypatch):
    build_hand_in_bundle.call(hand_in_id=prepared.pk)
    made_at = HandIn.objects.get(pk=prepared.pk).bundle_made_at
    monkeypatch.setattr(bundle, "pdf_write", lambda html, path: pytest.fail("made twice"))
    build_hand_in_bundle.call(hand_in_id=prepared.pk)
    assert HandIn.objects.get(pk=prepared.pk).bundle_made_at == made_at


def test_preparing_again_stops_the_bundle_of_the_old_count(prepared, organiser, monkeypatch):
    real_write = bundle.pdf_write

    def write(*, html, path):
        if path.name == "schedule-00001.pdf":
            handin_prepare(petition=prepared.petition, actor=organiser, now=timezone.now() + timedelta(minutes=1))
        real_write(html=html, path=path)

    monkeypatch.setattr(bundle, "pdf_write", write)
    assert handin_build_bundle(hand_in_id=prepared.pk) is None
    prepared.refresh_from_db()
    assert prepared.bundle_state == HandIn.BundleState.QUEUED  # the new count's bundle is due
    assert bundle_files(prepared) == []
