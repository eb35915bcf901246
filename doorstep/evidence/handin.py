"""The evidence pages of the hand-in bundle, placed after its cover page."""

from typing import Any

from django.template.loader import render_to_string

from doorstep.petitions.models import Petition

from .selectors import petition_evidence


def evidence_handin_html(*, petition: Petition, context: dict[str, Any]) -> str:
    """The HTML of the evidence pages (for WeasyPrint), or "" when the petition has none.
    `context` is the bundle's own (for its page header)."""
    evidence = petition_evidence(petition=petition)
    if not evidence:
        return ""
    return render_to_string("evidence/handin.html", {**context, "petition": petition, "evidence": evidence})
