"""The OpenAPI description of the public JSON API, served at /api/openapi.json."""

_TIME = {"type": ["string", "null"], "format": "date-time"}
_DATE = {"type": ["string", "null"], "format": "date"}
_COUNT_ROW = {
    "type": "object",
    "properties": {"name": {"type": "string"}, "code": {"type": "string"}, "signature_count": {"type": "integer"}},
}

_ATTRIBUTES = {
    "type": "object",
    "required": ["action", "state", "signature_count", "creator_name", "doorstep"],
    "properties": {
        "action": {"type": "string", "description": "What the petition asks for"},
        "background": {"type": "string"},
        "additional_details": {"type": "string"},
        "state": {"type": "string", "enum": ["open", "closed", "handed_in"]},
        "signature_count": {"type": "integer", "description": "Confirmed online and keyed paper signatures"},
        "created_at": _TIME,
        "updated_at": _TIME,
        "opened_at": _TIME,
        "open_at": {**_TIME, "description": "Same as opened_at, the name older tools read"},
        "closed_at": _TIME,
        "closing_date": _DATE,
        "creator_name": {"type": "string", "description": "Who launched the petition"},
        "government_response": {"type": ["object", "null"]},
        "signatures_by_country": {"type": "array", "items": _COUNT_ROW, "description": "Petition document only"},
        "signatures_by_constituency": {
            "type": "array",
            "items": {
                "type": "object",
                "properties": {
                    "name": {"type": "string"},
                    "ons_code": {"type": "string"},
                    "mp": {"type": "string"},
                    "signature_count": {"type": "integer"},
                },
            },
        },
        "signatures_by_region": {"type": "array", "items": _COUNT_ROW},
        "doorstep": {
            "type": "object",
            "description": "Doorstep's own figures, beyond petition.parliament.uk's attributes",
            "properties": {
                "online_signature_count": {"type": "integer"},
                "paper_signature_count": {"type": "integer", "description": "Paper signatures keyed in, in the count"},
                "door_signature_count": {
                    "type": "integer",
                    "description": "Signatures collected door to door, in the count",
                },
                "evidence": {
                    "type": "object",
                    "description": "Figures (series of period and value) and facts the petition is handed in with, "
                    "each with its source (single petition only)",
                },
                "paper_tallied_count": {
                    "type": "integer",
                    "description": "Signatures on paper sheets counted but not yet keyed in (single petition only); "
                    "not in signature_count",
                },
                "signature_target": {"type": "integer"},
                "addressed_to": {"type": "string"},
                "handed_in_at": _TIME,
                "original_closing_date": _DATE,
                "closing_date_changes": {
                    "type": "array",
                    "items": {
                        "type": "object",
                        "properties": {"from": _DATE, "to": _DATE, "changed_at": _TIME},
                    },
                },
            },
        },
    },
}

_PETITION = {
    "type": "object",
    "required": ["type", "id", "links", "attributes"],
    "properties": {
        "type": {"const": "petition"},
        "id": {"type": "integer"},
        "links": {"type": "object", "properties": {"self": {"type": "string", "format": "uri"}}},
        "attributes": {"$ref": "#/components/schemas/PetitionAttributes"},
    },
}

_ERROR = {
    "description": "An error",
    "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Errors"}}},
}
_ID = {"name": "id", "in": "path", "required": True, "schema": {"type": "integer"}}

OPENAPI = {
    "openapi": "3.1.0",
    "info": {
        "title": "Doorstep petitions",
        "version": "1.0",
        "description": (
            "Petitions and their signature counts, in the document shape of the UK Parliament "
            "petitions site (petition.parliament.uk). No personal data is published."
        ),
    },
    "paths": {
        "/petitions.json": {
            "get": {
                "summary": "List published petitions, 50 a page, newest first",
                "parameters": [
                    {
                        "name": "state",
                        "in": "query",
                        "schema": {"type": "string", "enum": ["open", "closed", "all"], "default": "all"},
                    },
                    {"name": "page", "in": "query", "schema": {"type": "integer", "minimum": 1, "default": 1}},
                ],
                "responses": {
                    "200": {
                        "description": "A page of petitions",
                        "content": {
                            "application/json": {
                                "schema": {
                                    "type": "object",
                                    "properties": {
                                        "links": {
                                            "type": "object",
                                            "properties": {
                                                name: {"type": ["string", "null"]}
                                                for name in ("self", "first", "last", "next", "prev")
                                            },
                                        },
                                        "data": {"type": "array", "items": {"$ref": "#/components/schemas/Petition"}},
                                    },
                                }
                            }
                        },
                    },
                    "400": _ERROR,
                    "404": _ERROR,
                },
            }
        },
        "/petitions/{id}.json": {
            "get": {
                "summary": "One petition, with its signatures by country",
                "parameters": [_ID],
                "responses": {
                    "200": {
                        "description": "The petition",
                        "content": {
                            "application/json": {
                                "schema": {
                                    "type": "object",
                                    "properties": {
                                        "links": {"type": "object"},
                                        "data": {"$ref": "#/components/schemas/Petition"},
                                    },
                                }
                            }
                        },
                    },
                    "404": _ERROR,
                },
            }
        },
        "/petitions/{id}/count.json": {
            "get": {
                "summary": "The live signature count alone",
                "parameters": [_ID],
                "responses": {
                    "200": {
                        "description": "The count",
                        "content": {
                            "application/json": {
                                "schema": {
                                    "type": "object",
                                    "properties": {
                                        "signature_count": {"type": "integer"},
                                        "doorstep": {"type": "object"},
                                    },
                                }
                            }
                        },
                    },
                    "404": _ERROR,
                },
            }
        },
    },
    "components": {
        "schemas": {
            "Petition": _PETITION,
            "PetitionAttributes": _ATTRIBUTES,
            "Errors": {
                "type": "object",
                "properties": {
                    "errors": {
                        "type": "array",
                        "items": {
                            "type": "object",
                            "properties": {"status": {"type": "string"}, "title": {"type": "string"}},
                        },
                    }
                },
            },
        }
    },
}
