"""What an export asks for: entities, format, filters, personal data and its reason.

``parse_spec`` builds an ``ExportSpec`` from form or command-line values and refuses a bad
value with an ``ExportError`` whose message is for the user (translated). The rows are read by
``debate.reporting.exports``; the formats are written by ``debate.reporting.writers``.
"""

from __future__ import annotations

import secrets
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from typing import Any

from sqlmodel import Session

from debate.core import params
from debate.core.i18n import _
from debate.core.models import Consultation, Topic

ENTITIES = ("proposals", "replies", "supports", "decisions")
FORMATS = ("csv", "xlsx", "json", "ndjson")
DELIMITERS = (";", ",")
#: ``public``: what the public sees (the default); the others ask for hidden content too.
STATUSES = ("public", "held", "hidden", "all")

REASON_MIN = 10

#: The columns of each entity, in file order; ``docs/exports.md`` documents each one.
COLUMNS: dict[str, tuple[str, ...]] = {
    "proposals": (
        "id",
        "url",
        "consultation",
        "topic",
        "municipality",
        "title",
        "body",
        "state",
        "moderation_rules",
        "moderation_reason",
        "supports",
        "replies",
        "answer_state",
        "answer",
        "created_at",
        "author",
    ),
    "replies": (
        "id",
        "url",
        "consultation",
        "proposal_id",
        "article",
        "parent_id",
        "depth",
        "stance",
        "body",
        "state",
        "moderation_rules",
        "moderation_reason",
        "created_at",
        "author",
    ),
    #: One row per proposal; who supported is personal data and never exported.
    "supports": (
        "proposal_id",
        "url",
        "consultation",
        "topic",
        "title",
        "state",
        "supports",
        "first_support_at",
        "last_support_at",
    ),
    "decisions": (
        "id",
        "item",
        "kind",
        "action",
        "visibility",
        "rule_ids",
        "ground",
        "source",
        "automated_detection",
        "automated_decision",
        "decided_by",
        "created_at",
    ),
}
#: Added to proposals and replies only when personal data is asked for, with a reason.
PERSONAL_COLUMNS = ("author_name", "author_email", "author_account")
#: Added to decisions only when personal data is asked for: the moderator's alias and the
#: statement's free text (it is about the author's post and may name people).
DECISION_PERSONAL_COLUMNS = ("moderator", "explanation")
#: The personal data columns of each entity (supports have none: counts only).
PERSONAL: dict[str, tuple[str, ...]] = {
    "proposals": PERSONAL_COLUMNS,
    "replies": PERSONAL_COLUMNS,
    "supports": (),
    "decisions": DECISION_PERSONAL_COLUMNS,
}


class ExportError(ValueError):
    """A request for an export that cannot be made; the message is for the user."""


@dataclass(frozen=True, slots=True)
class Filters:
    consultation_id: int | None = None
    topic_id: int | None = None
    date_from: date | None = None
    date_to: date | None = None
    status: str = "public"


@dataclass(frozen=True, slots=True)
class ExportSpec:
    entities: tuple[str, ...]
    format: str = "csv"
    delimiter: str = ";"
    filters: Filters = field(default_factory=Filters)
    include_personal: bool = False
    reason: str = ""
    base_url: str = ""
    #: The word before each alias ("Författare"), translated when the spec is made.
    author_word: str = "Author"
    #: The word before a moderator's alias ("Moderator"), with personal data only.
    moderator_word: str = "Moderator"
    salt: bytes = field(default_factory=lambda: secrets.token_bytes(32))

    def columns(self, entity: str) -> tuple[str, ...]:
        return COLUMNS[entity] + (PERSONAL[entity] if self.include_personal else ())

    def describe(self) -> dict[str, Any]:
        """What the audit log records about the export (no salt)."""
        f = self.filters
        return {
            "entities": list(self.entities),
            "format": self.format,
            "filters": {
                "consultation": f.consultation_id,
                "topic": f.topic_id,
                "from": f.date_from.isoformat() if f.date_from else None,
                "to": f.date_to.isoformat() if f.date_to else None,
                "status": f.status,
            },
            "personal_data": self.include_personal,
            "reason": self.reason,
        }


# --- Parsing a request ------------------------------------------------------------------------


def parse_spec(session: Session, values: Mapping[str, str], *, base_url: str = "") -> ExportSpec:
    """An export from form or command-line values; an ``ExportError`` names what is wrong."""
    fmt = _one_of(values.get("format", "csv"), FORMATS, _("Choose a format: CSV, XLSX, JSON."))
    entity = values.get("entity", "proposals") or "proposals"
    if entity not in (*ENTITIES, "all"):
        raise ExportError(_("Choose what to export: proposals, replies or both."))
    if entity == "all" and fmt in ("csv", "ndjson"):
        raise ExportError(_("A CSV or NDJSON file holds one kind of item: choose one."))
    personal = values.get("personal", "") in ("1", "on", "yes", "true")
    reason = values.get("reason", "").strip()
    if personal and len(reason) < REASON_MIN:
        raise ExportError(_("Say why the export needs personal data (at least 10 characters)."))
    return ExportSpec(
        entities=ENTITIES if entity == "all" else (entity,),
        format=fmt,
        delimiter=_one_of(
            values.get("delimiter", ";") or ";", DELIMITERS, _("The separator must be ; or ,.")
        ),
        filters=parse_filters(session, values),
        include_personal=personal,
        reason=reason if personal else "",
        base_url=base_url.rstrip("/"),
        author_word=_("Author"),
        moderator_word=_("Moderator"),
    )


def parse_filters(session: Session, values: Mapping[str, str]) -> Filters:
    consultation_id = _number(values.get("consultation", ""), _("No such consultation."))
    if consultation_id is not None and session.get(Consultation, consultation_id) is None:
        raise ExportError(_("No such consultation."))
    topic_id = _number(values.get("topic", ""), _("No such topic."))
    if topic_id is not None:
        topic = session.get(Topic, topic_id)
        if topic is None or consultation_id not in (None, topic.consultation_id):
            raise ExportError(_("No such topic."))
    date_from = parse_date(values.get("from", ""))
    date_to = parse_date(values.get("to", ""))
    if date_from and date_to and date_to < date_from:
        raise ExportError(_("The end date must not come before the start date."))
    status = _one_of(values.get("status", "public") or "public", STATUSES, _("No such status."))
    return Filters(consultation_id, topic_id, date_from, date_to, status)


def _one_of(value: str, choices: tuple[str, ...], message: str) -> str:
    if value not in choices:
        raise ExportError(message)
    return value


def _number(value: str, message: str) -> int | None:
    try:
        return params.ident(value, message=message)
    except params.BadParameterError as exc:
        raise ExportError(str(exc)) from None


def parse_date(value: str) -> date | None:
    try:
        return params.day(value)
    except params.BadParameterError as exc:
        raise ExportError(str(exc)) from None


def period_bounds(date_from: date | None, date_to: date | None) -> tuple[datetime, datetime]:
    """The UTC instants a date range covers, both days included."""
    start = datetime.combine(date_from or date(1970, 1, 1), time(), UTC)
    end = datetime.combine((date_to or date(9998, 12, 31)) + timedelta(days=1), time(), UTC)
    return start, end
