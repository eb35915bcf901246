"""What a hand-in bundle holds: its figures (the frozen count, or a draft's live one),
the names of its files, and the covering letter with the figures filled in."""

import re
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum

from django.utils.formats import date_format
from django.utils.translation import gettext as _

from doorstep.core.errors import ApplicationError
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
    online: int
    paper_keyed: int
    paper_tallied: int
    counted_at: datetime
    door: int = 0  # door to door (doorstep.canvass)
    detail: HandIn.Detail = HandIn.Detail.DISTRICT
    covering_letter: str = ""
    draft: bool = False

    @property
    def total(self) -> int:
        return self.online + self.paper_keyed + self.paper_tallied + self.door

    @classmethod
    def from_hand_in(cls, hand_in: HandIn) -> "BundleSpec":
        return cls(
            petition=hand_in.petition,
            online=hand_in.online_count,
            paper_keyed=hand_in.paper_keyed_count,
            paper_tallied=hand_in.paper_tallied_count,
            counted_at=hand_in.frozen_at,
            door=hand_in.door_count,
            detail=HandIn.Detail(hand_in.detail),
            covering_letter=hand_in.covering_letter,
            draft=False,
        )


def bundle_file_names(*, petition_id: int, draft: bool) -> dict[BundleFile, str]:
    prefix = f"petition-{petition_id}-{'draft-' if draft else ''}hand-in"
    return {
        BundleFile.PDF: f"{prefix}.pdf",
        BundleFile.SCHEDULE_CSV: f"{prefix}-schedule.csv",
        BundleFile.PAPER_SHEETS_CSV: f"{prefix}-paper-sheets.csv",
    }


# The figures a covering letter may name, as {total} and the like.
LETTER_FIELDS = (
    "total",
    "online",
    "paper_keyed",
    "paper_tallied",
    "action",
    "addressed_to",
    "creator_name",
    "closing_date",
)
PLACEHOLDER = re.compile(r"\{([a-z_]*)\}")


def covering_letter_fields(spec: BundleSpec) -> dict[str, str]:
    petition = spec.petition
    return {
        "total": f"{spec.total:,}",
        "online": f"{spec.online:,}",
        "paper_keyed": f"{spec.paper_keyed:,}",
        "paper_tallied": f"{spec.paper_tallied:,}",
        "action": str(petition),  # its action in the bundle's language (or the other, if only in that)
        "addressed_to": petition.addressed_to,
        "creator_name": petition.creator_name,
        "closing_date": date_format(petition.closing_date, "j F Y"),
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


def covering_letter_merge(*, text: str, spec: BundleSpec) -> str:
    """The covering letter with the figures filled in ({total} and the like)."""
    covering_letter_check(text)
    fields = covering_letter_fields(spec)
    return PLACEHOLDER.sub(lambda match: fields[match.group(1)], text)
