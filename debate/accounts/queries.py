"""Reading accounts: the signed-in user, an account by e-mail."""

from __future__ import annotations

from sqlmodel import Session, select

from debate.core.models import (
    User,
)


def active_user(session: Session, *, user_id: int) -> User | None:
    user = session.get(User, user_id)
    return user if user is not None and user.is_active else None


def user_by_email(session: Session, *, email: str) -> User | None:
    return session.exec(select(User).where(User.email == email)).first()
