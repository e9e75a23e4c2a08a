"""Exports for agendas and analysis: proposals, replies, supports per proposal and moderation
decisions: what each selects, in chunks (the rows they yield are made in
``debate.reporting.rows``).

An export is described by an ``ExportSpec`` (built from a form or the command line by
``parse_spec``, which refuses bad values with an ``ExportError`` carrying a translated message).
Rows are read in chunks by keyset pagination (``id > last`` in id order), each chunk in its own
short transaction, so memory stays flat however large the export. The writers that turn rows
into CSV, XLSX, JSON and NDJSON are in ``debate.reporting.writers``.

The text exported is the published copy (``Submission.published_title/published_body``, masked
where a moderator redacted it), never the revision as received. Content the public cannot see
is only exported when the status filter asks for it, and then carries its state and the rules
and reason of its latest decision. Authors (and, with personal data, moderators) appear as an
alias derived with a keyed BLAKE2b from a random salt drawn for each export: stable within one
export, unrelated between two.

Speed: the selects hand back the driver's own values (``type_coerce`` to plain types, so no
result processing per cell) and each entity has a row maker, built once per export, that turns
a database row into a tuple of cells in column order in one call (formula escaping only on the
text columns, and only for CSV and XLSX). The writers work on whole chunks of such tuples.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterator
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Engine
from sqlalchemy.orm import aliased
from sqlmodel import Session, col

from debate.core.models import (
    PUBLIC_STATES,
    Article,
    Consultation,
    ModerationDecision,
    Proposal,
    Reply,
    Submission,
    Support,
    Topic,
    User,
    Visibility,
    public_clause,
)
from debate.reporting.rows import Cells, row_maker
from debate.reporting.spec import (
    COLUMNS,
    DELIMITERS,
    ENTITIES,
    FORMATS,
    PERSONAL_COLUMNS,
    STATUSES,
    ExportError,
    ExportSpec,
    Filters,
    parse_date,
    parse_spec,
    period_bounds,
)

__all__ = [
    "COLUMNS",
    "DELIMITERS",
    "ENTITIES",
    "FORMATS",
    "PERSONAL_COLUMNS",
    "STATUSES",
    "ExportError",
    "ExportSpec",
    "Filters",
    "count_rows",
    "decision_select",
    "iter_chunks",
    "iter_rows",
    "parse_date",
    "parse_spec",
    "period_bounds",
    "proposal_select",
    "reply_select",
    "shape",
    "support_select",
]

_STATUS_STATES: dict[str, tuple[Visibility, ...]] = {
    "public": PUBLIC_STATES,
    "held": (Visibility.HELD,),
    "hidden": Visibility.hidden(),
    "all": tuple(Visibility),
}
#: Rows read per transaction.
CHUNK = 2000
#: Columns that hold text (the only ones formula escaping looks at).
TEXT_COLUMNS = frozenset(
    {
        "url",
        "consultation",
        "topic",
        "municipality",
        "title",
        "body",
        "article",
        "moderation_reason",
        "author_name",
        "author_email",
        "explanation",
        "answer",
    }
)


# --- Cells --------------------------------------------------------------------------------------


def _rules(value: Any) -> str:
    return " ".join(value or ())


# --- Reading ------------------------------------------------------------------------------------


def _raw(column: Any, name: str) -> Any:
    """A column as the driver hands it back: no result processing per cell."""
    return sa.type_coerce(column, sa.String).label(name)


def _latest_decision(column: Any) -> Any:
    """A column of the row's latest decision (correlated to the row's submission)."""
    return (
        sa.select(column)
        .where(col(ModerationDecision.submission_id) == col(Submission.id))
        .order_by(col(ModerationDecision.id).desc())
        .limit(1)
        .correlate(Submission)
        .scalar_subquery()
    )


def _common(f: Filters) -> list[Any]:
    """The columns proposals and replies share, in the order their row makers unpack them."""
    hidden_asked = f.status != "public"
    return [
        col(Submission.id).label("submission_id"),
        col(Submission.published_body).label("body"),
        _raw(Submission.visibility, "state"),
        _raw(Submission.created_at, "created_at"),
        col(Submission.author_id).label("author_account"),
        col(Submission.author_name).label("author_name"),
        col(User.email).label("author_email"),
        col(Consultation.slug).label("consultation"),
        (
            _latest_decision(ModerationDecision.rule_ids).label("rules")
            if hidden_asked
            else sa.null().label("rules")
        ),
        (
            _latest_decision(ModerationDecision.explanation).label("reason")
            if hidden_asked
            else sa.null().label("reason")
        ),
    ]


def _where(f: Filters) -> list[Any]:
    start, end = period_bounds(f.date_from, f.date_to)
    clauses = [
        col(Submission.visibility).in_([s.value for s in _STATUS_STATES[f.status]]),
        col(Submission.created_at) >= start,
        col(Submission.created_at) < end,
    ]
    if f.consultation_id is not None:
        clauses.append(col(Submission.consultation_id) == f.consultation_id)
    return clauses


def _count(model: Any) -> Any:
    return (
        sa.select(sa.func.count())
        .select_from(model)
        .where(col(model.proposal_id) == col(Proposal.id))
        .scalar_subquery()
    )


def proposal_select(f: Filters) -> sa.Select[Any]:
    reply_sub = aliased(Submission)
    replies = (
        sa.select(sa.func.count())
        .select_from(Reply)
        .join(reply_sub, col(reply_sub.id) == col(Reply.submission_id))
        .where(col(Reply.proposal_id) == col(Proposal.id))
        .where(public_clause(reply_sub.visibility))
        .scalar_subquery()
    )
    query = (
        sa.select(
            col(Proposal.id).label("id"),
            *_common(f),
            col(Topic.name).label("topic"),
            col(Proposal.municipality).label("municipality"),
            col(Submission.published_title).label("title"),
            _count(Support).label("supports"),
            replies.label("replies"),
            _raw(Proposal.state, "answer_state"),
            col(Proposal.answer).label("answer"),
        )
        .join(Submission, col(Submission.id) == col(Proposal.submission_id))
        .join(Consultation, col(Consultation.id) == col(Proposal.consultation_id))
        .outerjoin(Topic, col(Topic.id) == col(Proposal.topic_id))
        .outerjoin(User, col(User.id) == col(Submission.author_id))
        .where(*_where(f))
    )
    if f.topic_id is not None:
        query = query.where(col(Proposal.topic_id) == f.topic_id)
    return query


def reply_select(f: Filters) -> sa.Select[Any]:
    query = (
        sa.select(
            col(Reply.id).label("id"),
            *_common(f),
            col(Reply.proposal_id).label("proposal_id"),
            col(Article.slug).label("article"),
            col(Reply.parent_id).label("parent_id"),
            col(Reply.depth).label("depth"),
            _raw(Reply.stance, "stance"),
        )
        .join(Submission, col(Submission.id) == col(Reply.submission_id))
        .outerjoin(Consultation, col(Consultation.id) == col(Submission.consultation_id))
        .outerjoin(Article, col(Article.id) == col(Reply.article_id))
        .outerjoin(User, col(User.id) == col(Submission.author_id))
        .where(*_where(f))
    )
    if f.topic_id is not None:
        topic_proposals = sa.select(col(Proposal.id)).where(col(Proposal.topic_id) == f.topic_id)
        query = query.where(col(Reply.proposal_id).in_(topic_proposals))
    return query


def support_select(f: Filters) -> sa.Select[Any]:
    """One row per proposal: its support count and the first and last support's instants.

    Who supported is personal data and never exported, not even with the personal-data choice."""

    def first_last(fn: Any) -> Any:
        return (
            sa.select(fn(col(Support.created_at)))
            .where(col(Support.proposal_id) == col(Proposal.id))
            .scalar_subquery()
        )

    query = (
        sa.select(
            col(Proposal.id).label("id"),
            col(Consultation.slug).label("consultation"),
            col(Topic.name).label("topic"),
            col(Submission.published_title).label("title"),
            _raw(Submission.visibility, "state"),
            _count(Support).label("supports"),
            sa.type_coerce(first_last(sa.func.min), sa.String).label("first_support_at"),
            sa.type_coerce(first_last(sa.func.max), sa.String).label("last_support_at"),
        )
        .join(Submission, col(Submission.id) == col(Proposal.submission_id))
        .join(Consultation, col(Consultation.id) == col(Proposal.consultation_id))
        .outerjoin(Topic, col(Topic.id) == col(Proposal.topic_id))
        .where(*_where(f))
    )
    if f.topic_id is not None:
        query = query.where(col(Proposal.topic_id) == f.topic_id)
    return query


def decision_select(f: Filters) -> sa.Select[Any]:
    """Every moderation decision on an item the same filters select (proposals and replies)."""
    md = ModerationDecision
    query = (
        sa.select(
            col(md.id).label("id"),
            col(md.submission_id).label("submission_id"),
            _raw(Submission.kind, "kind"),
            col(md.action).label("action"),
            _raw(md.visibility, "visibility"),
            col(md.rule_ids).label("rule_ids"),
            col(md.ground).label("ground"),
            _raw(md.source, "source"),
            col(md.automated_detection).label("automated_detection"),
            col(md.automated_decision).label("automated_decision"),
            col(md.decided_by_id).label("decided_by_id"),
            _raw(md.created_at, "created_at"),
            col(md.explanation).label("explanation"),
        )
        .join(Submission, col(Submission.id) == col(md.submission_id))
        .where(*_where(f))
    )
    if f.topic_id is not None:
        topic_proposals = sa.select(col(Proposal.id)).where(col(Proposal.topic_id) == f.topic_id)
        query = query.where(
            sa.or_(
                col(Submission.id).in_(
                    sa.select(col(Proposal.submission_id)).where(
                        col(Proposal.topic_id) == f.topic_id
                    )
                ),
                col(Submission.id).in_(
                    sa.select(col(Reply.submission_id)).where(
                        col(Reply.proposal_id).in_(topic_proposals)
                    )
                ),
            )
        )
    return query


_SELECTS: dict[str, Callable[[Filters], sa.Select[Any]]] = {
    "proposals": proposal_select,
    "replies": reply_select,
    "supports": support_select,
    "decisions": decision_select,
}
#: The key each entity's chunks are read by.
_KEYS: dict[str, Any] = {
    "proposals": col(Proposal.id),
    "replies": col(Reply.id),
    "supports": col(Proposal.id),
    "decisions": col(ModerationDecision.id),
}


def count_rows(session: Session, spec: ExportSpec, entity: str) -> int:
    query = _SELECTS[entity](spec.filters).subquery()
    return int(session.execute(sa.select(sa.func.count()).select_from(query)).scalar_one())


def iter_chunks(engine: Engine, spec: ExportSpec, entity: str) -> Iterator[list[Cells]]:
    """The export's rows as tuples of cells in column order, one list per ``CHUNK`` ids.

    Each chunk first finds its id range on the entity's primary key alone, then reads the rows
    of that range: the database walks the key instead of sorting every remaining row for each
    chunk (which made a million-row export quadratic). A chunk may be empty (all filtered)."""
    query = _SELECTS[entity](spec.filters)
    key = _KEYS[entity]
    make = row_maker(spec, entity)
    last = 0
    while True:
        with engine.connect() as conn:
            ids = sa.select(key).where(key > last).order_by(key).limit(CHUNK).subquery()
            upper = conn.execute(sa.select(sa.func.max(ids.c.id))).scalar()
            if upper is None:
                return
            rows = conn.execute(query.where(key > last, key <= upper).order_by(key)).all()
        yield list(map(make, rows))
        last = upper


def iter_rows(engine: Engine, spec: ExportSpec, entity: str) -> Iterator[dict[str, Any]]:
    """The export's rows as dicts in column order."""
    columns = spec.columns(entity)
    for chunk in iter_chunks(engine, spec, entity):
        for cells in chunk:
            yield dict(zip(columns, cells, strict=True))


@functools.cache
def _names(entity: str) -> tuple[str, ...]:
    """The labels of the entity's select, in order (the same whatever the filters)."""
    return tuple(c.name for c in _SELECTS[entity](Filters(status="all")).selected_columns)


def shape(spec: ExportSpec, entity: str, row: dict[str, Any]) -> dict[str, Any]:
    """One database row of the entity's select, by name, as the export's cells by name."""
    cells = row_maker(spec, entity)([row[name] for name in _names(entity)])
    return dict(zip(spec.columns(entity), cells, strict=True))


# --- Row makers ---------------------------------------------------------------------------------


# The two hot makers escape inline (``"'" + v if v and v[0] in starts``): a function call per
# cell was a third of their time. ``_utc`` is inlined for SQLite's text the same way.
