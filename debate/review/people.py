"""Moderators' notes about an item and its author, and sanctions (DSA Art. 23): a warning
first, then a time-limited suspension, each with its reason."""

from __future__ import annotations

from datetime import timedelta

from sqlmodel import Session, select

from debate.audit.record import record
from debate.core.i18n import _
from debate.core.models import (
    ModeratorNote,
    Role,
    Sanction,
    SanctionKind,
    Submission,
    User,
    utcnow,
)
from debate.review.decisions import ReviewError
from debate.review.notify import mail_sanction

SUSPENSION_DAYS_MAX = 90


def add_note(session: Session, *, actor: User, submission_id: int, body: str) -> ModeratorNote:
    body = body.strip()
    if not body:
        raise ReviewError(_("Write the note first."))
    if len(body) > 2000:
        raise ReviewError(_("The note is too long (at most 2,000 characters)."))
    submission = session.get(Submission, submission_id)
    if submission is None:
        raise ReviewError(_("There is no such item."))
    assert actor.id is not None
    note = ModeratorNote(
        submission_id=submission_id,
        subject_user_id=submission.author_id,
        author_id=actor.id,
        body=body,
    )
    session.add(note)
    session.flush()
    record(
        session,
        actor=actor,
        action="note.added",
        object_type=submission.kind.value,
        object_id=submission_id,
        note_id=note.id,
    )
    return note


def sanction_author(
    session: Session,
    *,
    actor: User,
    submission_id: int,
    kind: SanctionKind,
    reason: str,
    days: int | None = None,
) -> Sanction:
    """Warn the item's author, or suspend them for ``days`` (only after a warning)."""
    submission = session.get(Submission, submission_id)
    if submission is None:
        raise ReviewError(_("There is no such item."))
    if submission.author_id is None:
        raise ReviewError(_("This item was sent without an account: there is no one to warn."))
    author = session.get_one(User, submission.author_id)
    if not outranks(actor.role, author.role):
        raise ReviewError(_("You can only warn or suspend accounts with a lower role than yours."))
    reason = reason.strip()
    if not 5 <= len(reason) <= 1000:
        raise ReviewError(_("Give the reason in 5 to 1,000 characters."))
    ends_at = None
    if kind is SanctionKind.SUSPENSION:
        ends_at = utcnow() + timedelta(days=_suspension_days(days))
        if not _was_warned(session, submission.author_id):
            raise ReviewError(_("Warn the author first: a suspension follows a warning."))
    assert actor.id is not None
    sanction = Sanction(
        user_id=submission.author_id,
        kind=kind,
        reason=reason,
        submission_id=submission_id,
        ends_at=ends_at,
        decided_by_id=actor.id,
    )
    session.add(sanction)
    session.flush()
    record(
        session,
        actor=actor,
        action=f"user.{'warned' if kind is SanctionKind.WARNING else 'suspended'}",
        object_type="user",
        object_id=submission.author_id,
        sanction_id=sanction.id,
        submission_id=submission_id,
        until=ends_at.isoformat() if ends_at else None,
    )
    mail_sanction(session, sanction)
    return sanction


#: Who may sanction whom: only an account of a lower rank (a moderator a citizen, an admin
#: also staff and moderators; nobody an admin).
_RANK = {Role.CITIZEN: 0, Role.STAFF: 1, Role.MODERATOR: 1, Role.ADMIN: 2}


def outranks(actor: Role, target: Role) -> bool:
    return _RANK[actor] > _RANK[target]


def _suspension_days(days: int | None) -> int:
    if days is None or not 1 <= days <= SUSPENSION_DAYS_MAX:
        raise ReviewError(_("A suspension lasts 1 to 90 days."))
    return days


def _was_warned(session: Session, user_id: int) -> bool:
    found = session.exec(
        select(Sanction.id).where(
            Sanction.user_id == user_id, Sanction.kind == SanctionKind.WARNING
        )
    ).first()
    return found is not None
