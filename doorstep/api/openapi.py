"""The OpenAPI description of the public JSON API, served at /api/openapi.json.

Every object lists all its keys as required and allows no others, so a test
(tests/api/test_openapi.py) that checks each endpoint's responses against it keeps the
description and the responses the same.
"""

from typing import Any

from .selectors import ListState


def _object(properties: dict[str, Any], **extra: Any) -> dict[str, Any]:
    """An object with exactly these keys."""
    return {
        "type": "object",
        "required": list(properties),
        "additionalProperties": False,
        "properties": properties,
        **extra,
    }


_STRING = {"type": "string"}
_INTEGER = {"type": "integer", "minimum": 0}
_TIME = {"type": ["string", "null"], "format": "date-time"}
_DATE = {"type": ["string", "null"], "format": "date"}
_NULL = {"type": "null"}
_EMPTY_LIST = {"type": "array", "maxItems": 0}
_LOCAL_ROW = _object(
    {
        "name": _STRING,
        "code": _STRING,
        "signature_count": _INTEGER,
        "online_signature_count": _INTEGER,
        "paper_signature_count": _INTEGER,
        "door_signature_count": _INTEGER,
    }
)
_COUNTS = {
    "online_signature_count": _INTEGER,
    "paper_signature_count": _INTEGER,
    "door_signature_count": {**_INTEGER, "description": "Signatures collected door to door, in the count"},
}
_SOURCE_URL = {"type": ["string", "null"]}
_EVIDENCE = {
    **_object(
        {
            "series": {
                "type": "array",
                "items": _object(
                    {
                        "title": _STRING,
                        "unit": _STRING,
                        "source": _STRING,
                        "source_url": _SOURCE_URL,
                        "figures": {
                            "type": "array",
                            "items": _object({"period": _STRING, "value": {"type": "number"}}),
                        },
                    }
                ),
            },
            "facts": {
                "type": "array",
                "items": _object({"text": _STRING, "source": _STRING, "source_url": _SOURCE_URL}),
            },
        }
    ),
    "description": "Figures (series of period and value) and facts the petition is handed in with, with sources",
}

_WELSH = {"type": ["string", "null"], "description": "In Welsh; null when the petition has no Welsh text"}
_DOORSTEP = {
    "state": {"enum": ["open", "closed", "handed_in", "rejected"], "description": "Doorstep's own state"},
    **_COUNTS,
    "signature_target": _INTEGER,
    "addressed_to": _STRING,
    "handed_in_at": _TIME,
    "original_closing_date": _DATE,
    "action_cy": {**_WELSH, "description": "What the petition asks for, in Welsh; null when not written in Welsh"},
    "background_cy": _WELSH,
    "additional_details_cy": _WELSH,
}
_DOORSTEP_FULL = {
    **_DOORSTEP,
    "paper_tallied_count": {
        **_INTEGER,
        "description": "Signatures on paper sheets counted but not yet keyed in; not in signature_count",
    },
    "hand_in": {
        "oneOf": [
            _NULL,
            _object(
                {
                    "signature_count": {**_INTEGER, "description": "The count, frozen for the hand-in"},
                    "paper_tallied_count": {**_INTEGER, "description": "Frozen beside it, not in it"},
                    "frozen_at": _TIME,
                    "delivered_to": {"type": ["string", "null"]},
                    "delivered_on": _DATE,
                    "delivered_signature_count": {"type": ["integer", "null"], "minimum": 0},
                    "delivered_count_reason": {
                        "type": ["string", "null"],
                        "description": "Why the number handed in is not the frozen count (null when it is)",
                    },
                }
            ),
        ],
        "description": "The hand-in, once prepared: the frozen count and, once recorded, the delivery",
    },
    "evidence": _EVIDENCE,
    "signatures_by_local_authority": {"type": "array", "items": _LOCAL_ROW},
    "signatures_by_ward": {"type": "array", "items": _LOCAL_ROW},
    "signatures_by_postcode_district": {"type": "array", "items": _LOCAL_ROW},
    "closing_date_changes": {
        "type": "array",
        "items": _object({"from": _DATE, "to": _DATE, "changed_at": _TIME}),
    },
}

