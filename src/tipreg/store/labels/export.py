"""The label fields of the export record (README, "Labels"): an entry's effective labels, corrections included."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from tipreg.store.models import Provision

LABEL_FIELDS = ("themes", "addressees", "strength", "groups", "references", "links")
# Computed labels, corrections and links, for register_entries(): three queries per chunk, not three per entry.
LABEL_PREFETCH = ("computed_labels", "label_corrections", "links_out")


def entry_labels(provision: Provision) -> dict[str, Any]:
    """The label fields of an entry (empty, null strength, when never labelled) and the links it makes."""
    from tipreg.store.labels.records import entry_label_records

    labels = entry_label_records(provision).get("")
    found = {"themes": [], "addressees": [], "strength": None, "groups": [], "references": []}
    if labels is not None:
        found = {field: labels[field] for field in found}
    links = [
        {"target": link.target_id, "type": link.type, "score": link.score, "evidence": link.evidence}
        for link in provision.links_out.all()
    ]
    return {**found, "links": links}


_LABEL = {
    "type": "object",
    "required": ["value", "confidence", "method"],
    "additionalProperties": False,
    "properties": {
        "value": {"type": ["string", "integer"]},
        "confidence": {"type": "number", "minimum": 0, "maximum": 1},
        "method": {
            "type": "string",
            "examples": ["rule:theme-cue", "inherited", "model:theme-e5-logreg", "curator:NAME"],
        },
    },
}
_NULLABLE_STRING = {"type": ["string", "null"]}
# JSON Schema of the five fields, for the API's published schema (web/api/schema.py).
LABEL_PROPERTIES: dict[str, Any] = {
    "themes": {"type": "array", "items": _LABEL, "description": "sub-theme ids of docs/taxonomy.md"},
    "addressees": {"type": "array", "items": _LABEL},
    "strength": {"oneOf": [_LABEL, {"type": "null"}], "description": "5 shall … 1 may wish to"},
    "groups": {"type": "array", "items": _LABEL},
    "references": {
        "type": "array",
        "items": {
            "type": "object",
            "required": ["kind", "text", "instrument", "number", "paragraph", "year", "symbol"],
            "additionalProperties": False,
            "properties": {
                "kind": {"type": "string", "enum": ["article", "resolution", "decision", "symbol", "report_paragraph"]},
                "text": {"type": "string"},
                "instrument": _NULLABLE_STRING,
                "number": _NULLABLE_STRING,
                "paragraph": _NULLABLE_STRING,
                "year": {"type": ["integer", "null"]},
                "symbol": _NULLABLE_STRING,
            },
        },
    },
    "links": {
        "type": "array",
        "description": "links to earlier entries found by `tipreg link`: cites, reiterates, recurs",
        "items": {
            "type": "object",
            "required": ["target", "type", "score", "evidence"],
            "additionalProperties": False,
            "properties": {
                "target": {"type": "string"},
                "type": {"type": "string", "enum": ["cites", "reiterates", "recurs"]},
                "score": {"type": "number", "minimum": 0, "maximum": 1},
                "evidence": {"type": "string"},
            },
        },
    },
}
