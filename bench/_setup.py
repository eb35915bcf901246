"""Shared by the benchmarks: a throwaway Doorstep with its own data folder and database,
in this process (django_ready, open_petition) or in a child process (run_child), and signers."""

import os
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PG_ADMIN = "postgres://postgres@127.0.0.1:5432/postgres"


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


def run_child(script: str, args: list[str], *, db: str, pg_name: str, env: dict[str, str] | None = None) -> None:
    """Run `script --child args` against a fresh SQLite (temp folder) or PostgreSQL database,
    with `env` added to this process's environment (less its database and cache)."""
    with tempfile.TemporaryDirectory() as data_dir:
        extra = env or {}
        env = {**os.environ, "DJANGO_SETTINGS_MODULE": "doorstep.settings", "DOORSTEP_DATA_DIR": data_dir}
        env.pop("DATABASE_URL", None)
        env.pop("REDIS_URL", None)
        env.update(extra)
        if db == "postgres":
            import psycopg

            with psycopg.connect(PG_ADMIN, autocommit=True) as admin:
                admin.execute(f"DROP DATABASE IF EXISTS {pg_name}")
                admin.execute(f"CREATE DATABASE {pg_name}")
            env["DATABASE_URL"] = f"postgres://postgres@127.0.0.1:5432/{pg_name}"
        try:
            subprocess.run([sys.executable, script, "--child", *args], env=env, cwd=ROOT, check=True, timeout=7200)
        finally:
            if db == "postgres":
                import psycopg

                with psycopg.connect(PG_ADMIN, autocommit=True) as admin:
                    admin.execute(f"DROP DATABASE IF EXISTS {pg_name}")


def load_petition(signers: int, *, state: str = "open"):  # type: ignore[no-untyped-def]
    """A petition with `signers` confirmed signatures that asked for updates, kept counts rebuilt."""
    from django.core.management import call_command
    from django.utils import timezone

    from doorstep.petitions.models import Petition
    from doorstep.signatures.models import Signature
    from doorstep.signatures.services.counts import counts_rebuild

    call_command("migrate", verbosity=0)
    today = timezone.localdate()
    petition = Petition.objects.create(
        action="Keep our police station open",
        background="The front counter is due to close.",
        addressed_to="the Home Office",
        creator_name="the MP for Dagenham and Rainham",
        target=signers,
        closing_date=today.replace(year=today.year + 1),
        state=state,
        opened_at=timezone.now(),
    )
    now = timezone.now()
    batch = 20_000
    for start in range(0, signers, batch):
        Signature.objects.bulk_create(
            Signature(
                petition=petition,
                name=f"Bench Signer {n}",
                email=f"signer{n}@example.com",
                email_normalised=f"signer{n}@example.com",
                postcode="RM10 7XX",
                postcode_district="RM10",
                country="GB",
                updates_consent=True,
                consent_wording="Email me about this campaign",
                state=Signature.State.CONFIRMED,
                confirmed_at=now,
                created_at=now,
            )
            for n in range(start, min(start + batch, signers))
        )
    counts_rebuild(petition=petition)
    return petition
