"""The audit log's reader: a page of events, newest first, filtered by action, actor, object
and time (the writer is ``debate.audit.record``). Accounts' e-mail addresses are shown, and
can be filtered by, only when the caller says so (admins)."""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlmodel import Session, col, select

from debate.core.i18n import _
from debate.core.models import AuditEvent, User

#: Events on one page.
AUDIT_PAGE = 50


@dataclass(frozen=True, slots=True)
class AuditFilter:
    action: str = ""
    actor: str = ""
    object_type: str = ""
    object_id: int | None = None
    since: datetime | None = None
    until: datetime | None = None
    before: int | None = None


@dataclass(frozen=True, slots=True)
class AuditRow:
    event: AuditEvent
    actor: str | None
    detail: str


def audit_page(
    session: Session, *, chosen: AuditFilter, show_email: bool = False
) -> tuple[list[AuditRow], bool, str | None]:
    """Newest first, ``AUDIT_PAGE`` at a time from ``chosen.before`` (keyset: no offset to
    grow); whether there are older events; a notice when a filter matched no one."""
    query = select(AuditEvent, User).join(
        User, col(User.id) == col(AuditEvent.actor_id), isouter=True
    )
    notice = None
    if chosen.actor:
        actor_id, notice = _actor_id(session, chosen.actor, by_email=show_email)
        query = query.where(
            col(AuditEvent.actor_id).is_(None)
            if actor_id is None
            else AuditEvent.actor_id == actor_id
        )
    for condition in _conditions(chosen):
        query = query.where(condition)
    found = session.exec(query.order_by(col(AuditEvent.id).desc()).limit(AUDIT_PAGE + 1)).all()
    rows = [AuditRow(event, _who(user, show_email), _detail(event.detail)) for event, user in found]
    return rows[:AUDIT_PAGE], len(rows) > AUDIT_PAGE, notice


def _conditions(chosen: AuditFilter) -> list[Any]:
    conditions: list[Any] = []
    if chosen.action:
        conditions.append(col(AuditEvent.action).startswith(chosen.action, autoescape=True))
    if chosen.object_type:
        conditions.append(AuditEvent.object_type == chosen.object_type)
    if chosen.object_id is not None:
        conditions.append(AuditEvent.object_id == chosen.object_id)
    if chosen.since is not None:
        conditions.append(col(AuditEvent.at) >= chosen.since)
    if chosen.until is not None:
        conditions.append(col(AuditEvent.at) < chosen.until)
    if chosen.before is not None:
        conditions.append(col(AuditEvent.id) < chosen.before)
    return conditions


def _actor_id(session: Session, actor: str, *, by_email: bool) -> tuple[int | None, str | None]:
    """A user id, an e-mail address (admins only: to others the log shows no addresses, so
    it must not confirm them either), or "system" (no person: ``None``)."""
    if actor.casefold() == "system":
        return None, None
    if actor.isascii() and actor.isdigit() and len(actor) < 10:
        return int(actor), None
    if not by_email:
        return -1, _("Filter by account number: only admins can filter by e-mail address.")
    user = session.exec(select(User).where(User.email == actor.casefold())).first()
    if user is None:
        return -1, _("No user has that e-mail address, so nothing matches.")
    return user.id, None


def _who(user: User | None, show_email: bool) -> str | None:
    if user is None:
        return None
    return (
        f"{user.display_name} <{user.email}>" if show_email else f"{user.display_name} #{user.id}"
    )


def _detail(detail: Mapping[str, Any]) -> str:
    return json.dumps(detail, ensure_ascii=False, sort_keys=True, default=str)
