"""E-mail: messages are written to the outbox in the same transaction as the decision they
report, and sent later. Without SMTP settings they stay in the outbox, visible to admins."""

from __future__ import annotations

from sqlmodel import Session

from debate.models import OutboxMessage


def enqueue(session: Session, *, to: str, subject: str, body: str, kind: str) -> OutboxMessage:
    """Put one message in the outbox (committed with the caller's transaction)."""
    message = OutboxMessage(to_address=to, subject=subject[:200], body=body, kind=kind)
    session.add(message)
    return message
