"""Benchmark: print one batch of 100 packs of 5 sheets (letters, sheets, QR codes) to one PDF.

    .venv/bin/python bench/print_packs.py [--packs 100] [--sheets 5] [--verify]

Prints the seconds taken and the process's peak memory (resident set). With --verify it
then renders every page (pdftoppm) and reads every QR code back (zxing-cpp), checking each
sheet's code is on its own page, in order (this takes longer than the printing).
"""

import argparse
import resource
import time

from _setup import django_ready, open_petition


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--packs", type=int, default=100)
    parser.add_argument("--sheets", type=int, default=5)
    parser.add_argument("--verify", action="store_true", help="read every QR code back afterwards")
    args = parser.parse_args()
    data_dir = django_ready()

    from pypdf import PdfReader

    from doorstep.paper.printing import labels_pdf, packs_pdf_write
    from doorstep.paper.selectors import batch_packs
    from doorstep.paper.services.batches import packs_print
    from doorstep.paper.services.requests import pack_request

    petition = open_petition()
    for number in range(args.packs):
        pack_request(
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
    batch = packs_print(petition=petition, actor=None)
    assert batch is not None
    packs = batch_packs(batch=batch)
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
    if args.verify:
        verify(pdf, packs)


def verify(pdf, packs) -> None:  # type: ignore[no-untyped-def]
    """Every page's QR codes, read back: none on a letter, the right sheet's on each sheet."""
    import subprocess
    import tempfile
    from pathlib import Path

    import zxingcpp
    from PIL import Image

    expected: list[list[str]] = []
    for pack in packs:
        expected.append([])
        expected.extend([sheet.code] for sheet in pack.sheets.order_by("number"))
    start = time.perf_counter()
    with tempfile.TemporaryDirectory() as folder:
        subprocess.run(["pdftoppm", "-r", "100", "-gray", "-png", str(pdf), f"{folder}/page"], check=True)
        pages = sorted(Path(folder).glob("page-*.png"))
        found = [[r.text for r in zxingcpp.read_barcodes(Image.open(page))] for page in pages]
    wrong = [number for number, (want, got) in enumerate(zip(expected, found, strict=True), 1) if want != got]
    seconds = time.perf_counter() - start
    print(f"verified: {len(pages) - len(wrong)} of {len(pages)} pages read back right in {seconds:.0f} s")
    if wrong:
        raise SystemExit(f"pages whose QR codes were wrong: {wrong[:20]}")


if __name__ == "__main__":
    main()
