"""Every write. Each function takes the session first and the acting user as ``actor=``."""

from __future__ import annotations

import logging
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from sqlmodel import Session, col, select

from debate import mail, queries
from debate.models import (
    Article,
    AuditEvent,
    Consultation,
    ModerationDecision,
    ModerationJob,
    ModerationSignal,
    Proposal,
    Reply,
    Revision,
    Stance,
    Submission,
    SubmissionKind,
    Support,
    Topic,
    User,
    Visibility,
    utcnow,
)
from debate.security import hash_password, new_status_token
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
    get_rule,
    redact,
    statement_of_reasons,
)
from moderation.pipeline import Phase

log = logging.getLogger(__name__)

_VISIBILITY = {
    Action.PUBLISH: Visibility.PUBLISHED,
    Action.REDACT: Visibility.PUBLISHED_REDACTED,
    Action.REVIEW: Visibility.HELD,
    Action.REJECT: Visibility.HELD,
}


def record(
    session: Session,
    *,
    actor: User | None,
    action: str,
    object_type: str,
    object_id: int | None,
    **detail: Any,
) -> None:
    session.add(
        AuditEvent(
            actor_id=actor.id if actor else None,
            action=action,
            object_type=object_type,
            object_id=object_id,
            detail=detail,
        )
    )


@dataclass(frozen=True, slots=True)
class Receipt:
    submission_id: int
    token: str


def _receive(
    session: Session,
    *,
    actor: User | None,
    kind: SubmissionKind,
    consultation_id: int | None,
    title: str | None,
    body: str,
    author_name: str,
    lang: str,
) -> tuple[Submission, str]:
    token, token_hash = new_status_token()
    submission = Submission(
        kind=kind,
        consultation_id=consultation_id,
        author_id=actor.id if actor else None,
        author_name=author_name or (actor.display_name if actor else ""),
        status_token_hash=token_hash,
        visibility=Visibility.RECEIVED,
        lang=lang,
    )
    session.add(submission)
    session.flush()
    assert submission.id is not None
    session.add(Revision(submission_id=submission.id, number=1, title=title, body=body))
    record(
        session,
        actor=actor,
        action="submission.received",
        object_type=kind.value,
        object_id=submission.id,
    )
    return submission, token


def submit_proposal(
    session: Session,
    *,
    actor: User | None,
    consultation: Consultation,
    title: str,
    body: str,
    topic_id: int | None,
    municipality: str | None,
    author_name: str,
    lang: str,
) -> Receipt:
    """Store a proposal as received. Screening is a separate step, after this is committed."""
    submission, token = _receive(
        session,
        actor=actor,
        kind=SubmissionKind.PROPOSAL,
        consultation_id=consultation.id,
        title=title,
        body=body,
        author_name=author_name,
        lang=lang,
    )
    assert submission.id is not None and consultation.id is not None
    session.add(
        Proposal(
            submission_id=submission.id,
            consultation_id=consultation.id,
            topic_id=topic_id,
            municipality=municipality or None,
        )
    )
    return Receipt(submission.id, token)


def submit_reply(
    session: Session,
    *,
    actor: User | None,
    consultation_id: int | None,
    proposal_id: int | None,
    article_id: int | None,
    parent: Reply | None,
    body: str,
    stance: Stance | None,
    author_name: str,
    lang: str,
) -> Receipt:
    submission, token = _receive(
        session,
        actor=actor,
        kind=SubmissionKind.REPLY,
        consultation_id=consultation_id,
        title=None,
        body=body,
        author_name=author_name,
        lang=lang,
    )
    assert submission.id is not None
    session.add(
        Reply(
            submission_id=submission.id,
            proposal_id=proposal_id,
            article_id=article_id,
            parent_id=parent.id if parent else None,
            depth=parent.depth + 1 if parent else 1,
            stance=stance,
        )
    )
    return Receipt(submission.id, token)


