"""What moderators decide in the review queue: an item (approve, redact, reject, escalate) and
the notices about it. Claims are in ``debate.review.claims``, appeals in
``debate.review.appeals``, notes and sanctions in ``debate.review.people``.

Every write takes ``actor=`` and is recorded in the audit log. A decision needs the claim the
moderator got when they opened the item (its token) and the revision and decision they saw:
a decision on an item that changed, was decided meanwhile or is claimed by someone else is
refused (``StaleDecisionError``), so two moderators never decide the same item and a replayed
or forged post changes nothing.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from functools import partial

from sqlmodel import Session

from debate.audit.record import record
from debate.core.errors import ForbiddenError
from debate.core.i18n import _
from debate.core.models import (
    PUBLIC_STATES,
    DecisionSource,
    ModerationDecision,
    Revision,
    Submission,
    User,
    Visibility,
    utcnow,
)
from debate.follow import events as follow_events
from debate.review import notify
from debate.review.claims import take_claim
from debate.rulepages.text import rule_url
from debate.submissions.latest import latest_decision, latest_revision
from debate.submissions.screening import masked
from debate.submissions.statements import decision_ground, receipt_words
from moderation import RULES, FlaggedBy, ModeratorAction, Span, TextField, moderator_statement


class Decision(StrEnum):
    APPROVE = "approve"
    REDACT = "redact"
    REJECT = "reject"
    ESCALATE = "escalate"
    #: No action on a published item that was reported (the notice is answered).
    KEEP = "keep"
    #: An appeal reversed a restriction: the original is public again.
    RESTORE = "restore"


class ReviewError(ValueError):
    """The request cannot be carried out; the message says why, in the user's language."""


class StaleDecisionError(ReviewError):
    """The item changed, was decided or is claimed by someone else since it was opened."""


class ConflictOfInterestError(ReviewError, ForbiddenError):
    """The moderator is a party: they wrote the item, took the decision under appeal or
    made the notice behind it. Another moderator must decide (DSA Art. 20(6))."""


def refuse_own_item(actor: User, submission: Submission) -> None:
    """A moderator never decides what they wrote, nor a notice or appeal about it."""
    if submission.author_id is not None and submission.author_id == actor.id:
        raise ConflictOfInterestError(_("You wrote this item: another moderator must decide it."))


#: Rules a moderator may give as the reason to reject (hints such as SHOUTING never are).
REASON_RULES = tuple(
    rule.id for rule in sorted(RULES.values(), key=lambda r: r.priority) if not rule.hint
)


# --- Claims -----------------------------------------------------------------------------------


# --- Deciding an item -------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Seen:
    """What the moderator had in front of them when they decided."""

    token: str
    revision_id: int
    decision_id: int | None


@dataclass(frozen=True, slots=True)
class Choice:
    decision: Decision
    reason: str | None = None  # a rule id from REASON_RULES
    note: str = ""
    spans: tuple[Span, ...] = ()


def check_choice(choice: Choice) -> None:
    """Refuse a choice that lacks what it needs (before any claim is spent)."""
    needs_reason = choice.decision in (Decision.REJECT, Decision.ESCALATE)
    if needs_reason and choice.reason not in REASON_RULES:
        raise ReviewError(_("Choose the rule the item breaks: a reason is required."))
    if choice.decision is Decision.REDACT and not choice.spans:
        raise ReviewError(_("Select at least one part of the text to mask."))
    if choice.decision is Decision.KEEP and not choice.note.strip():
        raise ReviewError(_("Say why no action is needed: the notifier is told."))
    if len(choice.note) > 2000:
        raise ReviewError(_("The note is too long (at most 2,000 characters)."))


def decide_item(
    session: Session,
    *,
    actor: User,
    submission_id: int,
    seen: Seen,
    choice: Choice,
    site_url: str,
    source: DecisionSource = DecisionSource.OWN_INITIATIVE,
) -> ModerationDecision:
    """Decide a claimed item. Refused, changing nothing, when it is stale."""
    check_choice(choice)
    submission = session.get(Submission, submission_id, with_for_update=True)
    if submission is None:
        raise ReviewError(_("There is no such item."))
    refuse_own_item(actor, submission)
    revision = latest_revision(session, submission_id)
    last = latest_decision(session, submission_id)
    if revision.id != seen.revision_id or (last.id if last else None) != seen.decision_id:
        raise StaleDecisionError(
            _("This item changed or was decided while you had it open. Nothing was saved.")
        )
    if not take_claim(session, actor=actor, submission_id=submission_id, token=seen.token):
        raise StaleDecisionError(
            _("Your claim on this item has expired or was taken over. Nothing was saved.")
        )
    return apply_choice(session, actor, submission, revision, choice, site_url, source)


