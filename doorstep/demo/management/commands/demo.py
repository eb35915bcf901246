import os
import sys
from typing import Any

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand

from doorstep.core.conf import env_value
from doorstep.core.supervise import Supervisor
from doorstep.demo.door import DEMO_CANVASSER
from doorstep.demo.scheme import demo_scheme_create
from doorstep.demo.seed import DEMO_PASSWORD, DEMO_USERNAME, DEMO_VOLUNTEER, demo_campaign_create, demo_user_ensure
from doorstep.petitions.selectors import petition_list_staff


def demo_children(*, host: str, port: int) -> dict[str, list[str]]:
    """The real commands the systemd units in deploy/ run: the web server and one worker."""
    doorstep = [sys.executable, "-m", "doorstep.cli"]
    return {
        "web server": [*doorstep, "serve", "--bind", f"{host}:{port}", "--workers", "2"],
        "worker": [*doorstep, "worker"],
    }


class Command(BaseCommand):
    help = (
        "Migrate, load the demo campaign into an empty database, and serve it with a worker "
        "(each started again if it stops; all stopped on Ctrl+C, SIGTERM or SIGHUP)."
    )

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--port", type=int, default=8000)
        parser.add_argument("--host", default="127.0.0.1")
        parser.add_argument("--no-serve", action="store_true", help="Set up the data, then stop")

    def handle(self, *args: Any, **options: Any) -> None:
        call_command("migrate", interactive=False, verbosity=0)
        demo_user_ensure()
        # The demo runs the petition scheme (residents start petitions) unless told not to: its
        # web server and worker are started with it on.
        scheme = env_value("DOORSTEP_PETITION_SCHEME", True)
        if petition_list_staff().exists():
            self.stdout.write("The database already holds petitions: left as it is.")
        else:
            petition = demo_campaign_create()
            self.stdout.write(f"Loaded the demo campaign: petition {petition.pk}, '{petition.action}'.")
            if scheme:
                demo_scheme_create(campaign=petition)
        if options["no_serve"]:
            return
        host, port = options["host"], options["port"]
        email_note = f"sent through {settings.EMAIL_BACKEND}" if os.environ.get("EMAIL_URL") else "printed here"
        env = {**os.environ, "SITE_URL": os.environ.get("SITE_URL", f"http://{host}:{port}")}
        env["DOORSTEP_PETITION_SCHEME"] = "1" if scheme else "0"
        supervisor = Supervisor(demo_children(host=host, port=port), env=env, say=self.stderr.write)
        supervisor.run(
            on_started=lambda: self.stdout.write(
                self.style.SUCCESS(
                    f"\nDoorstep is running at http://{host}:{port}\n"
                    f"Staff sign in at http://{host}:{port}/staff/ as '{DEMO_USERNAME}' "
                    f"with password '{DEMO_PASSWORD}' (or as '{DEMO_VOLUNTEER}' to key in paper sheets).\n"
                    f"Canvassers sign in at http://{host}:{port}/canvass/ as '{DEMO_CANVASSER}' "
                    f"with the same password, to collect signatures door to door on a phone.\n"
                    f"Emails are {email_note}.\n"
                    "Press Ctrl+C to stop.\n"
                )
            )
        )
