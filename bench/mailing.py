"""Supporter emails per second to a local SMTP server (aiosmtpd), for N recipients.

Loads N consenting signers into a fresh database, lists the recipients (one delivery
row each), then sends every batch the way the worker's task does (claim, send over one
SMTP connection per batch, mark sent), with no rate limit, to an SMTP sink in this process.

    .venv/bin/python bench/mailing.py                         # 100,000 recipients, SQLite
    .venv/bin/python bench/mailing.py --db postgres --recipients 20000
"""

import argparse
import socket
import sys
import threading
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))


class Sink:
    def __init__(self) -> None:
        self.count = 0
        self.lock = threading.Lock()

    async def handle_DATA(self, server, session, envelope):  # type: ignore[no-untyped-def]
        with self.lock:
            self.count += len(envelope.rcpt_tos)
        return "250 OK"


def child(args: argparse.Namespace) -> None:
    import django

    django.setup()
    from _setup import load_petition
    from aiosmtpd.controller import Controller
    from django.conf import settings
    from django.db import connection

    from doorstep.campaigns.models import SupporterMailing
    from doorstep.campaigns.services.mailings import mailing_create
    from doorstep.campaigns.services.sending import mailing_list_recipients, mailing_send_batch

    started = time.perf_counter()
    petition = load_petition(args.recipients)
    print(f"loaded {args.recipients:,} consenting signers in {time.perf_counter() - started:.1f} s")

    sink = Sink()
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    controller = Controller(sink, hostname="127.0.0.1", port=port)
    controller.start()
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", port
    settings.EMAIL_USE_TLS = settings.EMAIL_USE_SSL = False
    settings.EMAIL_HOST_USER = settings.EMAIL_HOST_PASSWORD = ""

    mailing = mailing_create(petition=petition, actor=None, subject="News", body="We met the minister.")
    SupporterMailing.objects.filter(pk=mailing.pk).update(state=SupporterMailing.State.SENDING)
    mailing.refresh_from_db()
    started = time.perf_counter()
    listed = mailing_list_recipients(mailing=mailing)
    print(f"listed {listed:,} recipients in {time.perf_counter() - started:.1f} s")

    started = time.perf_counter()
    batches = 1
    while mailing_send_batch(mailing=mailing, batch_size=args.batch, rate=0):
        batches += 1
    seconds = time.perf_counter() - started
    time.sleep(0.5)
    controller.stop()
    print(f"sent {sink.count:,} emails in {seconds:.1f} s over {batches} batches: {sink.count / seconds:.0f} emails/s")
    print(f"database: {connection.vendor}")
    assert sink.count == args.recipients, "some emails did not arrive"


def main() -> None:
    from _setup import run_child

    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--recipients", type=int, default=100_000)
    parser.add_argument("--batch", type=int, default=200, help="deliveries per batch (one task each)")
    parser.add_argument("--db", choices=["sqlite", "postgres"], default="sqlite")
    parser.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        child(args)
        return
    print(f"== {args.db}, {args.recipients:,} recipients")
    run_child(
        __file__,
        ["--recipients", str(args.recipients), "--batch", str(args.batch), "--db", args.db],
        db=args.db,
        pg_name="doorstep_bench_mailing",
    )


if __name__ == "__main__":
    main()
