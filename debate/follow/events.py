"""What followers are to be told, written in the transaction that made it happen: a decision
on an author's submission, a reply published in a thread, the region's answer to a proposal.
``debate.follow.dispatch`` turns these into mail, at once or in the day's digest."""

from __future__ import annotations

from collections.abc import Iterable

import sqlalchemy as sa
from sqlmodel import Session, col, select

from debate.core.models import (
    Follow,
    FollowEvent,
    Proposal,
    Reply,
    Submission,
    SubmissionKind,
    Visibility,
)


def _active() -> sa.ColumnElement[bool]:
    return sa.and_(col(Follow.confirmed_at).is_not(None), col(Follow.ended_at).is_(None))


def _add(session: Session, follows: Iterable[Follow], kind: str, submission_id: int) -> int:
    ids = {follow.id for follow in follows if follow.id is not None}
    if kind == "reply" and ids:
        # A reply hidden and published again is news once.
        told = session.exec(
            select(FollowEvent.follow_id).where(
                FollowEvent.kind == kind,
                FollowEvent.submission_id == submission_id,
                col(FollowEvent.follow_id).in_(ids),
            )
        )
        ids -= set(told)
    for follow_id in sorted(ids):
        session.add(FollowEvent(follow_id=follow_id, kind=kind, submission_id=submission_id))
    return len(ids)


def decided(session: Session, submission: Submission) -> int:
    """A decision on ``submission`` (by the machine or a moderator): its author's confirmed
    address is told, and a reply that is now public is news in its thread."""
    assert submission.id is not None
    authors = session.exec(
        select(Follow).where(Follow.submission_id == submission.id, _active())
    ).all()
    told = _add(session, authors, "decision", submission.id)
    if submission.kind is SubmissionKind.REPLY:
        told += reply_published(session, submission)
    return told


def reply_published(session: Session, submission: Submission) -> int:
    """Tell the thread's followers, and the authors of the proposal and of the reply answered,
    of a reply that the public may now read (not its own author's account)."""
    if submission.visibility not in Visibility.public():
        return 0
    reply = session.exec(select(Reply).where(Reply.submission_id == submission.id)).first()
    if reply is None:
        return 0
    whose: list[int] = []
    if reply.proposal_id is not None:
        proposal = session.get(Proposal, reply.proposal_id)
        whose += [proposal.submission_id] if proposal else []
    if reply.parent_id is not None:
        parent = session.get(Reply, reply.parent_id)
        whose += [parent.submission_id] if parent else []
    thread = sa.or_(
        sa.and_(col(Follow.proposal_id).is_not(None), col(Follow.proposal_id) == reply.proposal_id),
        sa.and_(col(Follow.article_id).is_not(None), col(Follow.article_id) == reply.article_id),
        col(Follow.submission_id).in_(whose),
    )
    follows = [
        follow
        for follow in session.exec(select(Follow).where(thread, _active()))
        if follow.user_id is None or follow.user_id != submission.author_id
    ]
    assert submission.id is not None
    return _add(session, follows, "reply", submission.id)


def answered(session: Session, proposal: Proposal) -> int:
    """The region's answer: to the proposal's followers and its anonymous author's address
    (its account author is mailed by ``debate.answers`` already)."""
    submission = session.get_one(Submission, proposal.submission_id)
    follows = session.exec(
        select(Follow).where(
            sa.or_(
                col(Follow.proposal_id) == proposal.id, col(Follow.submission_id) == submission.id
            ),
            _active(),
        )
    )
    wanted = [f for f in follows if f.user_id is None or f.user_id != submission.author_id]
    return _add(session, wanted, "answer", proposal.submission_id)
