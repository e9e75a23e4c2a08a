"""The citizens' side of notices (DSA Art. 16), appeals (Art. 20) and sanctions (Art. 23).

Anyone may report a published item and follows it by a secret link; an author or a notifier
(against a decision not to act) may appeal within six months; a suspended account cannot post.
Moderators decide notices and appeals in ``debate.review.decisions``: this module receives them and
reads them back for the people who sent them. A refused appeal raises ``AppealRefusedError``.
"""

from __future__ import annotations

import calendar
import hashlib
import hmac
import secrets
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

import sqlalchemy as sa
from sqlmodel import Session, col, select

from debate.accounts.security import hash_token
from debate.audit.record import record
from debate.core import ratelimit
from debate.core.i18n import _
from debate.core.models import (
    PUBLIC_STATES,
    Appeal,
    Article,
    CaseState,
    ModerationDecision,
    Notice,
    Proposal,
    Reply,
    Sanction,
    SanctionKind,
    Submission,
    SubmissionKind,
    User,
    Visibility,
    utcnow,
)
from debate.outbox import mail

#: No 0/O, 1/I/L: a reference read out on the phone or copied by hand stays right.
REFERENCE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"
APPEAL_MONTHS = 6
#: Decisions an author may appeal: they restrict what the public sees.
LIMITING = (Visibility.HIDDEN, Visibility.HIDDEN_FINAL, Visibility.PUBLISHED_REDACTED)
#: What a notice may be about, as ``illegal:<rule id>`` or ``rules:<rule id>`` (SPEC §3).
ILLEGAL_RULES = ("LAW-THREAT", "LAW-HATE", "LAW-INCITE", "LAW-DEFAMATION", "PII-ADDRESS")
DEBATE_RULES = ("DECENCY-INSULT", "DECENCY-PROFANITY", "DECENCY-SEXUAL", "SPAM-LINK", "OFFTOPIC")
NOTICE_CATEGORIES = (
    *(f"illegal:{rule}" for rule in ILLEGAL_RULES),
    *(f"rules:{rule}" for rule in DEBATE_RULES),
)


class AppealRefusedError(Exception):
    """An appeal that may not be made; nothing was stored."""

    def __init__(self, message: str, status_code: int) -> None:
        super().__init__(message)
        self.message = message
        self.status_code = status_code


def new_reference(session: Session, prefix: str, model: type[Notice] | type[Appeal]) -> str:
    """``N-7KQ4M2XA``: unique; a race that still collides is refused by the unique index."""
    while True:
        reference = prefix + "".join(secrets.choice(REFERENCE_ALPHABET) for _n in range(8))
        taken = session.exec(select(model.id).where(model.reference == reference)).first()
        if taken is None:
            return reference


def appeal_deadline(moment: datetime) -> datetime:
    """Six calendar months later (31 August + 6 months = 28 or 29 February)."""
    month = moment.month - 1 + APPEAL_MONTHS
    year, month = moment.year + month // 12, month % 12 + 1
    day = min(moment.day, calendar.monthrange(year, month)[1])
    return moment.replace(year=year, month=month, day=day)


# --- Where an item is -------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class ItemLocation:
    """A route name and its parameters, plus a fragment: ``url_for(route, **params) + fragment``."""

    route: str
    params: dict[str, Any]
    fragment: str = ""


@dataclass(frozen=True, slots=True)
class ReportableItem:
    submission: Submission
    location: ItemLocation | None


def _location(session: Session, submission: Submission) -> ItemLocation | None:
    if submission.kind is SubmissionKind.PROPOSAL:
        proposal = session.exec(
            select(Proposal).where(Proposal.submission_id == submission.id)
        ).first()
        return ItemLocation("proposals.show", {"proposal_id": proposal.id}) if proposal else None
    reply = session.exec(select(Reply).where(Reply.submission_id == submission.id)).first()
    if reply is None:
        return None
    fragment = f"#reply-{reply.id}"
    if reply.proposal_id is not None:
        return ItemLocation("proposals.show", {"proposal_id": reply.proposal_id}, fragment)
    article = session.get(Article, reply.article_id) if reply.article_id else None
    return ItemLocation("articles.show", {"slug": article.slug}, fragment) if article else None


def reportable_item(session: Session, *, submission_id: int) -> ReportableItem | None:
    """A published item that may be reported; ``None`` for anything the public cannot see."""
    submission = session.get(Submission, submission_id)
    if submission is None or submission.visibility not in PUBLIC_STATES:
        return None
    return ReportableItem(submission, _location(session, submission))


# --- Notices ----------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class NoticeReceipt:
    notice_id: int
    reference: str
    #: The secret of the notifier's reference link; only its hash is stored.
    token: str


