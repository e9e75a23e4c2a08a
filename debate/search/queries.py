"""Search over published proposals, replies and articles, ranked, highlighted and paged.

Only what the public may see is indexed (migration 0010): on PostgreSQL partial GIN indexes on
``to_tsvector('swedish', …)`` of the published copy, over rows in a public state only; on
SQLite FTS5 tables that triggers keep in step with every change of state or published copy.
The published copy is the masked text, so a masked word is never found. The statements below
check the public states again, and that a reply's proposal is public and its article
published, and that the consultation has opened.

Highlights come back as segments ``(text, is_hit)``, split at markers made new for every
search (``Marks``): the page escapes every segment, so a text can neither inject markup nor
pass for a highlight.
"""

from __future__ import annotations

import math
import re
import secrets
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from enum import StrEnum
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
    Topic,
    table_of,
    utcnow,
)

#: What the schema test leaves out: the search tables and indexes are not models.
SEARCH_OBJECTS = frozenset(
    {"search_submission", "search_article", "ix_submission_search", "ix_article_search"}
)
#: The longest query read (characters).
MAX_QUERY = 200
_WORDS = re.compile(r"\w+", re.UNICODE)
_PG_SUBMISSION = (
    "to_tsvector('swedish'::regconfig, coalesce(submission.published_title, '') || ' ' || "
    "coalesce(submission.published_body, ''))"
)
_PG_ARTICLE = (
    "to_tsvector('swedish'::regconfig, article.title || ' ' || article.lead || ' ' || article.body)"
)
_HEADLINE = "StartSel={start}, StopSel={stop}, MaxWords=35, MinWords=15, MaxFragments=2"
_TITLE_HEADLINE = "StartSel={start}, StopSel={stop}, HighlightAll=true"


class Kind(StrEnum):
    PROPOSAL = "proposal"
    REPLY = "reply"
    ARTICLE = "article"


Segments = tuple[tuple[str, bool], ...]


@dataclass(frozen=True, slots=True)
class Filters:
    consultation_id: int | None = None
    topic_id: int | None = None
    municipality: str | None = None
    since: date | None = None
    until: date | None = None
    kind: Kind | None = None


@dataclass(frozen=True, slots=True)
class Hit:
    kind: Kind
    #: The proposal's id, the reply's proposal id, or ``None`` for an article.
    proposal_id: int | None
    #: The article's slug (an article, or a reply in an article's thread).
    article_slug: str | None
    reply_id: int | None
    title: Segments
    snippet: Segments
    created_at: datetime
    consultation_title: str | None


@dataclass(frozen=True, slots=True)
class Results:
    hits: list[Hit]
    total: int
    page: int
    pages: int


@dataclass(frozen=True, slots=True)
class Marks:
    """Where a hit starts and ends in a highlighted text: new random strings for every
    search, so that no text can pass for a highlight."""

    start: str
    stop: str

    @classmethod
    def new(cls) -> Marks:
        nonce = secrets.token_hex(8)
        return cls(f"{{{nonce}", f"{nonce}}}")


def segments(text: str, marks: Marks) -> Segments:
    """``text`` with its hit markers as ``(text, is_hit)`` pairs."""
    hit = re.compile(f"{re.escape(marks.start)}(.*?){re.escape(marks.stop)}", re.DOTALL)
    parts = hit.split(text or "")
    return tuple((part, i % 2 == 1) for i, part in enumerate(parts) if part)


def fts5_query(text: str) -> str:
    """The visitor's words as an FTS5 query: each word quoted (so no FTS5 syntax gets
    through) and matched as a prefix (``cykel`` finds ``cykelväg``); all words must occur."""
    return " ".join(f'"{word}"*' for word in _WORDS.findall(text.lower()))


def search(session: Session, *, text: str, filters: Filters, page: int, page_size: int) -> Results:
    postgres = session.get_bind().dialect.name == "postgresql"
    if not postgres and not fts5_query(text):
        return Results([], 0, 1, 1)
    marks = Marks.new()
    branches = [
        branch(postgres, text, filters, marks)
        for kind, branch in _BRANCHES.items()
        if filters.kind in (None, kind) and (kind != Kind.ARTICLE or _articles_apply(filters))
    ]
    found = sa.union_all(*branches).subquery()
    total = session.execute(sa.select(sa.func.count()).select_from(found)).scalar_one()
    pages = max(1, math.ceil(total / page_size))
    page = min(page, pages)
    rows = session.execute(
        sa.select(found)
        .order_by(found.c.score.desc(), found.c.created_at.desc())
        .limit(page_size)
        .offset((page - 1) * page_size)
    )
    hits = [_hit(row, marks) for row in rows]
    return Results(hits, total, page, pages)


def _articles_apply(filters: Filters) -> bool:
    """Articles have no topic or municipality: such a filter leaves them out."""
    return filters.topic_id is None and filters.municipality is None


def _hit(row: Any, marks: Marks) -> Hit:
    return Hit(
        kind=Kind(row.kind),
        proposal_id=row.proposal_id,
        article_slug=row.article_slug,
        reply_id=row.reply_id,
        title=segments(row.title or "", marks),
        snippet=segments(row.snippet or "", marks),
        created_at=row.created_at,
        consultation_title=row.consultation_title,
    )


