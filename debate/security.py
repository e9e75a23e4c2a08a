"""Passwords, CSRF tokens, secret status links and the login rate limit."""

from __future__ import annotations

import hashlib
import hmac
import secrets
from datetime import timedelta

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlmodel import Session, func, select

from debate.models import LoginAttempt, utcnow

_hasher = PasswordHasher()


def hash_password(password: str) -> str:
    return str(_hasher.hash(password))


def verify_password(password_hash: str, password: str) -> bool:
    try:
        return bool(_hasher.verify(password_hash, password))
    except (VerificationError, InvalidHashError):
        return False


def new_status_token() -> tuple[str, str]:
    """A secret for a status link (192 bits) and the hash that is stored in its place."""
    token = secrets.token_urlsafe(24)
    return token, hash_token(token)


def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def new_csrf_token() -> str:
    return secrets.token_urlsafe(32)


def tokens_match(expected: str | None, given: str | None) -> bool:
    if not expected or not given:
        return False
    return hmac.compare_digest(expected.encode(), given.encode())


def login_blocked(session: Session, keys: list[str], *, limit: int, window_seconds: int) -> bool:
    since = utcnow() - timedelta(seconds=window_seconds)
    for key in keys:
        query = select(func.count()).where(LoginAttempt.key == key, LoginAttempt.at >= since)
        if session.exec(query).one() >= limit:
            return True
    return False


def record_failed_login(session: Session, keys: list[str]) -> None:
    for key in keys:
        session.add(LoginAttempt(key=key))
