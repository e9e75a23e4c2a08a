"""What a consultation's page shows of its course and its outcome: the phases (open for input,
analysis, answered) as a dated timeline, and, once it has closed, its results — the counts,
the topics, the proposals taken into the agenda with the region's answers, and the link to the
published agenda."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum
from typing import Any

from sqlmodel import Session, col, func, select

from debate.core.models import (
    ANSWERED_STATES,
    PUBLIC_STATES,
    TAKEN_STATES,
    Consultation,
    Proposal,
    ProposalState,
    Reply,
    Submission,
    Support,
    Topic,
    utcnow,
)


class PhaseKind(StrEnum):
    INPUT = "input"
    ANALYSIS = "analysis"
    ANSWERED = "answered"


class PhaseState(StrEnum):
    DONE = "done"
    CURRENT = "current"
    UPCOMING = "upcoming"


@dataclass(frozen=True, slots=True)
class Phase:
    kind: PhaseKind
    start: datetime
    #: ``None``: open-ended (no closing date, or no later phase set yet).
    end: datetime | None
    state: PhaseState


def _state(start: datetime, end: datetime | None, now: datetime) -> PhaseState:
    if now < start:
        return PhaseState.UPCOMING
    return PhaseState.CURRENT if end is None or now < end else PhaseState.DONE


def phases(consultation: Consultation, now: datetime) -> list[Phase]:
    """The phases that have a date, in order. Analysis runs from the close to its end (or to
    the answers); the answers have no end."""
    c = consultation
    found = [Phase(PhaseKind.INPUT, c.opens_at, c.closes_at, _state(c.opens_at, c.closes_at, now))]
    if c.closes_at is not None:
        end = c.analysis_until or c.answered_from
        found.append(Phase(PhaseKind.ANALYSIS, c.closes_at, end, _state(c.closes_at, end, now)))
    if c.answered_from is not None:
        found.append(
            Phase(PhaseKind.ANSWERED, c.answered_from, None, _state(c.answered_from, None, now))
        )
    return found


@dataclass(frozen=True, slots=True)
class TakenProposal:
    id: int
    title: str
    state: ProposalState
    reason: str
    answer: str


@dataclass(frozen=True, slots=True)
class Results:
    proposals: int
    replies: int
    supports: int
    #: Answered proposals (included, partly or not included).
    answered: int
    topics: list[tuple[str, int]]
    #: Included first, then partly included; oldest first within each.
    taken: list[TakenProposal]
    agenda_url: str


def _public() -> Any:
    return col(Submission.visibility).in_([s.value for s in PUBLIC_STATES])


def _public_proposals(consultation_id: int) -> Any:
    return (
        select(Proposal.id)
        .join(Submission, col(Submission.id) == col(Proposal.submission_id))
        .where(Proposal.consultation_id == consultation_id, _public())
    )


def results(session: Session, *, consultation: Consultation) -> Results:
    assert consultation.id is not None
    ids = _public_proposals(consultation.id)
    proposals = session.exec(select(func.count()).select_from(ids.subquery())).one()
    replies = session.exec(
        select(func.count())
        .select_from(Reply)
        .join(Submission, col(Submission.id) == col(Reply.submission_id))
        .where(col(Reply.proposal_id).in_(ids), _public())
    ).one()
    supports = session.exec(select(func.count()).where(col(Support.proposal_id).in_(ids))).one()
    answered = session.exec(
        select(func.count())
        .where(col(Proposal.id).in_(ids))
        .where(col(Proposal.state).in_([s.value for s in ANSWERED_STATES]))
    ).one()
    return Results(
        proposals=proposals,
        replies=replies,
        supports=supports,
        answered=answered,
        topics=_topics(session, consultation.id),
        taken=_taken(session, consultation.id),
        agenda_url=consultation.agenda_url,
    )


def _topics(session: Session, consultation_id: int) -> list[tuple[str, int]]:
    query = (
        select(Topic.name, func.count(col(Proposal.id)))
        .join(Proposal, col(Proposal.topic_id) == col(Topic.id))
        .join(Submission, col(Submission.id) == col(Proposal.submission_id))
        .where(Topic.consultation_id == consultation_id, _public())
        .group_by(col(Topic.id), col(Topic.name))
        .order_by(func.count(col(Proposal.id)).desc(), col(Topic.name))
    )
    return [(name, n) for name, n in session.exec(query)]


def _taken(session: Session, consultation_id: int) -> list[TakenProposal]:
    query = (
        select(Proposal, Submission.published_title)
        .join(Submission, col(Submission.id) == col(Proposal.submission_id))
        .where(Proposal.consultation_id == consultation_id, _public())
        .where(col(Proposal.state).in_([s.value for s in TAKEN_STATES]))
        .order_by(col(Proposal.id))
    )
    taken = [
        TakenProposal(p.id, title or "", p.state, p.state_reason, p.answer)
        for p, title in session.exec(query)
        if p.id is not None
    ]
    order = {state: n for n, state in enumerate(TAKEN_STATES)}
    return sorted(taken, key=lambda t: order[t.state])


@dataclass(frozen=True, slots=True)
class ConsultationResults:
    """The consultation page's timeline, and its results once it has closed."""

    phases: list[Phase]
    results: Results | None


def for_page(session: Session, *, consultation: Consultation) -> ConsultationResults:
    """The consultation page's timeline, and its results once it has closed."""
    now = utcnow()
    closed = consultation.closes_at is not None and consultation.closes_at <= now
    return ConsultationResults(
        phases=phases(consultation, now),
        results=results(session, consultation=consultation) if closed else None,
    )
