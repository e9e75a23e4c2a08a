"""One query each for a submission's latest revision and its latest decision."""

from __future__ import annotations

from sqlmodel import Session, col, select

from debate.core.models import (
    ModerationDecision,
    Revision,
)


def latest_revision(session: Session, submission_id: int) -> Revision:
    """The text as it stands now: every submission has at least one revision."""
    revision = session.exec(
        select(Revision)
        .where(Revision.submission_id == submission_id)
        .order_by(col(Revision.number).desc())
    ).first()
    assert revision is not None and revision.id is not None
    return revision


def latest_decision(
    session: Session, submission_id: int, *, by_person: bool = False
) -> ModerationDecision | None:
    """The submission's latest decision (the machine's or a person's), or with ``by_person``
    the latest a moderator made; ``None`` when there is none."""
    query = select(ModerationDecision).where(ModerationDecision.submission_id == submission_id)
    if by_person:
        query = query.where(col(ModerationDecision.decided_by_id).is_not(None))
    return session.exec(query.order_by(col(ModerationDecision.id).desc()).limit(1)).first()
