"""The audit log's one write, and the cheap insert it and the submission writes share.

At the bottom of the services: ``actions``, ``mail`` and every area module record here, so none
of them has to import another to write an ``AuditEvent`` (``mail`` once imported ``actions``
for it, and ``actions`` imports ``mail``: that was the one import cycle)."""

from __future__ import annotations

from typing import Any

from sqlmodel import Session, SQLModel

from debate.core.models import AuditEvent, User, table_of


def insert_row(session: Session, row: SQLModel) -> int:
    """Insert ``row`` now, with one Core statement in the session's transaction, and set its
    id. For rows that are only added, never changed later in the same session (a new
    submission's rows, signals, decisions, audit events): the unit of work costs several times
    as much per object, and these rows are most of what a submission writes. ``row`` is not
    put in the session."""
    table = table_of(row)
    values = {column.key: getattr(row, column.key) for column in table.columns}
    if values["id"] is None:
        del values["id"]  # the database numbers it
    key = session.connection().execute(table.insert(), values).inserted_primary_key
    assert key is not None
    row_id = int(key[0])
    row.id = row_id
    return row_id


def record(
    session: Session,
    *,
    actor: User | None,
    action: str,
    object_type: str,
    object_id: int | None,
    **detail: Any,
) -> None:
    """One ``AuditEvent``, in the caller's transaction."""
    event = AuditEvent(
        actor_id=actor.id if actor else None,
        action=action,
        object_type=object_type,
        object_id=object_id,
        detail=detail,
    )
    insert_row(session, event)
