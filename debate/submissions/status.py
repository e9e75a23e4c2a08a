"""What a submission's state means, in words its author understands."""

from __future__ import annotations

from dataclasses import dataclass

import sqlalchemy as sa
from sqlmodel import Session, col, func, select

from debate.core.i18n import _, get_language
from debate.core.labels import state_label
from debate.core.models import (
    Article,
    ModerationDecision,
    ModerationSignal,
    Proposal,
    Reply,
    Revision,
    Submission,
    Visibility,
)
from debate.submissions.latest import latest_decision, latest_revision
from moderation import (
    RULES,
    Action,
    HoldReason,
    Span,
    TextField,
    Verdict,
    citizen_explanation,
    hint_texts,
)


@dataclass(frozen=True, slots=True)
class StatusText:
    label: str
    summary: str
    reasons: list[str]
    hints: list[str]
    is_public: bool


def _summary(visibility: Visibility) -> str:
    summaries = {
        Visibility.RECEIVED: _("We have received your text and are checking it."),
        Visibility.SCREENING: _("We have received your text and are checking it."),
        Visibility.PUBLISHED: _("Your text is published and visible to everyone."),
        Visibility.PUBLISHED_REDACTED: _(
            "Your text is published, with some parts masked. Your original is kept unchanged."
        ),
        Visibility.HELD: _(
            "A moderator will read your text before it is published. It is stored and nothing is lost."  # noqa: E501
        ),
        Visibility.HIDDEN: _("A moderator has decided not to publish your text."),
        Visibility.HIDDEN_FINAL: _("A moderator has decided not to publish your text."),
        Visibility.RESTORED: _("Your text is published again after a new review."),
        Visibility.WITHDRAWN: _(
            "You have withdrawn your text: it is hidden from the public, with the reason "
            "“withdrawn by the author”. It is kept unchanged."
        ),
    }
    return summaries[visibility]


def describe(found: SubmissionStatus) -> StatusText:
    lang = get_language()
    visibility = found.submission.visibility
    hint_rules = tuple(r for r in found.signal_rules if r in RULES and RULES[r].hint)
    hints = hint_texts(Verdict(action=Action.PUBLISH, hints=hint_rules), lang=lang)
    return StatusText(
        label=state_label(visibility),
        summary=_summary(visibility),
        reasons=_machine_reasons(found, lang),
        hints=hints,
        is_public=visibility in Visibility.public(),
    )


def _machine_reasons(found: SubmissionStatus, lang: str) -> list[str]:
    """Why the machine held or masked the text. A person's decision carries its own statement
    of reasons (``debate.cases.appeals.AuthorCase``), and its actions are not the machine's."""
    decision = found.decision
    if decision is None or decision.decided_by_id is not None:
        return []
    if decision.action not in {action.value for action in Action}:
        return []
    if found.submission.visibility in Visibility.unmasked():
        return []
    verdict = Verdict(
        action=Action(decision.action),
        decisive=tuple(decision.rule_ids),
        hold_reason=_hold_reason(decision.policy_reason),
        # Only rule ids matter for the "will be masked when published" sentences.
        redactions=tuple(
            Span(TextField.BODY, 0, 0, rule_id)
            for rule_id in found.signal_rules
            if rule_id in RULES and RULES[rule_id].default_action is Action.REDACT
        ),
    )
    return citizen_explanation(verdict, lang=lang)


def _hold_reason(value: str | None) -> HoldReason | None:
    if value == "pre_moderation":  # written before hold reasons had their own names
        return HoldReason.MODE
    try:
        return HoldReason(value) if value else None
    except ValueError:
        return None


@dataclass(slots=True)
class SubmissionStatus:
    submission: Submission
    revision: Revision
    decision: ModerationDecision | None
    #: Rule ids of every signal on the latest revision.
    signal_rules: list[str]
    proposal_id: int | None
    thread_url_kind: str | None
    thread_ref: str | int | None


def submission_status(session: Session, *, submission_id: int) -> SubmissionStatus:
    submission = session.get_one(Submission, submission_id)
    revision = latest_revision(session, submission_id)
    decision = latest_decision(session, submission_id)
    signal_rules = session.exec(
        select(ModerationSignal.rule_id).where(ModerationSignal.revision_id == revision.id)
    ).all()
    kind, ref = _thread_of(session, submission_id)
    proposal = session.exec(select(Proposal).where(Proposal.submission_id == submission_id)).first()
    return SubmissionStatus(
        submission=submission,
        revision=revision,
        decision=decision,
        signal_rules=list(signal_rules),
        proposal_id=proposal.id if proposal else None,
        thread_url_kind=kind,
        thread_ref=ref,
    )


def _thread_of(session: Session, submission_id: int) -> tuple[str | None, str | int | None]:
    reply = session.exec(select(Reply).where(Reply.submission_id == submission_id)).first()
    if reply is None:
        return None, None
    if reply.proposal_id is not None:
        return "proposal", reply.proposal_id
    article = session.get(Article, reply.article_id)
    return ("article", article.slug) if article else (None, None)


def submission_by_token_hash(session: Session, *, token_hash: str) -> SubmissionStatus | None:
    submission = session.exec(
        select(Submission).where(Submission.status_token_hash == token_hash)
    ).first()
    if submission is None or submission.id is None:
        return None
    return submission_status(session, submission_id=submission.id)


def my_submissions(session: Session, *, user_id: int) -> list[tuple[Submission, Revision]]:
    latest = (
        select(Revision.submission_id, func.max(Revision.number).label("n"))
        .group_by(col(Revision.submission_id))
        .subquery()
    )
    query = (
        select(Submission, Revision)
        .join(latest, latest.c.submission_id == col(Submission.id))
        .join(
            Revision,
            sa.and_(
                col(Revision.submission_id) == col(Submission.id),
                col(Revision.number) == latest.c.n,
            ),
        )
        .where(Submission.author_id == user_id)
        .order_by(col(Submission.created_at).desc())
    )
    return [(s, r) for s, r in session.exec(query)]


def own_submission(
    session: Session, *, user_id: int, submission_id: int
) -> SubmissionStatus | None:
    submission = session.get(Submission, submission_id)
    if submission is None or submission.author_id != user_id:
        return None
    return submission_status(session, submission_id=submission_id)
