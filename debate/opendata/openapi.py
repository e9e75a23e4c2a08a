"""The OpenAPI 3.1 document of the open-data API (``/api/v1/openapi.json``), written by hand
so that it says exactly what the API promises; ``tests/test_api.py`` checks that every route
is documented and every documented route answers, and runs schemathesis against it."""

from __future__ import annotations

from typing import Any

from debate.core.params import MAX_ID

#: The most rows on one page, and the default.
MAX_LIMIT, DEFAULT_LIMIT = 100, 50

_TIME = {"type": "string", "format": "date-time"}
_TIME_OR_NULL = {"type": ["string", "null"], "format": "date-time"}
_SLUG = {"type": "string", "pattern": "^[a-z0-9]+(-[a-z0-9]+)*$", "maxLength": 80}
_ID = {"type": "integer", "minimum": 1, "maximum": MAX_ID}
#: An id in an address: nine digits at most (``debate.app.IdConvertor``).
_PATH_ID = {"type": "integer", "minimum": 1, "maximum": 999_999_999}


def _object(properties: dict[str, Any]) -> dict[str, Any]:
    return {
        "type": "object",
        "properties": properties,
        "required": sorted(properties),
        "additionalProperties": False,
    }


_SCHEMAS: dict[str, Any] = {
    "Topic": _object({"id": {"type": "integer"}, "name": {"type": "string"}}),
    "Consultation": _object(
        {
            "slug": {"type": "string"},
            "title": {"type": "string"},
            "description": {"type": "string"},
            "opens_at": _TIME,
            "closes_at": _TIME_OR_NULL,
            "municipalities": {"type": "array", "items": {"type": "string"}},
            "topics": {"type": "array", "items": {"$ref": "#/components/schemas/Topic"}},
        }
    ),
    "Proposal": _object(
        {
            "id": {"type": "integer"},
            "consultation": {"type": "string"},
            "topic_id": {"type": ["integer", "null"]},
            "topic": {"type": ["string", "null"]},
            "municipality": {"type": ["string", "null"]},
            "title": {"type": "string"},
            "body": {"type": "string", "description": "The published copy, possibly masked."},
            "masked": {"type": "boolean", "description": "Parts of the text are masked."},
            "created_at": _TIME,
            "supports": {"type": "integer", "minimum": 0},
            "replies": {"type": "integer", "minimum": 0},
        }
    ),
    "Reply": _object(
        {
            "id": {"type": "integer"},
            "parent_id": {"type": ["integer", "null"]},
            "depth": {"type": "integer"},
            "stance": {"type": ["string", "null"], "enum": ["for", "against", "neutral", None]},
            "body": {"type": "string"},
            "masked": {"type": "boolean"},
            "created_at": _TIME,
        }
    ),
    "Article": _object(
        {
            "id": {"type": "integer"},
            "slug": {"type": "string"},
            "consultation": {"type": ["string", "null"]},
            "title": {"type": "string"},
            "lead": {"type": "string"},
            "body": {"type": "string"},
            "author_name": {"type": "string"},
            "created_at": _TIME,
            "updated_at": _TIME,
        }
    ),
    "Error": _object({"error": {"type": "string"}}),
}


def _list_of(name: str) -> dict[str, Any]:
    return _object(
        {
            "data": {"type": "array", "items": {"$ref": f"#/components/schemas/{name}"}},
            "next": {"type": ["string", "null"], "description": "The next page's address."},
        }
    )


_PAGING = [
    {
        "name": "after",
        "in": "query",
        "description": "Rows with a larger id than this (the `next` link carries it).",
        "schema": {"type": "integer", "minimum": 0, "maximum": MAX_ID},
    },
    {
        "name": "limit",
        "in": "query",
        "description": f"Rows per page (default {DEFAULT_LIMIT}).",
        "schema": {"type": "integer", "minimum": 1, "maximum": MAX_LIMIT},
    },
]


def _ref(name: str) -> dict[str, Any]:
    return {"$ref": f"#/components/schemas/{name}"}


def _json(schema: dict[str, Any], description: str) -> dict[str, Any]:
    return {"description": description, "content": {"application/json": {"schema": schema}}}


def _get(summary: str, schema: dict[str, Any], parameters: list[Any], found: bool) -> Any:
    responses: dict[str, Any] = {
        "200": {
            **_json(schema, "OK"),
            "headers": {"ETag": {"schema": {"type": "string"}}},
        },
        "304": {"description": "Not modified (the `If-None-Match` ETag is current)."},
        "400": _json(_ref("Error"), "A parameter cannot be read."),
        "429": _json(_ref("Error"), "Too many requests; see `Retry-After`."),
    }
    if found:
        responses["404"] = _json(_ref("Error"), "Not found, or not published.")
    etag = {"name": "If-None-Match", "in": "header", "schema": {"type": "string"}}
    return {"get": {"summary": summary, "parameters": [*parameters, etag], "responses": responses}}


def _path(name: str, schema: dict[str, Any]) -> dict[str, Any]:
    return {"name": name, "in": "path", "required": True, "schema": schema}


def document() -> dict[str, Any]:
    consultation_filter = {
        "name": "consultation",
        "in": "query",
        "description": "Only this consultation's (its slug).",
        "schema": _SLUG,
    }
    topic_filter = {"name": "topic", "in": "query", "schema": _ID}
    paths = {
        "/api/v1/consultations": _get(
            "Consultations that have opened",
            _object({"data": {"type": "array", "items": _ref("Consultation")}}),
            [],
            False,
        ),
        "/api/v1/consultations/{slug}": _get(
            "One consultation", _ref("Consultation"), [_path("slug", _SLUG)], True
        ),
        "/api/v1/proposals": _get(
            "Published proposals, oldest first",
            _list_of("Proposal"),
            [consultation_filter, topic_filter, *_PAGING],
            True,
        ),
        "/api/v1/proposals/{proposal_id}": _get(
            "One published proposal", _ref("Proposal"), [_path("proposal_id", _PATH_ID)], True
        ),
        "/api/v1/proposals/{proposal_id}/replies": _get(
            "The published replies of a proposal's thread",
            _list_of("Reply"),
            [_path("proposal_id", _PATH_ID), *_PAGING],
            True,
        ),
        "/api/v1/articles": _get("Published articles", _list_of("Article"), _PAGING, False),
        "/api/v1/articles/{slug}": _get(
            "One published article", _ref("Article"), [_path("slug", _SLUG)], True
        ),
        "/api/v1/articles/{slug}/replies": _get(
            "The published replies of an article's thread",
            _list_of("Reply"),
            [_path("slug", _SLUG), *_PAGING],
            True,
        ),
    }
    return {
        "openapi": "3.1.0",
        "info": {
            "title": "Inspel open data",
            "version": "1",
            "description": (
                "Published consultations, proposals, replies and articles, read only. Texts "
                "are the published copies (masked where a moderator or a rule masked them). "
                "Citizens' names are left out; articles carry their byline. Licence: CC0 1.0."
            ),
            "license": {"name": "CC0 1.0", "identifier": "CC0-1.0"},
        },
        "paths": paths,
        "components": {"schemas": _SCHEMAS},
    }
