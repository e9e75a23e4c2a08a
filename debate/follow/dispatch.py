"""Followers' news turned into mail: at once (``dispatch_due``, run before each round of the
mail sender and by ``inspel mail send``) or as one digest a day per address, with a section
per thing followed (``send_digests``, ``inspel mail digest``). Events are claimed with one
conditional ``UPDATE``, in the transaction that writes their mail to the outbox, so two senders
never mail the same news; news for a follow that has ended is dropped."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from itertools import groupby
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Engine
from sqlmodel import Session, col, select

from debate.core.db import session_scope
from debate.core.models import (
    Article,
    Follow,
    FollowEvent,
    FollowFrequency,
    ModerationDecision,
    Proposal,
    Reply,
    Submission,
    utcnow,
)
from debate.core.settings import Settings
from debate.follow import texts, tokens, urls
from debate.follow.actions import recipient
from debate.outbox import mail

Part = tuple[str, str]


def dispatch_due(session: Session, *, secret: str, limit: int = 200) -> int:
    """Mail the news of followers who want it at once; the number of messages written."""
    due = _unmailed().where(
        sa.or_(
            col(Follow.frequency) == FollowFrequency.IMMEDIATE, col(Follow.ended_at).is_not(None)
        )
    )
    events = _claim(session, list(session.scalars(due.limit(limit))))
    return sum(_mail(session, event.follow_id, [event], secret) for event in events)


def send_digests(session: Session, *, secret: str, now: datetime | None = None) -> int:
    """One message per address with daily news, a section per thing it follows, with
    everything since the last; the number of messages written."""
    due = _unmailed().where(
        col(Follow.frequency) == FollowFrequency.DAILY,
        col(FollowEvent.created_at) <= (now or utcnow()),
    )
    events = _claim(session, list(session.scalars(due)))
    events.sort(key=lambda event: (event.follow_id, event.id or 0))
    by_address: dict[str, list[tuple[Follow, list[FollowEvent]]]] = {}
    for follow_id, group in groupby(events, key=lambda event: event.follow_id):
        follow = session.get_one(Follow, follow_id)
        to = recipient(session, follow)
        if follow.ended_at is None and to:
            by_address.setdefault(to.lower(), []).append((follow, list(group)))
    step = tokens.DIGEST_MAX  # a stop link names at most so many follows
    return sum(
        _digest(session, to, follows[start : start + step], secret)
        for to, follows in by_address.items()
        for start in range(0, len(follows), step)
    )


def _digest(
    session: Session, to: str, follows: list[tuple[Follow, list[FollowEvent]]], secret: str
) -> int:
    """The day's message to ``to``. Each section ends with the link that stops that thing's
    mail alone; the footer's link, also the List-Unsubscribe header, stops the whole digest:
    every follow it carries news of."""
    titles, sections, shown = [], [], []
    for follow, events in follows:
        with texts.language(follow.lang):
            title = title_of(session, follow)
            parts = [p[1] for event in events if (p := _part(session, follow, event)) is not None]
            if not parts:
                continue
            stop = urls.unsubscribe(follow, secret)
            sections.append(texts.digest_section(title, parts, stop))
        titles.append(title)
        shown.append(follow)
    if not shown:
        return 0
    assert all(follow.id is not None for follow in shown)
    stop_all = urls.stop_digest(shown[0].site_url, [f.id for f in shown if f.id], secret)
    with texts.language(shown[0].lang):
        subject, body = texts.digest(titles, sections)
        body = f"{body}\n\n-- \n{texts.digest_footer(stop_all)}"
    mail.enqueue(
        session, to=to, subject=subject, body=body, kind="follow_digest", unsubscribe_url=stop_all
    )
    return 1


def digest_titles(session: Session, *, follow_ids: list[int]) -> list[str]:
    """The things a digest's stop link would stop now (those not stopped already)."""
    titles = []
    for follow_id in follow_ids:
        follow = session.get(Follow, follow_id)
        if follow is not None and follow.ended_at is None:
            with texts.language(follow.lang):
                titles.append(title_of(session, follow))
    return titles


def stop_digest(session: Session, *, follow_ids: list[int]) -> list[str]:
    """End every follow a digest carried (its footer's link, RFC 8058 one click); the titles
    of those this stopped now, none when all were stopped before."""
    stopped = []
    for follow_id in follow_ids:
        follow = session.get(Follow, follow_id, with_for_update=True)
        if follow is None or follow.ended_at is not None:
            continue
        follow.ended_at = utcnow()
        session.add(follow)
        with texts.language(follow.lang):
            stopped.append(title_of(session, follow))
    return stopped


