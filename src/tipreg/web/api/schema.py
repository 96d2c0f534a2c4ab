"""The OpenAPI 3.1 description of the read API; tests check real answers against it."""

from __future__ import annotations

from typing import Any

from tipreg.enrich import ADDRESSEES, GROUPS, STRENGTHS
from tipreg.enrich.taxonomy import subtheme_ids, theme_ids
from tipreg.model import DOCUMENT_TYPES, PROVISION_KINDS
from tipreg.search import MODES
from tipreg.search.query import QUERY_CHARACTERS, QUERY_WORDS
from tipreg.store.labels.export import LABEL_PROPERTIES
from tipreg.web.register.results import MAX_RESULTS, SEMANTIC_RESULTS, SORTS

DEFAULT_LIMIT, MAX_LIMIT = 20, 100  # search results per answer
DEFAULT_SIMILAR_LIMIT = 10
NO_VECTOR_NOTICE = "this entry has no vector of the embedding model yet (run tipreg embed)"
DEFAULT_DOCUMENTS_LIMIT, MAX_DOCUMENTS_LIMIT = 100, 1000
NULLABLE_INT = {"type": ["integer", "null"]}
NULLABLE_STRING = {"type": ["string", "null"]}


def _query(name: str, schema: dict[str, Any], description: str, required: bool = False) -> dict[str, Any]:
    return {"name": name, "in": "query", "required": required, "schema": schema, "description": description}


def _json(schema_name: str, description: str) -> dict[str, Any]:
    return {
        "description": description,
        "content": {"application/json": {"schema": {"$ref": f"#/components/schemas/{schema_name}"}}},
    }


def _page(item_schema_name: str) -> dict[str, Any]:
    """One page of a listing: {total, limit, offset, results: [item]}."""
    return {
        "type": "object",
        "required": ["total", "limit", "offset", "results"],
        "additionalProperties": False,
        "properties": {
            "total": {"type": "integer", "minimum": 0},
            "limit": {"type": "integer"},
            "offset": {"type": "integer"},
            "results": {"type": "array", "items": {"$ref": f"#/components/schemas/{item_schema_name}"}},
        },
    }


ERRORS = {
    "400": _json("Error", "A parameter cannot be used; `parameter` names it."),
    "405": _json("Error", "Only GET and HEAD are allowed."),
}

SUBITEM = {
    "type": "object",
    "required": ["label", "text", "subitems"],
    "additionalProperties": False,
    "properties": {
        "label": {"type": "string"},
        "text": {"type": "string"},
        "subitems": {"type": "array", "items": {"$ref": "#/components/schemas/SubItem"}},
    },
}

SOURCE = {
    "type": "object",
    "required": ["file", "document_symbol", "document_type", "language", "span", "number"],
    "additionalProperties": False,
    "properties": {
        "file": {"type": "string"},
        "document_symbol": NULLABLE_STRING,
        "document_type": {"type": "string"},
        "language": NULLABLE_STRING,
        "span": {
            "type": "array",
            "items": {"type": "integer", "minimum": 0},
            "minItems": 2,
            "maxItems": 2,
            "description": "[start, end) character offsets in the document's text as read",
        },
        "number": NULLABLE_STRING,
    },
}

PROVISION_PROPERTIES = {
    "id": {"type": "string", "description": "stable identifier; /provisions/{id} is its page"},
    "kind": {
        "type": "string",
        "enum": list(PROVISION_KINDS),
    },
    "meeting": NULLABLE_INT,
    "year": NULLABLE_INT,
    "number": NULLABLE_STRING,
    "heading": NULLABLE_STRING,
    "subitems": {"type": "array", "items": {"$ref": "#/components/schemas/SubItem"}},
    "text": {"type": "string", "description": "repaired text, sub-items included"},
    "text_original": {"type": "string", "description": "as published in the first source"},
    "sources": {"type": "array", "items": {"$ref": "#/components/schemas/Source"}},
    **LABEL_PROPERTIES,  # themes, addressees, strength, groups, references (README, "Labels")
}

PROVISION = {
    "type": "object",
    "required": list(PROVISION_PROPERTIES),
    "additionalProperties": False,
    "properties": PROVISION_PROPERTIES,
}

