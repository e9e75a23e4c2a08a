"""A citizen's own data (GDPR Arts. 15, 17 and 20): everything held about them as a ZIP of JSON
files, and erasure: the identity goes, the content stays as anonymous.

Submissions are public records (allmänna handlingar) from the moment they arrive, so erasure
removes who wrote them, never what was written. An item that is part of an open case (an open
notice or appeal, or one escalated to the police) keeps its link to the author until the case is
closed; ``complete_erasures`` removes it then. A notice about a citizen's item is the
notifier's personal data: its explanation is free text that may hold the notifier's own name,
address or phone, so the author's export gives only its category, date and outcome (GDPR
Art. 15(4): the right of access must not adversely affect the rights of others).
"""

from __future__ import annotations

import io
import json
import zipfile
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

import sqlalchemy as sa
from sqlmodel import Session, col, func, or_, select

from debate.audit.record import record
from debate.core.errors import ForbiddenError
from debate.core.i18n import _
from debate.core.models import (
    Appeal,
    AuditEvent,
    CaseState,
    ModerationDecision,
    ModeratorNote,
    Notice,
    OidcIdentity,
    OutboxMessage,
    Revision,
    Role,
    Sanction,
    Submission,
    Support,
    User,
    utcnow,
)
from debate.follow import actions as follow
from debate.submissions.revise import open_case

#: What an erased account's display name becomes.
ANONYMOUS = "anonym"
#: A password hash that no password matches (argon2 refuses to parse it).
UNUSABLE_PASSWORD = "!erased"  # noqa: S105  a marker no password can match, not a secret
SUBMISSION_AUDIT_TYPES = ("proposal", "reply", "submission")


class ErasureRefusedError(ForbiddenError):
    """Erasure is not possible for this account (staff accounts are closed by an admin)."""


# --- Export ---------------------------------------------------------------------------------