def dispatcher(engine: Engine, settings: Settings) -> Callable[[], int]:
    """``dispatch_due`` in a transaction of its own, for the background mail sender."""

    def run() -> int:
        with session_scope(engine) as session:
            return dispatch_due(session, secret=settings.secret_key)

    return run


def _unmailed() -> sa.Select[Any]:
    return (
        sa.select(col(FollowEvent.id))
        .join(Follow, col(Follow.id) == col(FollowEvent.follow_id))
        .where(col(FollowEvent.mailed_at).is_(None))
        .order_by(col(FollowEvent.id))
    )


def _claim(session: Session, ids: list[int]) -> list[FollowEvent]:
    if not ids:
        return []
    taken = session.execute(
        sa.update(FollowEvent)
        .where(col(FollowEvent.id).in_(ids), col(FollowEvent.mailed_at).is_(None))
        .values(mailed_at=utcnow())
        .returning(col(FollowEvent.id))
        .execution_options(synchronize_session=False)
    )
    claimed = list(taken.scalars())
    if not claimed:
        return []
    return list(session.exec(select(FollowEvent).where(col(FollowEvent.id).in_(claimed))))


def _mail(
    session: Session,
    follow_id: int,
    events: list[FollowEvent],
    secret: str,
) -> int:
    follow = session.get_one(Follow, follow_id)
    to = recipient(session, follow)
    if follow.ended_at is not None or not to:
        return 0
    with texts.language(follow.lang):
        title = title_of(session, follow)
        parts = [part for event in events if (part := _part(session, follow, event)) is not None]
        if not parts:
            return 0
        subject, body = parts[0]
        stop = urls.unsubscribe(follow, secret)
        body = f"{body}\n\n-- \n{texts.footer(title, stop)}"
    kind = f"follow_{events[0].kind}"
    mail.enqueue(session, to=to, subject=subject, body=body, kind=kind, unsubscribe_url=stop)
    return 1


def title_of(session: Session, follow: Follow) -> str:
    if follow.article_id is not None:
        return session.get_one(Article, follow.article_id).title
    if follow.proposal_id is not None:
        proposal = session.get_one(Proposal, follow.proposal_id)
        submission = session.get_one(Submission, proposal.submission_id)
        return submission.published_title or texts.reference(proposal.submission_id)
    assert follow.submission_id is not None
    return texts.own_post(texts.reference(follow.submission_id))


def _part(session: Session, follow: Follow, event: FollowEvent) -> Part | None:
    submission = session.get_one(Submission, event.submission_id)
    assert submission.id is not None
    if event.kind == "decision":
        decision = session.exec(
            select(ModerationDecision)
            .where(ModerationDecision.submission_id == submission.id)
            .order_by(col(ModerationDecision.id).desc())
        ).first()
        explanation = urls.absolute_rules(follow.site_url, decision.explanation if decision else "")
        return texts.decision(texts.reference(submission.id), submission.visibility, explanation)
    if submission.visibility not in submission.visibility.public():
        return None  # hidden since: no longer news to tell
    if event.kind == "answer":
        proposal = session.exec(
            select(Proposal).where(Proposal.submission_id == submission.id)
        ).one()
        assert proposal.id is not None
        title = submission.published_title or texts.reference(submission.id)
        return texts.answer(title, proposal, urls.proposal(follow.site_url, proposal.id))
    reply = session.exec(select(Reply).where(Reply.submission_id == submission.id)).one()
    return texts.reply(
        _thread_title(session, reply),
        submission.published_body or "",
        _thread_url(session, follow, reply),
    )


def _thread_title(session: Session, reply: Reply) -> str:
    if reply.article_id is not None:
        return session.get_one(Article, reply.article_id).title
    assert reply.proposal_id is not None
    proposal = session.get_one(Proposal, reply.proposal_id)
    submission = session.get_one(Submission, proposal.submission_id)
    return submission.published_title or texts.reference(proposal.submission_id)


def _thread_url(session: Session, follow: Follow, reply: Reply) -> str:
    if reply.article_id is not None:
        return urls.article(follow.site_url, session.get_one(Article, reply.article_id).slug)
    assert reply.proposal_id is not None
    return urls.proposal(follow.site_url, reply.proposal_id)
