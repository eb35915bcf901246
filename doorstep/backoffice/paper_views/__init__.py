"""Staff pages for paper petitions: requests and circulation, printing, keying in sheets
(the only pages a data-entry volunteer sees), count-only entries, duplicates, second keyings.

The views are named here for backoffice/urls.py (`paper_views.<view>`)."""

from .checking import review_decide, review_queue, sheet_compare, sheet_second_keying
from .keying import key_home, sheet_count_only, sheet_key, sheet_row
from .packs import chasers_csv, pack_log, pack_move, petition_paper
from .printing import (
    batch_labels,
    batch_pdf,
    batch_posted,
    closing_date_letters,
    pack_pdf_view,
    packs_print,
    packs_tell,
)

__all__ = [
    "batch_labels",
    "batch_pdf",
    "batch_posted",
    "chasers_csv",
    "closing_date_letters",
    "key_home",
    "pack_log",
    "pack_move",
    "pack_pdf_view",
    "packs_print",
    "packs_tell",
    "petition_paper",
    "review_decide",
    "review_queue",
    "sheet_compare",
    "sheet_count_only",
    "sheet_key",
    "sheet_row",
    "sheet_second_keying",
]
