"""Staff set a proposal's state and write the region's official answer, for one proposal or
many at once. Every change is audited and mailed to the author's verified account address
(in the transaction that makes it, through the outbox)."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from sqlmodel import Session, col, select

from debate.audit.record import record
from debate.core.i18n import _
from debate.core.models import (
    ANSWERED_STATES,
    PUBLIC_STATES,
    Proposal,
    ProposalState,
    Submission,
    User,
    utcnow,
)
from debate.follow import events as follow_events
from debate.outbox import mail

#: The reason given with a state, and the official answer: at most this many characters.
REASON_MAX = 2_000
ANSWER_MAX = 10_000
#: Proposals answered in one go from the staff list (a form reads at most 100 fields).
BULK_MAX = 80


class AnswerError(ValueError):
    """An answer that cannot be given; the message is for the user (translated)."""


@dataclass(frozen=True, slots=True)
class Answer:
    state: ProposalState
    reason: str
    text: str


def needs_reason(state: ProposalState) -> bool:
    """An answered state (included, partly, not included) is given with its reason."""
    return state in ANSWERED_STATES


def answer_proposals(
    session: Session,
    *,
    actor: User,
    proposal_ids: Sequence[int],
    answer: Answer,
    link: Callable[[int], str],
) -> int:
    """Give ``answer`` to each published proposal of ``proposal_ids``; ``link(id)`` is the
    proposal's public address for the author's e-mail. Returns how many changed (a proposal
    that already has this state, reason and answer is left alone, and nobody is mailed again)."""
    wanted = sorted(set(proposal_ids))
    if not wanted:
        raise AnswerError(_("Choose at least one proposal."))
    if len(wanted) > BULK_MAX:
        raise AnswerError(_("Answer at most {max} proposals at once.").format(max=BULK_MAX))
    if needs_reason(answer.state) and not answer.reason:
        raise AnswerError(_("Give the reason for this state."))
    rows = session.exec(
        select(Proposal, Submission)
        .join(Submission, col(Submission.id) == col(Proposal.submission_id))
        .where(col(Proposal.id).in_(wanted))
        .where(col(Submission.visibility).in_([s.value for s in PUBLIC_STATES]))
        .with_for_update()
    ).all()
    if len(rows) != len(wanted):
        raise AnswerError(_("There is no such proposal, or it is not published."))
    changed = 0
    for proposal, submission in rows:
        if _set(session, actor, proposal, answer):
            changed += 1
            assert proposal.id is not None
            _mail_author(session, proposal, submission, link(proposal.id))
            follow_events.answered(session, proposal)
    return changed


def _set(session: Session, actor: User, proposal: Proposal, answer: Answer) -> bool:
    before = (proposal.state, proposal.state_reason, proposal.answer)
    if before == (answer.state, answer.reason, answer.text):
        return False
    proposal.state, proposal.state_reason, proposal.answer = (
        answer.state,
        answer.reason,
        answer.text,
    )
    proposal.answered_at, proposal.answered_by_id = utcnow(), actor.id
    session.add(proposal)
    record(
        session,
        actor=actor,
        action="proposal.answered",
        object_type="proposal",
        object_id=proposal.id,
        state=answer.state.value,
        previous_state=before[0].value,
        reason=answer.reason,
        answer=answer.text,
    )
    return True


def _mail_author(session: Session, proposal: Proposal, submission: Submission, url: str) -> None:
    """The new state and answer, to the author's account address when it is verified."""
    author = session.get(User, submission.author_id) if submission.author_id else None
    if author is None or not author.is_active or not author.is_verified:
        return
    english = submission.lang.startswith("en")
    title = submission.published_title or ""
    texts = _ENGLISH if english else _SWEDISH
    lines = [
        texts["intro"].format(title=title),
        "",
        f"{texts['state']}: {texts[proposal.state.value]}",
    ]
    if proposal.state_reason:
        lines.append(f"{texts['reason']}: {proposal.state_reason}")
    if proposal.answer:
        lines += ["", f"{texts['answer']}:", proposal.answer]
    lines += ["", url]
    subject = texts["subject"].format(ref=f"INS-{submission.id}")
    mail.enqueue(session, to=author.email, subject=subject, body="\n".join(lines), kind="answer")


# The e-mail goes out in the language the proposal was written in, whoever answers it (the
# outbox keeps no request language), as the statements of reasons do.
_SWEDISH = {
    "subject": "Regionens svar på ditt förslag {ref}",
    "intro": "Regionen har behandlat ditt förslag ”{title}”.",
    "state": "Status",
    "reason": "Motivering",
    "answer": "Regionens svar",
    "received": "Mottaget av regionen",
    "considering": "Under beredning",
    "included": "Besvarat: med i agendan",
    "partly_included": "Besvarat: delvis med",
    "not_included": "Besvarat: inte med",
}
_ENGLISH = {
    "subject": "The region's answer to your proposal {ref}",
    "intro": "The region has handled your proposal “{title}”.",
    "state": "State",
    "reason": "Reason",
    "answer": "The region's answer",
    "received": "Received by the region",
    "considering": "Being considered",
    "included": "Answered: included in the agenda",
    "partly_included": "Answered: partly included",
    "not_included": "Answered: not included",
}
