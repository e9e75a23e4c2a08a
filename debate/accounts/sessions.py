"""Session ids, so that logging out ends a session everywhere.

The session cookie is signed content, not a key into a server-side store: without help, a copy
taken before logout would stay valid until the cookie expires. Each login therefore gets a random
id (``sid``); logging out records it here, and ``SessionGuard`` (debate/web/middleware.py) empties
any session whose id is recorded. Rows are kept only as long as the cookie could live.
"""

from __future__ import annotations

import secrets
from datetime import timedelta

from sqlmodel import Session, col, delete

from debate.core.models import RevokedSession, utcnow

#: How long a session cookie lives (``max_age`` of the session middleware), in seconds.
MAX_AGE = 14 * 24 * 3600


def new_sid() -> str:
    return secrets.token_urlsafe(24)


def revoke(session: Session, *, sid: str) -> None:
    session.exec(delete(RevokedSession).where(col(RevokedSession.expires_at) < utcnow()))
    if session.get(RevokedSession, sid) is None:
        session.add(RevokedSession(sid=sid, expires_at=utcnow() + timedelta(seconds=MAX_AGE)))


def is_revoked(session: Session, *, sid: str) -> bool:
    return session.get(RevokedSession, sid) is not None
