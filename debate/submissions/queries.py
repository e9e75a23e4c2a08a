"""What the pages and screening read about submissions: threads, a proposal or reply as the
public sees it, the author's standing and recent texts, the queue's state. Only public states
ever reach a public page."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

import sqlalchemy as sa
from sqlmodel import Session, col, func, select

from debate.core.models import (
    PUBLIC_STATES,
    Article,
    Consultation,
    JobState,
    ModerationDecision,
    ModerationJob,
    Proposal,
    Reply,
    Revision,
    Role,
    Stance,
    Submission,
    Support,
    Topic,
    User,
    Visibility,
    public_clause,
    table_of,
    utcnow,
)
from moderation import AuthorStanding, ModerationMode


@dataclass(frozen=True, slots=True)
class ThreadReply:
    """What a thread page shows of a reply's place in the thread."""

    id: int
    parent_id: int | None
    depth: int
    stance: Stance | None


@dataclass(frozen=True, slots=True)
class ThreadPost:
    """What a thread page shows of a reply's submission (its published copy)."""

    id: int
    author_name: str
    created_at: datetime
    published_body: str | None
    #: Changes with every change of the submission (a rendered reply is kept under it).
    version: int
    #: Written by an account of the organisation (staff, moderator, admin): the thread marks
    #: it, so that no citizen can pass for the region (issue 15, item 29).
    official: bool = False


@dataclass(slots=True)
class ThreadNode:
    reply: ThreadReply | None
    submission: ThreadPost | None
    children: list[ThreadNode] = field(default_factory=list)
    #: A placeholder for a parent its author withdrew: the page says so instead of "not shown".
    withdrawn: bool = False


_OFFICIAL_ROLES = [Role.STAFF, Role.MODERATOR, Role.ADMIN]


def _thread_statement(by_article: bool) -> Any:
    # Plain columns, not ORM entities: loading 200 replies as entities cost more than
    # rendering them (the thread page is the site's most read page).
    replies, submissions, users = table_of(Reply), table_of(Submission), table_of(User)
    where = replies.c.article_id if by_article else replies.c.proposal_id
    official = sa.func.coalesce(users.c.role.in_(_OFFICIAL_ROLES), sa.false())
    return (
        sa.select(
            replies.c.id,
            replies.c.parent_id,
            replies.c.depth,
            replies.c.stance,
            submissions.c.id,
            submissions.c.author_name,
            submissions.c.created_at,
            submissions.c.published_body,
            submissions.c.version,
            official,
        )
        .join(submissions, replies.c.submission_id == submissions.c.id)
        .outerjoin(users, submissions.c.author_id == users.c.id)
        .where(where == sa.bindparam("target", type_=sa.Integer))
        .where(public_clause(submissions.c.visibility))
        .order_by(submissions.c.created_at, replies.c.id)
    )


_THREAD = {False: _thread_statement(False), True: _thread_statement(True)}


def thread(
    session: Session, *, proposal_id: int | None = None, article_id: int | None = None
) -> list[ThreadNode]:
    """Public replies as a two-level tree. A hidden parent leaves a placeholder, not a gap."""
    statement = _THREAD[not proposal_id]
    rows = session.connection().execute(statement, {"target": proposal_id or article_id}).all()
    nodes: dict[int, ThreadNode] = {}
    for reply_id, parent_id, depth, stance, *post in rows:
        reply = ThreadReply(reply_id, parent_id, depth, stance)
        nodes[reply_id] = ThreadNode(reply, ThreadPost(*post))
    roots: list[ThreadNode] = []
    placeholders: dict[int, ThreadNode] = {}
    for node in nodes.values():
        assert node.reply is not None
        parent_id = node.reply.parent_id
        if parent_id is None:
            roots.append(node)
        elif parent_id in nodes:
            nodes[parent_id].children.append(node)
        else:
            if parent_id not in placeholders:
                placeholders[parent_id] = ThreadNode(None, None)
                roots.append(placeholders[parent_id])
            placeholders[parent_id].children.append(node)
    for parent_id in _withdrawn(session, list(placeholders)):
        placeholders[parent_id].withdrawn = True
    return roots


def _withdrawn(session: Session, reply_ids: list[int]) -> list[int]:
    """Of the hidden parents, those their authors withdrew (one query, and none when none)."""
    if not reply_ids:
        return []
    statement = (
        select(Reply.id)
        .join(Submission, col(Reply.submission_id) == col(Submission.id))
        .where(col(Reply.id).in_(reply_ids), Submission.visibility == Visibility.WITHDRAWN)
    )
    return [reply_id for reply_id in session.exec(statement) if reply_id is not None]


@dataclass(frozen=True, slots=True)
class ProposalPage:
    """A published proposal's page: the proposal, where it lives, its supports and thread."""

    proposal: Proposal
    submission: Submission
    consultation: Consultation
    topic: Topic | None
    supports: int
    thread: list[ThreadNode]


