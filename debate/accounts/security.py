"""Passwords, CSRF tokens, secret status links and the login lock."""

from __future__ import annotations

import hashlib
import hmac
import secrets
from datetime import datetime, timedelta

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlmodel import Session, col, delete, func, or_, select

from debate.core.models import LoginAttempt, utcnow

_hasher = PasswordHasher()


def hash_password(password: str) -> str:
    return str(_hasher.hash(password))


def verify_password(password_hash: str, password: str) -> bool:
    try:
        return bool(_hasher.verify(password_hash, password))
    except (VerificationError, InvalidHashError):
        return False


#: The hash of a random password nobody knows, with the hasher's parameters (argon2-cffi's
#: defaults): checking a password against it costs what checking a real account's costs.
DUMMY_HASH = (
    "$argon2id$v=19$m=65536,t=3,p=4$W0eD87nwsL3Z5Kvpxext6w$"
    "+VPBiZKHb5Asg9dWlYtwRvRBTH6q/NCUsOVN/0+VIMo"
)


def check_password(password_hash: str | None, password: str) -> bool:
    """``verify_password``, or, for an account that does not exist (``None``), the same work
    against a dummy hash: a wrong address then takes as long as a wrong password. So does an
    account without a password (one made by an OpenID Connect sign-in, an erased one: their
    marker is no argon2 hash). Slow (argon2): call it in a thread."""
    if password_hash is None or not password_hash.startswith("$argon2"):
        verify_password(DUMMY_HASH, password)
        return False
    return verify_password(password_hash, password)


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


# --- The login lock ---------------------------------------------------------------------------
#
# Failed logins count per (account, address) pair: after ``limit`` in the window that pair is
# refused, while the owner, from any other address, still gets in. Failures per account from
# all addresses together only slow each attempt down (``login_delay``): an attacker with many
# addresses gets a slower answer each time, the owner at worst waits a few seconds. A reset
# link or an admin lifts the lock (``clear_failed_logins``).

#: Failures of one account (all addresses) before attempts are slowed down.
DELAY_AFTER = 3
#: The longest wait before a password is checked, in seconds.
MAX_DELAY = 8.0


def _account_key(email: str) -> str:
    return f"account:{email}"


def _pair_key(email: str, client: str) -> str:
    return f"pair:{email} {client}"


def login_delay(failures: int) -> float:
    """Seconds to wait before checking a password after ``failures`` recent failures of the
    account: none at first, then 0.5, 1, 2 … up to ``MAX_DELAY``."""
    if failures < DELAY_AFTER:
        return 0.0
    return float(min(0.5 * 2 ** (failures - DELAY_AFTER), MAX_DELAY))


def begin_login(
    session: Session, *, email: str, client: str, limit: int, window_seconds: int
) -> float | None:
    """Reserve one attempt for the pair, counted as a failure until ``finish_login`` says
    otherwise; ``None`` when the pair is locked, else the delay to wait before checking.

    The reservation is written before the count, under a lock (PostgreSQL: an advisory lock on
    the pair; SQLite: the write lock the insert takes), so N processes at once never get more
    than ``limit`` checks between them."""
    key = _pair_key(email, client)
    if session.get_bind().dialect.name == "postgresql":
        session.execute(select(func.pg_advisory_xact_lock(func.hashtextextended(key, 0))))
    attempt = LoginAttempt(key=key)
    session.add(attempt)
    session.flush()
    since = utcnow() - timedelta(seconds=window_seconds)
    if _count(session, key, since) > limit:
        session.delete(attempt)
        return None
    return login_delay(_count(session, _account_key(email), since))


def _count(session: Session, key: str, since: datetime) -> int:
    query = select(func.count()).where(LoginAttempt.key == key, LoginAttempt.at >= since)
    return int(session.exec(query).one())


def finish_login(session: Session, *, email: str, client: str, ok: bool) -> None:
    """A success clears the pair's failures; a failure also counts against the account."""
    if ok:
        session.execute(
            delete(LoginAttempt).where(col(LoginAttempt.key) == _pair_key(email, client))
        )
    else:
        session.add(LoginAttempt(key=_account_key(email)))


def failed_logins(session: Session, *, email: str, window_seconds: int) -> int:
    """The account's failed logins in the window, from all addresses."""
    return _count(session, _account_key(email), utcnow() - timedelta(seconds=window_seconds))


def clear_failed_logins(session: Session, *, email: str) -> int:
    """Forget the account's failures (unlock it); returns how many rows went."""
    result = session.execute(
        delete(LoginAttempt).where(
            or_(
                col(LoginAttempt.key) == _account_key(email),
                col(LoginAttempt.key).startswith(f"pair:{email} ", autoescape=True),
            )
        )
    )
    return int(getattr(result, "rowcount", 0) or 0)
