"""What citizens and staff read about consultations: the home page, a consultation's page with
its proposal cards, topics and articles."""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum
from typing import Any

import sqlalchemy as sa
from sqlmodel import Session, col, func, select

from debate.core.models import (
    Article,
    Consultation,
    Proposal,
    Reply,
    Submission,
    Support,
    Topic,
    public_clause,
    utcnow,
)


class Sort(StrEnum):
    NEWEST = "newest"
    SUPPORTED = "supported"
    DISCUSSED = "discussed"


def open_consultations(session: Session, *, now: datetime) -> list[Consultation]:
    query = (
        select(Consultation)
        .where(Consultation.opens_at <= now)
        .where(sa.or_(col(Consultation.closes_at).is_(None), col(Consultation.closes_at) > now))
        .order_by(col(Consultation.opens_at).desc())
    )
    return list(session.exec(query))


@dataclass(frozen=True, slots=True)
class HomePage:
    """The home page: open consultations, closed ones, and the five newest articles."""

    consultations: list[Consultation]
    closed: list[Consultation]
    articles: list[Article]


def home(session: Session) -> HomePage:
    now = utcnow()
    articles = session.exec(
        select(Article).where(col(Article.is_published)).order_by(col(Article.created_at).desc())
    ).all()
    closed = session.exec(
        select(Consultation)
        .where(col(Consultation.closes_at).is_not(None), col(Consultation.closes_at) <= now)
        .order_by(col(Consultation.closes_at).desc())
    ).all()
    return HomePage(
        consultations=open_consultations(session, now=now),
        closed=list(closed),
        articles=list(articles[:5]),
    )


def consultation_by_slug(session: Session, *, slug: str) -> Consultation | None:
    return session.exec(select(Consultation).where(Consultation.slug == slug)).first()


def topics(session: Session, *, consultation_id: int) -> list[Topic]:
    query = select(Topic).where(Topic.consultation_id == consultation_id).order_by(Topic.name)
    return list(session.exec(query))


@dataclass(frozen=True, slots=True)
class ProposalCard:
    id: int
    title: str
    body: str
    topic: str | None
    municipality: str | None
    author_name: str
    created_at: datetime
    supports: int
    replies: int


@dataclass(slots=True)
class ConsultationPage:
    consultation: Consultation
    topics: list[tuple[Topic, int]]
    proposals: list[ProposalCard]
    total: int
    page: int
    pages: int
    sort: Sort
    topic_id: int | None
    is_open: bool


def _support_counts(consultation_id: int | None = None) -> Any:
    """Supports per proposal; of one consultation's proposals only, when given (the
    consultation page must not count every proposal on the site)."""
    query = select(Support.proposal_id, func.count().label("n"))
    if consultation_id is not None:
        query = query.where(col(Support.proposal_id).in_(_proposal_ids(consultation_id)))
    return query.group_by(col(Support.proposal_id)).subquery()


def _reply_counts(consultation_id: int | None = None) -> Any:
    query = (
        select(Reply.proposal_id, func.count().label("n"))
        .join(Submission, col(Reply.submission_id) == col(Submission.id))
        .where(public_clause(), col(Reply.proposal_id).is_not(None))
    )
    if consultation_id is not None:
        query = query.where(col(Reply.proposal_id).in_(_proposal_ids(consultation_id)))
    return query.group_by(col(Reply.proposal_id)).subquery()


def _proposal_ids(consultation_id: int) -> Any:
    return select(Proposal.id).where(col(Proposal.consultation_id) == consultation_id)


def consultation_page(
    session: Session, *, slug: str, sort: Sort, topic_id: int | None, page: int, page_size: int
) -> ConsultationPage | None:
    consultation = consultation_by_slug(session, slug=slug)
    if consultation is None:
        return None
    supports = _support_counts(consultation.id)
    replies = _reply_counts(consultation.id)
    n_supports = func.coalesce(supports.c.n, 0)
    n_replies = func.coalesce(replies.c.n, 0)
    base = (
        sa.select(Proposal, Submission, col(Topic.name), n_supports, n_replies)
        .join(Submission, col(Proposal.submission_id) == col(Submission.id))
        .outerjoin(Topic, col(Proposal.topic_id) == col(Topic.id))
        .outerjoin(supports, supports.c.proposal_id == col(Proposal.id))
        .outerjoin(replies, replies.c.proposal_id == col(Proposal.id))
        .where(col(Proposal.consultation_id) == consultation.id, public_clause())
    )
    if topic_id is not None:
        base = base.where(col(Proposal.topic_id) == topic_id)
    newest = col(Submission.created_at).desc()
    order = {
        Sort.NEWEST: [newest],
        Sort.SUPPORTED: [n_supports.desc(), newest],
        Sort.DISCUSSED: [n_replies.desc(), newest],
    }[sort]
    total = session.exec(select(func.count()).select_from(base.subquery())).one()
    pages = max(1, math.ceil(total / page_size))
    page = min(page, pages)
    rows = session.execute(base.order_by(*order).limit(page_size).offset((page - 1) * page_size))
    cards = [_card(p, s, t, n_s, n_r) for p, s, t, n_s, n_r in rows]
    assert consultation.id is not None
    return ConsultationPage(
        consultation=consultation,
        topics=_topic_counts(session, consultation.id),
        proposals=cards,
        total=total,
        page=page,
        pages=pages,
        sort=sort,
        topic_id=topic_id,
        is_open=consultation.is_open(utcnow()),
    )


def _card(p: Proposal, s: Submission, topic: str | None, n_s: int, n_r: int) -> ProposalCard:
    assert p.id is not None
    return ProposalCard(
        id=p.id,
        title=s.published_title or "",
        body=s.published_body or "",
        topic=topic,
        municipality=p.municipality,
        author_name=s.author_name,
        created_at=s.created_at,
        supports=n_s,
        replies=n_r,
    )


def _topic_counts(session: Session, consultation_id: int) -> list[tuple[Topic, int]]:
    counts = (
        select(Proposal.topic_id, func.count().label("n"))
        .join(Submission, col(Proposal.submission_id) == col(Submission.id))
        .where(public_clause(), Proposal.consultation_id == consultation_id)
        .group_by(col(Proposal.topic_id))
        .subquery()
    )
    query = (
        select(Topic, func.coalesce(counts.c.n, 0))
        .outerjoin(counts, counts.c.topic_id == col(Topic.id))
        .where(Topic.consultation_id == consultation_id)
        .order_by(Topic.name)
    )
    return [(t, n) for t, n in session.exec(query)]


def slug_taken(
    session: Session, *, model: type[Consultation] | type[Article], slug: str, except_id: int | None
) -> bool:
    query = sa.select(model.id).where(model.slug == slug)  # type: ignore[call-overload]
    found: int | None = session.execute(query).scalar()
    return found is not None and found != except_id


def article_by_id(session: Session, *, article_id: int) -> Article | None:
    return session.get(Article, article_id)


def consultation_by_id(session: Session, *, consultation_id: int) -> Consultation | None:
    return session.get(Consultation, consultation_id)


def consultation_and_topics(
    session: Session, *, slug: str
) -> tuple[Consultation, list[Topic]] | None:
    consultation = consultation_by_slug(session, slug=slug)
    if consultation is None or consultation.id is None:
        return None
    return consultation, topics(session, consultation_id=consultation.id)


def all_consultations(session: Session) -> list[Consultation]:
    return list(session.exec(select(Consultation).order_by(Consultation.title)))


def topic_by_id(session: Session, *, topic_id: int) -> Topic | None:
    return session.get(Topic, topic_id)
