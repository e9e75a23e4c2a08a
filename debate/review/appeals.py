"""Deciding an appeal (DSA Art. 20): upheld, or reversed with a new decision; never by a party to
it."""

from __future__ import annotations

import sqlalchemy as sa
from sqlmodel import Session, col, select

from debate.audit.record import record
from debate.core.i18n import _
from debate.core.models import (
    Appeal,
    AuditEvent,
    CaseState,
    DecisionSource,
    ModerationDecision,
    Notice,
    Submission,
    User,
    utcnow,
)
from debate.review import notify
from debate.review.decisions import (
    Choice,
    ConflictOfInterestError,
    Decision,
    ReviewError,
    StaleDecisionError,
    apply_choice,
    check_choice,
    refuse_own_item,
)
from debate.submissions.latest import latest_revision


def decide_appeal(
    session: Session,
    *,
    actor: User,
    appeal_id: int,
    reverse: bool,
    reason: str,
    site_url: str,
    rule: str | None = None,
) -> Appeal:
    """Uphold or reverse the decision under appeal; only a moderator who did not take it may.
    A reversed author's appeal restores the item; a reversed notifier's appeal hides it."""
    appeal = session.get(Appeal, appeal_id, with_for_update=True)
    if appeal is None:
        raise ReviewError(_("There is no such appeal."))
    original = session.get_one(ModerationDecision, appeal.decision_id)
    _refuse_party_to_appeal(session, actor, appeal, original)
    reason = reason.strip()
    if not 5 <= len(reason) <= 2000:
        raise ReviewError(_("Give the reasons for the outcome in 5 to 2,000 characters."))
    if not _close_appeal(session, appeal, actor, "reversed" if reverse else "upheld"):
        raise StaleDecisionError(_("This appeal has already been decided. Nothing was saved."))
    if reverse:
        _reverse(session, actor, appeal, reason, site_url, rule)
    appeal.outcome_reason = _appeal_reason(appeal, reverse, reason)
    record(
        session,
        actor=actor,
        action="appeal.decided",
        object_type="appeal",
        object_id=appeal.id,
        outcome=appeal.outcome,
        decision_id=original.id,
    )
    notify.mail_appellant(session, appeal)
    return appeal


def _refuse_party_to_appeal(
    session: Session, actor: User, appeal: Appeal, original: ModerationDecision
) -> None:
    """Only a moderator who is no party decides an appeal: not the one who took the decision,
    not the author of the item, not the notifier behind a notifier's appeal."""
    if original.decided_by_id == actor.id:
        raise ConflictOfInterestError(
            _("You took the decision under appeal: another moderator must decide the appeal.")
        )
    refuse_own_item(actor, session.get_one(Submission, appeal.submission_id))
    notice = session.get(Notice, appeal.notice_id) if appeal.notice_id else None
    if notice is not None and _made_notice(session, actor, notice):
        raise ConflictOfInterestError(
            _("You made the notice behind this appeal: another moderator must decide it.")
        )


def _made_notice(session: Session, actor: User, notice: Notice) -> bool:
    """Whether ``actor`` sent the notice, signed in or with their account's address."""
    if notice.notifier_email.strip().lower() == actor.email.strip().lower():
        return True
    sent = session.exec(
        select(AuditEvent.id).where(
            AuditEvent.action == "notice.received",
            AuditEvent.object_type == "notice",
            AuditEvent.object_id == notice.id,
            AuditEvent.actor_id == actor.id,
        )
    ).first()
    return sent is not None


def _close_appeal(session: Session, appeal: Appeal, actor: User, outcome: str) -> bool:
    """Mark it decided if it is still open: of two moderators, exactly one succeeds."""
    now = utcnow()
    result = session.execute(
        sa.update(Appeal)
        .where(col(Appeal.id) == appeal.id, col(Appeal.state) == CaseState.OPEN)
        .values(state=CaseState.DECIDED, outcome=outcome, decided_by_id=actor.id, decided_at=now)
    )
    session.refresh(appeal)
    return bool(result.rowcount)  # type: ignore[attr-defined]


def _reverse(
    session: Session, actor: User, appeal: Appeal, reason: str, site_url: str, rule: str | None
) -> None:
    submission = session.get_one(Submission, appeal.submission_id, with_for_update=True)
    revision = latest_revision(session, appeal.submission_id)
    if appeal.appellant == "author":
        choice = Choice(Decision.RESTORE, note=reason)
    else:
        notice = session.get(Notice, appeal.notice_id) if appeal.notice_id else None
        category_rule = notice.category.partition(":")[2] if notice else ""
        choice = Choice(Decision.REJECT, reason=rule or category_rule, note=reason)
        check_choice(choice)
    apply_choice(session, actor, submission, revision, choice, site_url, DecisionSource.APPEAL)


def _appeal_reason(appeal: Appeal, reverse: bool, reason: str) -> str:
    english = appeal.lang.startswith("en")
    if reverse:
        head = (
            "Your appeal has been granted: the decision is reversed."
            if english
            else "Ditt överklagande har bifallits: beslutet ändras."
        )
    else:
        head = (
            "Your appeal has been reviewed by another moderator, and the decision stands."
            if english
            else "Ditt överklagande har prövats av en annan moderator, och beslutet står fast."
        )
    return f"{head} {reason}"
