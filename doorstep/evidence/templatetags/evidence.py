from typing import Any

from django import template

from doorstep.petitions.models import Petition

from ..selectors import petition_evidence

register = template.Library()


@register.inclusion_tag("evidence/petition_evidence.html")
def petition_evidence_section(petition: Petition) -> dict[str, Any]:
    """The evidence section of the public petition page: `{% petition_evidence_section petition %}`."""
    return {"evidence": petition_evidence(petition=petition)}
