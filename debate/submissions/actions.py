"""Every write. Each function takes the session first and the acting user as ``actor=``."""

from __future__ import annotations

import logging
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from sqlmodel import Session, col, select

from debate.accounts.security import hash_password, new_status_token
from debate.audit.record import insert_row as insert_row
from debate.audit.record import record as record
from debate.core.models import (
    Article,
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
from debate.outbox import mail
from debate.submissions import queries
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


@dataclass(frozen=True, slots=True)
class Receipt:
    submission_id: int
    token: str


@dataclass(frozen=True, slots=True)
class Screening:
    """Moderation as a submission is stored (``submit_proposal(..., screening=...)``): the
    rules decide under ``policy`` before anything is written, so the rows are written once, in
    their final state, in a short write; with ``queue`` the revision waits for the classifier
    worker instead ("screening")."""

    policy: PolicySettings = DEFAULT_SETTINGS
    queue: bool = False


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
    thread: tuple[int | None, int | None] | None,
    screening: Screening | None,
) -> tuple[Submission, str]:
    """Store a new submission and its first revision; with ``screening``, decided as well.

    Everything screening reads (the policy, the thread, the author's history) is read and the
    verdict reached before the first write, so a writer holds the database's write lock only
    for the inserts. When screening fails, the submission is stored as received (held): it is
    never lost to a moderation error."""
    author_id = actor.id if actor else None
    verdict = None
    if screening is not None and not screening.queue:
        try:
            context = _policy_context(
                session,
                consultation_id=consultation_id,
                author_id=author_id,
                before=None,
                thread_text=_thread_text(session, thread),
                policy=screening.policy,
            )
            verdict = evaluate(Item(body=body, title=title, lang=lang), context=context)
        except Exception:
            log.exception("screening a new %s failed; it is stored as received", kind.value)
    token, token_hash = new_status_token()
    submission = Submission(
        kind=kind,
        consultation_id=consultation_id,
        author_id=author_id,
        author_name=author_name,
        status_token_hash=token_hash,
        visibility=Visibility.SCREENING if screening and screening.queue else Visibility.RECEIVED,
        lang=lang,
    )
    revision = Revision(submission_id=0, number=1, title=title, body=body)
    if verdict is not None:
        _apply_state(submission, revision, verdict)
    revision.submission_id = insert_row(session, submission)
    insert_row(session, revision)
    record(
        session,
        actor=actor,
        action="submission.received",
        object_type=kind.value,
        object_id=submission.id,
    )
    if verdict is not None:
        _record_decision(session, submission, revision, verdict)
    elif screening is not None and screening.queue:
        assert revision.id is not None
        job = ModerationJob(submission_id=revision.submission_id, revision_id=revision.id)
        insert_row(session, job)
    return submission, token


def _thread_text(session: Session, thread: tuple[int | None, int | None] | None) -> str | None:
    if thread is None:
        return None
    proposal_id, article_id = thread
    return queries.thread_text_of(session, proposal_id=proposal_id, article_id=article_id)


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
    screening: Screening | None = None,
) -> Receipt:
    """Store a proposal: as received (screened later, ``screen_submission``), or with
    ``screening`` moderated in the same write."""
    submission, token = _receive(
        session,
        actor=actor,
        kind=SubmissionKind.PROPOSAL,
        consultation_id=consultation.id,
        title=title,
        body=body,
        author_name=author_name,
        lang=lang,
        thread=None,
        screening=screening,
    )
    assert submission.id is not None and consultation.id is not None
    proposal = Proposal(
        submission_id=submission.id,
        consultation_id=consultation.id,
        topic_id=topic_id,
        municipality=municipality or None,
    )
    insert_row(session, proposal)
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
    screening: Screening | None = None,
) -> Receipt:
    """Store a reply in the thread of a proposal or an article (see ``submit_proposal``)."""
    submission, token = _receive(
        session,
        actor=actor,
        kind=SubmissionKind.REPLY,
        consultation_id=consultation_id,
        title=None,
        body=body,
        author_name=author_name,
        lang=lang,
        thread=(proposal_id, article_id),
        screening=screening,
    )
    assert submission.id is not None
    reply = Reply(
        submission_id=submission.id,
        proposal_id=proposal_id,
        article_id=article_id,
        parent_id=parent.id if parent else None,
        depth=parent.depth + 1 if parent else 1,
        stance=stance,
    )
    insert_row(session, reply)
    return Receipt(submission.id, token)


def screen_submission(
    session: Session,
    *,
    submission_id: int,
    policy: PolicySettings = DEFAULT_SETTINGS,
    queue: bool = False,
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
    return decide_revision(session, submission, revision, policy=policy)


def latest_revision(session: Session, submission_id: int) -> Revision:
    revision = session.exec(
        select(Revision)
        .where(Revision.submission_id == submission_id)
        .order_by(col(Revision.number).desc())
    ).first()
    assert revision is not None and revision.id is not None
    return revision


def _policy_context(
    session: Session,
    *,
    consultation_id: int | None,
    author_id: int | None,
    before: int | None,
    thread_text: str | None,
    policy: PolicySettings,
    classifier: ClassifierStatus = ClassifierStatus.OFF,
) -> PolicyContext:
    """What the policy weighs besides the text: the consultation's moderation mode, the
    author's standing and recent posts (those before the submission ``before``; all of them
    for one not yet stored) and the thread's text."""
    mode = ModerationMode.FLAGGED_ONLY
    if consultation_id is not None:
        mode = queries.moderation_mode(session, consultation_id=consultation_id)
    return PolicyContext(
        mode=mode,
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
) -> Verdict:
    """Run the pipeline on a revision (with extra ``phases``, such as the classifier's
    scores) and write its signals and the machine's decision."""
    verdict = judge_revision(
        session, submission, revision, policy=policy, phases=phases, classifier=classifier
    )
    _apply_state(submission, revision, verdict)
    _record_decision(session, submission, revision, verdict)
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
    context = _policy_context(
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


def _apply_state(submission: Submission, revision: Revision, verdict: Verdict) -> None:
    """The submission's visibility and published copy as ``verdict`` decides them."""
    submission.visibility = _VISIBILITY[verdict.action]
    submission.updated_at = utcnow()
    if verdict.action is Action.REDACT:
        spans = list(verdict.redactions)
        submission.published_title = masked(revision.title, spans, TextField.TITLE)
        submission.published_body = masked(revision.body, spans, TextField.BODY)
    elif not verdict.is_held:
        submission.published_title, submission.published_body = revision.title, revision.body


def _record_decision(
    session: Session, submission: Submission, revision: Revision, verdict: Verdict
) -> None:
    """The revision's signals, the machine's decision (with its statement of reasons where
    one is due) and the audit event."""
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
    if verdict.action in _STATED:
        decision.explanation = _machine_statement(submission, verdict)
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