_RESPONSE = {
    "oneOf": [
        _NULL,
        _object(
            {
                "responded_on": _DATE,
                "summary": _STRING,
                "details": _STRING,
                "created_at": _TIME,
                "updated_at": _TIME,
                "doorstep": _object({"responder": _STRING, "summary_cy": _WELSH, "details_cy": _WELSH}),
            }
        ),
    ],
    "description": "The latest reply recorded from the body the petition is addressed to",
}

_URL = {"type": ["string", "null"]}
_DEBATE = {
    "oneOf": [
        _NULL,
        _object(
            {
                "debated_on": _DATE,
                "transcript_url": _URL,
                "video_url": _URL,
                "debate_pack_url": _URL,
                "public_engagement_url": _NULL,
                "debate_summary_url": _NULL,
                "overview": {"type": ["string", "null"]},
            }
        ),
    ],
    "description": "The debate's outcome: debated (on a day) or not, with what was said",
}

_IN_ENGLISH = "In English; in Welsh when the petition was written only in Welsh (its Welsh: doorstep.*_cy)"
_ATTRIBUTES = {
    "action": {**_STRING, "description": f"What the petition asks for. {_IN_ENGLISH}"},
    "background": {**_STRING, "description": _IN_ENGLISH},
    "additional_details": {**_STRING, "description": _IN_ENGLISH},
    "committee_note": _NULL,
    "state": {"enum": ["open", "closed", "rejected"], "description": "A handed-in petition is closed here"},
    "signature_count": {
        **_INTEGER,
        "description": "The count: confirmed online, keyed paper and door-to-door signatures (never tallied or held)",
    },
    "created_at": _TIME,
    "updated_at": _TIME,
    "rejected_at": _TIME,
    "opened_at": _TIME,
    "open_at": {**_TIME, "description": "Same as opened_at, the name older tools read"},
    "closed_at": {**_TIME, "description": "When it stopped taking signatures, early or at its closing date"},
    "closing_date": {**_DATE, "description": "The day it is (or was) due to close"},
    # The petition scheme's (DOORSTEP_PETITION_SCHEME; null without it), as that site has them.
    "moderation_threshold_reached_at": _TIME,
    "response_threshold_reached_at": _TIME,
    "government_response_at": _TIME,
    "debate_threshold_reached_at": _TIME,
    "debate_scheduled_at": _TIME,
    "scheduled_debate_date": _DATE,
    "debate_outcome_at": _TIME,
    "creator_name": {**_STRING, "description": "Who launched the petition"},
    "rejection": {"oneOf": [_NULL, _object({"code": _STRING, "details": {"type": ["string", "null"]}})]},
    "government_response": _RESPONSE,
    "debate": _DEBATE,
    "departments": _EMPTY_LIST,
    "topics": _EMPTY_LIST,
}
_FULL_ATTRIBUTES = {
    **_ATTRIBUTES,
    "signatures_by_country": {
        "type": "array",
        "items": _object({"name": _STRING, "code": _STRING, "signature_count": _INTEGER}),
    },
    "signatures_by_constituency": {
        "type": "array",
        "items": _object(
            {
                "name": _STRING,
                "ons_code": _STRING,
                "mp": {**_STRING, "description": "Empty when no MP is recorded"},
                "signature_count": _INTEGER,
            }
        ),
    },
    "signatures_by_region": {
        "type": "array",
        "items": _object({"name": _STRING, "ons_code": _STRING, "signature_count": _INTEGER}),
    },
    "other_parliamentary_business": _EMPTY_LIST,
    "doorstep": _object(_DOORSTEP_FULL, description="Doorstep's own figures, beyond petition.parliament.uk's"),
}

