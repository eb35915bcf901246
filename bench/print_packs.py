"""Benchmark: print one batch of 100 packs of 5 sheets (letters, sheets, QR codes) to one PDF.

    .venv/bin/python bench/print_packs.py [--packs 100] [--sheets 5]

Prints the seconds taken and the process's peak memory (resident set).
"""

import argparse
import resource
import time

from _setup import django_ready, open_petition


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--packs", type=int, default=100)
    parser.add_argument("--sheets", type=int, default=5)
    args = parser.parse_args()
    data_dir = django_ready()

    from pypdf import PdfReader

    from doorstep.paper import selectors, services
    from doorstep.paper.printing import labels_pdf, packs_pdf_write

    petition = open_petition()
    for number in range(args.packs):
        services.pack_request(
            petition=petition,
            name=f"Resident {number}",
            address_line_1=f"{number + 1} Station Road",
            town="Dagenham",
            postcode="RM10 7XX",
            email=f"resident{number}@example.com",
            sheets=args.sheets,
            contact_consent=True,
        )
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    start = time.perf_counter()
    batch = services.packs_print(petition=petition, actor=None)
    assert batch is not None
    packs = selectors.batch_packs(batch=batch)
    pdf = data_dir / "packs.pdf"
    with pdf.open("wb") as out:
        pages = packs_pdf_write(packs=packs, out=out)
    packs_seconds = time.perf_counter() - start
    start = time.perf_counter()
    labels = labels_pdf(packs=packs)
    labels_seconds = time.perf_counter() - start
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss

    assert pages == args.packs * (args.sheets + 1) == len(PdfReader(pdf).pages)
    print(f"packs: {args.packs} of {args.sheets} sheets, {pages} pages, {pdf.stat().st_size / 1e6:.1f} MB")
    print(f"seconds: {packs_seconds:.1f} for the packs ({packs_seconds / pages * 1000:.0f} ms a page)")
    print(f"seconds: {labels_seconds:.2f} for {len(labels) / 1e3:.0f} kB of labels")
    print(f"peak memory: {peak / 1024:.0f} MB resident (before printing: {before / 1024:.0f} MB)")


if __name__ == "__main__":
    main()
