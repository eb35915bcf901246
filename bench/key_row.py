"""Benchmark: keying one row of a paper sheet, as the grid's script saves it.

    .venv/bin/python bench/key_row.py [--rows 300]

Times the service (sheet_row_save) and the whole request (the JSON view through
Django's test client, sessions and CSRF included) for each row, and prints the
median, 95th percentile and slowest. The target is well under a tenth of a second.
"""

import argparse
import statistics
import time

from _setup import django_ready, open_petition


def report(label: str, seconds: list[float]) -> None:
    ms = sorted(s * 1000 for s in seconds)
    p95 = ms[int(len(ms) * 0.95) - 1]
    print(f"{label}: median {statistics.median(ms):.1f} ms, p95 {p95:.1f} ms, max {ms[-1]:.1f} ms ({len(ms)} rows)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=300)
    args = parser.parse_args()
    django_ready()

    from django.conf import settings
    from django.test import Client

    from doorstep.accounts.models import User
    from doorstep.paper.models import Sheet
    from doorstep.paper.services.batches import packs_print, sheet_create
    from doorstep.paper.services.keying import RowInput, sheet_row_save
    from doorstep.paper.services.requests import pack_request
    from doorstep.signatures.services.confirmation import signature_confirm
    from doorstep.signatures.services.signing import Signer, signature_create

    settings.ALLOWED_HOSTS = ["testserver"]
    petition = open_petition()
    # Signers already there, so the duplicate check has someone to compare with.
    for number in range(2000):
        signed = signature_create(
            petition=petition,
            signer=Signer(name=f"Online {number}", email=f"o{number}@example.com", postcode=f"RM10 {number % 10}XX"),
            send_email=False,
        ).signature
        signature_confirm(signature=signed, token=signed.token)
    volunteer = User.objects.create_user("volunteer", is_staff=True, role=User.Role.DATA_ENTRY)
    sheets_needed = 2 * (args.rows // Sheet.ROWS + 1)
    pack_request(
        petition=petition,
        name="Resident",
        address_line_1="1 Station Road",
        town="Dagenham",
        postcode="RM10 7XX",
        email="r@example.com",
        sheets=1,
        contact_consent=True,
    )
    packs_print(petition=petition, actor=None)
    pack = petition.paper_packs.get()
    for number in range(2, sheets_needed + 1):
        sheet_create(pack=pack, number=number)
    sheets = list(Sheet.objects.filter(pack=pack).order_by("number"))

    timings = []
    for index in range(args.rows):
        sheet, number = sheets[index // Sheet.ROWS], index % Sheet.ROWS + 1
        row = RowInput(number=number, name=f"Paper {index}", address=f"{index} Elm Road", postcode="RM10 7XX")
        start = time.perf_counter()
        sheet_row_save(sheet=sheet, row=row, actor=volunteer)
        timings.append(time.perf_counter() - start)
    report("service", timings)

    client = Client(enforce_csrf_checks=False)
    client.force_login(volunteer)
    timings = []
    offset = len(sheets) // 2
    for index in range(args.rows):
        sheet, number = sheets[offset + index // Sheet.ROWS], index % Sheet.ROWS + 1
        data = {
            f"row-{number}-name": f"Web {index}",
            f"row-{number}-address": f"{index} Oak Road",
            f"row-{number}-postcode": "RM10 7XY",
        }
        start = time.perf_counter()
        response = client.post(f"/staff/paper/sheets/{sheet.code}/rows/{number}", data)
        timings.append(time.perf_counter() - start)
        assert response.status_code == 200, response.content
    report("request", timings)


if __name__ == "__main__":
    main()
