"""The compiled message catalogues (.mo) are committed beside their .po files, so an install
needs no gettext tools. `make messages` compiles them with this module, in pure Python
(polib, a development dependency), leaving out the dates makemessages stamps on every run:
the same .po always gives the same .mo, so `make messages-check` sees when one is stale.

    python -m doorstep.core.catalogues doorstep/locale
"""

import sys
from pathlib import Path

import polib  # type: ignore[import-untyped]

# Header fields that change on every run of makemessages without changing any translation.
UNSTABLE_METADATA = ("POT-Creation-Date", "PO-Revision-Date")


def catalogue_compile(*, po_path: Path) -> bytes:
    """The .mo of one .po: its translated entries (fuzzy ones left out, as msgfmt does) and header."""
    catalogue = polib.pofile(str(po_path), wrapwidth=0)
    for name in UNSTABLE_METADATA:
        catalogue.metadata.pop(name, None)
    return catalogue.to_binary()


def catalogues_compile(*, locale_dir: Path) -> list[Path]:
    """Write every `<lang>/LC_MESSAGES/django.mo` under locale_dir whose content changed."""
    written = []
    for po_path in sorted(locale_dir.glob("*/LC_MESSAGES/django.po")):
        mo_path = po_path.with_suffix(".mo")
        binary = catalogue_compile(po_path=po_path)
        if not mo_path.exists() or mo_path.read_bytes() != binary:
            mo_path.write_bytes(binary)
            written.append(mo_path)
    return written


if __name__ == "__main__":
    for path in catalogues_compile(locale_dir=Path(sys.argv[1] if len(sys.argv) > 1 else "doorstep/locale")):
        print(f"compiled {path}")
