import os
import sys
from typing import Any

from django.core.management.base import BaseCommand

from doorstep.core.files import tmp_setup, tmp_sweep


def gunicorn_argv(*, bind: str, workers: int) -> list[str]:
    return [
        sys.executable,
        "-m",
        "gunicorn",
        "doorstep.wsgi:application",
        "--bind",
        bind,
        "--workers",
        str(workers),
        "--threads",
        os.environ.get("WEB_THREADS", "4"),
        "--access-logfile",
        "-",
        # Without the secret part of signers' links, nor their addresses.
        "--logger-class",
        "doorstep.core.logging.GunicornLogger",
        "--graceful-timeout",
        "10",
    ]


class Command(BaseCommand):
    help = (
        "Serve Doorstep with gunicorn (production settings come from the environment). "
        "Gunicorn starts a web worker again if one dies; /healthz and /readyz answer load balancers."
    )

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--bind", default=os.environ.get("BIND", "127.0.0.1:8000"))
        parser.add_argument("--workers", type=int, default=int(os.environ.get("WEB_CONCURRENCY", "3")))

    def handle(self, *args: Any, **options: Any) -> None:
        # Leftovers of killed processes go; temporary files go in the data directory, not /tmp
        # (TMPDIR is inherited by gunicorn, which keeps this process id).
        tmp_sweep()
        tmp_setup()
        argv = gunicorn_argv(bind=options["bind"], workers=options["workers"])
        os.execv(argv[0], argv)  # noqa: S606 - replaces this process with gunicorn
