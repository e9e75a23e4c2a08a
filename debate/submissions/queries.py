"""Every read the pages need. Only public states ever reach a public page."""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from enum import StrEnum
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
    ModerationSignal,
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
    table_of,
    utcnow,
)
from moderation import AuthorStanding, ModerationMode


class Sort(StrEnum):
    NEWEST = "newest"
    SUPPORTED = "supported"
    DISCUSSED = "discussed"


def _public(submission_column: Any = Submission.visibility) -> Any:
    return col(submission_column).in_([s.value for s in PUBLIC_STATES])


def active_user(session: Session, *, user_id: int) -> User | None:
    user = session.get(User, user_id)
    return user if user is not None and user.is_active else None


def user_by_email(session: Session, *, email: str) -> User | None:
    return session.exec(select(User).where(User.email == email)).first()


def open_consultations(session: Session, *, now: datetime) -> list[Consultation]:
    query = (
        select(Consultation)
        .where(Consultation.opens_at <= now)
        .where(sa.or_(col(Consultation.closes_at).is_(None), col(Consultation.closes_at) > now))
        .order_by(col(Consultation.opens_at).desc())
    )
    return list(session.exec(query))


def home(session: Session) -> dict[str, Any]:
    now = utcnow()
    articles = session.exec(
        select(Article).where(col(Article.is_published)).order_by(col(Article.created_at).desc())
    ).all()
    closed = session.exec(
        select(Consultation)
        .where(col(Consultation.closes_at).is_not(None), col(Consultation.closes_at) <= now)
        .order_by(col(Consultation.closes_at).desc())
    ).all()
    return {
        "consultations": open_consultations(session, now=now),
        "closed": list(closed),
        "articles": list(articles[:5]),
    }


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
        .where(_public(), col(Reply.proposal_id).is_not(None))
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
        .where(col(Proposal.consultation_id) == consultation.id, _public())
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
        .where(_public(), Proposal.consultation_id == consultation_id)
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
        .where(_public(submissions.c.visibility))
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
    return roots


def public_proposal(session: Session, *, proposal_id: int) -> dict[str, Any] | None:
    row = session.exec(
        select(Proposal, Submission)
        .join(Submission, col(Proposal.submission_id) == col(Submission.id))
        .where(Proposal.id == proposal_id, _public())
    ).first()
    if row is None:
        return None
    proposal, submission = row
    supports = session.exec(select(func.count()).where(Support.proposal_id == proposal_id)).one()
    return {
        "proposal": proposal,
        "submission": submission,
        "consultation": session.get_one(Consultation, proposal.consultation_id),
        "topic": session.get(Topic, proposal.topic_id) if proposal.topic_id else None,
        "supports": supports,
        "thread": thread(session, proposal_id=proposal_id),
    }


def published_proposal(session: Session, *, proposal_id: int) -> Proposal | None:
    """The proposal if the public may see it (and so reply to or support it); unlike
    ``public_proposal`` it does not read the thread."""
    return session.exec(
        select(Proposal)
        .join(Submission, col(Proposal.submission_id) == col(Submission.id))
        .where(Proposal.id == proposal_id, _public())
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
        .where(Proposal.id == proposal_id, _public())
    )


_FINGERPRINT = _fingerprint_statement()


def public_article(session: Session, *, slug: str) -> dict[str, Any] | None:
    article = session.exec(
        select(Article).where(Article.slug == slug, col(Article.is_published))
    ).first()
    if article is None:
        return None
    consultation = (
        session.get(Consultation, article.consultation_id) if article.consultation_id else None
    )
    return {
        "article": article,
        "consultation": consultation,
        "thread": thread(session, article_id=article.id),
    }


def public_reply(session: Session, *, reply_id: int) -> Reply | None:
    row = session.exec(
        select(Reply)
        .join(Submission, col(Reply.submission_id) == col(Submission.id))
        .where(Reply.id == reply_id, _public())
    ).first()
    return row


@dataclass(slots=True)
class SubmissionStatus:
    submission: Submission
    revision: Revision
    decision: ModerationDecision | None
    #: Rule ids of every signal on the latest revision.
    signal_rules: list[str]
    proposal_id: int | None
    thread_url_kind: str | None
    thread_ref: str | int | None