_LIST_ITEM = _object(
    {
        "type": {"const": "petition"},
        "id": {"type": "integer"},
        "links": _object({"self": {"type": "string", "format": "uri"}}),
        "attributes": _object({**_ATTRIBUTES, "doorstep": _object(_DOORSTEP, description="Doorstep's own figures")}),
    }
)
_DOCUMENT = _object(
    {
        "links": _object({"self": {"type": "string", "format": "uri"}}),
        "data": _object(
            {"type": {"const": "petition"}, "id": {"type": "integer"}, "attributes": _object(_FULL_ATTRIBUTES)}
        ),
    }
)
_LIST = _object(
    {
        "links": _object({name: {"type": ["string", "null"]} for name in ("self", "first", "last", "next", "prev")}),
        "data": {"type": "array", "items": {"$ref": "#/components/schemas/PetitionListItem"}, "maxItems": 50},
    }
)
_COUNT = _object(
    {
        "signature_count": _INTEGER,
        "response_threshold_reached_at": _TIME,
        "government_response_at": _TIME,
        "debate_threshold_reached_at": _TIME,
        "scheduled_debate_date": _DATE,
        "debate_outcome_at": _TIME,
        "debated": {"type": "boolean"},
        "doorstep": _object(_COUNTS),
    }
)
_CONSTITUENCIES = {
    "type": "object",
    "description": "The current Westminster constituencies, keyed by ONS code",
    "additionalProperties": _object(
        {
            "mp": {**_STRING, "description": "Empty when no MP is recorded (doorstep import-mps)"},
            "party": _STRING,
            "constituency": _STRING,
            "ons_code": _STRING,
            "start_date": _DATE,
            "end_date": _DATE,
        }
    ),
}
_ERRORS = _object({"errors": {"type": "array", "items": _object({"status": _STRING, "title": _STRING})}})

_VALIDATORS = {
    "ETag": {"description": "A hash of the document; send it back in If-None-Match", "schema": _STRING},
    "Last-Modified": {"description": "Send it back in If-Modified-Since", "schema": _STRING},
}
_ID = {"name": "id", "in": "path", "required": True, "schema": {"type": "integer", "minimum": 1}}


def _json(description: str, schema: dict[str, Any], *, headers: dict[str, Any] | None = None) -> dict[str, Any]:
    answer: dict[str, Any] = {"description": description, "content": {"application/json": {"schema": schema}}}
    if headers:
        answer["headers"] = headers
    return answer


def _operation(summary: str, schema: str, *, parameters: list[dict[str, Any]], **more: Any) -> dict[str, Any]:
    """GET (HEAD answers the same, without the body)."""
    responses = {
        "200": _json(summary, {"$ref": f"#/components/schemas/{schema}"}, headers=_VALIDATORS),
        "304": {"description": "Not modified: the client's copy (If-None-Match, If-Modified-Since) is current"},
        **more,
    }
    return {"get": {"summary": summary, "parameters": parameters, "responses": responses}}


_NOT_FOUND = {"404": _json("No such petition", {"$ref": "#/components/schemas/Errors"})}

OPENAPI: dict[str, Any] = {
    "openapi": "3.1.0",
    "info": {
        "title": "Doorstep petitions",
        "version": "1.2",
        "description": (
            "Petitions and their signature counts, in the document shape of the UK Parliament "
            "petitions site (petition.parliament.uk). No personal data is published. Any site may "
            "read it (CORS); every document has an ETag and a Last-Modified for conditional requests."
        ),
    },
    "paths": {
        "/petitions.json": _operation(
            "Published petitions, 50 a page, newest opened first (with_response: latest reply first)",
            "PetitionList",
            parameters=[
                {
                    "name": "state",
                    "in": "query",
                    "schema": {"enum": [state.value for state in ListState], "default": "all"},
                    "description": "Any other value is redirected to state=all, as petition.parliament.uk does",
                },
                {
                    "name": "page",
                    "in": "query",
                    "schema": {"type": "integer", "minimum": 1, "maximum": 99999, "default": 1},
                    "description": "Not a page number: page 1. Past the last page: no petitions",
                },
            ],
            **{"302": {"description": "An unknown state: the same page of all petitions"}},
        ),
        "/petitions/{id}.json": _operation(
            "One petition, with its signatures by country, constituency and region",
            "PetitionDocument",
            parameters=[_ID],
            **_NOT_FOUND,
        ),
        "/petitions/{id}/count.json": _operation(
            "The live signature count", "PetitionCount", parameters=[_ID], **_NOT_FOUND
        ),
        "/constituencies.json": _operation(
            "The current Westminster constituencies, with their MP and party where recorded",
            "Constituencies",
            parameters=[],
        ),
        "/api/openapi.json": _operation("This description", "OpenAPI", parameters=[]),
    },
    "components": {
        "schemas": {
            "PetitionList": _LIST,
            "PetitionListItem": _LIST_ITEM,
            "PetitionDocument": _DOCUMENT,
            "PetitionCount": _COUNT,
            "Constituencies": _CONSTITUENCIES,
            "OpenAPI": {"type": "object", "required": ["openapi", "paths"]},
            "Errors": _ERRORS,
        }
    },
}
