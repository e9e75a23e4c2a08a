"""The review queue's order in SQL: ``review_queries.severity`` as one expression per item, so
that the database sorts a tab, counts it and cuts out its page, and only the page's items are
loaded (a tab used to be loaded whole, scored in Python and sliced).

The terms are those of ``severity``: a legal rule (1000), the most severe rule's priority
(1000 - priority), the classifier's highest score (100 x score, rounded half to even as Python
rounds), the reports (50 each up to ten, 1000 more from the escalation threshold on). The
rules are those of the latest machine decision and the non-classifier signals of the latest
revision; the catalogue (priority, ground) goes into the statement as ``CASE`` expressions.
``severity`` still explains an item term by term on the page; tests/test_review_order.py
checks that both give the same numbers.
"""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa
from sqlmodel import col, func, select

from debate.core.models import ModerationDecision, ModerationSignal, Revision
from moderation import RULES

#: A decision's rule ids are a JSON array; each database spells "its elements as rows" its own way.
_JSON_ELEMENTS = {"sqlite": "json_each", "postgresql": "json_array_elements_text"}


def _legal(rule_id: Any) -> Any:
    legal = [r.id for r in RULES.values() if r.ground.value == "legal" and r.id.startswith("LAW-")]
    return sa.case((rule_id.in_(legal), 1), else_=0)


def _priority(rule_id: Any) -> Any:
    """The rule's priority; NULL for an id the catalogue does not know (``severity`` skips it)."""
    return sa.case({rule.id: rule.priority for rule in RULES.values()}, value=rule_id)


def item_terms(ids: Any, dialect: str) -> tuple[Any, Any]:
    """For the submissions ``ids`` selects: ``rules`` (``sid``, ``legal`` 0/1, ``priority``:
    the smallest, NULL without a known rule) and ``top`` (``sid``, the highest classifier
    score of the latest revision), each a subquery with a row only where there is something."""
    revision = (
        select(col(Revision.submission_id).label("sid"), func.max(Revision.id).label("rev"))
        .where(col(Revision.submission_id).in_(ids))
        .group_by(col(Revision.submission_id))
        .cte("latest_revision")
    )
    decision = (
        select(
            col(ModerationDecision.submission_id).label("sid"),
            func.max(ModerationDecision.id).label("dec"),
        )
        .where(col(ModerationDecision.submission_id).in_(ids))
        .where(col(ModerationDecision.decided_by_id).is_(None))
        .group_by(col(ModerationDecision.submission_id))
        .subquery("latest_decision")
    )
    from_signals: Any = (
        select(revision.c.sid, col(ModerationSignal.rule_id).label("rule_id"))
        .join(ModerationSignal, col(ModerationSignal.revision_id) == revision.c.rev)
        .where(ModerationSignal.detector != "classifier")
    )
    elements = getattr(func, _JSON_ELEMENTS[dialect])(ModerationDecision.rule_ids).table_valued(
        "value"
    )
    from_decision = select(decision.c.sid, elements.c.value.label("rule_id")).select_from(
        decision.join(ModerationDecision, col(ModerationDecision.id) == decision.c.dec).join(
            elements, sa.true()
        )
    )
    found = sa.union_all(from_signals, from_decision).subquery("found")
    rules = (
        select(
            found.c.sid,
            func.max(_legal(found.c.rule_id)).label("legal"),
            func.min(_priority(found.c.rule_id)).label("priority"),
        )
        .group_by(found.c.sid)
        .subquery("rules")
    )
    top = (
        select(revision.c.sid, func.max(ModerationSignal.score).label("score"))
        .join(ModerationSignal, col(ModerationSignal.revision_id) == revision.c.rev)
        .where(col(ModerationSignal.label).is_not(None), ModerationSignal.label != "")
        .where(col(ModerationSignal.score).is_not(None))
        .group_by(revision.c.sid)
        .subquery("top")
    )
    return rules, top


def with_category(legal: Any, priority: Any, category: Any) -> tuple[Any, Any]:
    """``legal`` and ``priority`` with a notice's rule (``category`` is ``illegal:<rule>`` or
    ``rules:<rule>``) added, as ``severity`` adds it."""
    is_legal = [r for r in RULES.values() if r.ground.value == "legal" and r.id.startswith("LAW-")]
    names = {r.id: category.endswith(f":{r.id}", autoescape=True) for r in RULES.values()}
    extra_legal = sa.case(*[(names[r.id], 1) for r in is_legal], else_=0)
    extra = sa.case(*[(names[r.id], r.priority) for r in RULES.values()], else_=sa.null())
    return (
        sa.case((sa.or_(legal == 1, extra_legal == 1), 1), else_=0),
        sa.case(
            (extra.is_(None), priority),
            (priority.is_(None), extra),
            (extra < priority, extra),
            else_=priority,
        ),
    )


def _floor(value: Any) -> Any:
    """floor() of a non-negative number on both databases (SQLite may lack floor(); a CAST
    truncates there and rounds on PostgreSQL)."""
    whole = sa.cast(value, sa.Integer)
    return sa.case((whole > value, whole - 1), else_=whole)


def _round_half_even(value: Any) -> Any:
    nearest = _floor(value + 0.5)
    tie = sa.and_(nearest - value == 0.5, nearest % 2 == 1)
    return sa.case((tie, nearest - 1), else_=nearest)


def total(legal: Any, priority: Any, score: Any, reports: Any, threshold: int) -> Any:
    """The severity's total, from the columns ``item_terms`` gives and the report count."""
    return (
        sa.case((legal == 1, 1000), else_=0)
        + sa.case((priority.is_(None), 0), else_=1000 - priority)
        + sa.case((score.is_(None), 0), else_=_round_half_even(score * 100))
        + sa.case(
            (
                reports > 0,
                sa.case((reports > 10, 10), else_=reports) * 50
                + sa.case((reports >= threshold, 1000), else_=0),
            ),
            else_=0,
        )
    )
