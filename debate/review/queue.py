"""What the review queue reads: the tabs, their order by severity, and the counts (its filters
are in ``debate.review.filters``, the severity terms in ``debate.review.signals``).

Severity is a sum of named terms so that a moderator can see why an item is where it is:
a legal rule first, then the most severe rule's priority, the classifier's highest score and
the reports from the public (from the escalation threshold on, reports weigh like a legal
rule: the item goes to the top, it is never hidden by reports alone). Age breaks ties, oldest
first.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import timedelta
from enum import StrEnum
from typing import Any

import sqlalchemy as sa
from sqlmodel import Session, col, func, select

from debate.core.models import (
    Appeal,
    CaseState,
    ModerationDecision,
    ModerationSignal,
    Notice,
    ReviewClaim,
    Revision,
    Submission,
    Visibility,
    public_clause,
    utcnow,
)
from debate.review import order as review_order
from debate.review.card import SuggestedSpan, suggested_spans
from debate.review.filters import Filters
from debate.review.signals import (
    Severity,
    flagged_how,
    latest_machine_decisions,
    latest_signals,
    severity,
)

PAGE_SIZE = 25


class Tab(StrEnum):
    HELD = "held"
    REPORTED = "reported"
    NOTICES = "notices"
    APPEALS = "appeals"
    DECIDED = "decided"


@dataclass(slots=True)
class Row:
    """One line of a tab: an item, with why it is there."""

    submission: Submission
    severity: Severity
    rule_ids: list[str]
    scores: dict[str, float]
    how: list[str]
    claimed_by: int | None = None
    #: What a bulk action must still find: the latest revision and decision ids.
    revision_id: int | None = None
    last_decision_id: int | None = None
    #: The start of the original text (held items have no published copy).
    preview: str = ""
    #: The parts the engine proposes to mask, for the card's "mask" button.
    suggested: list[SuggestedSpan] = field(default_factory=list)
    #: The whole text (title, body) of the latest revision, for the appeals tab.
    text: tuple[str, str] = ("", "")
    notice: Notice | None = None
    appeal: Appeal | None = None
    decision: ModerationDecision | None = None
    extra: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class Page:
    tab: Tab
    rows: list[Row]
    total: int
    page: int
    pages: int
    counts: dict[Tab, int]


def queue_page(
    session: Session,
    *,
    tab: Tab,
    filters: Filters,
    page: int = 1,
    report_threshold: int = 3,
) -> Page:
    """A tab's page: ordered by severity (then oldest first), counted and cut in SQL
    (``debate.review.order``); only the page's items are loaded."""
    counts = tab_counts(session)
    if tab is Tab.DECIDED:
        return _decided_page(session, filters, page, counts)
    ranked, count = _ranked(session, tab, filters, report_threshold)
    total = int(session.exec(count).one())
    pages = max(1, -(-total // PAGE_SIZE))
    page = min(max(page, 1), pages)
    ranked = ranked.subquery("ranked")
    found = session.exec(
        select(ranked.c.submission_id, ranked.c.case_id)
        .order_by(ranked.c.total.desc(), ranked.c.since, ranked.c.case_id, ranked.c.submission_id)
        .offset((page - 1) * PAGE_SIZE)
        .limit(PAGE_SIZE)
    ).all()
    ids = list(dict.fromkeys(submission_id for submission_id, _ in found))
    submissions = session.exec(select(Submission).where(col(Submission.id).in_(ids))).all()
    rows = {row.submission.id: row for row in _rows(session, submissions, report_threshold)}
    case_ids = [case_id for _, case_id in found]
    if tab is Tab.NOTICES:
        chunk = _notice_rows(session, rows, case_ids, report_threshold)
    elif tab is Tab.APPEALS:
        chunk = _appeal_rows(session, rows, case_ids)
    else:
        chunk = [rows[submission_id] for submission_id, _ in found]
    return Page(tab, chunk, total, page, pages, counts)


def _ranked(session: Session, tab: Tab, filters: Filters, threshold: int) -> tuple[Any, Any]:
    """The tab's entries (``submission_id``, ``case_id``, ``total``, ``since``) unordered, and
    the statement that counts them."""
    items = (
        _tab_query(tab, filters)
        .with_only_columns(
            col(Submission.id), col(Submission.created_at), col(Submission.report_count)
        )
        .subquery("items")
    )
    dialect = session.get_bind().dialect.name
    rules, top = review_order.item_terms(select(items.c.id), dialect)
    legal, priority = rules.c.legal, rules.c.priority
    joined: Any = items
    case_id: Any = sa.null()
    since: Any = items.c.created_at
    if tab in (Tab.NOTICES, Tab.APPEALS):
        case: Any = Notice if tab is Tab.NOTICES else Appeal
        joined = items.join(
            case, sa.and_(col(case.submission_id) == items.c.id, case.state == CaseState.OPEN)
        )
        case_id, since = col(case.id), col(case.created_at)
        if tab is Tab.NOTICES:
            legal, priority = review_order.with_category(legal, priority, col(Notice.category))
    count = select(func.count()).select_from(joined)
    total = review_order.total(legal, priority, top.c.score, items.c.report_count, threshold)
    ranked = select(
        items.c.id.label("submission_id"),
        case_id.label("case_id"),
        total.label("total"),
        since.label("since"),
    ).select_from(
        joined.outerjoin(rules, rules.c.sid == items.c.id).outerjoin(top, top.c.sid == items.c.id)
    )
    return ranked, count


def tab_counts(session: Session) -> dict[Tab, int]:
    def count(query: Any) -> int:
        return int(session.exec(query).one())

    return {
        Tab.HELD: count(
            select(func.count())
            .select_from(Submission)
            .where(Submission.visibility == Visibility.HELD)
        ),
        Tab.REPORTED: count(
            select(func.count(sa.distinct(col(Notice.submission_id))))
            .join(Submission, col(Submission.id) == Notice.submission_id)
            .where(Notice.state == CaseState.OPEN, public_clause())
        ),
        Tab.NOTICES: count(
            select(func.count()).select_from(Notice).where(Notice.state == CaseState.OPEN)
        ),
        Tab.APPEALS: count(
            select(func.count()).select_from(Appeal).where(Appeal.state == CaseState.OPEN)
        ),
        Tab.DECIDED: count(
            select(func.count())
            .select_from(ModerationDecision)
            .where(col(ModerationDecision.decided_by_id).is_not(None))
        ),
    }


def _tab_query(tab: Tab, filters: Filters) -> Any:
    query = select(Submission)
    if tab is Tab.HELD:
        query = query.where(Submission.visibility == Visibility.HELD)
    elif tab is Tab.REPORTED:
        open_notices = select(Notice.submission_id).where(Notice.state == CaseState.OPEN)
        query = query.where(col(Submission.id).in_(open_notices), public_clause())
    elif tab is Tab.NOTICES:
        open_notices = select(Notice.submission_id).where(Notice.state == CaseState.OPEN)
        query = query.where(col(Submission.id).in_(open_notices))
    else:
        open_appeals = select(Appeal.submission_id).where(Appeal.state == CaseState.OPEN)
        query = query.where(col(Submission.id).in_(open_appeals))
    return _filtered(query, filters)


def _filtered(query: Any, filters: Filters) -> Any:
    if filters.consultation_id is not None:
        query = query.where(Submission.consultation_id == filters.consultation_id)
    if filters.lang is not None:
        query = query.where(Submission.lang == filters.lang)
    if filters.author_id is not None:
        query = query.where(Submission.author_id == filters.author_id)
    if filters.older_than_hours is not None:
        cutoff = utcnow() - timedelta(hours=filters.older_than_hours)
        query = query.where(col(Submission.created_at) <= cutoff)
    signal = select(Revision.submission_id).join(
        ModerationSignal, col(ModerationSignal.revision_id) == Revision.id
    )
    if filters.rule is not None:
        query = query.where(
            col(Submission.id).in_(signal.where(ModerationSignal.rule_id == filters.rule))
        )
    if filters.label is not None:
        query = query.where(
            col(Submission.id).in_(signal.where(ModerationSignal.label == filters.label))
        )
    return query


def _rows(session: Session, submissions: Sequence[Submission], threshold: int) -> list[Row]:
    ids = [s.id for s in submissions if s.id is not None]
    decisions = latest_machine_decisions(session, ids)
    signals = latest_signals(session, ids)
    newest_revision = _newest(session, Revision, ids)
    revisions = {
        r.submission_id: r
        for r in session.exec(
            select(Revision).where(col(Revision.id).in_(list(newest_revision.values())))
        )
    }
    last = _newest(session, ModerationDecision, ids)
    claims = {
        c.submission_id: c.moderator_id
        for c in session.exec(
            select(ReviewClaim).where(
                col(ReviewClaim.submission_id).in_(ids), col(ReviewClaim.expires_at) > utcnow()
            )
        )
    }
    rows = []
    for submission in submissions:
        assert submission.id is not None
        decision = decisions.get(submission.id)
        found = signals.get(submission.id, [])
        rule_ids = list(decision.rule_ids) if decision else []
        rule_ids += [
            s.rule_id for s in found if s.detector != "classifier" and s.rule_id not in rule_ids
        ]
        scores = {s.label: s.score for s in found if s.label and s.score is not None}
        rows.append(
            Row(
                submission=submission,
                severity=severity(
                    rule_ids, scores, reports=submission.report_count, report_threshold=threshold
                ),
                rule_ids=rule_ids,
                scores=scores,
                how=flagged_how(decision, found, submission.report_count),
                claimed_by=claims.get(submission.id),
                revision_id=newest_revision.get(submission.id),
                preview=_preview(revisions.get(submission.id)),
                suggested=_suggested(found, revisions.get(submission.id)),
                text=_text(revisions.get(submission.id)),
                last_decision_id=last.get(submission.id),
                decision=decision,
            )
        )
    return rows


def _preview(revision: Revision | None, length: int = 140) -> str:
    if revision is None:
        return ""
    text = " ".join((revision.title or revision.body).split())
    return text if len(text) <= length else text[: length - 1] + "…"


def _suggested(found: list[ModerationSignal], revision: Revision | None) -> list[SuggestedSpan]:
    return suggested_spans(found, revision) if revision is not None else []


def _text(revision: Revision | None) -> tuple[str, str]:
    return (revision.title or "", revision.body) if revision is not None else ("", "")


def _newest(session: Session, table: Any, ids: Sequence[int]) -> dict[int, int]:
    """The highest id per submission in ``table`` (revisions or decisions)."""
    if not ids:
        return {}
    query = (
        select(table.submission_id, func.max(table.id))
        .where(col(table.submission_id).in_(ids))
        .group_by(table.submission_id)
    )
    return {submission_id: newest for submission_id, newest in session.exec(query)}


def _notice_rows(
    session: Session, rows: dict[int | None, Row], notice_ids: list[int], threshold: int
) -> list[Row]:
    """One row per notice, in the order given, with its item's severity and its own rule."""
    notices = {n.id: n for n in session.exec(select(Notice).where(col(Notice.id).in_(notice_ids)))}
    result = []
    for notice_id in notice_ids:
        notice = notices[notice_id]
        base = rows[notice.submission_id]
        rule = notice.category.partition(":")[2]
        sev = severity(
            [*base.rule_ids, rule],
            base.scores,
            reports=base.submission.report_count,
            report_threshold=threshold,
        )
        result.append(_copy(base, sev, notice=notice))
    return result


def _appeal_rows(session: Session, rows: dict[int | None, Row], appeal_ids: list[int]) -> list[Row]:
    """One row per appeal, in the order given, with the decision appealed against (and who
    made it)."""
    appeals = {a.id: a for a in session.exec(select(Appeal).where(col(Appeal.id).in_(appeal_ids)))}
    appealed = {
        d.id: d
        for d in session.exec(
            select(ModerationDecision).where(
                col(ModerationDecision.id).in_([a.decision_id for a in appeals.values()])
            )
        )
    }
    result = []
    for appeal_id in appeal_ids:
        appeal = appeals[appeal_id]
        base = rows[appeal.submission_id]
        row = _copy(base, base.severity, appeal=appeal)
        row.extra["original"] = appealed[appeal.decision_id]
        row.extra["original_by"] = appealed[appeal.decision_id].decided_by_id
        result.append(row)
    return result


def _copy(base: Row, sev: Severity, **case: Any) -> Row:
    return Row(
        submission=base.submission,
        severity=sev,
        rule_ids=base.rule_ids,
        scores=base.scores,
        how=base.how,
        claimed_by=base.claimed_by,
        revision_id=base.revision_id,
        last_decision_id=base.last_decision_id,
        preview=base.preview,
        suggested=base.suggested,
        text=base.text,
        decision=base.decision,
        **case,
    )


def _decided_page(session: Session, filters: Filters, page: int, counts: dict[Tab, int]) -> Page:
    query = (
        select(ModerationDecision, Submission)
        .join(Submission, col(Submission.id) == ModerationDecision.submission_id)
        .where(col(ModerationDecision.decided_by_id).is_not(None))
    )
    query = _filtered(query, filters)
    total = int(session.exec(select(func.count()).select_from(query.subquery())).one())
    pages = max(1, -(-total // PAGE_SIZE))
    page = min(max(page, 1), pages)
    found = session.exec(
        query.order_by(col(ModerationDecision.id).desc())
        .offset((page - 1) * PAGE_SIZE)
        .limit(PAGE_SIZE)
    ).all()
    rows = [
        Row(
            submission=submission,
            severity=Severity(0, ()),
            rule_ids=list(decision.rule_ids),
            scores={},
            how=[],
            decision=decision,
        )
        for decision, submission in found
    ]
    return Page(Tab.DECIDED, rows, total, page, pages, counts)
