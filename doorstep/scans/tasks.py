from django_tasks import task

from doorstep.core.tasks import run_unless_held

from .services import scans_upload_read


@task()
def read_scans(*, upload_id: int) -> None:
    """Read and match the pages of a large upload of scans (minutes for a few hundred pages)."""
    run_unless_held(lambda: scans_upload_read(upload_id=upload_id), task=read_scans, upload_id=upload_id)