def public_proposal(session: Session, *, proposal_id: int) -> ProposalPage | None:
    row = session.exec(
        select(Proposal, Submission)
        .join(Submission, col(Proposal.submission_id) == col(Submission.id))
        .where(Proposal.id == proposal_id, public_clause())
    ).first()
    if row is None:
        return None
    proposal, submission = row
    supports = session.exec(select(func.count()).where(Support.proposal_id == proposal_id)).one()
    return ProposalPage(
        proposal=proposal,
        submission=submission,
        consultation=session.get_one(Consultation, proposal.consultation_id),
        topic=session.get(Topic, proposal.topic_id) if proposal.topic_id else None,
        supports=supports,
        thread=thread(session, proposal_id=proposal_id),
    )


def published_proposal(session: Session, *, proposal_id: int) -> Proposal | None:
    """The proposal if the public may see it (and so reply to or support it); unlike
    ``public_proposal`` it does not read the thread."""
    return session.exec(
        select(Proposal)
        .join(Submission, col(Proposal.submission_id) == col(Submission.id))
        .where(Proposal.id == proposal_id, public_clause())
    ).first()


def proposal_fingerprint(connection: sa.Connection, *, proposal_id: int) -> tuple[Any, ...] | None:
    """A few values that change whenever anything the public page of a proposal shows changes
    (the page cache serves a rendered page again only while they are equal); ``None`` when
    the proposal is not public. Every committed change of a submission adds one to its
    ``version`` (``models``), so the count and the sum of the versions of the thread's replies
    cover their state, names and masking; supports, topic and consultation are read as they
    are shown. One statement on indexes (one snapshot on its own), run on a connection without
    the ORM (~0.1 ms on SQLite against ~0.9 ms through it) and without a transaction around
    it (``web.read_now``): it runs for every cached page."""
    row = connection.execute(_FINGERPRINT, {"proposal_id": proposal_id}).first()
    return None if row is None else tuple(row)


def _fingerprint_statement() -> Any:
    proposal_id: Any = sa.bindparam("proposal_id", type_=sa.Integer)
    replies = (
        select(func.count(), func.sum(Submission.version), func.max(Reply.id))
        .select_from(Reply)
        .join(Submission, col(Reply.submission_id) == col(Submission.id))
        .where(Reply.proposal_id == proposal_id)
        .subquery()
    )
    supports = select(func.count()).where(Support.proposal_id == proposal_id).scalar_subquery()
    columns: list[Any] = [
        Submission.id,
        Submission.version,
        Consultation.slug,
        Consultation.title,
        Topic.name,
        *replies.c,
        supports,
        # The region's answer heads the page: a new state or answer stamps ``answered_at``.
        Proposal.state,
        Proposal.answered_at,
    ]
    return (
        sa.select(*columns)
        .select_from(Proposal)
        .join(Submission, col(Proposal.submission_id) == col(Submission.id))
        .join(Consultation, col(Proposal.consultation_id) == col(Consultation.id))
        .outerjoin(Topic, col(Proposal.topic_id) == col(Topic.id))
        .join(replies, sa.true())
        .where(Proposal.id == proposal_id, public_clause())
    )


_FINGERPRINT = _fingerprint_statement()


@dataclass(frozen=True, slots=True)
class ArticlePage:
    """A published article's page: the article, its consultation if any, and its thread."""

    article: Article
    consultation: Consultation | None
    thread: list[ThreadNode]


def public_article(session: Session, *, slug: str) -> ArticlePage | None:
    article = session.exec(
        select(Article).where(Article.slug == slug, col(Article.is_published))
    ).first()
    if article is None:
        return None
    consultation = (
        session.get(Consultation, article.consultation_id) if article.consultation_id else None
    )
    return ArticlePage(
        article=article,
        consultation=consultation,
        thread=thread(session, article_id=article.id),
    )


def public_reply(session: Session, *, reply_id: int) -> Reply | None:
    row = session.exec(
        select(Reply)
        .join(Submission, col(Reply.submission_id) == col(Submission.id))
        .where(Reply.id == reply_id, public_clause())
    ).first()
    return row


@dataclass(frozen=True, slots=True)
class StaffOverview:
    """The staff page: every consultation and article, and the classifier queue's state."""

    consultations: list[Consultation]
    articles: list[Article]
    queue: dict[str, int]
    classifier_error: str | None


def staff_overview(session: Session) -> StaffOverview:
    consultations = session.exec(
        select(Consultation).order_by(col(Consultation.created_at).desc())
    ).all()
    articles = session.exec(select(Article).order_by(col(Article.created_at).desc())).all()
    waiting = session.exec(
        select(ModerationJob)
        .where(col(ModerationJob.state) == JobState.WAITING)
        .order_by(col(ModerationJob.id).desc())
    ).first()
    return StaffOverview(
        consultations=list(consultations),
        articles=list(articles),
        queue=queue_status(session),
        classifier_error=waiting.last_error if waiting else None,
    )