def screen_submission(
    session: Session,
    *,
    submission_id: int,
    policy: PolicySettings = DEFAULT_SETTINGS,
    queue: bool = False,
) -> Verdict | None:
    """Moderate the latest revision. Without the classifier the rules decide at once; with
    it (``queue``) the revision waits in the database queue, "screening", for a worker,
    which calls ``decide_revision`` with the classifier's scores."""
    submission = session.get_one(Submission, submission_id, with_for_update=True)
    revision = latest_revision(session, submission_id)
    if queue:
        assert submission.id is not None and revision.id is not None
        submission.visibility = Visibility.SCREENING
        session.add(ModerationJob(submission_id=submission.id, revision_id=revision.id))
        return None
    return decide_revision(session, submission, revision, policy=policy)


def latest_revision(session: Session, submission_id: int) -> Revision:
    revision = session.exec(
        select(Revision)
        .where(Revision.submission_id == submission_id)
        .order_by(col(Revision.number).desc())
    ).first()
    assert revision is not None and revision.id is not None
    return revision


def decide_revision(
    session: Session,
    submission: Submission,
    revision: Revision,
    *,
    policy: PolicySettings = DEFAULT_SETTINGS,
    phases: Sequence[Phase] | None = None,
    classifier: ClassifierStatus = ClassifierStatus.OFF,
) -> Verdict:
    """Run the pipeline on a revision (with extra ``phases``, such as the classifier's
    scores) and write its signals and the machine's decision."""
    assert submission.id is not None and revision.id is not None
    mode = ModerationMode.FLAGGED_ONLY
    if submission.consultation_id is not None:
        mode = session.get_one(Consultation, submission.consultation_id).moderation_mode
    context = PolicyContext(
        mode=mode,
        settings=policy,
        author=queries.author_standing(session, submission.author_id, before=submission.id),
        history=tuple(
            fingerprint(body)
            for body in queries.recent_bodies(session, submission.author_id, before=submission.id)
        ),
        thread_text=queries.thread_text(session, submission),
        classifier=classifier,
    )
    item = Item(body=revision.body, title=revision.title, lang=submission.lang)
    verdict = evaluate(item, context=context, phases=phases)
    _store_signals(session, revision.id, verdict)
    _apply_verdict(session, submission, revision, verdict)
    return verdict


def _store_signals(session: Session, revision_id: int, verdict: Verdict) -> None:
    for hit in verdict.hits:
        session.add(
            ModerationSignal(
                revision_id=revision_id,
                rule_id=hit.rule_id,
                detector=hit.detector.value,
                detector_version=hit.detector_version,
                score=hit.score,
                label=hit.label,
                spans=[[s.field.value, s.start, s.end] for s in hit.spans],
            )
        )


def _apply_verdict(
    session: Session, submission: Submission, revision: Revision, verdict: Verdict
) -> None:
    visibility = _VISIBILITY[verdict.action]
    submission.visibility = visibility
    submission.updated_at = utcnow()
    if verdict.action is Action.REDACT:
        spans = list(verdict.redactions)
        submission.published_title = masked(revision.title, spans, TextField.TITLE)
        submission.published_body = masked(revision.body, spans, TextField.BODY)
    elif not verdict.is_held:
        submission.published_title, submission.published_body = revision.title, revision.body
    assert submission.id is not None
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
    if verdict.action in _STATED:
        decision.explanation = _machine_statement(submission, verdict)
        mail_statement(session, submission, decision.explanation)
    session.add(decision)
    record(
        session,
        actor=None,
        action="submission.screened",
        object_type=submission.kind.value,
        object_id=submission.id,
        visibility=visibility.value,
        rules=list(verdict.rule_ids),
    )


#: Machine actions whose statement of reasons is stored and e-mailed at once: a redaction
#: publishes a changed text, and a proposed rejection hides the post at the top of the queue.
#: A plain hold (``review``) waits for a person, whose decision then carries the statement;
#: its reasons are on the status page meanwhile.
_STATED = frozenset({Action.REDACT, Action.REJECT})


def _machine_statement(submission: Submission, verdict: Verdict) -> str:
    english = submission.lang.startswith("en")
    where = (
        "the My submissions page when you are logged in"
        if english
        else "sidan Mina inlägg när du är inloggad"
    )
    return statement_of_reasons(
        verdict,
        lang=submission.lang,
        item_ref=f"INS-{submission.id}",
        date=submission.created_at.date().isoformat(),
        appeal_url=where if submission.author_id else receipt_words(english),
    )


