"""OpenAPI 3.1 description of the public API (served at /api/v1/openapi.json)."""

_STR = {"type": "string"}
_NSTR = {"type": ["string", "null"]}
_NUM = {"type": ["number", "null"]}
_LIST = {"type": "array", "items": _STR}

DESK = {
    "type": "object",
    "required": [
        "id",
        "name",
        "organisation",
        "town",
        "postcode",
        "insee_code",
        "latitude",
        "longitude",
        "modes",
        "languages",
        "channels",
        "opening_hours",
        "next_sessions",
        "ics_url",
    ],
    "properties": {
        "id": {**_STR, "description": "Stable identifier (slug) of the desk."},
        "name": _STR,
        "kind": {"enum": ["desk", "partner"]},
        "category": _STR,
        "organisation": {
            "type": "object",
            "properties": {"id": _STR, "name": _STR},
            "required": ["id", "name"],
        },
        "summary": _STR,
        "town": _NSTR,
        "postcode": _NSTR,
        "insee_code": _NSTR,
        "departement": _NSTR,
        "address": _NSTR,
        "latitude": _NUM,
        "longitude": _NUM,
        "modes": {"type": "array", "items": {"enum": ["walk_in", "appointment", "remote"]}},
        "topics": _LIST,
        "audiences": _LIST,
        "languages": {**_LIST, "description": "ISO 639-1 codes (prs: Dari)."},
        "interpreters": {"type": "boolean"},
        "children_welcome": {"type": "boolean"},
        "free_of_charge": {"type": "boolean"},
        "channels": {
            "type": "array",
            "items": {
                "type": "object",
                "properties": {
                    "kind": {
                        "enum": [
                            "in_person",
                            "phone",
                            "sms",
                            "whatsapp",
                            "signal",
                            "email",
                            "website",
                            "social",
                        ]
                    },
                    "value": _STR,
                    "label": _STR,
                    "for_booking": {"type": "boolean"},
                },
            },
        },
        "schedule_text": {**_STR, "description": "The schedule in plain French."},
        "opening_hours": {
            **_STR,
            "description": "OpenStreetMap opening_hours syntax (best effort: school holidays as "
            "SH, every-N-weeks as week ranges of the current year).",
        },
        "next_sessions": {
            "type": "array",
            "maxItems": 10,
            "items": {
                "type": "object",
                "properties": {
                    "start": {"type": "string", "format": "date-time"},
                    "end": {"type": "string", "format": "date-time"},
                    "label": _NSTR,
                },
            },
        },
        "url": {"type": "string", "format": "uri"},
        "ics_url": {"type": "string", "format": "uri"},
        "updated_at": {"type": "string", "format": "date-time"},
    },
}

_FILTERS = [
    {"name": n, "in": "query", "required": False, "schema": _STR, "description": d}
    for n, d in [
        ("topic", "Topic code, e.g. asylum."),
        ("language", "Language code, e.g. ar."),
        ("mode", "walk_in, appointment or remote."),
        ("kind", "desk or partner."),
        ("departement", "Département code, e.g. 59 or 2A."),
        ("page", "Page number (100 desks a page)."),
    ]
]

OPENAPI = {
    "openapi": "3.1.0",
    "info": {
        "title": "Permanence public API",
        "version": "1.0.0",
        "license": {"name": "AGPL-3.0-or-later"},
        "description": "Help desks for foreign people in France and partner services.",
    },
    "paths": {
        "/api/v1/desks": {
            "get": {
                "summary": "Published desks and partner services with their next sessions",
                "parameters": _FILTERS,
                "responses": {
                    "200": {
                        "description": "A page of desks",
                        "content": {
                            "application/json": {
                                "schema": {
                                    "type": "object",
                                    "properties": {
                                        "count": {"type": "integer"},
                                        "next": _NSTR,
                                        "previous": _NSTR,
                                        "results": {"type": "array", "items": DESK},
                                    },
                                }
                            }
                        },
                    },
                    "400": {"description": "A filter has an unknown value"},
                },
            }
        },
        "/ical/desks/{id}.ics": {
            "get": {
                "summary": "iCalendar feed of a desk: one event per session for a year",
                "parameters": [{"name": "id", "in": "path", "required": True, "schema": _STR}],
                "responses": {"200": {"description": "text/calendar"}},
            }
        },
        "/ical/organisations/{id}.ics": {
            "get": {
                "summary": "iCalendar feed of all published desks of an organisation",
                "parameters": [{"name": "id", "in": "path", "required": True, "schema": _STR}],
                "responses": {"200": {"description": "text/calendar"}},
            }
        },
        "/api/data-inclusion/v1/structures": {
            "get": {
                "summary": "data·inclusion v1 structures",
                "responses": {"200": {"description": "JSON list"}},
            }
        },
        "/api/data-inclusion/v1/services": {
            "get": {
                "summary": "data·inclusion v1 services",
                "responses": {"200": {"description": "JSON list"}},
            }
        },
    },
}
