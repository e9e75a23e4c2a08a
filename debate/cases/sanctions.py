"""Sanctions in force on an account: a suspension, and the warnings it was given."""

from __future__ import annotations

from sqlmodel import Session, col, select

from debate.core.models import (
    Sanction,
    SanctionKind,
    utcnow,
)


def active_suspension(session: Session, *, user_id: int) -> Sanction | None:
    """The suspension in force that ends last, if any."""
    return session.exec(
        select(Sanction)
        .where(
            Sanction.user_id == user_id,
            Sanction.kind == SanctionKind.SUSPENSION,
            col(Sanction.ends_at) > utcnow(),
        )
        .order_by(col(Sanction.ends_at).desc())
    ).first()


def warnings(session: Session, *, user_id: int) -> list[Sanction]:
    """Every warning the user has had, newest first: each counts before a suspension."""
    return list(
        session.exec(
            select(Sanction)
            .where(Sanction.user_id == user_id, Sanction.kind == SanctionKind.WARNING)
            .order_by(col(Sanction.created_at).desc())
        )
    )
