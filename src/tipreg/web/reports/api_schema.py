"""The write API for implementation reports in the OpenAPI document (merged in by tipreg.web.api.schema)."""

from __future__ import annotations

from typing import Any

from tipreg.web.api.schema import _json, _page, _query
from tipreg.web.reports.api import DEFAULT_LIMIT, MAX_LIMIT
from tipreg.web.reports.forms import NARRATIVE_MAX_LENGTH
from tipreg.web.reports.models import ImplementationReport

STATUS = {"type": "string", "enum": list(ImplementationReport.Status.values)}
TOKEN = [{"token": []}]
AUTH_ERRORS = {
    "401": _json("Error", "No valid API token was sent."),
    "405": _json("Error", "The method is not allowed here."),
}

REPORT = {
    "type": "object",
    "required": [
        *("recommendation", "state", "period", "status", "narrative", "submitted", "version"),
        *("updated_at", "updated_by", "evidence"),
    ],
    "additionalProperties": False,
    "properties": {
        "recommendation": {"type": "string", "description": "the register entry's id"},
        "state": {"type": "string", "description": "the State's code (ISO 3166-1 alpha-3)"},
        "period": {"type": "string", "description": "the reporting period's name"},
        "status": STATUS,
        "narrative": {"type": "string"},
        "submitted": {"type": "boolean", "description": "false: a draft, seen by its State and the Secretariat"},
        "version": {"type": "integer", "minimum": 1, "description": "send it back to update the report"},
        "updated_at": {"type": "string", "format": "date-time"},
        "updated_by": {"type": "string"},
        "evidence": {
            "type": "array",
            "items": {
                "type": "object",
                "required": ["name", "content_type", "size"],
                "additionalProperties": False,
                "properties": {
                    "name": {"type": "string"},
                    "content_type": {"type": "string"},
                    "size": {"type": "integer", "minimum": 1},
                },
            },
        },
    },
}

REPORT_INPUT = {
    "type": "object",
    "required": ["status", "version"],
    "additionalProperties": False,
    "properties": {
        "status": STATUS,
        "narrative": {"type": "string", "maxLength": NARRATIVE_MAX_LENGTH, "description": "absent: kept as it is"},
        "submitted": {"type": "boolean", "description": "absent: kept as it is (a new report is a draft)"},
        "version": {
            "type": ["integer", "null"],
            "minimum": 1,
            "description": "null to create the report; else the version last read, checked against the stored one",
        },
    },
}

CONFLICT = {
    "type": "object",
    "required": ["error", "current"],
    "properties": {
        "error": {"$ref": "#/components/schemas/Error/properties/error"},
        "current": {"$ref": "#/components/schemas/Report"},
    },
}

REPORT_PARAMETERS = [
    {"name": name, "in": "path", "required": True, "schema": {"type": "string"}, "description": description}
    for name, description in (
        ("state", "the State's code"),
        ("period", "the reporting period's name"),
        ("recommendation", "the register entry's id"),
    )
]

REPORT_PATHS: dict[str, Any] = {
    "/api/reports": {
        "get": {
            "operationId": "reports",
            "summary": "The reports the token's user may read: a focal point's State's, or all for the Secretariat",
            "security": TOKEN,
            "parameters": [
                _query("state", {"type": "string"}, "only this State (code)"),
                _query("period", {"type": "string"}, "only this reporting period (name)"),
                _query(
                    "limit",
                    {"type": "integer", "minimum": 1, "maximum": MAX_LIMIT, "default": DEFAULT_LIMIT},
                    "reports per answer",
                ),
                _query("offset", {"type": "integer", "minimum": 0, "default": 0}, "reports to skip"),
            ],
            "responses": {
                "200": _json("ReportList", "One page of reports."),
                "400": _json("Error", "A parameter cannot be used; `parameter` names it."),
                **AUTH_ERRORS,
            },
        }
    },
    "/api/reports/{state}/{period}/{recommendation}": {
        "parameters": REPORT_PARAMETERS,
        "get": {
            "operationId": "report",
            "summary": "One report",
            "security": TOKEN,
            "responses": {
                "200": _json("Report", "The report."),
                "400": _json("Error", "A path or query parameter cannot be used; `parameter` names it."),
                "403": _json("Error", "The token's user may not read this State's reports."),
                "404": _json("Error", "No such State, period, entry, or no report yet."),
                **AUTH_ERRORS,
            },
        },
        "put": {
            "operationId": "fileReport",
            "summary": "Create (version null) or update (the version last read) a report",
            "security": TOKEN,
            "requestBody": {
                "required": True,
                "content": {"application/json": {"schema": {"$ref": "#/components/schemas/ReportInput"}}},
            },
            "responses": {
                "200": _json("Report", "Updated; the answer carries the new version."),
                "201": _json("Report", "Created at version 1."),
                "400": _json(
                    "Error",
                    "The body (or a path parameter) cannot be used; the message says why, and `parameter` names "
                    "the field or parameter where there is one.",
                ),
                "403": _json(
                    "Error",
                    "The token's user may not file reports for this State, or (a focal point) for a period that "
                    "is not the current one.",
                ),
                "404": _json("Error", "No such State, period or register entry."),
                "409": _json(
                    "Conflict",
                    "The report was saved since that version (or exists): its version, who saved it and when.",
                ),
                "413": _json("Error", "The body is too large."),
                "415": _json("Error", "The body is not JSON."),
                **AUTH_ERRORS,
            },
        },
    },
}

REPORT_SCHEMAS = {"Report": REPORT, "ReportInput": REPORT_INPUT, "ReportList": _page("Report"), "Conflict": CONFLICT}
SECURITY_SCHEMES = {
    "token": {
        "type": "http",
        "scheme": "bearer",
        "description": "A per-user API token from `tipreg tokens add USER` (kept hashed by the server).",
    }
}
