"""Appeals (DSA Art. 20), the citizens' side: an author, or a notifier against a decision not
to act, may appeal within six months (notices are in ``debate.cases.notices``, sanctions in
``debate.cases.sanctions``). Moderators decide appeals in ``debate.review.appeals``: this
module receives them and reads them back for the people who sent them. A refused appeal raises
an ``AppealRefusedError`` of the kind that says why.
"""

from __future__ import annotations

import calendar
from dataclasses import dataclass
from datetime import datetime

from sqlmodel import Session, col, select

from debate.audit.record import record
from debate.cases.notices import ReportableItem, item_location, new_reference
from debate.core.errors import ConflictError, DomainError, ForbiddenError, NotFoundError
from debate.core.i18n import _
from debate.core.models import (
    PUBLIC_STATES,
    Appeal,
    CaseState,
    ModerationDecision,
    Notice,
    Submission,
    User,
    Visibility,
    utcnow,
)
from debate.outbox import mail
from debate.submissions.latest import latest_decision

APPEAL_MONTHS = 6
#: Decisions an author may appeal: they restrict what the public sees.
LIMITING = Visibility.restricting()


class AppealRefusedError(DomainError):
    """An appeal that may not be made; nothing was stored."""


class AppealExistsError(AppealRefusedError, ConflictError):
    """The decision was appealed already: the appeal is open, or decided."""


class AppealTooLateError(AppealRefusedError, ForbiddenError):
    """The six months to appeal have run out."""


class NothingToAppealError(AppealRefusedError, NotFoundError):
    """There is no decision here that can be appealed."""


def appeal_deadline(moment: datetime) -> datetime:
    """Six calendar months later (31 August + 6 months = 28 or 29 February)."""
    month = moment.month - 1 + APPEAL_MONTHS
    year, month = moment.year + month // 12, month % 12 + 1
    day = min(moment.day, calendar.monthrange(year, month)[1])
    return moment.replace(year=year, month=month, day=day)


# --- Where an item is -------------------------------------------------------------------------


# --- Notices ----------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class NoticePage:
    notice: Notice
    item: ReportableItem
    #: The notifier's latest appeal, if any.
    appeal: Appeal | None
    #: Why the notifier cannot appeal now; ``None`` when they can.
    refusal: AppealRefusedError | None
    deadline: datetime | None

    @property
    def is_public(self) -> bool:
        return self.item.submission.visibility in PUBLIC_STATES


def notice_page(session: Session, *, token_hash: str) -> NoticePage | None:
    notice = session.exec(select(Notice).where(Notice.token_hash == token_hash)).first()
    if notice is None:
        return None
    submission = session.get_one(Submission, notice.submission_id)
    appeal = session.exec(
        select(Appeal).where(Appeal.notice_id == notice.id).order_by(col(Appeal.id).desc())
    ).first()
    refusal = None
    try:
        _notifier_decision(session, notice, appeal)
    except AppealRefusedError as error:
        refusal = error
    return NoticePage(
        notice=notice,
        item=ReportableItem(submission, item_location(session, submission)),
        appeal=appeal,
        refusal=refusal,
        deadline=appeal_deadline(_informed_at(notice)) if notice.decided_at else None,
    )


# --- Appeals ----------------------------------------------------------------------------------


def _informed_at(notice: Notice) -> datetime:
    return notice.decided_at or notice.created_at


def _refuse_open_or_decided(appeal: Appeal | None) -> None:
    if appeal is None:
        return
    if appeal.state is CaseState.OPEN:
        raise AppealExistsError(
            _("An appeal is already being handled: wait for its outcome before appealing again.")
        )
    raise AppealExistsError(
        _("This decision has already been appealed, and the appeal has been decided.")
    )


def _refuse_late(since: datetime) -> None:
    deadline = appeal_deadline(since)
    if utcnow().date() > deadline.date():  # the page says "until <date>": all of that day
        raise AppealTooLateError(
            _(
                "The time to appeal has run out: an appeal must be made within six months of "
                "the decision, by {date}."
            ).format(date=deadline.date().isoformat())
        )


def _no_decision() -> AppealRefusedError:
    return NothingToAppealError(_("There is no decision here that can be appealed."))


def _author_decision(session: Session, submission_id: int) -> ModerationDecision:
    """The decision an author may appeal now, or ``AppealRefusedError`` saying why not."""
    if session.get_one(Submission, submission_id).visibility is Visibility.WITHDRAWN:
        raise NothingToAppealError(_("You have withdrawn this text: there is nothing to appeal."))
    latest = latest_decision(session, submission_id)
    if latest is None or latest.visibility not in LIMITING:
        raise _no_decision()
    appeals = session.exec(
        select(Appeal).where(Appeal.submission_id == submission_id, Appeal.appellant == "author")
    ).all()
    _refuse_open_or_decided(next((a for a in appeals if a.state is CaseState.OPEN), None))
    _refuse_open_or_decided(next((a for a in appeals if a.decision_id == latest.id), None))
    _refuse_late(latest.created_at)
    return latest