SEARCH_HIT = {
    "type": "object",
    "required": [*PROVISION_PROPERTIES, "score"],
    "additionalProperties": False,
    "properties": {**PROVISION_PROPERTIES, "score": {"type": "number", "description": "higher is better"}},
}

DOCUMENT = {
    "type": "object",
    "required": ["id", "file", "symbol", "type", "language", "meeting", "year", "date", "title", "provisions"],
    "additionalProperties": False,
    "properties": {
        "id": {"type": "integer"},
        "file": {"type": "string"},
        "symbol": NULLABLE_STRING,
        "type": {"type": "string"},
        "language": NULLABLE_STRING,
        "meeting": NULLABLE_INT,
        "year": NULLABLE_INT,
        "date": {"type": ["string", "null"], "format": "date"},
        "title": NULLABLE_STRING,
        "provisions": {"type": "integer", "minimum": 0, "description": "provisions this document carries"},
    },
}

ERROR = {
    "type": "object",
    "required": ["error"],
    "properties": {
        "error": {
            "type": "object",
            "required": ["status", "message"],
            "properties": {
                "status": {"type": "integer"},
                "message": {"type": "string"},
                "parameter": {"type": "string"},
            },
        }
    },
}

SEARCH_PARAMETERS = [
    _query(
        "q",
        {"type": "string", "minLength": 1},
        f"words to find; a longer query is searched on its first {QUERY_WORDS} words ({QUERY_CHARACTERS:,} "
        "characters at most), and `notice` says so",
        required=True,
    ),
    _query("meeting", {"type": "integer", "minimum": 0}, "only this Working Group meeting"),
    _query("year", {"type": "integer", "minimum": 0}, "only this year"),
    _query("type", {"type": "string", "enum": list(DOCUMENT_TYPES)}, "only provisions a document of this type carries"),
    _query("kind", {"type": "string", "enum": list(PROVISION_KINDS)}, "only provisions of this kind"),
    _query(
        "theme",
        {"type": "string", "enum": [*theme_ids(), *subtheme_ids()]},
        "only entries labelled with this theme or sub-theme (docs/taxonomy.md); a theme also matches its "
        "sub-themes; curators' corrections count",
    ),
    _query("addressee", {"type": "string", "enum": list(ADDRESSEES)}, "only entries addressed to them"),
    _query(
        "strength",
        {"type": "integer", "minimum": min(STRENGTHS), "maximum": max(STRENGTHS)},
        "only entries of this strength of language (5 shall … 1 may wish to)",
    ),
    _query("group", {"type": "string", "enum": list(GROUPS)}, "only entries concerning this group"),
    _query("sort", {"type": "string", "enum": list(SORTS), "default": "relevance"}, "order of the results"),
    _query(
        "mode",
        {"type": "string", "enum": list(MODES), "default": "hybrid"},
        "keyword: entries holding every word; semantic: the "
        f"{SEMANTIC_RESULTS} nearest in meaning, in any language; hybrid: both lists fused by reciprocal rank. "
        "Where the register has no vectors yet, semantic and hybrid give keyword results and say so in `notice`",
    ),
    _query(
        "limit", {"type": "integer", "minimum": 1, "maximum": MAX_LIMIT, "default": DEFAULT_LIMIT}, "results per answer"
    ),
    _query("offset", {"type": "integer", "minimum": 0, "maximum": MAX_RESULTS, "default": 0}, "results to skip"),
]

DOCUMENT_PARAMETERS = [
    _query(
        "limit",
        {"type": "integer", "minimum": 1, "maximum": MAX_DOCUMENTS_LIMIT, "default": DEFAULT_DOCUMENTS_LIMIT},
        "documents per answer",
    ),
    _query("offset", {"type": "integer", "minimum": 0, "default": 0}, "documents to skip"),
]


