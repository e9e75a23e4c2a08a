"""What the review queue tells people: the author (statement of reasons), notifiers (the
outcome of their notice), appellants and sanctioned users. Messages go to the outbox in the
same transaction as the decision they report."""

from __future__ import annotations

from sqlmodel import Session, select

from debate.audit.record import record
from debate.core.models import (
    PUBLIC_STATES,
    Appeal,
    CaseState,
    ModerationDecision,
    Notice,
    Sanction,
    SanctionKind,
    Submission,
    User,
    utcnow,
)
from debate.outbox import mail
from debate.submissions.statements import mail_statement


def answer_notices(
    session: Session,
    *,
    actor: User,
    submission: Submission,
    decision: ModerationDecision,
    reason: str,
) -> int:
    """Close every open notice about the item with this decision's outcome and tell each
    notifier who left an address; the number closed."""
    acted = decision.visibility not in PUBLIC_STATES or decision.action == "redact"
    outcome = "action_taken" if acted else "no_action"
    notices = session.exec(
        select(Notice).where(Notice.submission_id == submission.id, Notice.state == CaseState.OPEN)
    ).all()
    for notice in notices:
        notice.state, notice.outcome = CaseState.DECIDED, outcome
        notice.outcome_reason = _notice_reason(notice, acted, reason)
        notice.decision_id, notice.decided_by_id = decision.id, actor.id
        notice.decided_at = utcnow()
        record(
            session,
            actor=actor,
            action="notice.decided",
            object_type="notice",
            object_id=notice.id,
            outcome=outcome,
            decision_id=decision.id,
        )
        if notice.notifier_email:
            _mail_notifier(session, notice)
    submission.report_count = 0
    return len(notices)


def _notice_reason(notice: Notice, acted: bool, note: str) -> str:
    english = notice.lang.startswith("en")
    if acted:
        text = (
            "We have acted on the content you reported."
            if english
            else "Vi har agerat på innehållet som du anmälde."
        )
    else:
        text = (
            "A moderator has read the content you reported and found that it may stay published."
            if english
            else "En moderator har läst innehållet som du anmälde och bedömt att det får vara kvar."
        )
    return f"{text} {note.strip()}".strip()


def _mail_notifier(session: Session, notice: Notice) -> None:
    english = notice.lang.startswith("en")
    subject = (
        f"Your report {notice.reference}: decided"
        if english
        else f"Din anmälan {notice.reference}: beslut"
    )
    mail.enqueue(
        session,
        to=notice.notifier_email,
        subject=subject,
        body=notice.outcome_reason,
        kind="notice_outcome",
    )


def mail_author(session: Session, submission: Submission, decision: ModerationDecision) -> None:
    """A moderator's statement of reasons, to the author's account address if any."""
    mail_statement(session, submission, decision.explanation)


def mail_appellant(session: Session, appeal: Appeal) -> None:
    """The outcome of an appeal, to the address given with it or the author's account."""
    to = appeal.email
    if not to and appeal.appellant == "author":
        submission = session.get_one(Submission, appeal.submission_id)
        author = session.get(User, submission.author_id) if submission.author_id else None
        to = author.email if author is not None and author.is_active else ""
    if not to:
        return
    english = appeal.lang.startswith("en")
    subject = (
        f"Your appeal {appeal.reference}: decided"
        if english
        else f"Ditt överklagande {appeal.reference}: beslut"
    )
    mail.enqueue(session, to=to, subject=subject, body=appeal.outcome_reason, kind="appeal_outcome")


def mail_sanction(session: Session, sanction: Sanction) -> None:
    user = session.get_one(User, sanction.user_id)
    if sanction.kind is SanctionKind.WARNING:
        subject = "Varning från Inspel / A warning from Inspel"
        body = f"Du har fått en varning. Skäl: {sanction.reason}\n\nYou have been warned. Reason: {sanction.reason}"  # noqa: E501
    else:
        until = sanction.ends_at.date().isoformat() if sanction.ends_at else ""
        subject = "Ditt konto är avstängt / Your account is suspended"
        body = (
            f"Du kan inte skriva inlägg till och med {until}. Skäl: {sanction.reason}\n\n"
            f"You cannot post until {until}. Reason: {sanction.reason}"
        )
    mail.enqueue(session, to=user.email, subject=subject, body=body, kind="sanction")
