"""A citizen's text received: proposals, replies and supports, screened on the way in. Each
function takes the session first and the acting user as ``actor=``."""

from __future__ import annotations

import logging
from dataclasses import dataclass

from sqlmodel import Session, col, select

from debate.accounts.security import new_status_token
from debate.audit.record import insert_row, record
from debate.core.errors import ForbiddenError, NotFoundError
from debate.core.i18n import _
from debate.core.models import (
    Article,
    Consultation,
    ModerationJob,
    Proposal,
    Reply,
    Revision,
    Stance,
    Submission,
    SubmissionKind,
    Support,
    User,
    Visibility,
    utcnow,
)
from debate.follow import events as follow_events
from debate.submissions import queries
from debate.submissions.screening import (
    apply_state,
    policy_context,
    record_decision,
)
from moderation import (
    DEFAULT_SETTINGS,
    Item,
    PolicySettings,
    evaluate,
)
from moderation.pipeline import DEFAULT_PHASES, Phase

log = logging.getLogger(__name__)


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
    #: Phases after the rules, such as the local model's (``debate.submissions.local_model``).
    extra_phases: tuple[Phase, ...] = ()
    #: ``INSPEL_BASE_URL``: statements of reasons link the rules under it (else site-relative).
    site_url: str = ""


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
            context = policy_context(
                session,
                consultation_id=consultation_id,
                author_id=author_id,
                before=None,
                thread_text=_thread_text(session, thread),
                policy=screening.policy,
            )
            phases = (*DEFAULT_PHASES, *screening.extra_phases) if screening.extra_phases else None
            verdict = evaluate(
                Item(body=body, title=title, lang=lang), context=context, phases=phases
            )
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
        apply_state(submission, revision, verdict)
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
        record_decision(
            session, submission, revision, verdict, screening.site_url if screening else ""
        )
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
    follow_events.reply_published(session, submission)
    return Receipt(submission.id, token)


class ConsultationClosedError(ForbiddenError):
    """The consultation takes no proposals now (closed, or not yet open)."""


class NotPublishedError(NotFoundError):
    """The proposal or article is not (or no longer) public: no reply to it, no support."""


def open_consultation(session: Session, *, consultation_id: int) -> Consultation:
    """The consultation while it takes proposals, read in the transaction that writes the
    proposal: one that closed after its form was read refuses it."""
    consultation = session.get(Consultation, consultation_id)
    if consultation is None or not consultation.is_open(utcnow()):
        raise ConsultationClosedError(
            _("This consultation is closed: it no longer takes proposals.")
        )
    return consultation


def published_thread(session: Session, *, proposal_id: int | None, article_id: int | None) -> None:
    """Refuse a reply to a proposal or article the public may not see (any more), in the
    transaction that writes the reply."""
    public = queries.published_proposal
    if proposal_id is not None and public(session, proposal_id=proposal_id) is None:
        raise NotPublishedError(_("There is no such proposal, or it is not published."))
    if article_id is not None:
        query = select(Article.id).where(Article.id == article_id, col(Article.is_published))
        if session.exec(query).first() is None:
            raise NotPublishedError(_("There is no such article."))


def support_proposal(
    session: Session, *, actor: User | None, proposal_id: int, supporter_key: str
) -> bool:
    """Add one support; False when this person already supports the proposal. A proposal the
    public may not see (any more) is refused (``NotPublishedError``) in the same transaction."""
    if queries.published_proposal(session, proposal_id=proposal_id) is None:
        raise NotPublishedError(_("There is no such proposal, or it is not published."))
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
