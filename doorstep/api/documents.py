"""The API's plain data (api.selectors) as petition.parliament.uk documents.

Attribute names and shapes follow that site's API; Doorstep's own figures go under the
`doorstep` attribute, which tools written for that site ignore. No database here.
"""

from collections.abc import Callable
from datetime import UTC, date, datetime
from typing import Any

from doorstep.places.selectors import Constituency
from doorstep.signatures.selectors.counts import NamedAreaCount

from .selectors import Breakdown, HandInSummary, PetitionDetail, PetitionSummary, Response

# Doorstep's own breakdowns, under the `doorstep` attribute.
LOCAL_BREAKDOWNS = {
    Breakdown.LOCAL_AUTHORITY: "signatures_by_local_authority",
    Breakdown.WARD: "signatures_by_ward",
    Breakdown.DISTRICT: "signatures_by_postcode_district",
}
# That site's states: a handed-in petition is a closed one there (Doorstep's own is under `doorstep`).
UKP_STATES = {"open": "open", "closed": "closed", "handed_in": "closed", "rejected": "rejected"}
# Attributes that site has and Doorstep has nothing for: moderation, thresholds and debates come
# only with the petition scheme (PetitionSummary.scheme fills them in).
NOTHING = dict.fromkeys(
    (
        "committee_note",
        "rejected_at",
        "moderation_threshold_reached_at",
        "response_threshold_reached_at",
        "debate_threshold_reached_at",
        "debate_scheduled_at",
        "scheduled_debate_date",
        "debate_outcome_at",
        "rejection",
        "debate",
    )
)


def api_time(value: datetime | None) -> str | None:
    """UTC, to the millisecond, as that site writes it: 2015-08-10T14:33:57.667Z."""
    if value is None:
        return None
    value = value.astimezone(UTC)
    return value.strftime("%Y-%m-%dT%H:%M:%S.") + f"{value.microsecond // 1000:03d}Z"


def api_date(value: date | None) -> str | None:
    return value.isoformat() if value else None


def _response(response: Response | None) -> dict[str, Any] | None:
    if response is None:
        return None
    return {
        "responded_on": api_date(response.responded_on),
        "summary": response.summary,
        "details": response.details,
        "created_at": api_time(response.created_at),
        "updated_at": api_time(response.updated_at),
        "doorstep": {
            "responder": response.responder,
            "summary_cy": response.summary_cy,
            "details_cy": response.details_cy,
        },
    }


def _attributes(petition: PetitionSummary) -> dict[str, Any]:
    opened_at = api_time(petition.opened_at)
    return {
        **NOTHING,
        **(petition.scheme.attributes(time=api_time, day=api_date) if petition.scheme else {}),
        "action": petition.action,
        "background": petition.background,
        "additional_details": petition.additional_details,
        "state": UKP_STATES[petition.state],
        "signature_count": petition.counts.total,
        "created_at": api_time(petition.created_at),
        "updated_at": api_time(petition.updated_at),
        "opened_at": opened_at,
        "open_at": opened_at,  # the name older tools read
        "closed_at": api_time(petition.closed_at),
        "closing_date": api_date(petition.closing_date),
        "government_response_at": api_time(petition.response.created_at) if petition.response else None,
        "creator_name": petition.creator_name,
        "government_response": _response(petition.response),
        "departments": [],
        "topics": [],
    }


def _doorstep(petition: PetitionSummary) -> dict[str, Any]:
    return {
        "state": petition.state,
        "online_signature_count": petition.counts.online,
        "paper_signature_count": petition.counts.paper,
        "door_signature_count": petition.counts.door,
        "signature_target": petition.target,
        "addressed_to": petition.addressed_to,
        "handed_in_at": api_time(petition.handed_in_at),
        "original_closing_date": api_date(petition.original_closing_date),
        "action_cy": petition.action_cy,
        "background_cy": petition.background_cy,
        "additional_details_cy": petition.additional_details_cy,
    }


