"""Rate limits kept in the database, so that every web process counts the same requests.

A request is allowed when each of its keys (``submissions:ip:203.0.113.9``,
``submissions:user:7``) has fewer than ``limit`` events in the last ``window`` seconds; an
allowed request adds one event per key. The count and the insert are not one atomic step: two
processes at the limit at the same instant may both pass, which overshoots by a request or two —
fine for abuse control, and it needs no lock.

The statements are Core, run on a connection or a session alike: the middleware runs them for
every rate-limited POST on a bare connection, without the cost of an ORM session.
"""

from __future__ import annotations

import math
import random
from collections.abc import Sequence
from datetime import timedelta

import sqlalchemy as sa
from sqlmodel import Session

from debate.models import RateEvent, table_of, utcnow

#: How often (one request in this many) an allowed request also prunes old rows of every key.
PRUNE_ONE_IN = 200
#: The longest window a setting may choose (a day); older events are pruned.
MAX_WINDOW = 86_400

_EVENTS = table_of(RateEvent)
_KEY = sa.bindparam("key", type_=_EVENTS.c.key.type)
_SINCE = sa.bindparam("since", type_=_EVENTS.c.at.type)
_RECENT = sa.select(_EVENTS.c.at).where(_EVENTS.c.key == _KEY, _EVENTS.c.at >= _SINCE)
# Counting stops at the limit: one busy key (many people behind one address) costs no more
# than ``limit`` index entries per request.
_COUNT = sa.select(sa.func.count()).select_from(
    _RECENT.limit(sa.bindparam("limit", type_=sa.Integer)).subquery()
)
_OLDEST = _RECENT.order_by(_EVENTS.c.at).limit(1)


def check(
    db: sa.Connection | Session, *, keys: Sequence[str], limit: int, window: int
) -> int | None:
    """``None`` and the event recorded if allowed; otherwise the seconds until it would be."""
    now = utcnow()
    since = now - timedelta(seconds=window)
    for key in keys:
        count = db.execute(_COUNT, {"key": key, "since": since, "limit": limit}).scalar_one()
        if count >= limit:
            oldest = db.execute(_OLDEST, {"key": key, "since": since}).scalar() or now
            return max(1, math.ceil(window - (now - oldest).total_seconds()))
    db.execute(_EVENTS.insert(), [{"key": key, "at": now} for key in keys])
    if random.randrange(PRUNE_ONE_IN) == 0:  # spreading the work, not a secret
        prune(db)
    return None


def prune(db: sa.Connection | Session, *, keep: int = MAX_WINDOW) -> int:
    """Delete the events older than ``keep`` seconds; returns how many went."""
    before = utcnow() - timedelta(seconds=keep)
    result = db.execute(_EVENTS.delete().where(_EVENTS.c.at < before))
    return int(getattr(result, "rowcount", 0) or 0)
