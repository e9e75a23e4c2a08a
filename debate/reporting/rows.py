"""The rows of an export: one maker per kind turns a selected row into cells, with aliases for
people and formula escaping for spreadsheets."""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Sequence
from datetime import UTC, datetime
from typing import Any

from debate.reporting.spec import (
    ExportSpec,
)

#: A cell starting with one of these would be read as a formula by a spreadsheet.
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


_FORMULA_SET = frozenset(FORMULA_START)


#: Aliases of accounts kept per export (anonymous authors are unique per row, not kept).
_ALIAS_CACHE = 50_000


Cells = tuple[Any, ...]


RowMaker = Callable[[Sequence[Any]], Cells]


def escape_formula(value: Any) -> Any:
    """Text a spreadsheet would run as a formula gets a leading apostrophe (OWASP advice)."""
    if type(value) is str and value[:1] in _FORMULA_SET:
        return "'" + value
    return value


def _same(value: Any) -> Any:
    return value


def alias(spec: ExportSpec, key: str, word: str | None = None) -> str:
    """A person's name in this export: a keyed BLAKE2b (a MAC) of their key, per-export salt."""
    code = hashlib.blake2b(key.encode(), key=spec.salt, digest_size=6).hexdigest()
    return f"{spec.author_word if word is None else word} {code}"


def _utc(value: datetime | str | None) -> str:
    """An instant as ``YYYY-MM-DDTHH:MM:SSZ``; SQLite's stored text is cut, not parsed."""
    if value is None:
        return ""
    if isinstance(value, str):  # SQLite: "YYYY-MM-DD HH:MM:SS.ffffff", UTC by convention
        if len(value) >= 19 and value[10] in " T":
            return f"{value[:10]}T{value[11:19]}Z"
        value = datetime.fromisoformat(value)
    if value.tzinfo is not UTC:
        value = value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)
    return value.isoformat(timespec="seconds")[:19] + "Z"


def row_maker(spec: ExportSpec, entity: str) -> RowMaker:
    """A function from one row of the entity's select to the export's cells, in column order."""
    return _MAKERS[entity](spec)


def _escaper(spec: ExportSpec) -> Callable[[Any], Any]:
    return escape_formula if spec.format in ("csv", "xlsx") else _same


def _formula_starts(spec: ExportSpec) -> frozenset[str]:
    """What the inline escaping in the hot row makers looks for (nothing for JSON)."""
    return _FORMULA_SET if spec.format in ("csv", "xlsx") else frozenset()


def _aliaser(spec: ExportSpec, word: str | None = None) -> Callable[[Any, Any], str]:
    """The alias of an account (kept: one per person) or else of a submission (not kept).

    The same value as ``alias``: a copy of a hasher already keyed with the salt is cheaper
    than keying a new one for each row."""
    known: dict[Any, str] = {}
    keyed = hashlib.blake2b(key=spec.salt, digest_size=6)
    prefix = f"{spec.author_word if word is None else word} "

    def of(account: Any, submission: Any) -> str:
        if not account:
            mac = keyed.copy()
            mac.update(f"s:{submission}".encode())
            return prefix + mac.hexdigest()
        found = known.get(account)
        if found is None:
            if len(known) >= _ALIAS_CACHE:
                known.clear()
            found = known[account] = alias(spec, f"user:{account}", word)
        return found

    return of


def _proposal_maker(spec: ExportSpec) -> RowMaker:
    starts, author, base = _formula_starts(spec), _aliaser(spec), spec.base_url
    personal = spec.include_personal

    def make(row: Sequence[Any]) -> Cells:
        (pid, sub, body, state, created, account, name, email, consultation, rules, reason) = row[
            :11
        ]
        topic, municipality, title, supports, replies, answer_state, answer = row[11:]
        title, body, reason = title or "", body or "", reason or ""
        cells = (
            pid,
            f"{base}/proposals/{pid}" if pid else "",
            "'" + consultation if consultation and consultation[0] in starts else consultation,
            "'" + topic if topic and topic[0] in starts else topic,
            "'" + municipality if municipality and municipality[0] in starts else municipality,
            "'" + title if title and title[0] in starts else title,
            "'" + body if body and body[0] in starts else body,
            state,
            " ".join(rules) if rules else "",
            "'" + reason if reason and reason[0] in starts else reason,
            supports,
            replies,
            answer_state,
            "'" + answer if answer and answer[0] in starts else answer,
            f"{created[:10]}T{created[11:19]}Z"
            if type(created) is str and len(created) >= 19 and created[10] in " T"
            else _utc(created),
            author(account, sub),
        )
        if personal:
            return (
                *cells,
                escape_formula(name) if starts else name,
                escape_formula(email) if starts else email,
                account,
            )
        return cells

    return make


def _reply_maker(spec: ExportSpec) -> RowMaker:
    starts, author, base = _formula_starts(spec), _aliaser(spec), spec.base_url
    personal = spec.include_personal

    def make(row: Sequence[Any]) -> Cells:
        (rid, sub, body, state, created, account, name, email, consultation, rules, reason) = row[
            :11
        ]
        proposal, article, parent, depth, stance = row[11:]
        body, reason = body or "", reason or ""
        cells = (
            rid,
            f"{base}/proposals/{proposal}" if proposal else "",
            "'" + consultation if consultation and consultation[0] in starts else consultation,
            proposal,
            "'" + article if article and article[0] in starts else article,
            parent,
            depth,
            stance or "",
            "'" + body if body and body[0] in starts else body,
            state,
            " ".join(rules) if rules else "",
            "'" + reason if reason and reason[0] in starts else reason,
            f"{created[:10]}T{created[11:19]}Z"
            if type(created) is str and len(created) >= 19 and created[10] in " T"
            else _utc(created),
            author(account, sub),
        )
        if personal:
            return (
                *cells,
                escape_formula(name) if starts else name,
                escape_formula(email) if starts else email,
                account,
            )
        return cells

    return make


def _support_maker(spec: ExportSpec) -> RowMaker:
    esc, base = _escaper(spec), spec.base_url

    def make(row: Sequence[Any]) -> Cells:
        pid, consultation, topic, title, state, supports, first, last = row
        return (
            pid,
            f"{base}/proposals/{pid}",
            esc(consultation),
            esc(topic),
            esc(title or ""),
            state,
            supports,
            _utc(first),
            _utc(last),
        )

    return make


def _decision_maker(spec: ExportSpec) -> RowMaker:
    esc, personal = _escaper(spec), spec.include_personal
    moderator = _aliaser(spec, spec.moderator_word)
    flag: Callable[[Any], Any] = (
        (lambda v: "true" if v else "false") if spec.format == "csv" else bool
    )

    def make(row: Sequence[Any]) -> Cells:
        (did, sub, kind, action, visibility, rules, ground, source) = row[:8]
        detection, decision, decided_by, created, explanation = row[8:]
        by_system = decided_by is None and bool(decision)
        cells = (
            did,
            f"INS-{sub}",
            kind,
            action,
            visibility,
            " ".join(rules) if rules else "",
            ground or "",
            source,
            flag(detection),
            flag(decision),
            "system" if by_system else "moderator",
            _utc(created),
        )
        if not personal:
            return cells
        who = moderator(decided_by, None) if decided_by is not None else ""
        return (*cells, who, esc(explanation or ""))

    return make


_MAKERS: dict[str, Callable[[ExportSpec], RowMaker]] = {
    "proposals": _proposal_maker,
    "replies": _reply_maker,
    "supports": _support_maker,
    "decisions": _decision_maker,
}
