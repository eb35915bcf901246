import os
import signal
import subprocess
import sys
from typing import Any

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand

from doorstep.core.management.commands.serve import gunicorn_argv
from doorstep.demo.seed import DEMO_PASSWORD, DEMO_USERNAME, DEMO_VOLUNTEER, demo_campaign_create, demo_user_ensure
from doorstep.petitions.models import Petition


class Command(BaseCommand):
    help = "Migrate, load the demo campaign into an empty database, and serve it with a worker."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--port", type=int, default=8000)
        parser.add_argument("--host", default="127.0.0.1")
        parser.add_argument("--no-serve", action="store_true", help="Set up the data, then stop")

    def handle(self, *args: Any, **options: Any) -> None:
        call_command("migrate", interactive=False, verbosity=0)
        demo_user_ensure()
        if Petition.objects.exists():
            self.stdout.write("The database already holds petitions: left as it is.")
        else:
            petition = demo_campaign_create()
            self.stdout.write(f"Loaded the demo campaign: petition {petition.pk}, '{petition.action}'.")
        if options["no_serve"]:
            return
        host, port = options["host"], options["port"]
        email_note = f"sent through {settings.EMAIL_BACKEND}" if os.environ.get("EMAIL_URL") else "printed here"
        env = {**os.environ, "SITE_URL": os.environ.get("SITE_URL", f"http://{host}:{port}")}
        worker = subprocess.Popen([sys.executable, "-m", "doorstep.cli", "worker"], env=env)
        server = subprocess.Popen(gunicorn_argv(bind=f"{host}:{port}", workers=2), env=env)  # noqa: S603
        self.stdout.write(
            self.style.SUCCESS(
                f"\nDoorstep is running at http://{host}:{port}\n"
                f"Staff sign in at http://{host}:{port}/staff/ as '{DEMO_USERNAME}' "
                f"with password '{DEMO_PASSWORD}' (or as '{DEMO_VOLUNTEER}' to key in paper sheets).\n"
                f"Emails are {email_note}.\n"
                "Press Ctrl+C to stop.\n"
            )
        )
        try:
            server.wait()
        except KeyboardInterrupt:
            pass
        finally:
            for process in (server, worker):
                if process.poll() is None:
                    process.send_signal(signal.SIGTERM)
            for process in (server, worker):
                try:
                    process.wait(timeout=15)
                except subprocess.TimeoutExpired:
                    process.kill()
