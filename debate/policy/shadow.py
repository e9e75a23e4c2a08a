"""Shadow mode's settings: a second threshold set an admin tries beside the one in force.

The classifier worker decides every item with the policy in force, as always; then, in a
transaction of its own, it judges the same revision from the same signals under the shadow set
and stores that verdict (``ShadowVerdict``), which nothing that is published ever reads. A
share below 100 % runs the shadow on the items whose id hashes below it, so the same items are
chosen on every worker and every run. One row per start or stop (``ShadowPolicy``), each
audited; the newest row is in force.
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlmodel import Session, col, select

from debate.audit.record import record
from debate.core.i18n import _
from debate.core.models import User
from debate.core.shadow_models import ShadowPolicy
from debate.policy import store, validate
from moderation import PolicySettings

__all__ = ["SHARE_MAX", "ShadowSettings", "chosen", "in_force", "latest", "start", "stop"]

SHARE_MAX = 100


@dataclass(frozen=True, slots=True)
class ShadowSettings:
    """The shadow set in force: its row id (what verdicts point at), its policy over the
    environment's defaults, its data as saved and the share of items it runs on."""

    id: int
    policy: PolicySettings
    data: Mapping[str, Any]
    share: int
    active: bool
    note: str
    changed_at: datetime


def chosen(submission_id: int, share: int) -> bool:
    """Whether the item ``submission_id`` is in a ``share`` per cent sample: a hash of its id,
    so that the choice is the same on every worker and spread evenly over the ids."""
    digest = hashlib.sha256(f"inspel-shadow:{submission_id}".encode()).digest()
    return int.from_bytes(digest[:4], "big") % SHARE_MAX < share


def latest(
    session: Session, defaults: PolicySettings, *, started: bool = False
) -> ShadowSettings | None:
    """The newest shadow row, running or stopped (``started``: the newest start, the row its
    verdicts point at); ``None`` if no shadow was ever started."""
    query = select(ShadowPolicy).order_by(col(ShadowPolicy.id).desc()).limit(1)
    if started:
        query = query.where(col(ShadowPolicy.active).is_(True))
    row = session.exec(query).first()
    if row is None or row.id is None:
        return None
    return ShadowSettings(
        id=row.id,
        policy=store.build(row.data, defaults),
        data=dict(row.data),
        share=row.share,
        active=row.active,
        note=row.note,
        changed_at=row.created_at,
    )


def in_force(session: Session, defaults: PolicySettings) -> ShadowSettings | None:
    """The shadow set that runs now; ``None`` when none does."""
    found = latest(session, defaults)
    return found if found is not None and found.active and found.share > 0 else None


def check_share(value: Any) -> int:
    """A share in whole per cent, 1 to 100; ``store.PolicyError`` keyed ``shadow_share``."""
    if isinstance(value, bool) or not isinstance(value, int) or not 1 <= value <= SHARE_MAX:
        raise validate.PolicyError(
            {"shadow_share": _("Enter a whole number of per cent from 1 to 100.")}
        )
    return value


def start(
    session: Session,
    *,
    actor: User,
    data: Mapping[str, Any],
    share: int,
    note: str,
    defaults: PolicySettings,
) -> ShadowSettings:
    """Check ``data`` as a policy version would be checked and run it in shadow on ``share``
    per cent of new items, in place of any shadow set before; audited ``policy.shadow_started``."""
    errors: dict[str, str] = {}
    try:
        share = check_share(share)
    except validate.PolicyError as exc:
        errors |= exc.errors
    if len(note) > store.NOTE_MAX:
        errors["note"] = store.note_too_long(note)
    try:
        clean = validate.check(data, defaults)
    except validate.PolicyError as exc:
        errors |= exc.errors
    if errors:
        raise validate.PolicyError(errors)
    row = ShadowPolicy(data=clean, share=share, active=True, changed_by_id=actor.id, note=note)
    session.add(row)
    session.flush()
    in_use = store.current_over(session, defaults).data
    record(
        session,
        actor=actor,
        action="policy.shadow_started",
        object_type="shadow_policy",
        object_id=row.id,
        share=share,
        note=note,
        diff=store.diff(in_use, clean),
    )
    found = latest(session, defaults)
    assert found is not None
    return found


def stop(session: Session, *, actor: User, defaults: PolicySettings) -> bool:
    """Stop the shadow set in force (its verdicts stay for the comparison); False if none ran."""
    running = in_force(session, defaults)
    if running is None:
        return False
    row = ShadowPolicy(
        data=dict(running.data), share=running.share, active=False, changed_by_id=actor.id
    )
    session.add(row)
    session.flush()
    record(
        session,
        actor=actor,
        action="policy.shadow_stopped",
        object_type="shadow_policy",
        object_id=row.id,
        stopped=running.id,
    )
    return True
