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
from debate.review.forms import phrase_spans
from debate.submissions.latest import latest_revision
from moderation import Span

#: The appeal outcome "publish with masking": the item is published with the chosen parts masked.
MASKED = "masked"


def decide_appeal(
    session: Session,
    *,
    actor: User,
    appeal_id: int,
    reverse: bool,
    reason: str,
    site_url: str,
    rule: str | None = None,
    mask: str = "",
) -> Appeal:
    """Uphold or reverse the decision under appeal; only a moderator who did not take it may.
    A reversed author's appeal restores the item; a reversed notifier's appeal hides it.

    With ``mask`` (words to mask, exactly as written, one per line, under the rule ``rule``)
    the outcome is "publish with masking" (``masked``): the item is published with those
    words masked, and its new statement of reasons says so."""
    appeal = session.get(Appeal, appeal_id, with_for_update=True)
    if appeal is None:
        raise ReviewError(_("There is no such appeal."))
    original = session.get_one(ModerationDecision, appeal.decision_id)
    _refuse_party_to_appeal(session, actor, appeal, original)
    reason = reason.strip()
    if not 5 <= len(reason) <= 2000:
        raise ReviewError(_("Give the reasons for the outcome in 5 to 2,000 characters."))
    spans = _mask_spans(session, appeal, mask, rule) if mask.strip() else ()
    outcome = MASKED if spans else ("reversed" if reverse else "upheld")
    if not _close_appeal(session, appeal, actor, outcome):
        raise StaleDecisionError(_("This appeal has already been decided. Nothing was saved."))
    if spans:
        choice = Choice(Decision.REDACT, rule, reason, spans)
        submission = session.get_one(Submission, appeal.submission_id, with_for_update=True)
        revision = latest_revision(session, appeal.submission_id)
        apply_choice(session, actor, submission, revision, choice, site_url, DecisionSource.APPEAL)
    elif reverse:
        _reverse(session, actor, appeal, reason, site_url, rule)
    appeal.outcome_reason = _appeal_reason(appeal, outcome, reason)
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


def _mask_spans(session: Session, appeal: Appeal, mask: str, rule: str | None) -> tuple[Span, ...]:
    """The spans of the words to mask in the item's latest text (the review workspace's own
    span picking, ``debate.review.forms.phrase_spans``); ``ReviewError`` when one is not there
    or no rule is given."""
    revision = latest_revision(session, appeal.submission_id)
    spans = phrase_spans(mask, (revision.title or "", revision.body), rule)
    check_choice(Choice(Decision.REDACT, rule, "", spans))
    return spans


def _appeal_reason(appeal: Appeal, outcome: str, reason: str) -> str:
    english = appeal.lang.startswith("en")
    if outcome == MASKED:
        head = (
            "Your appeal has been partly granted: the text is published with some parts masked."
            if english
            else "Ditt överklagande har delvis bifallits: texten publiceras med vissa delar dolda."
        )
    elif outcome == "reversed":
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
