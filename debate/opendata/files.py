"""Bulk open-data files (CSV and JSON) of published content, and the newest items for feeds.

The rows are ``debate.opendata.queries``'s: only what the public pages show, masked as shown.
CSV is UTF-8 with a BOM (Swedish Excel opens it right), ``,``-separated, with spreadsheet
formulas escaped; JSON carries the licence with the data.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterable
from typing import Any

from sqlmodel import Session

from debate.core.models import utcnow
from debate.opendata import queries

LICENCE = {
    "name": "CC0 1.0 Universal (public domain dedication)",
    "identifier": "CC0-1.0",
    "url": "https://creativecommons.org/publicdomain/zero/1.0/",
}
#: The files, and their columns in the CSV (the JSON has the same keys).
COLUMNS: dict[str, list[str]] = {
    "consultations": [
        "slug", "title", "description", "opens_at", "closes_at", "municipalities", "topics",
    ],
    "proposals": [
        "id", "consultation", "topic_id", "topic", "municipality", "title", "body", "masked",
        "created_at", "supports", "replies",
    ],
    "replies": [
        "id", "proposal_id", "article", "parent_id", "depth", "stance", "body", "masked",
        "created_at",
    ],
    "articles": [
        "id", "slug", "consultation", "title", "lead", "body", "author_name", "created_at",
        "updated_at",
    ],
}  # fmt: skip
_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def rows(session: Session, *, kind: str) -> list[dict[str, Any]]:
    if kind == "consultations":
        return queries.consultations(session)
    return list(queries.every(session, kind))


def as_json(kind: str, found: list[dict[str, Any]]) -> bytes:
    document = {
        "licence": LICENCE,
        "generated_at": utcnow().isoformat().replace("+00:00", "Z"),
        kind: found,
    }
    return json.dumps(document, ensure_ascii=False, indent=1).encode()


def as_csv(kind: str, found: Iterable[dict[str, Any]]) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    columns = COLUMNS[kind]
    writer.writerow(columns)
    for row in found:
        writer.writerow([_cell(row.get(column)) for column in columns])
    return ("\ufeff" + out.getvalue()).encode()


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list):
        value = "; ".join(str(v["name"] if isinstance(v, dict) else v) for v in value)
    text = str(value)
    # A text that a spreadsheet would run as a formula is kept as text.
    return "'" + text if text.startswith(_FORMULA_STARTS) else text