def apply_choice(
    session: Session,
    actor: User,
    submission: Submission,
    revision: Revision,
    choice: Choice,
    site_url: str,
    source: DecisionSource,
) -> ModerationDecision:
    visibility, rules = _outcome(submission, revision, choice)
    assert submission.id is not None
    decision = ModerationDecision(
        submission_id=submission.id,
        revision_id=revision.id,
        action=choice.decision.value,
        visibility=visibility,
        rule_ids=rules,
        ground=decision_ground(rules),
        spans=[[s.field.value, s.start, s.end] for s in choice.spans],
        decided_by_id=actor.id,
        automated_detection=False,
        automated_decision=False,
        source=source,
    )
    restricted = visibility not in Visibility.unmasked() and (choice.decision is not Decision.KEEP)
    if restricted:
        decision.explanation = _statement(submission, choice, rules, site_url, source)
    session.add(decision)
    session.flush()
    submission.escalated = submission.escalated or choice.decision is Decision.ESCALATE
    _audit_decision(session, actor, submission, decision, choice)
    if restricted:
        notify.mail_author(session, submission, decision)
    notify.answer_notices(
        session, actor=actor, submission=submission, decision=decision, reason=choice.note
    )
    follow_events.decided(session, submission)
    return decision


#: The choices that make an item public; a withdrawn item takes none of them.
_PUBLISHING = (Decision.APPROVE, Decision.REDACT, Decision.RESTORE)


def _outcome(
    submission: Submission, revision: Revision, choice: Choice
) -> tuple[Visibility, list[str]]:
    """Set the submission's visibility and published copy; the rules relied on."""
    submission.updated_at = utcnow()
    withdrawn = submission.visibility is Visibility.WITHDRAWN
    if withdrawn and choice.decision in _PUBLISHING:
        raise ReviewError(_("The author has withdrawn this item: it cannot be published."))
    if choice.decision is Decision.KEEP:
        if submission.visibility not in PUBLIC_STATES and not withdrawn:
            raise ReviewError(_("Only a published item can be kept as it is."))
        return submission.visibility, []
    if choice.decision is Decision.RESTORE:
        submission.visibility = Visibility.RESTORED
        submission.published_title, submission.published_body = revision.title, revision.body
        return submission.visibility, []
    if choice.decision is Decision.APPROVE:
        was_hidden = submission.visibility in Visibility.hidden()
        submission.visibility = Visibility.RESTORED if was_hidden else Visibility.PUBLISHED
        submission.published_title, submission.published_body = revision.title, revision.body
        return submission.visibility, []
    if choice.decision is Decision.REDACT:
        submission.visibility = Visibility.PUBLISHED_REDACTED
        submission.published_title = masked(revision.title, choice.spans, TextField.TITLE)
        submission.published_body = masked(revision.body, choice.spans, TextField.BODY)
        return submission.visibility, list(dict.fromkeys(s.rule_id for s in choice.spans))
    submission.visibility = Visibility.HIDDEN
    submission.published_title = submission.published_body = None
    assert choice.reason is not None
    return submission.visibility, [choice.reason]


def _statement(
    submission: Submission,
    choice: Choice,
    rules: list[str],
    site_url: str,
    source: DecisionSource,
) -> str:
    action = (
        ModeratorAction.REDACT if choice.decision is Decision.REDACT else ModeratorAction.REJECT
    )
    flagged = FlaggedBy.USER if source is DecisionSource.NOTICE else FlaggedBy.AUTOMATION
    if submission.visibility in PUBLIC_STATES and source is DecisionSource.OWN_INITIATIVE:
        flagged = FlaggedBy.MODERATOR
    return moderator_statement(
        action,
        rules,
        lang=submission.lang,
        item_ref=f"INS-{submission.id}",
        date=submission.created_at.date().isoformat(),
        appeal_url=_appeal_where(submission, site_url),
        flagged_by=flagged,
        note=choice.note,
        rule_link=partial(rule_url, site_url),
    )


def _appeal_where(submission: Submission, site_url: str) -> str:
    """Where the author appeals: their account page, or the receipt link only they hold."""
    if submission.author_id is not None:
        return f"{site_url.rstrip('/')}/me/submissions/{submission.id}"
    return receipt_words(submission.lang.startswith("en"))


def _audit_decision(
    session: Session,
    actor: User,
    submission: Submission,
    decision: ModerationDecision,
    choice: Choice,
) -> None:
    detail = {
        "decision_id": decision.id,
        "visibility": decision.visibility.value,
        "rules": decision.rule_ids,
        "source": decision.source.value,
    }
    record(
        session,
        actor=actor,
        action=f"submission.{choice.decision.value}",
        object_type=submission.kind.value,
        object_id=submission.id,
        **detail,
    )
    if choice.decision is Decision.REDACT:
        record(
            session,
            actor=actor,
            action="submission.redacted",
            object_type=submission.kind.value,
            object_id=submission.id,
            spans=decision.spans,
        )
    if choice.decision is Decision.ESCALATE:
        record(
            session,
            actor=actor,
            action="submission.escalated",
            object_type=submission.kind.value,
            object_id=submission.id,
            police_report=True,
            basis="DSA Art. 18",
        )


# --- Appeals (DSA Art. 20) --------------------------------------------------------------------
