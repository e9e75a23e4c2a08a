"""Claims: a moderator who opens an item holds it for a while, so that two do not decide it at
once."""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta

import sqlalchemy as sa
from sqlmodel import Session, col

from debate.core.models import (
    ReviewClaim,
    User,
    utcnow,
)

CLAIM_MINUTES = 5


@dataclass(frozen=True, slots=True)
class Claim:
    moderator_id: int
    token: str
    expires_at: datetime

    def held_by(self, user: User) -> bool:
        return self.moderator_id == user.id


def claim_item(
    session: Session, *, actor: User, submission_id: int, minutes: int = CLAIM_MINUTES
) -> Claim:
    """Claim the item for ``actor`` (or renew their claim); when someone else holds a live
    claim, theirs is returned unchanged."""
    now = utcnow()
    expires = now + timedelta(minutes=minutes)
    token = secrets.token_urlsafe(16)
    taken = session.execute(
        sa.update(ReviewClaim)
        .where(col(ReviewClaim.submission_id) == submission_id)
        .where(
            sa.or_(col(ReviewClaim.expires_at) <= now, col(ReviewClaim.moderator_id) == actor.id)
        )
        .values(moderator_id=actor.id, token=token, expires_at=expires, created_at=now)
    )
    if taken.rowcount == 0:  # type: ignore[attr-defined]
        existing = session.get(ReviewClaim, submission_id, with_for_update=True)
        if existing is not None:
            return Claim(existing.moderator_id, existing.token, existing.expires_at)
        assert actor.id is not None
        try:
            with session.begin_nested():
                session.add(
                    ReviewClaim(
                        submission_id=submission_id,
                        moderator_id=actor.id,
                        token=token,
                        expires_at=expires,
                    )
                )
        except sa.exc.IntegrityError:  # claimed by someone else in the same instant
            other = session.get_one(ReviewClaim, submission_id, populate_existing=True)
            return Claim(other.moderator_id, other.token, other.expires_at)
    assert actor.id is not None
    return Claim(actor.id, token, expires)


def release_claim(session: Session, *, actor: User, submission_id: int, token: str) -> bool:
    """Give the item back to the queue; False when the claim was not the actor's."""
    return take_claim(session, actor=actor, submission_id=submission_id, token=token)


def take_claim(session: Session, *, actor: User, submission_id: int, token: str) -> bool:
    """Delete the actor's claim with this token: exactly one caller can ever succeed."""
    result = session.execute(
        sa.delete(ReviewClaim)
        .where(col(ReviewClaim.submission_id) == submission_id)
        .where(col(ReviewClaim.moderator_id) == actor.id, col(ReviewClaim.token) == token)
    )
    return bool(result.rowcount)  # type: ignore[attr-defined]