def queue_status(session: Session) -> dict[str, int]:
    """Classifier jobs by state, for the staff page and ``inspel worker``."""
    rows = session.exec(
        select(ModerationJob.state, func.count()).group_by(col(ModerationJob.state))
    ).all()
    counts = {state.value: 0 for state in JobState}
    counts.update({JobState(state).value: count for state, count in rows})
    return counts


#: How far back an author's own posts count for SPAM-REPEAT and their rejection rate.
HISTORY_DAYS = 30
STANDING_DAYS = 90
_HISTORY_LIMIT = 50


def _earlier(author_id: int, before: int | None) -> Any:
    """The author's submissions before the one with id ``before`` (all of them for ``None``:
    a submission that is screened before it is stored)."""
    own = col(Submission.author_id) == author_id
    return own if before is None else own & (col(Submission.id) < before)


def author_standing(
    session: Session, author_id: int | None, *, before: int | None
) -> AuthorStanding | None:
    """What the moderation policy knows of a signed-in author (``None`` for anyone else):
    their published posts, and their posts a moderator decided recently."""
    if author_id is None:
        return None
    earlier = _earlier(author_id, before)
    approved = session.exec(
        select(func.count())
        .select_from(Submission)
        .where(earlier, col(Submission.visibility).in_(PUBLIC_STATES))
    ).one()
    since = utcnow() - timedelta(days=STANDING_DAYS)
    human = (
        select(ModerationDecision.submission_id, Submission.visibility)
        .join(Submission, col(Submission.id) == ModerationDecision.submission_id)
        .where(earlier, col(ModerationDecision.decided_by_id).is_not(None))
        .where(col(ModerationDecision.created_at) >= since)
        .distinct()
    )
    decided = session.exec(human).all()
    rejected = sum(visibility in _REJECTED for _, visibility in decided)
    return AuthorStanding(approved=approved, decided=len(decided), rejected=rejected)


_REJECTED = frozenset(Visibility.hidden())


def recent_bodies(session: Session, author_id: int | None, *, before: int | None) -> list[str]:
    """The texts of a signed-in author's own recent earlier posts (SPAM-REPEAT)."""
    if author_id is None:
        return []
    since = utcnow() - timedelta(days=HISTORY_DAYS)
    rows = session.exec(
        select(Revision.body)
        .join(Submission, col(Submission.id) == Revision.submission_id)
        .where(_earlier(author_id, before))
        .where(col(Submission.created_at) >= since)
        .order_by(col(Revision.id).desc())
        .limit(_HISTORY_LIMIT)
    ).all()
    return list(rows)


def thread_text(session: Session, submission: Submission) -> str | None:
    """The proposal or article a reply belongs to, as one text (OFFTOPIC); ``None`` for a
    proposal."""
    reply = session.exec(select(Reply).where(Reply.submission_id == submission.id)).first()
    if reply is None:
        return None
    return thread_text_of(session, proposal_id=reply.proposal_id, article_id=reply.article_id)


def _proposal_text_statement() -> Any:
    proposals, submissions = table_of(Proposal), table_of(Submission)
    return (
        sa.select(submissions.c.published_title, submissions.c.published_body)
        .join(proposals, proposals.c.submission_id == submissions.c.id)
        .where(proposals.c.id == sa.bindparam("id", type_=sa.Integer))
    )


# Core statements, run for every submission as it is screened.
_PROPOSAL_TEXT = _proposal_text_statement()
_MODE = sa.select(
    table_of(Consultation).c.moderation_mode, table_of(Consultation).c.profanity_hint
).where(table_of(Consultation).c.id == sa.bindparam("id", type_=sa.Integer))


def moderation_mode(session: Session, *, consultation_id: int) -> tuple[ModerationMode, bool]:
    """How a consultation is moderated: its mode, and whether swearing is only a hint there
    (two columns, read for every submission screened)."""
    found = session.connection().execute(_MODE, {"id": consultation_id}).one()
    return found.moderation_mode, bool(found.profanity_hint)


def thread_text_of(
    session: Session, *, proposal_id: int | None, article_id: int | None
) -> str | None:
    """The published text of the proposal, or else the article, a reply answers."""
    if proposal_id is not None:
        found = session.connection().execute(_PROPOSAL_TEXT, {"id": proposal_id}).first()
        if found is None or found.published_body is None:
            return None
        return f"{found.published_title or ''}\n{found.published_body}"
    article = session.get(Article, article_id) if article_id else None
    return f"{article.title}\n{article.lead}\n{article.body}" if article else None
