"""Screening a submission: the engine's verdict on its latest revision, the state it puts the
submission in, and the decision it records."""

from __future__ import annotations

from collections.abc import Sequence

from sqlmodel import Session

from debate.audit.record import insert_row, record
from debate.core.models import (
    ModerationDecision,
    ModerationJob,
    ModerationSignal,
    Revision,
    Submission,
    Visibility,
    utcnow,
)
from debate.follow import events as follow_events
from debate.submissions import queries
from debate.submissions.latest import latest_revision
from debate.submissions.statements import STATED, decision_ground, machine_statement, mail_statement
from moderation import (
    DEFAULT_SETTINGS,
    Action,
    ClassifierStatus,
    Item,
    ModerationMode,
    PolicyContext,
    PolicySettings,
    Span,
    TextField,
    Verdict,
    evaluate,
    fingerprint,
    redact,
)
from moderation.pipeline import Phase

_VISIBILITY = {
    Action.PUBLISH: Visibility.PUBLISHED,
    Action.REDACT: Visibility.PUBLISHED_REDACTED,
    Action.REVIEW: Visibility.HELD,
    Action.REJECT: Visibility.HELD,
}


def screen_submission(
    session: Session,
    *,
    submission_id: int,
    policy: PolicySettings = DEFAULT_SETTINGS,
    queue: bool = False,
    site_url: str = "",
) -> Verdict | None:
    """Moderate the latest revision of a stored submission. Without the classifier the rules
    decide at once; with it (``queue``) the revision waits in the database queue,
    "screening", for a worker, which calls ``decide_revision`` with the classifier's scores."""
    submission = session.get_one(Submission, submission_id, with_for_update=True)
    revision = latest_revision(session, submission_id)
    if queue:
        assert submission.id is not None and revision.id is not None
        submission.visibility = Visibility.SCREENING
        session.add(ModerationJob(submission_id=submission.id, revision_id=revision.id))
        return None
    return decide_revision(session, submission, revision, policy=policy, site_url=site_url)


def policy_context(
    session: Session,
    *,
    consultation_id: int | None,
    author_id: int | None,
    before: int | None,
    thread_text: str | None,
    policy: PolicySettings,
    classifier: ClassifierStatus = ClassifierStatus.OFF,
) -> PolicyContext:
    """What the policy weighs besides the text: the consultation's moderation mode and
    whether swearing is a hint there, the author's standing and recent posts (those before
    the submission ``before``; all of them for one not yet stored) and the thread's text."""
    mode, profanity_hint = ModerationMode.FLAGGED_ONLY, False
    if consultation_id is not None:
        mode, profanity_hint = queries.moderation_mode(session, consultation_id=consultation_id)
    return PolicyContext(
        mode=mode,
        profanity_hint=profanity_hint,
        settings=policy,
        author=queries.author_standing(session, author_id, before=before),
        history=tuple(
            fingerprint(body) for body in queries.recent_bodies(session, author_id, before=before)
        ),
        thread_text=thread_text,
        classifier=classifier,
    )


def decide_revision(
    session: Session,
    submission: Submission,
    revision: Revision,
    *,
    policy: PolicySettings = DEFAULT_SETTINGS,
    phases: Sequence[Phase] | None = None,
    classifier: ClassifierStatus = ClassifierStatus.OFF,
    site_url: str = "",
) -> Verdict:
    """Run the pipeline on a revision (with extra ``phases``, such as the classifier's
    scores) and write its signals and the machine's decision (its statement citing the
    rules at ``site_url``, see ``record_decision``)."""
    verdict = judge_revision(
        session, submission, revision, policy=policy, phases=phases, classifier=classifier
    )
    apply_state(submission, revision, verdict)
    record_decision(session, submission, revision, verdict, site_url)
    follow_events.decided(session, submission)
    return verdict


def judge_revision(
    session: Session,
    submission: Submission,
    revision: Revision,
    *,
    policy: PolicySettings = DEFAULT_SETTINGS,
    phases: Sequence[Phase] | None = None,
    classifier: ClassifierStatus = ClassifierStatus.OFF,
) -> Verdict:
    """The verdict ``decide_revision`` would write, in the same context, writing nothing
    (shadow mode runs a second policy through it)."""
    assert submission.id is not None and revision.id is not None
    context = policy_context(
        session,
        consultation_id=submission.consultation_id,
        author_id=submission.author_id,
        before=submission.id,
        thread_text=queries.thread_text(session, submission),
        policy=policy,
        classifier=classifier,
    )
    item = Item(body=revision.body, title=revision.title, lang=submission.lang)
    return evaluate(item, context=context, phases=phases)


def apply_state(submission: Submission, revision: Revision, verdict: Verdict) -> None:
    """The submission's visibility and published copy as ``verdict`` decides them."""
    submission.visibility = _VISIBILITY[verdict.action]
    submission.updated_at = utcnow()
    if verdict.action is Action.REDACT:
        spans = list(verdict.redactions)
        submission.published_title = masked(revision.title, spans, TextField.TITLE)
        submission.published_body = masked(revision.body, spans, TextField.BODY)
    elif not verdict.is_held:
        submission.published_title, submission.published_body = revision.title, revision.body


def record_decision(
    session: Session,
    submission: Submission,
    revision: Revision,
    verdict: Verdict,
    site_url: str = "",
) -> None:
    """The revision's signals, the machine's decision (with its statement of reasons where
    one is due, linking each rule's paragraph under ``site_url``, the configured
    ``INSPEL_BASE_URL``, or site-relative when there is none) and the audit event."""
    assert submission.id is not None and revision.id is not None
    for hit in verdict.hits:
        signal = ModerationSignal(
            revision_id=revision.id,
            rule_id=hit.rule_id,
            detector=hit.detector.value,
            detector_version=hit.detector_version,
            score=hit.score,
            label=hit.label,
            spans=[[s.field.value, s.start, s.end] for s in hit.spans],
        )
        insert_row(session, signal)
    visibility = _VISIBILITY[verdict.action]
    decision = ModerationDecision(
        submission_id=submission.id,
        revision_id=revision.id,
        action=verdict.action.value,
        visibility=visibility,
        rule_ids=list(verdict.decisive),
        ground=decision_ground(verdict.decisive),
        policy_reason=verdict.hold_reason.value if verdict.hold_reason else None,
        automated_detection=bool(verdict.hits),
        automated_decision=True,
    )
    if verdict.action in STATED:
        decision.explanation = machine_statement(submission, verdict, site_url)
        mail_statement(session, submission, decision.explanation)
    insert_row(session, decision)
    record(
        session,
        actor=None,
        action="submission.screened",
        object_type=submission.kind.value,
        object_id=submission.id,
        visibility=visibility.value,
        rules=list(verdict.rule_ids),
    )


def masked(text: str | None, spans: Sequence[Span], field: TextField) -> str | None:
    """``text`` with the ``spans`` of ``field`` masked (the published copy); the original
    revision never changes."""
    if text is None:
        return None
    return redact(text, [s for s in spans if s.field is field])