def _notifier_decision(
    session: Session, notice: Notice, appeal: Appeal | None
) -> ModerationDecision:
    """The decision not to act that a notifier may appeal, or ``AppealRefusedError``."""
    if notice.state is not CaseState.DECIDED or notice.outcome != "no_action":
        raise _no_decision()
    decision = session.get(ModerationDecision, notice.decision_id) if notice.decision_id else None
    if decision is None:
        raise _no_decision()
    _refuse_open_or_decided(appeal)
    _refuse_late(_informed_at(notice))
    return decision


def _file_appeal(session: Session, *, actor: User | None, appeal: Appeal, ack_to: str) -> Appeal:
    appeal.reference = new_reference(session, "A-", Appeal)
    session.add(appeal)
    session.flush()
    record(
        session,
        actor=actor,
        action="appeal.received",
        object_type="appeal",
        object_id=appeal.id,
        appellant=appeal.appellant,
        decision_id=appeal.decision_id,
        submission_id=appeal.submission_id,
    )
    if ack_to:
        body = "\n\n".join(
            [
                _("We have received your appeal. Another moderator will review the decision."),
                _("Reference number: {reference}").format(reference=appeal.reference),
                _("We will e-mail you the outcome and the reasons for it."),
            ]
        )
        subject = _("Your appeal {reference} has been received")
        mail.enqueue(
            session,
            to=ack_to,
            subject=subject.format(reference=appeal.reference),
            body=body,
            kind="appeal_received",
        )
    return appeal


def appeal_as_author(
    session: Session,
    *,
    actor: User | None,
    submission_id: int,
    grounds: str,
    email: str,
    lang: str,
) -> Appeal:
    """Appeal the latest decision that limits the item (the caller has proved authorship)."""
    submission = session.get_one(Submission, submission_id, with_for_update=True)
    decision = _author_decision(session, submission_id)
    assert decision.id is not None
    account = session.get(User, submission.author_id) if submission.author_id else None
    ack_to = email or (account.email if account is not None and account.is_active else "")
    appeal = Appeal(
        reference="",
        submission_id=submission_id,
        decision_id=decision.id,
        appellant="author",
        grounds=grounds,
        email=email,
        lang=lang,
    )
    return _file_appeal(session, actor=actor, appeal=appeal, ack_to=ack_to)


def appeal_as_notifier(
    session: Session,
    *,
    actor: User | None,
    notice_id: int,
    grounds: str,
    email: str,
    lang: str,
) -> Appeal:
    """Appeal a decision not to act on a notice; the outcome goes to ``email`` or, without
    one, to the address given with the notice."""
    notice = session.get_one(Notice, notice_id, with_for_update=True)
    previous = session.exec(select(Appeal).where(Appeal.notice_id == notice_id)).first()
    decision = _notifier_decision(session, notice, previous)
    assert decision.id is not None
    appeal = Appeal(
        reference="",
        submission_id=notice.submission_id,
        decision_id=decision.id,
        appellant="notifier",
        notice_id=notice_id,
        grounds=grounds,
        email=email or notice.notifier_email,
        lang=lang,
    )
    return _file_appeal(session, actor=actor, appeal=appeal, ack_to=appeal.email)


@dataclass(frozen=True, slots=True)
class AuthorCase:
    """What the author's status page shows about decisions and appeals."""

    #: The latest decision taken by a person, whose statement of reasons is shown.
    human_decision: ModerationDecision | None
    #: The author's latest appeal of this item.
    appeal: Appeal | None
    refusal: AppealRefusedError | None
    deadline: datetime | None

    @property
    def statement(self) -> list[str]:
        text = self.human_decision.explanation if self.human_decision else ""
        return [part.strip() for part in text.replace("\r\n", "\n").split("\n\n") if part.strip()]

    @property
    def can_appeal(self) -> bool:
        return self.refusal is None


def author_case(session: Session, *, submission_id: int) -> AuthorCase:
    human = latest_decision(session, submission_id, by_person=True)
    appeal = session.exec(
        select(Appeal)
        .where(Appeal.submission_id == submission_id, Appeal.appellant == "author")
        .order_by(col(Appeal.id).desc())
    ).first()
    refusal, deadline = None, None
    try:
        deadline = appeal_deadline(_author_decision(session, submission_id).created_at)
    except AppealRefusedError as error:
        refusal = error
    return AuthorCase(human, appeal, refusal, deadline)


# --- Sanctions --------------------------------------------------------------------------------