_submissions, _proposals, _replies = table_of(Submission), table_of(Proposal), table_of(Reply)
_articles, _consultations = table_of(Article), table_of(Consultation)
_topics = table_of(Topic)
_PUBLIC = [s.value for s in PUBLIC_STATES]


def _match_submission(postgres: bool, text: str, marks: Marks) -> tuple[Any, Any, Any, Any, Any]:
    """The match condition, score, title and snippet over ``submission``, and the FTS table
    to join (``None`` on PostgreSQL)."""
    if postgres:
        query = sa.func.websearch_to_tsquery(sa.literal_column("'swedish'::regconfig"), text)
        vector: Any = sa.literal_column(_PG_SUBMISSION)
        config: Any = sa.literal_column("'swedish'::regconfig")
        title = sa.func.ts_headline(
            config,
            sa.func.coalesce(_submissions.c.published_title, ""),
            query,
            _TITLE_HEADLINE.format(start=marks.start, stop=marks.stop),
        )
        body = sa.func.ts_headline(
            config,
            sa.func.coalesce(_submissions.c.published_body, ""),
            query,
            _HEADLINE.format(start=marks.start, stop=marks.stop),
        )
        return vector.op("@@")(query), sa.func.ts_rank_cd(vector, query), title, body, None
    fts = sa.table("search_submission", sa.column("rowid"))
    name: Any = sa.literal_column("search_submission")
    title = sa.func.highlight(name, 0, marks.start, marks.stop)
    body = sa.func.snippet(name, 1, marks.start, marks.stop, "…", 30)
    score = -sa.func.bm25(name, 3.0, 1.0)
    return name.op("MATCH")(fts5_query(text)), score, title, body, fts


def _common(query: Any, filters: Filters, created: Any, consultation_id: Any) -> Any:
    now = utcnow()
    query = query.where(_consultations.c.opens_at <= now)
    if filters.consultation_id is not None:
        query = query.where(consultation_id == filters.consultation_id)
    if filters.since is not None:
        query = query.where(created >= _start_of(filters.since))
    if filters.until is not None:
        query = query.where(created < _start_of(filters.until + timedelta(days=1)))
    return query


def _start_of(day: date) -> datetime:
    return datetime.combine(day, time(0), tzinfo=utcnow().tzinfo)


def _proposal_filters(query: Any, filters: Filters, proposals: Any) -> Any:
    if filters.topic_id is not None:
        query = query.where(proposals.c.topic_id == filters.topic_id)
    if filters.municipality is not None:
        query = query.where(proposals.c.municipality == filters.municipality)
    return query


def _proposal_branch(postgres: bool, text: str, filters: Filters, marks: Marks) -> Any:
    match, score, title, body, fts = _match_submission(postgres, text, marks)
    query = sa.select(
        sa.literal_column("'proposal'").label("kind"),
        _proposals.c.id.label("proposal_id"),
        sa.cast(sa.null(), sa.String).label("article_slug"),
        sa.cast(sa.null(), sa.Integer).label("reply_id"),
        title.label("title"),
        body.label("snippet"),
        score.label("score"),
        _submissions.c.created_at.label("created_at"),
        _consultations.c.title.label("consultation_title"),
    )
    query = _from_fts(query, fts).join(_proposals, _proposals.c.submission_id == _submissions.c.id)
    query = query.join(_consultations, _consultations.c.id == _proposals.c.consultation_id)
    query = query.where(match, _submissions.c.visibility.in_(_PUBLIC))
    query = _proposal_filters(query, filters, _proposals)
    return _common(query, filters, _submissions.c.created_at, _proposals.c.consultation_id)


def _from_fts(query: Any, fts: Any) -> Any:
    if fts is None:
        return query.select_from(_submissions)
    return query.select_from(fts).join(_submissions, _submissions.c.id == fts.c.rowid)


def _reply_branch(postgres: bool, text: str, filters: Filters, marks: Marks) -> Any:
    match, score, _title, body, fts = _match_submission(postgres, text, marks)
    parent = _proposals.alias("parent")
    parent_submission = _submissions.alias("parent_submission")
    article = _articles.alias("thread_article")
    consultation_id = sa.func.coalesce(parent.c.consultation_id, article.c.consultation_id)
    query = sa.select(
        sa.literal_column("'reply'").label("kind"),
        parent.c.id.label("proposal_id"),
        article.c.slug.label("article_slug"),
        _replies.c.id.label("reply_id"),
        sa.func.coalesce(parent_submission.c.published_title, article.c.title).label("title"),
        body.label("snippet"),
        score.label("score"),
        _submissions.c.created_at.label("created_at"),
        _consultations.c.title.label("consultation_title"),
    )
    query = _from_fts(query, fts).join(_replies, _replies.c.submission_id == _submissions.c.id)
    query = (
        query.outerjoin(parent, parent.c.id == _replies.c.proposal_id)
        .outerjoin(parent_submission, parent_submission.c.id == parent.c.submission_id)
        .outerjoin(article, article.c.id == _replies.c.article_id)
        .outerjoin(_consultations, _consultations.c.id == consultation_id)
    )
    public_parent = sa.or_(
        parent_submission.c.visibility.in_(_PUBLIC),
        sa.and_(parent.c.id.is_(None), article.c.is_published.is_(True)),
    )
    query = query.where(match, _submissions.c.visibility.in_(_PUBLIC), public_parent)
    if filters.topic_id is not None or filters.municipality is not None:
        query = _proposal_filters(query.where(parent.c.id.is_not(None)), filters, parent)
    return _common_optional(query, filters, consultation_id)


