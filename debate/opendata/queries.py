"""Published content as plain JSON-ready dicts, for the API, the feeds and the bulk files.

Only what the public pages show, and of it no citizen's name (a name shown beside a post is
not given away for reuse in bulk, nor kept in copies after the author erases it; articles keep
their writer's byline): consultations that have opened, their topics, proposals and
replies in a public state (their published, possibly masked, copy, never a revision),
replies only in the thread of a public proposal or a published article, published articles.
Lists are paged by key (``after`` an id, ``limit`` rows): a page never shifts when new
content arrives.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime
from typing import Any

import sqlalchemy as sa
from sqlmodel import Session

from debate.core.models import (
    PUBLIC_STATES,
    Article,
    Consultation,
    Proposal,
    Reply,
    Submission,
    Support,
    Topic,
    Visibility,
    table_of,
    utcnow,
)

_consultations, _topics = table_of(Consultation), table_of(Topic)
_proposals, _submissions = table_of(Proposal), table_of(Submission)
_replies, _articles, _supports = table_of(Reply), table_of(Article), table_of(Support)
_PUBLIC = [s.value for s in PUBLIC_STATES]

Row = dict[str, Any]


@dataclass(frozen=True, slots=True)
class Page:
    items: list[Row]
    #: The ``after`` of the next page; ``None`` on the last.
    next_after: int | None


def _time(value: datetime | None) -> str | None:
    return None if value is None else value.isoformat().replace("+00:00", "Z")


def _opened() -> Any:
    return _consultations.c.opens_at <= utcnow()


def _consultation(row: Any, topics: list[Row]) -> Row:
    return {
        "slug": row.slug,
        "title": row.title,
        "description": row.description,
        "opens_at": _time(row.opens_at),
        "closes_at": _time(row.closes_at),
        "municipalities": list(row.municipalities or []),
        "topics": topics,
    }


def consultations(session: Session) -> list[Row]:
    rows = session.execute(
        sa.select(_consultations).where(_opened()).order_by(_consultations.c.id)
    ).all()
    topics = _topics_by_consultation(session, [r.id for r in rows])
    return [_consultation(r, topics.get(r.id, [])) for r in rows]


def consultation(session: Session, *, slug: str) -> Row | None:
    row = session.execute(
        sa.select(_consultations).where(_consultations.c.slug == slug, _opened())
    ).first()
    if row is None:
        return None
    return _consultation(row, _topics_by_consultation(session, [row.id]).get(row.id, []))


def consultation_id(session: Session, *, slug: str) -> int | None:
    found: int | None = session.execute(
        sa.select(_consultations.c.id).where(_consultations.c.slug == slug, _opened())
    ).scalar()
    return found


def _topics_by_consultation(session: Session, ids: list[int]) -> dict[int, list[Row]]:
    found: dict[int, list[Row]] = {}
    rows = session.execute(
        sa.select(_topics.c.id, _topics.c.consultation_id, _topics.c.name)
        .where(_topics.c.consultation_id.in_(ids))
        .order_by(_topics.c.name)
    )
    for topic_id, owner, name in rows:
        found.setdefault(owner, []).append({"id": topic_id, "name": name})
    return found


def _proposal_statement() -> Any:
    supports = (
        sa.select(sa.func.count())
        .where(_supports.c.proposal_id == _proposals.c.id)
        .scalar_subquery()
    )
    replies = (
        sa.select(sa.func.count())
        .select_from(_replies.join(_submissions, _submissions.c.id == _replies.c.submission_id))
        .where(_replies.c.proposal_id == _proposals.c.id, _submissions.c.visibility.in_(_PUBLIC))
        .scalar_subquery()
    )
    return (
        sa.select(
            _proposals.c.id,
            _consultations.c.slug.label("consultation"),
            _proposals.c.topic_id,
            _topics.c.name.label("topic"),
            _proposals.c.municipality,
            _submissions.c.published_title,
            _submissions.c.published_body,
            _submissions.c.visibility,
            _submissions.c.created_at,
            supports.label("supports"),
            replies.label("replies"),
        )
        .select_from(_proposals)
        .join(_submissions, _submissions.c.id == _proposals.c.submission_id)
        .join(_consultations, _consultations.c.id == _proposals.c.consultation_id)
        .outerjoin(_topics, _topics.c.id == _proposals.c.topic_id)
        .where(_submissions.c.visibility.in_(_PUBLIC), _opened())
    )


def _proposal(row: Any) -> Row:
    return {
        "id": row.id,
        "consultation": row.consultation,
        "topic_id": row.topic_id,
        "topic": row.topic,
        "municipality": row.municipality,
        "title": row.published_title or "",
        "body": row.published_body or "",
        "masked": row.visibility == Visibility.PUBLISHED_REDACTED,
        "created_at": _time(row.created_at),
        "supports": row.supports,
        "replies": row.replies,
    }


def proposals(
    session: Session,
    *,
    after: int,
    limit: int,
    consultation_id: int | None = None,
    topic_id: int | None = None,
) -> Page:
    query = _proposal_statement().where(_proposals.c.id > after)
    if consultation_id is not None:
        query = query.where(_proposals.c.consultation_id == consultation_id)
    if topic_id is not None:
        query = query.where(_proposals.c.topic_id == topic_id)
    rows = session.execute(query.order_by(_proposals.c.id).limit(limit + 1)).all()
    return _page([_proposal(r) for r in rows], limit)


def proposal(session: Session, *, proposal_id: int) -> Row | None:
    row = session.execute(_proposal_statement().where(_proposals.c.id == proposal_id)).first()
    return None if row is None else _proposal(row)


def _page(items: list[Row], limit: int) -> Page:
    if len(items) > limit:
        return Page(items[:limit], items[limit - 1]["id"])
    return Page(items, None)


def replies(
    session: Session,
    *,
    after: int,
    limit: int,
    proposal_id: int | None = None,
    article_id: int | None = None,
) -> Page:
    """The public replies of one thread (the caller has checked that the thread is public)."""
    where = (
        _replies.c.proposal_id == proposal_id
        if proposal_id is not None
        else _replies.c.article_id == article_id
    )
    rows = session.execute(
        sa.select(
            _replies.c.id,
            _replies.c.parent_id,
            _replies.c.depth,
            _replies.c.stance,
            _submissions.c.published_body,
            _submissions.c.visibility,
            _submissions.c.created_at,
        )
        .join(_submissions, _submissions.c.id == _replies.c.submission_id)
        .where(where, _submissions.c.visibility.in_(_PUBLIC), _replies.c.id > after)
        .order_by(_replies.c.id)
        .limit(limit + 1)
    ).all()
    return _page([_reply(r) for r in rows], limit)


def _reply(row: Any) -> Row:
    return {
        "id": row.id,
        "parent_id": row.parent_id,
        "depth": row.depth,
        "stance": None if row.stance is None else str(row.stance),
        "body": row.published_body or "",
        "masked": row.visibility == Visibility.PUBLISHED_REDACTED,
        "created_at": _time(row.created_at),
    }


def _article(row: Any) -> Row:
    return {
        "id": row.id,
        "slug": row.slug,
        "consultation": row.consultation,
        "title": row.title,
        "lead": row.lead,
        "body": row.body,
        "author_name": row.author_name,
        "created_at": _time(row.created_at),
        "updated_at": _time(row.updated_at),
    }


def _article_statement() -> Any:
    return (
        sa.select(_articles, _consultations.c.slug.label("consultation"))
        .outerjoin(_consultations, _consultations.c.id == _articles.c.consultation_id)
        .where(_articles.c.is_published.is_(True))
    )


def articles(session: Session, *, after: int, limit: int) -> Page:
    query = _article_statement().where(_articles.c.id > after)
    rows = session.execute(query.order_by(_articles.c.id).limit(limit + 1)).all()
    return _page([_article(r) for r in rows], limit)


def article(session: Session, *, slug: str) -> Row | None:
    row = session.execute(_article_statement().where(_articles.c.slug == slug)).first()
    return None if row is None else _article(row)


#: Rows read at a time for a bulk file.
BATCH = 500


def every(session: Session, kind: str) -> Iterator[Row]:
    """Every published row of ``kind`` (``proposals``, ``replies`` or ``articles``), in
    batches, for the bulk files."""
    after = 0
    while True:
        if kind == "proposals":
            page = proposals(session, after=after, limit=BATCH)
        elif kind == "articles":
            page = articles(session, after=after, limit=BATCH)
        else:
            page = _all_replies(session, after=after, limit=BATCH)
        yield from page.items
        if page.next_after is None:
            return
        after = page.next_after


def _all_replies(session: Session, *, after: int, limit: int) -> Page:
    """Public replies in public threads, with their thread (for the bulk file)."""
    parent = _submissions.alias("parent_submission")
    proposal = _proposals.alias("parent")
    article = _articles.alias("thread_article")
    rows = session.execute(
        sa.select(
            _replies.c.id,
            _replies.c.parent_id,
            _replies.c.depth,
            _replies.c.stance,
            _replies.c.proposal_id,
            article.c.slug.label("article"),
            _submissions.c.published_body,
            _submissions.c.visibility,
            _submissions.c.created_at,
        )
        .join(_submissions, _submissions.c.id == _replies.c.submission_id)
        .outerjoin(proposal, proposal.c.id == _replies.c.proposal_id)
        .outerjoin(parent, parent.c.id == proposal.c.submission_id)
        .outerjoin(article, article.c.id == _replies.c.article_id)
        .outerjoin(_consultations, _consultations.c.id == proposal.c.consultation_id)
        .where(
            _submissions.c.visibility.in_(_PUBLIC),
            _replies.c.id > after,
            sa.or_(
                sa.and_(parent.c.visibility.in_(_PUBLIC), _opened()),
                article.c.is_published.is_(True),
            ),
        )
        .order_by(_replies.c.id)
        .limit(limit + 1)
    ).all()
    items = [{"proposal_id": r.proposal_id, "article": r.article, **_reply(r)} for r in rows]
    return _page(items, limit)


#: Entries in a feed.
FEED_SIZE = 50


def latest_proposals(session: Session, *, consultation_id: int) -> list[Row]:
    """A consultation's newest published proposals, newest first (its feed)."""
    query = _proposal_statement().where(_proposals.c.consultation_id == consultation_id)
    rows = session.execute(query.order_by(_proposals.c.id.desc()).limit(FEED_SIZE)).all()
    return [_proposal(r) for r in rows]


def thread_feed(session: Session, *, proposal_id: int) -> tuple[Row, list[Row]] | None:
    """A published proposal and its newest published replies, newest first (its feed)."""
    found = proposal(session, proposal_id=proposal_id)
    if found is None:
        return None
    rows = session.execute(
        sa.select(
            _replies.c.id,
            _replies.c.parent_id,
            _replies.c.depth,
            _replies.c.stance,
            _submissions.c.published_body,
            _submissions.c.visibility,
            _submissions.c.created_at,
        )
        .join(_submissions, _submissions.c.id == _replies.c.submission_id)
        .where(_replies.c.proposal_id == proposal_id, _submissions.c.visibility.in_(_PUBLIC))
        .order_by(_replies.c.id.desc())
        .limit(FEED_SIZE)
    ).all()
    return found, [_reply(r) for r in rows]
