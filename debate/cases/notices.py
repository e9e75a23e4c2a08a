"""Notices (DSA Art. 16): anyone may report a published item, and follows it by a secret link."""

from __future__ import annotations

import hashlib
import hmac
import secrets
from collections.abc import Callable, Sequence
from dataclasses import dataclass
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
    Notice,
    Proposal,
    Reply,
    Submission,
    SubmissionKind,
    User,
)
from debate.outbox import mail

#: No 0/O, 1/I/L: a reference read out on the phone or copied by hand stays right.
REFERENCE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"


#: What a notice may be about, as ``illegal:<rule id>`` or ``rules:<rule id>`` (SPEC §3).
ILLEGAL_RULES = ("LAW-THREAT", "LAW-HATE", "LAW-INCITE", "LAW-DEFAMATION", "PII-ADDRESS")


DEBATE_RULES = ("DECENCY-INSULT", "DECENCY-PROFANITY", "DECENCY-SEXUAL", "SPAM-LINK", "OFFTOPIC")


NOTICE_CATEGORIES = (
    *(f"illegal:{rule}" for rule in ILLEGAL_RULES),
    *(f"rules:{rule}" for rule in DEBATE_RULES),
)


def new_reference(session: Session, prefix: str, model: type[Notice] | type[Appeal]) -> str:
    """``N-7KQ4M2XA``: unique; a race that still collides is refused by the unique index."""
    while True:
        reference = prefix + "".join(secrets.choice(REFERENCE_ALPHABET) for _n in range(8))
        taken = session.exec(select(model.id).where(model.reference == reference)).first()
        if taken is None:
            return reference


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


def item_location(session: Session, submission: Submission) -> ItemLocation | None:
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
    return ReportableItem(submission, item_location(session, submission))


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
