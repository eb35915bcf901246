"""What a hand-in bundle holds: its figures (the frozen count, or a draft's live one),
the names of its files, and the covering letter with the figures filled in."""

import re
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum

from django.utils.formats import date_format
from django.utils.translation import gettext as _

from doorstep.core.errors import ApplicationError
from doorstep.paper.totals import Figures
from doorstep.petitions.models import Petition

from .models import HandIn


class BundleFile(StrEnum):
    """The files of a bundle, as named in the staff download links."""

    PDF = "pdf"
    SCHEDULE_CSV = "schedule_csv"
    PAPER_SHEETS_CSV = "paper_sheets_csv"


@dataclass(frozen=True)
class BundleSpec:
    """What goes in a bundle: the frozen figures, or a draft's live ones."""

    petition: Petition
    figures: Figures  # the count, and the tallied beside it
    counted_at: datetime
    detail: HandIn.Detail = HandIn.Detail.DISTRICT
    covering_letter: str = ""
    draft: bool = False
    # The index of paper sheets says which sheets have a scan held, and where (never the image).
    list_scans: bool = False

    @classmethod
    def from_hand_in(cls, hand_in: HandIn) -> "BundleSpec":
        return cls(
            petition=hand_in.petition,
            figures=hand_in.figures,
            counted_at=hand_in.frozen_at,
            detail=HandIn.Detail(hand_in.detail),
            covering_letter=hand_in.covering_letter,
            draft=False,
            list_scans=hand_in.list_scans,
        )


def bundle_file_names(*, petition_id: int, draft: bool) -> dict[BundleFile, str]:
    prefix = f"petition-{petition_id}-{'draft-' if draft else ''}hand-in"
    return {
        BundleFile.PDF: f"{prefix}.pdf",
        BundleFile.SCHEDULE_CSV: f"{prefix}-schedule.csv",
        BundleFile.PAPER_SHEETS_CSV: f"{prefix}-paper-sheets.csv",
    }


# The figures a covering letter may name, as {total} and the like. {total} is the count
# (online, keyed paper and door to door: its parts add up to it); the tallied are beside it.
LETTER_FIELDS = (
    "total",
    "online",
    "paper_keyed",
    "door",
    "breakdown",
    "paper_tallied",
    "action",
    "addressed_to",
    "creator_name",
    "closing_date",
)
# The parts of {total}: a letter naming one names every part there are signatures in.
LETTER_PARTS = ("online", "paper_keyed", "door")
PLACEHOLDER = re.compile(r"\{([a-z_]*)\}")


def covering_letter_fields(spec: BundleSpec) -> dict[str, str]:
    petition, figures = spec.petition, spec.figures
    return {
        "total": f"{figures.total:,}",
        "online": f"{figures.online:,}",
        "paper_keyed": f"{figures.paper:,}",
        "door": f"{figures.door:,}",
        "breakdown": figures.in_words,
        "paper_tallied": f"{figures.tallied:,}",
        "action": str(petition),  # its action in the bundle's language (or the other, if only in that)
        "addressed_to": petition.addressed_to,
        "creator_name": petition.creator_name,
        # The day it closed (the closing date only while it has not).
        "closing_date": date_format(petition.closed_on() or petition.closing_date, "j F Y"),
    }


def covering_letter_check(text: str) -> None:
    unknown = sorted({name for name in PLACEHOLDER.findall(text) if name not in LETTER_FIELDS})
    if unknown:
        raise ApplicationError(
            _("The covering letter uses %(unknown)s, which Doorstep does not know. Use %(known)s.")
            % {
                "unknown": ", ".join("{" + name + "}" for name in unknown),
                "known": ", ".join("{" + name + "}" for name in LETTER_FIELDS),
            },
            field="covering_letter",
        )


def covering_letter_figures_check(text: str, figures: Figures) -> None:
    """A letter giving some of the count's parts gives them all, so that they add up to it."""
    named = set(PLACEHOLDER.findall(text)) & set(LETTER_PARTS)
    counts = dict(zip(LETTER_PARTS, (figures.online, figures.paper, figures.door), strict=True))
    missing = [part for part in LETTER_PARTS if counts[part] and part not in named]
    if named and missing:
        raise ApplicationError(
            _(
                "The covering letter gives %(named)s but not %(missing)s, so its figures do not add up to "
                "the count, %(total)s. Add %(missing)s, or write {breakdown}."
            )
            % {
                "named": ", ".join("{" + part + "}" for part in LETTER_PARTS if part in named),
                "missing": ", ".join("{" + part + "}" for part in missing),
                "total": f"{figures.total:,}",
            },
            field="covering_letter",
        )


def covering_letter_merge(*, text: str, spec: BundleSpec) -> str:
    """The covering letter with the figures filled in ({total} and the like)."""
    covering_letter_check(text)
    fields = covering_letter_fields(spec)
    return PLACEHOLDER.sub(lambda match: fields[match.group(1)], text)