def submit_notice(
    session: Session,
    *,
    actor: User | None,
    submission_id: int,
    category: str,
    explanation: str,
    notifier_name: str,
    notifier_email: str,
    good_faith: bool,
    lang: str,
    counted: bool,
    link: Callable[[str], str],
    reporter: Sequence[str] = (),
) -> NoticeReceipt | None:
    """Store a notice about a public item; ``None`` if it is not public (any more).

    ``counted`` is false for a browser's repeat report of the same item: it is stored but
    does not raise ``report_count`` again. Nor does a report from a ``reporter`` (the
    fingerprints of its address and account, ``reporter_fingerprints``) that already reported
    the item within a day: a fresh cookie does not make a new person. ``link`` turns the
    token into the reference URL.
    """
    if category not in NOTICE_CATEGORIES:
        raise ValueError(f"unknown notice category {category!r}")
    if reportable_item(session, submission_id=submission_id) is None:
        return None
    token = secrets.token_urlsafe(24)
    notice = Notice(
        reference=new_reference(session, "N-", Notice),
        token_hash=hash_token(token),
        submission_id=submission_id,
        category=category,
        explanation=explanation,
        notifier_name=notifier_name,
        notifier_email=notifier_email,
        good_faith=good_faith,
        lang=lang,
    )
    session.add(notice)
    counted = counted and _first_from(session, submission_id, reporter)
    if counted:
        _count_report(session, submission_id)
    session.flush()
    assert notice.id is not None
    record(
        session,
        actor=actor,
        action="notice.received",
        object_type="notice",
        object_id=notice.id,
        submission_id=submission_id,
        category=category,
        counted=counted,
    )
    if notifier_email:
        _acknowledge_notice(session, notice, link(token))
    return NoticeReceipt(notice.id, notice.reference, token)


#: How long a reporter's fingerprint keeps their repeat reports of an item from counting.
REPORT_DEDUP_SECONDS = 86_400


def reporter_fingerprints(secret: str, *, address: str, user_id: int | None) -> list[str]:
    """Keyed hashes (the address itself is not stored) of who sends a report."""
    parts = [f"ip:{address}"] + ([f"user:{user_id}"] if user_id is not None else [])
    key = secret.encode()
    return [hmac.new(key, part.encode(), hashlib.sha256).hexdigest()[:32] for part in parts]


def _first_from(session: Session, submission_id: int, reporter: Sequence[str]) -> bool:
    """Whether none of the fingerprints reported the item within a day; records them. The
    records are rate-limit events, pruned with them after a day (``ratelimit.prune``)."""
    if not reporter:
        return True
    keys = [f"report:{submission_id}:{fingerprint}" for fingerprint in reporter]
    return ratelimit.check(session, keys=keys, limit=1, window=REPORT_DEDUP_SECONDS) is None


def _count_report(session: Session, submission_id: int) -> None:
    """One more report, counted in the database so that two at once both count."""
    session.execute(
        sa.update(Submission)
        .where(col(Submission.id) == submission_id)
        .values(report_count=col(Submission.report_count) + 1)
    )


def _acknowledge_notice(session: Session, notice: Notice, url: str) -> None:
    body = "\n\n".join(
        [
            _("We have received your report about content on Inspel."),
            _("Reference number: {reference}").format(reference=notice.reference),
            _("Follow your report here: {url}").format(url=url),
            _("A moderator will read the content. We will e-mail you when it has been decided."),
        ]
    )
    mail.enqueue(
        session,
        to=notice.notifier_email,
        subject=_("Your report {reference} has been received").format(reference=notice.reference),
        body=body,
        kind="notice_received",
    )


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
        item=ReportableItem(submission, _location(session, submission)),
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
        raise AppealRefusedError(
            _("An appeal is already being handled: wait for its outcome before appealing again."),
            409,
        )
    raise AppealRefusedError(
        _("This decision has already been appealed, and the appeal has been decided."), 409
    )


def _refuse_late(since: datetime) -> None:
    deadline = appeal_deadline(since)
    if utcnow().date() > deadline.date():  # the page says "until <date>": all of that day
        raise AppealRefusedError(
            _(
                "The time to appeal has run out: an appeal must be made within six months of "
                "the decision, by {date}."
            ).format(date=deadline.date().isoformat()),
            403,
        )


def _no_decision() -> AppealRefusedError:
    return AppealRefusedError(_("There is no decision here that can be appealed."), 404)


def _author_decision(session: Session, submission_id: int) -> ModerationDecision:
    """The decision an author may appeal now, or ``AppealRefusedError`` saying why not."""
    latest = session.exec(
        select(ModerationDecision)
        .where(ModerationDecision.submission_id == submission_id)
        .order_by(col(ModerationDecision.id).desc())
    ).first()
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
    human = session.exec(
        select(ModerationDecision)
        .where(
            ModerationDecision.submission_id == submission_id,
            col(ModerationDecision.decided_by_id).is_not(None),
        )
        .order_by(col(ModerationDecision.id).desc())
    ).first()
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


def active_suspension(session: Session, *, user_id: int) -> Sanction | None:
    """The suspension in force that ends last, if any."""
    return session.exec(
        select(Sanction)
        .where(
            Sanction.user_id == user_id,
            Sanction.kind == SanctionKind.SUSPENSION,
            col(Sanction.ends_at) > utcnow(),
        )
        .order_by(col(Sanction.ends_at).desc())
    ).first()


def warnings(session: Session, *, user_id: int) -> list[Sanction]:
    """Every warning the user has had, newest first: each counts before a suspension."""
    return list(
        session.exec(
            select(Sanction)
            .where(Sanction.user_id == user_id, Sanction.kind == SanctionKind.WARNING)
            .order_by(col(Sanction.created_at).desc())
        )
    )
