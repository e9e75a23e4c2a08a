"""What staff read to answer proposals, and the counts of proposals by state."""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import datetime
from typing import Any

import sqlalchemy as sa
from sqlmodel import Session, col, func, select

from debate.core.models import (
    PUBLIC_STATES,
    Consultation,
    Proposal,
    ProposalState,
    Submission,
    Topic,
)


def _public() -> Any:
    return col(Submission.visibility).in_([s.value for s in PUBLIC_STATES])


@dataclass(frozen=True, slots=True)
class StaffRow:
    """One proposal in the staff list: enough to choose it and see where it stands."""

    id: int
    title: str
    consultation: str
    topic: str | None
    state: ProposalState
    answered_at: datetime | None
    created_at: datetime


@dataclass(frozen=True, slots=True)
class StaffList:
    rows: list[StaffRow]
    consultations: list[Consultation]
    consultation_id: int | None
    state: ProposalState | None
    total: int
    page: int
    pages: int


def staff_list(
    session: Session,
    *,
    consultation_id: int | None,
    state: ProposalState | None,
    page: int,
    page_size: int,
) -> StaffList:
    """Published proposals, newest first, of one consultation and in one state when asked."""
    query = (
        sa.select(Proposal, Submission, col(Consultation.title), col(Topic.name))
        .join(Submission, col(Submission.id) == col(Proposal.submission_id))
        .join(Consultation, col(Consultation.id) == col(Proposal.consultation_id))
        .outerjoin(Topic, col(Topic.id) == col(Proposal.topic_id))
        .where(_public())
    )
    if consultation_id is not None:
        query = query.where(col(Proposal.consultation_id) == consultation_id)
    if state is not None:
        query = query.where(col(Proposal.state) == state)
    total = session.exec(select(func.count()).select_from(query.subquery())).one()
    pages = max(1, math.ceil(total / page_size))
    page = min(max(page, 1), pages)
    ordered = query.order_by(col(Proposal.id).desc()).limit(page_size)
    rows = [
        StaffRow(
            id=p.id,
            title=s.published_title or "",
            consultation=c,
            topic=t,
            state=p.state,
            answered_at=p.answered_at,
            created_at=p.created_at,
        )
        for p, s, c, t in session.execute(ordered.offset((page - 1) * page_size))
    ]
    consultations = list(session.exec(select(Consultation).order_by(Consultation.title)))
    return StaffList(rows, consultations, consultation_id, state, total, page, pages)


@dataclass(frozen=True, slots=True)
class ProposalToAnswer:
    proposal: Proposal
    submission: Submission
    consultation: Consultation


def proposal_to_answer(session: Session, *, proposal_id: int) -> ProposalToAnswer | None:
    """A published proposal with its text and consultation, for the answer form."""
    row = session.exec(
        select(Proposal, Submission, Consultation)
        .join(Submission, col(Submission.id) == col(Proposal.submission_id))
        .join(Consultation, col(Consultation.id) == col(Proposal.consultation_id))
        .where(Proposal.id == proposal_id, _public())
    ).first()
    return None if row is None else ProposalToAnswer(*row)


def state_counts(session: Session, *, consultation_id: int | None = None) -> dict[str, int]:
    """Published proposals per state (every state listed, zeros included)."""
    query = (
        select(Proposal.state, func.count())
        .join(Submission, col(Submission.id) == col(Proposal.submission_id))
        .where(_public())
        .group_by(col(Proposal.state))
    )
    if consultation_id is not None:
        query = query.where(col(Proposal.consultation_id) == consultation_id)
    counts = {state.value: 0 for state in ProposalState}
    counts.update({ProposalState(state).value: n for state, n in session.exec(query)})
    return counts