def receipt_words(english: bool) -> str:
    """Where an author without an account follows and appeals a decision."""
    return "your status link (the receipt)" if english else "din statuslänk (kvittot)"


def mail_statement(session: Session, submission: Submission, statement: str) -> None:
    """The statement to the author's account address, when the post came from an account."""
    author = session.get(User, submission.author_id) if submission.author_id else None
    if author is None or not author.is_active:
        return
    english = submission.lang.startswith("en")
    subject = (
        f"Decision on your post INS-{submission.id}"
        if english
        else f"Beslut om ditt inlägg INS-{submission.id}"
    )
    mail.enqueue(
        session, to=author.email, subject=subject, body=statement, kind="statement_of_reasons"
    )


def decision_ground(rule_ids: Sequence[str]) -> str | None:
    """The ground a decision rests on: ``legal`` when any of its rules is a legal one,
    otherwise the rules' own ground (``terms``); ``None`` without rules."""
    grounds = [get_rule(rule_id).ground.value for rule_id in rule_ids]
    return ("legal" if "legal" in grounds else grounds[0]) if grounds else None


def masked(text: str | None, spans: Sequence[Span], field: TextField) -> str | None:
    """``text`` with the ``spans`` of ``field`` masked (the published copy); the original
    revision never changes."""
    if text is None:
        return None
    return redact(text, [s for s in spans if s.field is field])


def support_proposal(
    session: Session, *, actor: User | None, proposal_id: int, supporter_key: str
) -> bool:
    """Add one support; False when this person already supports the proposal."""
    existing = session.exec(
        select(Support).where(
            Support.proposal_id == proposal_id, Support.supporter_key == supporter_key
        )
    ).first()
    if existing is not None:
        return False
    session.add(
        Support(
            proposal_id=proposal_id,
            supporter_key=supporter_key,
            user_id=actor.id if actor else None,
        )
    )
    return True


def register_user(session: Session, *, email: str, display_name: str, password: str) -> User:
    user = User(email=email, display_name=display_name, password_hash=hash_password(password))
    session.add(user)
    session.flush()
    record(session, actor=user, action="user.registered", object_type="user", object_id=user.id)
    return user


def _save(
    session: Session, *, actor: User, target: Any, created: bool, values: dict[str, Any]
) -> None:
    """Apply ``values`` to a consultation or an article and record who changed what."""
    for name, value in values.items():
        setattr(target, name, value)
    session.add(target)
    session.flush()
    kind = type(target).__name__.lower()
    record(
        session,
        actor=actor,
        action=f"{kind}.{'created' if created else 'updated'}",
        object_type=kind,
        object_id=target.id,
        fields=sorted(values),
    )


def save_consultation(
    session: Session, *, actor: User, consultation: Consultation | None, values: dict[str, Any]
) -> Consultation:
    target = consultation or Consultation(created_by_id=actor.id, **values)
    _save(session, actor=actor, target=target, created=consultation is None, values=values)
    return target


def add_topic(session: Session, *, actor: User, consultation_id: int, name: str) -> Topic:
    topic = Topic(consultation_id=consultation_id, name=name)
    session.add(topic)
    session.flush()
    record(
        session,
        actor=actor,
        action="topic.created",
        object_type="topic",
        object_id=topic.id,
        consultation_id=consultation_id,
    )
    return topic


def rename_topic(session: Session, *, actor: User, topic: Topic, name: str) -> None:
    old = topic.name
    topic.name = name
    session.add(topic)
    record(
        session,
        actor=actor,
        action="topic.renamed",
        object_type="topic",
        object_id=topic.id,
        old=old,
        new=name,
    )


def save_article(
    session: Session, *, actor: User, article: Article | None, values: dict[str, Any]
) -> Article:
    target = article or Article(created_by_id=actor.id, **values)
    if article is not None:
        target.updated_at = utcnow()
    _save(session, actor=actor, target=target, created=article is None, values=values)
    return target
