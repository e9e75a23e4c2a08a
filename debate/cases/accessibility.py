"""Reports about accessibility problems, from the accessibility statement's form (Swedish
law 2018:1937): kept in the audit log, where admins read them, and acknowledged by e-mail when
the reporter gives an address."""

from __future__ import annotations

from sqlmodel import Session

from debate.audit.record import record
from debate.core.i18n import _
from debate.core.models import OutboxMessage, User
from debate.outbox import mail

__all__ = ["report_problem"]


def report_problem(
    session: Session, *, actor: User | None, description: str, page: str, email: str, lang: str
) -> None:
    """An accessibility report is kept in the audit log, where admins read it. The address
    for an answer is not: the log is append-only and would keep it beyond any erasure. It
    goes into the outbox instead, as an acknowledgement to that address (admins read it there,
    and an erasure withdraws it while unsent); the log names the message."""
    detail: dict[str, object] = {"description": description, "page": page, "lang": lang}
    if email:
        detail["acknowledgement"] = _acknowledge(session, email).id
    record(
        session,
        actor=actor,
        action="accessibility.reported",
        object_type="site",
        object_id=None,
        **detail,
    )


def _acknowledge(session: Session, email: str) -> OutboxMessage:
    body = "\n\n".join(
        [
            _("We have received your report about accessibility on Inspel."),
            _("We will answer you at this address."),
        ]
    )
    message = mail.enqueue(
        session,
        to=email,
        subject=_("Your report about accessibility has been received"),
        body=body,
        kind="accessibility_received",
    )
    session.flush()
    return message
