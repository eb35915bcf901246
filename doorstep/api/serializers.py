"""Petitions as petition.parliament.uk documents.

Attribute names and shapes follow that site's API; Doorstep's own figures go
under the `doorstep` attribute, which tools written for that site ignore.
"""

from datetime import UTC, date, datetime
from typing import Any

from doorstep.campaigns.selectors import reply_latest
from doorstep.evidence.selectors import evidence_document
from doorstep.paper.selectors import paper_tallied
from doorstep.petitions.models import Petition
from doorstep.petitions.selectors import petition_closing_date_changes
from doorstep.places.selectors import constituency_mps
from doorstep.signatures.selectors.counts import Counts, Dimension, petition_areas, signatures_by_country

# Doorstep's own breakdowns, under the `doorstep` attribute.
LOCAL_BREAKDOWNS = (
    (Dimension.LOCAL_AUTHORITY, "signatures_by_local_authority"),
    (Dimension.WARD, "signatures_by_ward"),
    (Dimension.DISTRICT, "signatures_by_postcode_district"),
)


def api_time(value: datetime | None) -> str | None:
    """UTC, to the millisecond, as that site writes it: 2015-08-10T14:33:57.667Z."""
    if value is None:
        return None
    value = value.astimezone(UTC)
    return value.strftime("%Y-%m-%dT%H:%M:%S.") + f"{value.microsecond // 1000:03d}Z"


def api_date(value: date | None) -> str | None:
    return value.isoformat() if value else None


def petition_attributes(petition: Petition, counts: Counts, *, full: bool) -> dict[str, Any]:
    opened_at = api_time(petition.opened_at)
    attributes: dict[str, Any] = {
        "action": petition.action,
        "background": petition.background,
        "additional_details": petition.additional_details,
        "committee_note": None,
        "state": petition.public_state(),
        "signature_count": counts.total,
        "created_at": api_time(petition.created_at),
        "updated_at": api_time(petition.updated_at),
        "rejected_at": None,
        "opened_at": opened_at,
        "open_at": opened_at,  # the name older tools read
        "closed_at": api_time(petition.closed_at),
        "closing_date": api_date(petition.closing_date),
        "moderation_threshold_reached_at": None,
        "response_threshold_reached_at": None,
        "government_response_at": None,
        "debate_threshold_reached_at": None,
        "scheduled_debate_date": None,
        "debate_outcome_at": None,
        "creator_name": petition.creator_name,
        "rejection": None,
        "government_response": None,
        "debate": None,
        "departments": [],
        "topics": [],
    }
    doorstep: dict[str, Any] = {
        "online_signature_count": counts.online,
        "paper_signature_count": counts.paper,
        "door_signature_count": counts.door,
        "signature_target": petition.target,
        "addressed_to": petition.addressed_to,
        "handed_in_at": api_time(petition.handed_in_at),
        "original_closing_date": api_date(petition.original_closing_date),
    }
    if full:
        # Paper sheets counted but not yet keyed: shown beside the count, never in it.
        doorstep["paper_tallied_count"] = paper_tallied(petition=petition)
        doorstep["evidence"] = evidence_document(petition=petition)
        # The latest reply from the body addressed, in that site's government_response shape.
        if reply := reply_latest(petition=petition):
            attributes["government_response_at"] = api_time(reply.created_at)
            attributes["government_response"] = {
                "responded_on": api_date(reply.responded_on),
                "summary": reply.summary,
                "details": reply.details,
                "created_at": api_time(reply.created_at),
                "updated_at": api_time(reply.updated_at),
                "doorstep": {"responder": reply.responder},
            }
        attributes["signatures_by_country"] = signatures_by_country(petition=petition)
        constituencies = petition_areas(petition=petition, dimension=Dimension.CONSTITUENCY)
        mps = constituency_mps(codes=[area.code for area in constituencies])
        attributes["signatures_by_constituency"] = [
            {"name": area.name, "ons_code": area.code, "mp": mps.get(area.code), "signature_count": area.total}
            for area in sorted(constituencies, key=lambda area: area.name)
        ]
        attributes["signatures_by_region"] = [
            {"name": area.name, "ons_code": area.code, "signature_count": area.total}
            for area in sorted(
                petition_areas(petition=petition, dimension=Dimension.REGION), key=lambda area: area.name
            )
        ]
        for dimension, name in LOCAL_BREAKDOWNS:
            doorstep[name] = [
                {
                    "name": area.name,
                    "code": area.code,
                    "signature_count": area.total,
                    "online_signature_count": area.online,
                    "paper_signature_count": area.paper,
                    "door_signature_count": area.door,
                }
                for area in petition_areas(petition=petition, dimension=dimension)
            ]
        doorstep["closing_date_changes"] = [
            {
                "from": event.data.get("old"),
                "to": event.data.get("new"),
                "changed_at": api_time(event.created_at),
            }
            for event in petition_closing_date_changes(petition=petition)
        ]
    attributes["doorstep"] = doorstep
    return attributes


def petition_resource(petition: Petition, counts: Counts, *, self_url: str, full: bool) -> dict[str, Any]:
    return {
        "type": "petition",
        "id": petition.pk,
        "links": {"self": self_url},
        "attributes": petition_attributes(petition, counts, full=full),
    }
