"""Making a prepared hand-in's bundle in the worker, and where its files are kept.

The worker making it holds the hand-in's job lease, renewed after each chunk. If it is
killed part way, no file is placed (they are renamed into place only when complete) and
the lease runs out: the task is taken again by another worker, or staff see the bundle
stalled and make it again, and it is made again from nothing.
"""

import logging
from pathlib import Path

from django.conf import settings
from django.utils import timezone

from doorstep.core.leases import Heartbeat, LeaseLost, job_heartbeat

from ..bundle import BundleFiles, bundle_write
from ..bundle_spec import BundleFile, BundleSpec, bundle_file_names
from ..models import HandIn

logger = logging.getLogger(__name__)


class BundleOutdated(Exception):
    """The hand-in was prepared again while its bundle was being made: a new bundle is due."""


def _handin_location(petition_id: int) -> Path:
    return Path(settings.MEDIA_ROOT) / "handins" / str(petition_id)


def handin_files(*, hand_in: HandIn) -> dict[BundleFile, Path]:
    """The bundle's files by kind, once made."""
    names = bundle_file_names(petition_id=hand_in.petition_id, draft=False)
    return {kind: _handin_location(hand_in.petition_id) / name for kind, name in names.items()}


def handin_build_bundle(*, hand_in_id: int, unless_ready: bool = False) -> BundleFiles | None:
    """Make the bundle of a prepared hand-in, telling staff how far it has got (unless it
    is ready already, with `unless_ready`: a task queued twice). Raises LeaseHeld if another
    worker is making it; None if it was not made (no such hand-in, or stopped because it
    was prepared again or another worker took it over)."""
    try:
        with job_heartbeat(key=HandIn.lease_key(hand_in_id)) as heartbeat:
            # Read under the lease: the hand-in as it is now, not as it was queued.
            hand_in = HandIn.objects.select_related("petition").filter(pk=hand_in_id).first()
            if hand_in is None or (unless_ready and hand_in.bundle_state == HandIn.BundleState.READY):
                return None
            return _bundle_build(hand_in, heartbeat)
    except (LeaseLost, BundleOutdated) as stopped:
        logger.warning("The bundle of hand-in %s stopped part way: %r", hand_in_id, stopped)
        return None


def _bundle_build(hand_in: HandIn, heartbeat: Heartbeat) -> BundleFiles:
    # Only while the hand-in is as frozen when this build began (not prepared again since).
    this = HandIn.objects.filter(pk=hand_in.pk, frozen_at=hand_in.frozen_at)
    this.update(bundle_state=HandIn.BundleState.BUILDING, bundle_error="", bundle_rows_done=0)

    def progress(done: int, total: int) -> None:
        if not this.update(bundle_rows_done=done, bundle_rows_total=total):
            raise BundleOutdated(hand_in.pk)
        heartbeat.beat()

    try:
        files = bundle_write(
            spec=BundleSpec.from_hand_in(hand_in),
            directory=_handin_location(hand_in.petition_id),
            chunk_rows=settings.DOORSTEP.handin_chunk_rows,
            progress=progress,
            heartbeat=heartbeat.beat,
        )
    except (LeaseLost, BundleOutdated):
        raise
    except Exception as error:
        logger.exception("The hand-in bundle of petition %s failed", hand_in.petition_id)
        this.update(bundle_state=HandIn.BundleState.FAILED, bundle_error=str(error))
        raise
    this.update(
        bundle_state=HandIn.BundleState.READY,
        bundle_made_at=timezone.now(),
        bundle_rows_done=files.rows,
        bundle_rows_total=files.rows,
    )
    return files