def openapi_schema(server_url: str) -> dict[str, Any]:
    # The reports' write API lives with the reports app (it imports this module's helpers).
    from tipreg.web.reports.api_schema import REPORT_PATHS, REPORT_SCHEMAS, SECURITY_SCHEMES

    return {
        "openapi": "3.1.0",
        "info": {
            "title": "tipreg register API",
            "version": "1",
            "description": "Read-only access to the consolidated register of the recommendations of the Working "
            "Group on Trafficking in Persons (records follow the export contract), and the write API for States' "
            "implementation reports (authenticated by API token).",
        },
        "servers": [{"url": server_url.rstrip("/")}],
        "paths": {
            "/api/search": {
                "get": {
                    "operationId": "search",
                    "summary": "Provisions for a query: by its words (ignoring accents, case and OCR noise), by "
                    "meaning in any language, or both (default)",
                    "parameters": SEARCH_PARAMETERS,
                    "responses": {"200": _json("SearchResults", "Ranked results, one page."), **ERRORS},
                }
            },
            "/api/provisions/{id}": {
                "get": {
                    "operationId": "provision",
                    "summary": "One register entry",
                    "parameters": [{"name": "id", "in": "path", "required": True, "schema": {"type": "string"}}],
                    "responses": {
                        "200": _json("Provision", "The entry in the export shape."),
                        "301": {
                            "description": "The id of an entry a curator merged into another: `Location` is the "
                            "kept entry's address (the id keeps resolving for good).",
                            "headers": {"Location": {"schema": {"type": "string"}}},
                            "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}},
                        },
                        "400": ERRORS["400"],
                        "404": _json("Error", "No entry has this id."),
                        "405": ERRORS["405"],
                    },
                }
            },
            "/api/provisions/{id}/similar": {
                "get": {
                    "operationId": "similar",
                    "summary": "More like this: the entries nearest in meaning to one entry, in any language",
                    "parameters": [
                        {"name": "id", "in": "path", "required": True, "schema": {"type": "string"}},
                        _query(
                            "limit",
                            {"type": "integer", "minimum": 1, "maximum": MAX_LIMIT, "default": DEFAULT_SIMILAR_LIMIT},
                            "entries per answer",
                        ),
                    ],
                    "responses": {
                        "200": _json("SimilarResults", "The nearest entries, best first."),
                        "404": _json("Error", "No entry has this id."),
                        **ERRORS,
                    },
                }
            },
            "/api/documents": {
                "get": {
                    "operationId": "documents",
                    "summary": "The documents of the register, in ingestion order, one page at a time",
                    "parameters": DOCUMENT_PARAMETERS,
                    "responses": {"200": _json("DocumentList", "One page of documents."), **ERRORS},
                }
            },
            "/api/openapi.json": {
                "get": {
                    "operationId": "openapi",
                    "summary": "This description",
                    "responses": {"200": {"description": "OpenAPI document", "content": {"application/json": {}}}},
                }
            },
            **REPORT_PATHS,
        },
        "components": {
            "schemas": {
                "SubItem": SUBITEM,
                "Source": SOURCE,
                "Provision": PROVISION,
                "SearchHit": SEARCH_HIT,
                "SearchResults": {
                    "type": "object",
                    "required": ["query", "mode", "notice", "total", "limit", "offset", "results"],
                    "additionalProperties": False,
                    "properties": {
                        "query": {"type": "string"},
                        "mode": {
                            "type": "string",
                            "enum": list(MODES),
                            "description": "the mode that ranked: keyword where semantic ranking was asked for and "
                            "the register has no vectors yet",
                        },
                        "notice": {
                            **NULLABLE_STRING,
                            "description": "why the results lack the semantic side asked for, or that the query "
                            "was searched on its first words only; null when neither",
                        },
                        "total": {"type": "integer", "minimum": 0, "maximum": MAX_RESULTS},
                        "limit": {"type": "integer"},
                        "offset": {"type": "integer"},
                        "results": {"type": "array", "items": {"$ref": "#/components/schemas/SearchHit"}},
                    },
                },
                "SimilarResults": {
                    "type": "object",
                    "required": ["id", "notice", "limit", "results"],
                    "additionalProperties": False,
                    "properties": {
                        "id": {"type": "string"},
                        "notice": {
                            **NULLABLE_STRING,
                            "description": "set (and results empty) when the entry has no vector yet",
                        },
                        "limit": {"type": "integer"},
                        "results": {"type": "array", "items": {"$ref": "#/components/schemas/SearchHit"}},
                    },
                },
                "Document": DOCUMENT,
                "DocumentList": _page("Document"),
                "Error": ERROR,
                **REPORT_SCHEMAS,
            },
            "securitySchemes": SECURITY_SCHEMES,
        },
    }