def _common_optional(query: Any, filters: Filters, consultation_id: Any) -> Any:
    """``_common`` for items that may belong to no consultation (an article and its thread)."""
    now = utcnow()
    opened = sa.or_(_consultations.c.id.is_(None), _consultations.c.opens_at <= now)
    query = query.where(opened)
    if filters.consultation_id is not None:
        query = query.where(consultation_id == filters.consultation_id)
    created = query.selected_columns.created_at
    if filters.since is not None:
        query = query.where(created >= _start_of(filters.since))
    if filters.until is not None:
        query = query.where(created < _start_of(filters.until + timedelta(days=1)))
    return query


def _article_branch(postgres: bool, text: str, filters: Filters, marks: Marks) -> Any:
    if postgres:
        config: Any = sa.literal_column("'swedish'::regconfig")
        tsquery = sa.func.websearch_to_tsquery(config, text)
        vector: Any = sa.literal_column(_PG_ARTICLE)
        match: Any = vector.op("@@")(tsquery)
        score: Any = sa.func.ts_rank_cd(vector, tsquery)
        title = sa.func.ts_headline(
            config,
            _articles.c.title,
            tsquery,
            _TITLE_HEADLINE.format(start=marks.start, stop=marks.stop),
        )
        lead_body = _articles.c.lead + " " + _articles.c.body
        body = sa.func.ts_headline(
            config, lead_body, tsquery, _HEADLINE.format(start=marks.start, stop=marks.stop)
        )
        source: Any = _articles
    else:
        fts = sa.table("search_article", sa.column("rowid"))
        name: Any = sa.literal_column("search_article")
        match = name.op("MATCH")(fts5_query(text))
        score = -sa.func.bm25(name, 3.0, 2.0, 1.0)
        title = sa.func.highlight(name, 0, marks.start, marks.stop)
        body = sa.func.snippet(name, -1, marks.start, marks.stop, "…", 30)
        source = fts.join(_articles, _articles.c.id == fts.c.rowid)
    query = (
        sa.select(
            sa.literal_column("'article'").label("kind"),
            sa.cast(sa.null(), sa.Integer).label("proposal_id"),
            _articles.c.slug.label("article_slug"),
            sa.cast(sa.null(), sa.Integer).label("reply_id"),
            title.label("title"),
            body.label("snippet"),
            score.label("score"),
            _articles.c.created_at.label("created_at"),
            _consultations.c.title.label("consultation_title"),
        )
        .select_from(source)
        .outerjoin(_consultations, _consultations.c.id == _articles.c.consultation_id)
        .where(match, _articles.c.is_published)
    )
    return _common_optional(query, filters, _articles.c.consultation_id)


_BRANCHES = {
    Kind.PROPOSAL: _proposal_branch,
    Kind.REPLY: _reply_branch,
    Kind.ARTICLE: _article_branch,
}


@dataclass(frozen=True, slots=True)
class Choices:
    """What the filters offer: consultations that have opened, and of the chosen one its
    topics and its municipalities (its fixed list, then old free-text values in use)."""

    consultations: list[tuple[int, str, str]]
    topics: list[tuple[int, str]]
    municipalities: list[str]


def choices(session: Session, *, consultation_id: int | None) -> Choices:
    opened = sa.select(_consultations.c.id, _consultations.c.slug, _consultations.c.title).where(
        _consultations.c.opens_at <= utcnow()
    )
    consultations = [(i, s, t) for i, s, t in session.execute(opened.order_by("title"))]
    if consultation_id is None:
        return Choices(consultations, [], [])
    topics = session.execute(
        sa.select(_topics.c.id, _topics.c.name)
        .where(_topics.c.consultation_id == consultation_id)
        .order_by(_topics.c.name)
    )
    return Choices(
        consultations,
        [(i, n) for i, n in topics],
        municipalities(session, consultation_id=consultation_id),
    )


def municipalities(session: Session, *, consultation_id: int) -> list[str]:
    """The consultation's fixed list, then the other values its public proposals name
    (written when the field was free text)."""
    consultation = session.get(Consultation, consultation_id)
    fixed = list(consultation.municipalities) if consultation else []
    used = session.execute(
        sa.select(_proposals.c.municipality)
        .join(_submissions, _submissions.c.id == _proposals.c.submission_id)
        .where(
            _proposals.c.consultation_id == consultation_id,
            _proposals.c.municipality.is_not(None),
            _submissions.c.visibility.in_(_PUBLIC),
        )
        .distinct()
    ).scalars()
    return fixed + sorted(set(used) - set(fixed))
