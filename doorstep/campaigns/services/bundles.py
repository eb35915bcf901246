"""Making a prepared hand-in's bundle in the worker, and where its files are kept."""

import logging
from pathlib import Path

from django.conf import settings
from django.utils import timezone

from ..bundle import BundleFiles, bundle_write
from ..bundle_spec import BundleFile, BundleSpec, bundle_file_names
from ..models import HandIn

logger = logging.getLogger(__name__)


def _handin_location(petition_id: int) -> Path:
    return Path(settings.MEDIA_ROOT) / "handins" / str(petition_id)


def handin_files(*, hand_in: HandIn) -> dict[BundleFile, Path]:
    """The bundle's files by kind, once made."""
    names = bundle_file_names(petition_id=hand_in.petition_id, draft=False)
    return {kind: _handin_location(hand_in.petition_id) / name for kind, name in names.items()}


def handin_build_bundle(*, hand_in_id: int) -> BundleFiles | None:
    """Make the bundle of a prepared hand-in, telling staff how far it has got."""
    hand_in = HandIn.objects.select_related("petition").filter(pk=hand_in_id).first()
    if hand_in is None:
        return None
    this = HandIn.objects.filter(pk=hand_in_id)
    this.update(bundle_state=HandIn.BundleState.BUILDING, bundle_error="")

    def progress(done: int, total: int) -> None:
        this.update(bundle_rows_done=done, bundle_rows_total=total)

    try:
        files = bundle_write(
            spec=BundleSpec.from_hand_in(hand_in),
            directory=_handin_location(hand_in.petition_id),
            chunk_rows=settings.DOORSTEP.handin_chunk_rows,
            progress=progress,
        )
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
