"""Everything a moderator sees on one item: the text with the matched words highlighted in
the original, each signal with its rule, detector and score against its threshold, how the item
was flagged, its thread, its author's history, notes and sanctions, notices and appeals."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from sqlmodel import Session, col, select

from debate.audit.record import record
from debate.core.i18n import get_language
from debate.core.models import (
    PUBLIC_STATES,
    Appeal,
    Article,
    Consultation,
    ModerationDecision,
    ModerationJob,
    ModerationSignal,
    ModeratorNote,
    Notice,
    Proposal,
    Reply,
    ReviewClaim,
    Revision,
    Sanction,
    Submission,
    User,
    utcnow,
)
from debate.core.settings import Settings
from debate.policy import store
from debate.policy.data import thresholds_for
from debate.review import claims
from debate.review.signals import flagged_how, latest_machine_decisions
from debate.submissions.latest import latest_decision, latest_revision
from moderation import PolicySettings, Thresholds, alerts_for

HISTORY_LIMIT = 20


@dataclass(frozen=True, slots=True)
class Segment:
    text: str
    rules: tuple[str, ...]  # empty: not matched


@dataclass(frozen=True, slots=True)
class SignalView:
    rule_id: str
    detector: str
    version: str
    score: float | None
    label: str | None
    thresholds: Thresholds | None
    excerpts: tuple[str, ...]

    @property
    def over_review(self) -> bool:
        review = self.thresholds.review if self.thresholds else None
        return self.score is not None and review is not None and self.score >= review


@dataclass(frozen=True, slots=True)
class SuggestedSpan:
    field: str
    start: int
    end: int
    rule_id: str
    text: str

    @property
    def value(self) -> str:
        return f"{self.field}:{self.start}:{self.end}:{self.rule_id}"


@dataclass(frozen=True, slots=True)
class Context:
    kind: str  # "proposal", "article" or "consultation"
    title: str
    ref: str  # proposal id or article slug
    parent_text: str | None  # the reply this one answers


@dataclass(frozen=True, slots=True)
class Card:
    submission: Submission
    revision: Revision
    title: list[Segment]
    body: list[Segment]
    signals: list[SignalView]
    how: list[str]
    decision: ModerationDecision | None
    machine: ModerationDecision | None
    suggested: list[SuggestedSpan]
    context: Context | None
    author: User | None
    history: list[tuple[Submission, ModerationDecision | None]]
    notes: list[tuple[ModeratorNote, str]]
    sanctions: list[Sanction]
    notices: list[Notice]
    appeals: list[Appeal]
    job: ModerationJob | None
    claim: ReviewClaim | None
    #: What the moderator must do beyond deciding (report an offer of child abuse images to
    #: the police), in the page's language.
    alerts: list[str]


def load_card(session: Session, *, submission_id: int, policy: PolicySettings) -> Card | None:
    submission = session.get(Submission, submission_id)
    if submission is None:
        return None
    revision = latest_revision(session, submission_id)
    signals = list(
        session.exec(select(ModerationSignal).where(ModerationSignal.revision_id == revision.id))
    )
    machine = latest_machine_decisions(session, [submission_id]).get(submission_id)
    decision = latest_decision(session, submission_id)
    claim = session.get(ReviewClaim, submission_id)
    return Card(
        submission=submission,
        revision=revision,
        title=segments(revision.title or "", signals, "title"),
        body=segments(revision.body, signals, "body"),
        signals=[_signal_view(s, revision, policy, submission.lang) for s in signals],
        how=flagged_how(machine, signals, submission.report_count),
        decision=decision,
        machine=machine,
        suggested=suggested_spans(signals, revision),
        context=_context(session, submission),
        author=session.get(User, submission.author_id) if submission.author_id else None,
        history=_history(session, submission),
        notes=_notes(session, submission),
        sanctions=_sanctions(session, submission),
        notices=list(session.exec(select(Notice).where(Notice.submission_id == submission_id))),
        appeals=list(session.exec(select(Appeal).where(Appeal.submission_id == submission_id))),
        job=session.exec(
            select(ModerationJob).where(ModerationJob.revision_id == revision.id)
        ).first(),
        claim=claim if claim is not None and claim.expires_at > utcnow() else None,
        alerts=alerts_for(((s.rule_id, s.label) for s in signals), lang=get_language()),
    )


def open_item(
    session: Session, *, actor: User, submission_id: int, settings: Settings
) -> tuple[Card | None, claims.Claim | None]:
    """A moderator opens an item, in one transaction: it is claimed for them (never their own
    item), opening one the public does not see is audited (``submission.viewed``), and its card
    is read under the policy in force. ``(None, None)`` when there is no such item."""
    policy = store.current(session, settings).policy
    submission = session.get(Submission, submission_id)
    if submission is None:
        return None, None
    claim = None
    if submission.author_id is None or submission.author_id != actor.id:
        claim = claims.claim_item(session, actor=actor, submission_id=submission_id)
    if submission.visibility not in PUBLIC_STATES:
        record(
            session,
            actor=actor,
            action="submission.viewed",
            object_type=submission.kind.value,
            object_id=submission_id,
            visibility=submission.visibility.value,
        )
    return load_card(session, submission_id=submission_id, policy=policy), claim


def segments(text: str, signals: Sequence[ModerationSignal], field: str) -> list[Segment]:
    """``text`` cut where matched spans start and end, each piece with the rules that matched
    it (overlapping spans merge their rules)."""
    marks: list[set[str]] = [set() for _ in text]
    for signal in signals:
        for span_field, start, end in signal.spans:
            if span_field != field:
                continue
            for index in range(max(0, start), min(len(text), end)):
                marks[index].add(signal.rule_id)
    pieces: list[Segment] = []
    start = 0
    for index in range(1, len(text) + 1):
        if index == len(text) or marks[index] != marks[start]:
            pieces.append(Segment(text[start:index], tuple(sorted(marks[start]))))
            start = index
    return pieces


def _signal_view(
    signal: ModerationSignal, revision: Revision, policy: PolicySettings, lang: str
) -> SignalView:
    thresholds = thresholds_for(policy, lang, rule_id=signal.rule_id, label=signal.label)
    return SignalView(
        rule_id=signal.rule_id,
        detector=signal.detector,
        version=signal.detector_version,
        score=signal.score,
        label=signal.label,
        thresholds=thresholds,
        excerpts=tuple(_excerpt(revision, f, s, e) for f, s, e in signal.spans),
    )


def _excerpt(revision: Revision, field: str, start: int, end: int) -> str:
    text = (revision.title or "") if field == "title" else revision.body
    return text[max(0, start) : end]


#: Rules whose spans a moderator is offered to mask with one tick.
_MASKABLE = ("PII-PNR", "PII-PHONE", "PII-EMAIL", "PII-ADDRESS")


def suggested_spans(signals: Sequence[ModerationSignal], revision: Revision) -> list[SuggestedSpan]:
    """The parts of the text the engine proposes to mask (personal data), title first."""
    found: dict[tuple[str, int, int], SuggestedSpan] = {}
    for signal in signals:
        if signal.rule_id not in _MASKABLE:
            continue
        for field, start, end in signal.spans:
            text = _excerpt(revision, field, start, end)
            found.setdefault(
                (field, start, end), SuggestedSpan(field, start, end, signal.rule_id, text)
            )
    return sorted(found.values(), key=lambda s: (s.field != "title", s.start))


def _context(session: Session, submission: Submission) -> Context | None:
    proposal = session.exec(select(Proposal).where(Proposal.submission_id == submission.id)).first()
    if proposal is not None:
        consultation = session.get_one(Consultation, proposal.consultation_id)
        return Context("consultation", consultation.title, consultation.slug, None)
    reply = session.exec(select(Reply).where(Reply.submission_id == submission.id)).first()
    if reply is None:
        return None
    parent_text = None
    if reply.parent_id is not None:
        parent = session.get_one(Reply, reply.parent_id)
        parent_submission = session.get_one(Submission, parent.submission_id)
        parent_text = parent_submission.published_body
    if reply.proposal_id is not None:
        thread = session.get_one(Proposal, reply.proposal_id)
        thread_submission = session.get_one(Submission, thread.submission_id)
        title = thread_submission.published_title or ""
        return Context("proposal", title, str(thread.id), parent_text)
    assert reply.article_id is not None
    article = session.get_one(Article, reply.article_id)
    return Context("article", article.title, article.slug, parent_text)


def _history(
    session: Session, submission: Submission
) -> list[tuple[Submission, ModerationDecision | None]]:
    """The author's other posts, newest first, each with its latest decision."""
    if submission.author_id is None:
        return []
    others = list(
        session.exec(
            select(Submission)
            .where(Submission.author_id == submission.author_id, Submission.id != submission.id)
            .order_by(col(Submission.id).desc())
            .limit(HISTORY_LIMIT)
        )
    )
    latest: dict[int, ModerationDecision] = {}
    ids = [s.id for s in others if s.id is not None]
    if ids:
        for decision in session.exec(
            select(ModerationDecision)
            .where(col(ModerationDecision.submission_id).in_(ids))
            .order_by(col(ModerationDecision.id))
        ):
            latest[decision.submission_id] = decision
    return [(s, latest.get(s.id or 0)) for s in others]


def _notes(session: Session, submission: Submission) -> list[tuple[ModeratorNote, str]]:
    """Notes on this item and, for an account, on the author's other items; with who wrote."""
    about: Any = col(ModeratorNote.submission_id) == submission.id
    if submission.author_id is not None:
        about = about | (col(ModeratorNote.subject_user_id) == submission.author_id)
    query = (
        select(ModeratorNote, User.display_name)
        .join(User, col(User.id) == ModeratorNote.author_id)
        .where(about)
        .order_by(col(ModeratorNote.id).desc())
    )
    return [(note, name) for note, name in session.exec(query)]


def _sanctions(session: Session, submission: Submission) -> list[Sanction]:
    if submission.author_id is None:
        return []
    return list(
        session.exec(
            select(Sanction)
            .where(Sanction.user_id == submission.author_id)
            .order_by(col(Sanction.id).desc())
        )
    )