def _json(value: Any) -> Any:
    if isinstance(value, datetime):
        return value.isoformat()
    if isinstance(value, dict):
        return {k: _json(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_json(v) for v in value]
    return value


def _row(row: Any, *, without: Iterable[str] = ()) -> dict[str, Any]:
    data = row.model_dump(exclude=set(without))
    return {k: _json(v) for k, v in data.items()}


def _decision(decision: ModerationDecision) -> dict[str, Any]:
    data = _row(decision, without=("decided_by_id",))
    # Which moderator decided is staff data; whether a person or the system did is the author's.
    data["decided_by"] = "person" if decision.decided_by_id is not None else "system"
    return data


def submission_record(session: Session, submission: Submission) -> dict[str, Any]:
    """One submission with every revision, every decision and statement, notices and appeals
    about it (without the notifiers' identities)."""
    sid = submission.id
    revisions = session.exec(
        select(Revision).where(Revision.submission_id == sid).order_by(col(Revision.number))
    )
    decisions = session.exec(
        select(ModerationDecision)
        .where(ModerationDecision.submission_id == sid)
        .order_by(col(ModerationDecision.id))
    )
    notices = session.exec(select(Notice).where(Notice.submission_id == sid))
    appeals = session.exec(select(Appeal).where(Appeal.submission_id == sid))
    return {
        **_row(submission, without=("status_token_hash",)),
        "revisions": [_row(r) for r in revisions],
        "decisions": [_decision(d) for d in decisions],
        "notices": [_notice_about(n) for n in notices],
        # A notifier's appeal is the notifier's data; only the author's own appeals are here.
        "appeals": [
            _row(a, without=("decided_by_id",)) for a in appeals if a.appellant == "author"
        ],
    }


#: What the author of a reported item learns about a notice: never the notifier's explanation,
#: name, address or reference, which are the notifier's data (module docstring).
NOTICE_FIELDS_FOR_AUTHOR = ("category", "created_at", "state", "outcome", "decided_at")


def _notice_about(notice: Notice) -> dict[str, Any]:
    return {field: _json(getattr(notice, field)) for field in NOTICE_FIELDS_FOR_AUTHOR}


def export_user(session: Session, *, actor: User) -> dict[str, Any]:
    """The JSON files of a signed-in person's export of their own data, by file name; the
    export itself is audited (``user.data_exported``, after the files are read)."""
    assert actor.id is not None
    files = _user_files(session, user_id=actor.id)
    record(
        session,
        actor=actor,
        action="user.data_exported",
        object_type="user",
        object_id=actor.id,
        files=sorted(files),
    )
    return files


def _user_files(session: Session, *, user_id: int) -> dict[str, Any]:
    user = session.get_one(User, user_id)
    submissions = list(session.exec(select(Submission).where(Submission.author_id == user_id)))
    ids = [s.id for s in submissions]
    return {
        "account.json": _row(user, without=("password_hash",)),
        "submissions.json": [submission_record(session, s) for s in submissions],
        "notices_made.json": [
            _row(n, without=("token_hash", "decided_by_id")) for n in _notices_by(session, user)
        ],
        "supports.json": [
            _row(s) for s in session.exec(select(Support).where(Support.user_id == user_id))
        ],
        "sanctions.json": [
            _row(s, without=("decided_by_id",))
            for s in session.exec(select(Sanction).where(Sanction.user_id == user_id))
        ],
        "moderator_notes.json": [
            _row(n, without=("author_id",))
            for n in session.exec(
                select(ModeratorNote).where(
                    or_(
                        ModeratorNote.subject_user_id == user_id,
                        col(ModeratorNote.submission_id).in_(ids),
                    )
                )
            )
        ],
        "audit_events.json": [_event(e, user_id) for e in _audit_about(session, user_id, ids)],
        "sign_in_services.json": [
            _row(i)
            for i in session.exec(select(OidcIdentity).where(OidcIdentity.user_id == user_id))
        ],
        "follows.json": [_row(f) for f in follow.follows_of_user(session, user_id=user_id)],
    }


def _notices_by(session: Session, user: User) -> list[Notice]:
    """Notices sent with the account's address, only once the owner has proved the address
    (anyone can register any address; a notice may hold its sender's phone and address)."""
    if user.verified_at is None:
        return []
    by_address = func.lower(Notice.notifier_email) == user.email.lower()
    return list(session.exec(select(Notice).where(by_address)))


def export_submission(session: Session, *, submission_id: int) -> dict[str, Any]:
    """The export for a receipt link: that one submission and the audit events about it."""
    submission = session.get_one(Submission, submission_id)
    events = session.exec(
        select(AuditEvent).where(
            col(AuditEvent.object_type).in_(SUBMISSION_AUDIT_TYPES),
            AuditEvent.object_id == submission_id,
        )
    )
    files = {
        "submission.json": submission_record(session, submission),
        "audit_events.json": [_event(e, None) for e in events],
    }
    # The address given with it, for whoever holds the receipt link: it is their own.
    if address := follow.author_follow(session, submission_id=submission_id):
        files["email_address.json"] = _row(address)
    return files


def _event(event: AuditEvent, user_id: int | None) -> dict[str, Any]:
    data = _row(event, without=("actor_id",))
    if event.actor_id is None:
        data["actor"] = "system or anonymous"
    else:
        data["actor"] = "you" if event.actor_id == user_id else "staff"
    return data


def _audit_about(session: Session, user_id: int, submission_ids: list[int | None]) -> list[Any]:
    return list(
        session.exec(
            select(AuditEvent)
            .where(
                or_(
                    AuditEvent.actor_id == user_id,
                    (AuditEvent.object_type == "user") & (AuditEvent.object_id == user_id),
                    col(AuditEvent.object_type).in_(SUBMISSION_AUDIT_TYPES)
                    & col(AuditEvent.object_id).in_(submission_ids),
                )
            )
            .order_by(col(AuditEvent.id))
        )
    )


def to_zip(files: dict[str, Any]) -> bytes:
    """The files as pretty-printed UTF-8 JSON in one ZIP."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for name, content in files.items():
            text = json.dumps(content, ensure_ascii=False, indent=2, sort_keys=True)
            archive.writestr(name, text + "\n")
    return buffer.getvalue()


# --- Erasure --------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Erasure:
    anonymised: list[int]
    #: Submissions that keep the author's link because they are part of an open case.
    kept: list[int]


def _anonymise(submissions: Iterable[Submission], session: Session) -> Erasure:
    anonymised: list[int] = []
    kept: list[int] = []
    for submission in submissions:
        assert submission.id is not None
        if open_case(session, submission):
            kept.append(submission.id)
            continue
        submission.author_id = None
        submission.author_name = ""
        submission.updated_at = utcnow()
        session.add(submission)
        anonymised.append(submission.id)
    return Erasure(anonymised, kept)


def erase_user(session: Session, *, actor: User) -> Erasure:
    """Remove the account's identity; its content stays, as anonymous."""
    user = session.get_one(User, actor.id)
    if user.role != Role.CITIZEN:
        raise ErasureRefusedError(
            _("Staff accounts are closed by an administrator, not erased here.")
        )
    result = _anonymise(
        session.exec(select(Submission).where(Submission.author_id == user.id)), session
    )
    for support in session.exec(select(Support).where(Support.user_id == user.id)):
        support.user_id = None
        session.add(support)
    # An unproved address may be someone else's: their notices and mail are not the account's.
    cases_kept = _erase_contact(session, user.email) if user.verified_at is not None else []
    # The person's identity at a sign-in service goes too: the same person signing in again
    # is a new account.
    session.execute(sa.delete(OidcIdentity).where(col(OidcIdentity.user_id) == user.id))
    follow.erase(session, user_id=user.id)
    user.email = f"erased-{user.id}@invalid"
    user.display_name = ANONYMOUS
    user.password_hash = UNUSABLE_PASSWORD
    user.is_active = False
    session.add(user)
    record(
        session,
        actor=user,
        action="user.erased",
        object_type="user",
        object_id=user.id,
        anonymised=result.anonymised,
        kept_for_open_case=result.kept,
        contact_kept_for_open_case=cases_kept,
    )
    return result


def _erase_contact(session: Session, email: str) -> list[str]:
    """Remove the account's address from its closed notices and appeals and from the e-mail
    already sent; returns the references of open cases, whose outcome must still reach it."""
    kept: list[str] = []
    for notice in session.exec(select(Notice).where(Notice.notifier_email == email)):
        if notice.state == CaseState.OPEN:
            kept.append(notice.reference)
            continue
        notice.notifier_email, notice.notifier_name = "", ""
        session.add(notice)
    for appeal in session.exec(select(Appeal).where(Appeal.email == email)):
        if appeal.state == CaseState.OPEN:
            kept.append(appeal.reference)
            continue
        appeal.email = ""
        session.add(appeal)
    sent = select(OutboxMessage).where(
        OutboxMessage.to_address == email, col(OutboxMessage.sent_at).is_not(None)
    )
    for message in session.exec(sent):
        message.to_address = "erased@invalid"
        session.add(message)
    _cancel_unsent(session, email)
    return kept


def _cancel_unsent(session: Session, email: str) -> None:
    """Mail not yet sent to the erased address is withdrawn: it would carry the address (and
    a body about the person) past the erasure and still reach them. The outcome of an open
    case is a new message, written when the case is decided."""
    session.execute(
        sa.delete(OutboxMessage).where(
            sa.func.lower(col(OutboxMessage.to_address)) == email.strip().lower(),
            col(OutboxMessage.sent_at).is_(None),
        )
    )


def erase_author_name(session: Session, *, submission_id: int) -> bool:
    """From a receipt link: remove the name given with one submission. False while the item is
    part of an open case."""
    submission = session.get_one(Submission, submission_id)
    if open_case(session, submission):
        return False
    submission.author_name = ""
    submission.updated_at = utcnow()
    session.add(submission)
    record(
        session,
        actor=None,
        action="submission.author_erased",
        object_type=submission.kind.value,
        object_id=submission_id,
    )
    return True


def complete_erasures(session: Session) -> list[int]:
    """Finish erasures whose open cases have closed since: unlink the items and remove the
    address from the notices and appeals; returns the ids of the items unlinked."""
    done: list[int] = []
    for event in session.exec(select(AuditEvent).where(AuditEvent.action == "user.erased")):
        if event.object_id is None:  # ``author_id == None`` would select every anonymous item
            continue
        pending = session.exec(select(Submission).where(Submission.author_id == event.object_id))
        result = _anonymise(pending, session)
        references = event.detail.get("contact_kept_for_open_case", [])
        cleared = _clear_closed_contacts(session, references)
        if result.anonymised or cleared:
            record(
                session,
                actor=None,
                action="user.erasure_completed",
                object_type="user",
                object_id=event.object_id,
                anonymised=result.anonymised,
                contact_removed=cleared,
            )
        done.extend(result.anonymised)
    return done


def _clear_closed_contacts(session: Session, references: list[str]) -> list[str]:
    cleared: list[str] = []
    for reference in references:
        notice = session.exec(select(Notice).where(Notice.reference == reference)).first()
        appeal = session.exec(select(Appeal).where(Appeal.reference == reference)).first()
        case = notice or appeal
        if case is None or case.state == CaseState.OPEN:
            continue
        if notice is not None and notice.notifier_email:
            notice.notifier_email, notice.notifier_name = "", ""
            session.add(notice)
            cleared.append(reference)
        elif appeal is not None and appeal.email:
            appeal.email = ""
            session.add(appeal)
            cleared.append(reference)
    return cleared
