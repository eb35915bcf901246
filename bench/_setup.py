"""A throwaway Doorstep for a benchmark: its own data folder and SQLite database
(or DATABASE_URL, if set), migrated, with one open petition."""

import os
import sys
import tempfile
from pathlib import Path


def django_ready() -> Path:
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
    data_dir = Path(tempfile.mkdtemp(prefix="doorstep-bench-"))
    os.environ.setdefault("DOORSTEP_DATA_DIR", str(data_dir))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "doorstep.settings")
    os.environ.setdefault("SECRET_KEY", "bench-only")
    import django
    from django.core.management import call_command

    django.setup()
    call_command("migrate", verbosity=0)
    return data_dir


def open_petition():  # type: ignore[no-untyped-def]
    from datetime import timedelta

    from django.utils import timezone

    from doorstep.petitions.models import Petition

    return Petition.objects.create(
        action="Keep our police station open",
        background="Dagenham police station is due to close its front counter for good.",
        addressed_to="the Home Office",
        creator_name="the MP for Dagenham and Rainham",
        target=5000,
        closing_date=timezone.localdate() + timedelta(days=30),
        state=Petition.State.OPEN,
        opened_at=timezone.now() - timedelta(days=1),
    )
