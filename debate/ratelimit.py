"""Rate limits kept in the database, so that every web process counts the same requests.

A request is allowed when each of its keys (``submissions:ip:203.0.113.9``,
``submissions:user:7``) has fewer than ``limit`` events in the last ``window`` seconds; an
allowed request adds one event per key. The count and the insert are not one atomic step: two
processes at the limit at the same instant may both pass, which overshoots by a request or two —
fine for abuse control, and it needs no lock.
"""

from __future__ import annotations

import math
import random
from collections.abc import Sequence
from datetime import timedelta

from sqlmodel import Session, col, delete, func, select

from debate.models import RateEvent, utcnow

#: How often (one request in this many) an allowed request also prunes old rows of every key.
PRUNE_ONE_IN = 200
#: The longest window a setting may choose (a day); older events are pruned.
MAX_WINDOW = 86_400


def check(session: Session, *, keys: Sequence[str], limit: int, window: int) -> int | None:
    """``None`` and the event recorded if allowed; otherwise the seconds until it would be."""
    now = utcnow()
    since = now - timedelta(seconds=window)
    for key in keys:
        recent = select(RateEvent.at).where(RateEvent.key == key, RateEvent.at >= since)
        # Counting stops at the limit: one busy key (many people behind one address) costs
        # no more than ``limit`` index entries per request.
        at_most = recent.limit(limit).subquery()
        count = session.exec(select(func.count()).select_from(at_most)).one()
        if count >= limit:
            oldest = session.exec(recent.order_by(col(RateEvent.at))).first() or now
            return max(1, math.ceil(window - (now - oldest).total_seconds()))
    for key in keys:
        session.add(RateEvent(key=key, at=now))
    if random.randrange(PRUNE_ONE_IN) == 0:  # spreading the work, not a secret
        prune(session)
    return None


def prune(session: Session, *, keep: int = MAX_WINDOW) -> int:
    """Delete the events older than ``keep`` seconds; returns how many went."""
    before = utcnow() - timedelta(seconds=keep)
    result = session.exec(delete(RateEvent).where(col(RateEvent.at) < before))
    return int(result.rowcount or 0)
