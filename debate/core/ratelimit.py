"""Rate limits kept in the database, so that every web process counts the same requests.

A request is allowed when each of its keys (``submissions:ip:203.0.113.9``,
``submissions:user:7``) has fewer than ``limit`` events in the last ``window`` seconds; an
allowed request adds one event per key. Counting and adding are one step, so that N processes
at the limit at the same instant never let more than ``limit`` through:

- one ``INSERT … SELECT … WHERE (count) < limit`` adds the events of every key or none. On
  SQLite a statement runs under the database's one write lock, so that alone is atomic.
- On PostgreSQL two transactions could each count before the other's insert is committed, so
  each first takes a transaction-scoped advisory lock on its keys (``pg_advisory_xact_lock``,
  in sorted order, so two requests never wait on each other in a circle). The lock is held to
  the commit; the next request with the same key counts after it.

The statements are Core, run on a connection or a session alike: the middleware runs them for
every rate-limited POST on a bare connection, without the cost of an ORM session. ``table``
lets another table of the same shape (``key``, ``at``) use the same counting: the failed
logins in ``loginattempt``.
"""

from __future__ import annotations

import math
import random
import zlib
from collections.abc import Sequence
from datetime import datetime, timedelta
from functools import cache

import sqlalchemy as sa
from sqlmodel import Session

from debate.core.models import LoginAttempt, RateEvent, table_of, utcnow

#: How often (one request in this many) an allowed request also prunes old rows of every key.
PRUNE_ONE_IN = 200
#: The longest window a setting may choose (a day); older events are pruned.
MAX_WINDOW = 86_400
#: First half of the advisory lock's key, so these locks never meet another part's.
LOCK_SPACE = 0x1A7E

EVENTS = table_of(RateEvent)
LOGIN_ATTEMPTS = table_of(LoginAttempt)


def check(
    db: sa.Connection | Session,
    *,
    keys: Sequence[str],
    limit: int,
    window: int,
    table: sa.Table = EVENTS,
    login_window: int = MAX_WINDOW,
) -> int | None:
    """``None`` and the event recorded for every key if allowed; otherwise nothing recorded
    and the seconds until it would be allowed. Now and then it also prunes (``prune``, with
    failed logins kept for ``login_window``)."""
    now = utcnow()
    since = now - timedelta(seconds=window)
    keys = list(dict.fromkeys(keys))
    if _dialect(db) == "postgresql":
        for key in sorted(keys):
            db.execute(_LOCK, {"space": LOCK_SPACE, "id": _lock_id(key)})
    params: dict[str, object] = {f"k{i}": key for i, key in enumerate(keys)}
    params.update(now=now, since=since, limit=limit)
    # RETURNING, not rowcount: psycopg reports -1 for an INSERT … SELECT.
    added = len(db.execute(_insert_under(table, len(keys)), params).all())
    if added != len(keys):
        return _retry_after(db, table, keys, limit=limit, since=since, now=now, window=window)
    if random.randrange(PRUNE_ONE_IN) == 0:  # spreading the work, not a secret
        prune(db, login_keep=login_window)
    return None


_LOCK = sa.text("SELECT pg_advisory_xact_lock(:space, :id)")


def _lock_id(key: str) -> int:
    """A stable 32-bit signed id for ``key`` (Python's ``hash`` differs between processes)."""
    value = zlib.crc32(key.encode())
    return value - 2**32 if value >= 2**31 else value


def _dialect(db: sa.Connection | Session) -> str:
    bind = db.get_bind() if isinstance(db, Session) else db
    return bind.dialect.name


@cache
def _insert_under(table: sa.Table, count: int) -> sa.Insert:
    """Insert (key, now) for keys ``k0`` … ``k<count-1>`` only if every key has fewer than
    ``limit`` rows since ``since``. Counting stops at the limit: one busy key (many people
    behind one address) costs no more than ``limit`` index entries per request."""
    key_type, at_type = table.c.key.type, table.c.at.type
    now = sa.bindparam("now", type_=at_type)
    rows = sa.union_all(
        *(
            sa.select(sa.bindparam(f"k{i}", type_=key_type).label("key"), now.label("at"))
            for i in range(count)
        )
    ).subquery("new")
    under = [
        _recent_count(table, sa.bindparam(f"k{i}", type_=key_type)) < _LIMIT for i in range(count)
    ]
    chosen = sa.select(rows.c.key, rows.c.at).where(sa.and_(*under))
    return sa.insert(table).from_select(["key", "at"], chosen).returning(table.c.key)


_LIMIT = sa.bindparam("limit", type_=sa.Integer)


def _recent_count(table: sa.Table, key: sa.BindParameter[str]) -> sa.ScalarSelect[int]:
    since = sa.bindparam("since", type_=table.c.at.type)
    recent = sa.select(table.c.at).where(table.c.key == key, table.c.at >= since).limit(_LIMIT)
    return sa.select(sa.func.count()).select_from(recent.subquery()).scalar_subquery()


def _retry_after(
    db: sa.Connection | Session,
    table: sa.Table,
    keys: list[str],
    *,
    limit: int,
    since: datetime,
    now: datetime,
    window: int,
) -> int:
    """Seconds until the oldest event in the window of the first full key has aged out."""
    for key in keys:
        params = {"key": key, "since": since, "limit": limit}
        if db.execute(_count_of(table), params).scalar_one() >= limit:
            oldest = db.execute(_oldest_of(table), params).scalar() or now
            # Another request may have added its event after ``now`` was taken: at most ``window``.
            return max(1, min(window, math.ceil(window - (now - oldest).total_seconds())))
    return 1  # another request took the last place between the two statements


@cache
def _count_of(table: sa.Table) -> sa.Select[int]:
    return sa.select(_recent_count(table, sa.bindparam("key", type_=table.c.key.type)))


@cache
def _oldest_of(table: sa.Table) -> sa.Select[datetime]:
    key = sa.bindparam("key", type_=table.c.key.type)
    since = sa.bindparam("since", type_=table.c.at.type)
    recent = sa.select(table.c.at).where(table.c.key == key, table.c.at >= since)
    return recent.order_by(table.c.at).limit(1)


def prune(
    db: sa.Connection | Session, *, keep: int = MAX_WINDOW, login_keep: int = MAX_WINDOW
) -> int:
    """Delete the events older than ``keep`` seconds (no window is longer) and the failed
    logins older than ``login_keep`` (the login window): a failed login names an address and
    an account, personal data kept no longer than it serves the lock. Returns how many rows
    went."""
    now = utcnow()
    gone = 0
    for table, seconds in ((EVENTS, keep), (LOGIN_ATTEMPTS, login_keep)):
        result = db.execute(table.delete().where(table.c.at < now - timedelta(seconds=seconds)))
        gone += int(getattr(result, "rowcount", 0) or 0)
    return gone