def submission_status(session: Session, *, submission_id: int) -> SubmissionStatus:
    submission = session.get_one(Submission, submission_id)
    revision = session.exec(
        select(Revision)
        .where(Revision.submission_id == submission_id)
        .order_by(col(Revision.number).desc())
    ).first()
    assert revision is not None
    decision = session.exec(
        select(ModerationDecision)
        .where(ModerationDecision.submission_id == submission_id)
        .order_by(col(ModerationDecision.id).desc())
    ).first()
    signal_rules = session.exec(
        select(ModerationSignal.rule_id).where(ModerationSignal.revision_id == revision.id)
    ).all()
    kind, ref = _thread_of(session, submission_id)
    proposal = session.exec(select(Proposal).where(Proposal.submission_id == submission_id)).first()
    return SubmissionStatus(
        submission=submission,
        revision=revision,
        decision=decision,
        signal_rules=list(signal_rules),
        proposal_id=proposal.id if proposal else None,
        thread_url_kind=kind,
        thread_ref=ref,
    )


def _thread_of(session: Session, submission_id: int) -> tuple[str | None, str | int | None]:
    reply = session.exec(select(Reply).where(Reply.submission_id == submission_id)).first()
    if reply is None:
        return None, None
    if reply.proposal_id is not None:
        return "proposal", reply.proposal_id
    article = session.get(Article, reply.article_id)
    return ("article", article.slug) if article else (None, None)


def submission_by_token_hash(session: Session, *, token_hash: str) -> SubmissionStatus | None:
    submission = session.exec(
        select(Submission).where(Submission.status_token_hash == token_hash)
    ).first()
    if submission is None or submission.id is None:
        return None
    return submission_status(session, submission_id=submission.id)


def my_submissions(session: Session, *, user_id: int) -> list[tuple[Submission, Revision]]:
    latest = (
        select(Revision.submission_id, func.max(Revision.number).label("n"))
        .group_by(col(Revision.submission_id))
        .subquery()
    )
    query = (
        select(Submission, Revision)
        .join(latest, latest.c.submission_id == col(Submission.id))
        .join(
            Revision,
            sa.and_(
                col(Revision.submission_id) == col(Submission.id),
                col(Revision.number) == latest.c.n,
            ),
        )
        .where(Submission.author_id == user_id)
        .order_by(col(Submission.created_at).desc())
    )
    return [(s, r) for s, r in session.exec(query)]


def own_submission(
    session: Session, *, user_id: int, submission_id: int
) -> SubmissionStatus | None:
    submission = session.get(Submission, submission_id)
    if submission is None or submission.author_id != user_id:
        return None
    return submission_status(session, submission_id=submission_id)


def staff_overview(session: Session) -> dict[str, Any]:
    consultations = session.exec(
        select(Consultation).order_by(col(Consultation.created_at).desc())
    ).all()
    articles = session.exec(select(Article).order_by(col(Article.created_at).desc())).all()
    waiting = session.exec(
        select(ModerationJob)
        .where(col(ModerationJob.state) == JobState.WAITING)
        .order_by(col(ModerationJob.id).desc())
    ).first()
    return {
        "consultations": list(consultations),
        "articles": list(articles),
        "queue": queue_status(session),
        "classifier_error": waiting.last_error if waiting else None,
    }


def queue_status(session: Session) -> dict[str, int]:
    """Classifier jobs by state, for the staff page and ``inspel worker``."""
    rows = session.exec(
        select(ModerationJob.state, func.count()).group_by(col(ModerationJob.state))
    ).all()
    counts = {state.value: 0 for state in JobState}
    counts.update({JobState(state).value: count for state, count in rows})
    return counts


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


_REJECTED = frozenset({Visibility.HIDDEN, Visibility.HIDDEN_FINAL})


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
_MODE = sa.select(table_of(Consultation).c.moderation_mode).where(
    table_of(Consultation).c.id == sa.bindparam("id", type_=sa.Integer)
)


def moderation_mode(session: Session, *, consultation_id: int) -> ModerationMode:
    """How a consultation is moderated (one column, read for every submission screened)."""
    found = session.connection().execute(_MODE, {"id": consultation_id})
    mode: ModerationMode = found.scalar_one()
    return mode


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
