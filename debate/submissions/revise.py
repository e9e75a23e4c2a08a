"""An author changes their own text (issue 19, item 3): edit it, which adds a revision that is
moderated again exactly as a new submission is, or withdraw it, which hides it from the public
with the reason "withdrawn by the author". Nothing is deleted: earlier revisions stay, and a
withdrawn text is kept unchanged.

What is refused, and why (``EditRefusedError``, a conflict: 409):

- a withdrawn text: withdrawal is final for publication; the author may write a new one;
- a text destroyed under a retention decision (``hidden_final``);
- editing a text still being checked (``received``/``screening``): wait for its state;
- editing while a notice or an appeal about the text is open, or after a police flag: the
  case is about the text the moderator sees, and an edit must not slip past it. Withdrawing
  is allowed then, since it only takes the text out of public view; the case stays open.

An edit or a withdrawal closes the classifier jobs still open on the text (``_supersede_jobs``),
so a late verdict about an earlier text never lands on top.
"""

from __future__ import annotations

from dataclasses import dataclass

import sqlalchemy as sa
from sqlmodel import Session, col, select

from debate.audit.record import insert_row, record
from debate.core.errors import ConflictError, DomainError
from debate.core.i18n import _
from debate.core.models import (
    Appeal,
    CaseState,
    JobState,
    ModerationJob,
    Notice,
    Revision,
    Submission,
    SubmissionKind,
    User,
    Visibility,
    utcnow,
)
from debate.submissions.actions import Screening
from debate.submissions.latest import latest_revision
from debate.submissions.screening import decide_revision

#: Being checked: no edit or withdrawal until the verdict is in.
CHECKING = (Visibility.RECEIVED, Visibility.SCREENING)
#: The states in which "rewrite and send again" is offered first.
REWRITE = (Visibility.HELD, Visibility.HIDDEN)
#: The reason shown for a withdrawn text (translated where it is shown).
WITHDRAWN_REASON = "withdrawn_by_author"


class EditRefusedError(ConflictError):
    """The text may not be edited or withdrawn now; the message says why."""


class NothingChangedError(DomainError):
    """The edit sends the same text again: no revision is added (a bad request)."""


def _refuse_final(submission: Submission) -> None:
    if submission.visibility is Visibility.WITHDRAWN:
        raise EditRefusedError(
            _("You have withdrawn this text. It cannot be changed; you can write a new one.")
        )
    if submission.visibility is Visibility.HIDDEN_FINAL:
        raise EditRefusedError(_("This text has been removed for good and cannot be changed."))


def open_case(session: Session, submission: Submission) -> bool:
    """Whether a notice or an appeal about the text is open, or it is flagged for the police."""
    if submission.escalated:
        return True
    for model in (Notice, Appeal):
        found = session.exec(
            select(model.id).where(
                model.submission_id == submission.id, model.state == CaseState.OPEN
            )
        ).first()
        if found is not None:
            return True
    return False


def edit_refusal(session: Session, submission: Submission) -> EditRefusedError | None:
    """Why the text cannot be edited now, or ``None`` when it can (the status page asks)."""
    try:
        _refuse_final(submission)
    except EditRefusedError as error:
        return error
    if submission.visibility in CHECKING:
        return EditRefusedError(
            _("Your text is still being checked. Try again in a moment, when it has a state.")
        )
    if open_case(session, submission):
        return EditRefusedError(
            _(
                "A report or an appeal about this text is being handled. You can edit it when "
                "the case is decided."
            )
        )
    return None


def withdraw_refusal(submission: Submission) -> EditRefusedError | None:
    """Why the text cannot be withdrawn now, or ``None``."""
    try:
        _refuse_final(submission)
    except EditRefusedError as error:
        return error
    return None


def _supersede_jobs(session: Session, submission_id: int, why: str) -> None:
    """Close the classifier jobs still open on the text (one waiting for the classifier to
    come back, say): their verdict would be about a text that no longer stands. A worker that
    holds one loses its lease and writes nothing."""
    session.execute(
        sa.update(ModerationJob)
        .where(col(ModerationJob.submission_id) == submission_id)
        .where(col(ModerationJob.state).in_([JobState.QUEUED, JobState.CLAIMED, JobState.WAITING]))
        .values(state=JobState.DONE, claim_token=None, decided_at=utcnow(), last_error=why)
    )


def edit_submission(
    session: Session,
    *,
    actor: User | None,
    submission_id: int,
    title: str | None,
    body: str,
    screening: Screening,
) -> Revision:
    """Add a revision with the new text and moderate it through the same screening as a new
    submission (at once with the rules, or queued for the classifier). The caller has proved
    authorship (the secret link or the account)."""
    submission = session.get_one(Submission, submission_id, with_for_update=True)
    if refusal := edit_refusal(session, submission):
        raise refusal
    previous = latest_revision(session, submission_id)
    if submission.kind is SubmissionKind.REPLY:
        title = None
    if (title, body) == (previous.title, previous.body):
        raise NothingChangedError(_("You have not changed anything in the text."))
    revision = Revision(
        submission_id=submission_id, number=previous.number + 1, title=title, body=body
    )
    insert_row(session, revision)
    _supersede_jobs(session, submission_id, f"superseded by revision {revision.number}")
    record(
        session,
        actor=actor,
        action="submission.edited",
        object_type=submission.kind.value,
        object_id=submission_id,
        revision=revision.number,
        previous_visibility=submission.visibility.value,
    )
    if screening.queue:
        assert revision.id is not None
        submission.visibility = Visibility.SCREENING
        session.add(submission)
        insert_row(session, ModerationJob(submission_id=submission_id, revision_id=revision.id))
    else:
        decide_revision(
            session, submission, revision, policy=screening.policy, site_url=screening.site_url
        )
    return revision


def withdraw_submission(session: Session, *, actor: User | None, submission_id: int) -> None:
    """Hide the text from the public for good, "withdrawn by the author"; it is kept as it is."""
    submission = session.get_one(Submission, submission_id, with_for_update=True)
    if refusal := withdraw_refusal(submission):
        raise refusal
    previous = submission.visibility
    submission.visibility = Visibility.WITHDRAWN
    session.add(submission)
    _supersede_jobs(session, submission_id, "withdrawn by the author")
    record(
        session,
        actor=actor,
        action="submission.withdrawn",
        object_type=submission.kind.value,
        object_id=submission_id,
        previous_visibility=previous.value,
        reason=WITHDRAWN_REASON,
    )


@dataclass(frozen=True, slots=True)
class ChangeOptions:
    """What the author may do with the text now, for the status and edit pages."""

    edit_refusal: EditRefusedError | None
    withdraw_refusal: EditRefusedError | None
    #: Held or not published: "rewrite and send again" is offered first.
    rewrite: bool


def change_options(session: Session, *, submission_id: int) -> ChangeOptions:
    submission = session.get_one(Submission, submission_id)
    return ChangeOptions(
        edit_refusal=edit_refusal(session, submission),
        withdraw_refusal=withdraw_refusal(submission),
        rewrite=submission.visibility in REWRITE,
    )