def petition_resource(petition: PetitionSummary, *, self_url: str) -> dict[str, Any]:
    """A petition as one item of the list."""
    return {
        "type": "petition",
        "id": petition.id,
        "links": {"self": self_url},
        "attributes": {**_attributes(petition), "doorstep": _doorstep(petition)},
    }


def _local(area: NamedAreaCount) -> dict[str, Any]:
    return {
        "name": area.name,
        "code": area.code,
        "signature_count": area.total,
        "online_signature_count": area.online,
        "paper_signature_count": area.paper,
        "door_signature_count": area.door,
    }


def _hand_in(hand_in: HandInSummary | None) -> dict[str, Any] | None:
    if hand_in is None:
        return None
    return {
        "signature_count": hand_in.signature_count,
        "paper_tallied_count": hand_in.paper_tallied,
        "frozen_at": api_time(hand_in.frozen_at),
        "delivered_to": hand_in.delivered_to or None,
        "delivered_on": api_date(hand_in.delivered_on),
        "delivered_signature_count": hand_in.delivered_count,
        "delivered_count_reason": hand_in.delivered_count_reason or None,
    }


def petition_document(detail: PetitionDetail, *, self_url: str) -> dict[str, Any]:
    """The single petition document, with its breakdowns."""
    doorstep = {
        **_doorstep(detail.summary),
        "paper_tallied_count": detail.paper_tallied,
        "hand_in": _hand_in(detail.hand_in),
        "evidence": detail.evidence,
        **{LOCAL_BREAKDOWNS[kind]: [_local(area) for area in areas] for kind, areas in detail.by_local_area.items()},
        "closing_date_changes": [
            {"from": change.old, "to": change.new, "changed_at": api_time(change.changed_at)}
            for change in detail.closing_date_changes
        ],
    }
    attributes = {
        **_attributes(detail.summary),
        "signatures_by_country": detail.by_country,
        "signatures_by_constituency": [
            {"name": row.name, "ons_code": row.ons_code, "mp": row.mp, "signature_count": row.signature_count}
            for row in detail.by_constituency
        ],
        "signatures_by_region": [
            {"name": area.name, "ons_code": area.code, "signature_count": area.total} for area in detail.by_region
        ],
        "other_parliamentary_business": [],
        "doorstep": doorstep,
    }
    return {
        "links": {"self": self_url},
        "data": {"type": "petition", "id": detail.summary.id, "attributes": attributes},
    }


def count_document(petition: PetitionSummary) -> dict[str, Any]:
    """count.json: the count, and the dates that site's clients watch beside it."""
    scheme = petition.scheme
    return {
        "signature_count": petition.counts.total,
        "response_threshold_reached_at": api_time(scheme.response_threshold_reached_at) if scheme else None,
        "government_response_at": api_time(petition.response.created_at) if petition.response else None,
        "debate_threshold_reached_at": api_time(scheme.debate_threshold_reached_at) if scheme else None,
        "scheduled_debate_date": api_date(scheme.scheduled_debate_date) if scheme else None,
        "debate_outcome_at": api_time(scheme.debate_outcome_at) if scheme else None,
        "debated": scheme.debated if scheme else False,
        "doorstep": {
            "online_signature_count": petition.counts.online,
            "paper_signature_count": petition.counts.paper,
            "door_signature_count": petition.counts.door,
        },
    }


def constituencies_document(seats: list[Constituency]) -> dict[str, Any]:
    """constituencies.json: the current seats keyed by ONS code, MP and party where recorded."""
    return {
        seat.ons_code: {
            "mp": seat.mp,
            "party": seat.party,
            "constituency": seat.name,
            "ons_code": seat.ons_code,
            "start_date": api_date(seat.start_date),
            "end_date": api_date(seat.end_date),
        }
        for seat in seats
    }


def list_document(
    petitions: list[PetitionSummary], *, links: dict[str, str | None], item_url: Callable[[int], str]
) -> dict[str, Any]:
    return {"links": links, "data": [petition_resource(p, self_url=item_url(p.id)) for p in petitions]}
