"""E-mail: messages are written to the outbox in the same transaction as the decision they
report, and sent later. Without SMTP settings they stay in the outbox, visible to admins.

Sending is safe with several senders (the web process's thread, every ``inspel worker``, an
``inspel mail send``): a sender *claims* due messages with one conditional ``UPDATE`` that
moves their ``due_at`` a lease into the future (on PostgreSQL the candidates are read
``FOR UPDATE SKIP LOCKED``), commits, and only then talks to the SMTP server. Another sender
sees them as not due, so no message is sent twice while the lease holds, and a sender never
starts a message once its lease runs short. A sender that dies leaves its claim to expire:
the message is due again and someone else sends it (delivery is at least once).

A failure increments ``attempts``, records ``last_error`` and backs off (one minute, doubling);
after ``MAX_ATTEMPTS`` the message is no longer tried, but stays in the outbox for an admin to
read and retry. A recipient the server refuses fails alone; the rest of the batch goes on.
"""

from __future__ import annotations

import logging
import smtplib
import ssl
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from email.message import EmailMessage
from email.utils import format_datetime, parseaddr
from enum import StrEnum
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Connection, Engine
from sqlmodel import Session, col, func, select

from debate.audit.record import record
from debate.core.db import session_scope
from debate.core.models import OutboxMessage, User, utcnow
from debate.core.settings import Settings

log = logging.getLogger(__name__)

#: After this many failed attempts a message is kept but no longer tried.
MAX_ATTEMPTS = 8
#: The first retry waits this long; each later one twice as long as the one before.
FIRST_RETRY = timedelta(minutes=1)
#: How long a claim keeps other senders away from the claimed messages.
LEASE = timedelta(minutes=5)
#: Per network operation; a message takes at most four (MAIL, RCPT, DATA, the end of data).
SMTP_TIMEOUT = 20.0
#: Stop starting new messages this long before the lease ends, so none is sent after it.
_MARGIN = timedelta(seconds=4 * SMTP_TIMEOUT)
_ERROR_MAX = 1000


def enqueue(
    session: Session, *, to: str, subject: str, body: str, kind: str, unsubscribe_url: str = ""
) -> OutboxMessage:
    """Put one message in the outbox (committed with the caller's transaction); with
    ``unsubscribe_url`` it carries the one-click unsubscribe headers (RFC 8058)."""
    message = OutboxMessage(
        to_address=to, subject=subject[:200], body=body, kind=kind, unsubscribe_url=unsubscribe_url
    )
    session.add(message)
    return message


def configured(settings: Settings) -> bool:
    """Whether e-mail leaves the outbox at all; without a host it waits, and nothing is lost."""
    return bool(settings.smtp_host)


class MailState(StrEnum):
    SENT = "sent"
    WAITING = "waiting"
    RETRYING = "retrying"
    GIVEN_UP = "given_up"


def state_of(message: OutboxMessage) -> MailState:
    if message.sent_at is not None:
        return MailState.SENT
    if message.attempts >= MAX_ATTEMPTS:
        return MailState.GIVEN_UP
    return MailState.RETRYING if message.attempts else MailState.WAITING


def retry_delay(attempts: int) -> timedelta:
    """The wait after the ``attempts``-th failure: 1, 2, 4 … minutes."""
    doublings: int = 2 ** (max(attempts, 1) - 1)
    return FIRST_RETRY * doublings


# --- Building a message ---------------------------------------------------------------------


def build_email(message: OutboxMessage, *, sender: str, now: datetime) -> EmailMessage:
    """A UTF-8 message with the headers receiving servers check (From, To, Subject, Date,
    Message-ID). Raises ``ValueError`` for a header with a line break."""
    email = EmailMessage()
    email["From"] = sender
    email["To"] = message.to_address
    email["Subject"] = message.subject
    email["Date"] = format_datetime(now)
    email["Message-ID"] = message_id(message, sender)
    if message.unsubscribe_url:
        # RFC 8058: the receiving side may POST "List-Unsubscribe=One-Click" to the link.
        email["List-Unsubscribe"] = f"<{message.unsubscribe_url}>"
        email["List-Unsubscribe-Post"] = "List-Unsubscribe=One-Click"
    email.set_content(message.body, charset="utf-8")
    return email


def message_id(message: OutboxMessage, sender: str) -> str:
    """Stable per outbox row, so a message sent again after a crash can be recognised as
    the same one by the receiving side."""
    domain = parseaddr(sender)[1].rpartition("@")[2] or "localhost"
    return f"<inspel.{message.id}.{message.created_at:%Y%m%d%H%M%S}@{domain}>"


# --- Claiming -------------------------------------------------------------------------------


def claim_due(session: Session, *, limit: int, now: datetime) -> list[OutboxMessage]:
    """Take up to ``limit`` due messages for ``LEASE``; the caller commits before sending.

    One statement both picks and moves them, so two senders can never take the same
    message (SQLite runs it alone; PostgreSQL skips rows another sender has locked). The
    pick is a CTE, not an ``IN (subquery)``: PostgreSQL may run such a subquery again for
    each row it updates, and with ``SKIP LOCKED`` that takes more than ``limit`` rows."""
    due = (
        select(OutboxMessage.id)
        .where(col(OutboxMessage.sent_at).is_(None), col(OutboxMessage.due_at) <= now)
        .where(col(OutboxMessage.attempts) < MAX_ATTEMPTS)
        .order_by(col(OutboxMessage.due_at), col(OutboxMessage.id))
        .limit(limit)
    )
    if session.get_bind().dialect.name == "postgresql":
        due = due.with_for_update(skip_locked=True)
    taken = session.execute(
        sa.update(OutboxMessage)
        .where(col(OutboxMessage.id).in_(select(due.cte("due").c.id)))
        .where(col(OutboxMessage.sent_at).is_(None), col(OutboxMessage.due_at) <= now)
        .values(due_at=now + LEASE)
        .returning(col(OutboxMessage.id))
        .execution_options(synchronize_session=False)
    )
    ids = list(taken.scalars())
    if not ids:
        return []
    found = select(OutboxMessage).where(col(OutboxMessage.id).in_(ids))
    return list(session.exec(found.order_by(col(OutboxMessage.id))))


# --- Sending --------------------------------------------------------------------------------


@dataclass(slots=True)
class SendReport:
    """What one ``send_due`` did: ``deferred`` messages were claimed but not tried (the
    lease ran short) and are due again at once."""

    claimed: int = 0
    sent: int = 0
    failed: int = 0
    deferred: int = 0

    def __iadd__(self, other: SendReport) -> SendReport:
        for name in ("claimed", "sent", "failed", "deferred"):
            setattr(self, name, getattr(self, name) + getattr(other, name))
        return self

    def tally(self, error: str | None) -> None:
        if error is None:
            self.sent += 1
        else:
            self.failed += 1

    def __str__(self) -> str:
        return f"sent {self.sent}, failed {self.failed}, deferred {self.deferred}"


def send_due(
    target: Engine | Session, settings: Settings, *, limit: int = 50, now: datetime | None = None
) -> SendReport:
    """Send what is due at ``now`` (default: now) over one SMTP connection; nothing when
    SMTP is not configured. Claims, results and releases are committed in their own
    transactions, so a session's bind is used and the session itself is left alone."""
    if not configured(settings):
        return SendReport()
    engine = _engine(target)
    claimed_at = now or utcnow()
    with session_scope(engine) as session:
        batch = claim_due(session, limit=limit, now=claimed_at)
    if not batch:
        return SendReport()
    deadline = time.monotonic() + (LEASE - _MARGIN).total_seconds()
    return _deliver(engine, settings, batch, deadline)


def _engine(target: Engine | Session) -> Engine:
    if isinstance(target, Engine):
        return target
    bind = target.get_bind()
    return bind.engine if isinstance(bind, Connection) else bind


def _deliver(
    engine: Engine, settings: Settings, batch: list[OutboxMessage], deadline: float
) -> SendReport:
    report = SendReport(claimed=len(batch))
    pending = list(batch)
    try:
        with _connect(settings) as smtp:
            while pending and time.monotonic() < deadline:
                error = _send_one(smtp, settings, pending[0])
                _finish(engine, pending.pop(0), error)
                report.tally(error)
    except (smtplib.SMTPException, OSError) as exc:
        # The connection is gone (or never came): every message not yet tried fails alike.
        error = _describe(exc)
        log.warning("SMTP %s:%s: %s", settings.smtp_host, settings.smtp_port, error)
        for message in pending:
            _finish(engine, message, error)
            report.tally(error)
        pending = []
    _release(engine, pending)
    report.deferred = len(pending)
    return report


def _connect(settings: Settings) -> smtplib.SMTP:
    """An open connection, TLS as configured (never falling back to plain text), logged in."""
    context = ssl.create_default_context()
    smtp: smtplib.SMTP
    if settings.smtp_tls == "ssl":
        smtp = smtplib.SMTP_SSL(
            settings.smtp_host, settings.smtp_port, timeout=SMTP_TIMEOUT, context=context
        )
    else:
        smtp = smtplib.SMTP(settings.smtp_host, settings.smtp_port, timeout=SMTP_TIMEOUT)
    try:
        if settings.smtp_tls == "starttls":
            smtp.starttls(context=context)
        if settings.smtp_username:
            smtp.login(settings.smtp_username, settings.smtp_password)
    except BaseException:
        smtp.close()
        raise
    return smtp


def _send_one(smtp: smtplib.SMTP, settings: Settings, message: OutboxMessage) -> str | None:
    """``None`` when the server took the message, else why not. Errors that concern this
    message only are returned; a lost connection is raised and ends the batch."""
    try:
        email = build_email(message, sender=settings.mail_from, now=utcnow())
        smtp.send_message(
            email, from_addr=parseaddr(settings.mail_from)[1], to_addrs=[message.to_address]
        )
    except (
        smtplib.SMTPRecipientsRefused,
        smtplib.SMTPResponseException,
        smtplib.SMTPNotSupportedError,
        ValueError,
    ) as exc:
        return _describe(exc)
    return None


def _describe(exc: Exception) -> str:
    if isinstance(exc, smtplib.SMTPRecipientsRefused):
        text = "; ".join(f"{code} {_text(reply)}" for code, reply in exc.recipients.values())
    elif isinstance(exc, smtplib.SMTPResponseException):
        text = f"{exc.smtp_code} {_text(exc.smtp_error)}"
    else:
        text = f"{type(exc).__name__}: {exc}"
    return text[:_ERROR_MAX]


def _text(reply: bytes | str) -> str:
    return reply.decode("utf-8", "replace") if isinstance(reply, bytes) else reply


def _finish(engine: Engine, message: OutboxMessage, error: str | None) -> None:
    """Record one attempt: sent, or failed and due again after a growing wait."""
    now = utcnow()
    values: dict[str, Any] = {"sent_at": now, "last_error": None}
    if error is not None:
        values = {
            "attempts": col(OutboxMessage.attempts) + 1,
            "last_error": error,
            "due_at": now + retry_delay(message.attempts + 1),
        }
    _update_unsent(engine, [message], values)


def _release(engine: Engine, messages: list[OutboxMessage]) -> None:
    """Messages claimed but not tried are due again now instead of when the lease ends."""
    if messages:
        _update_unsent(engine, messages, {"due_at": utcnow()})


def _update_unsent(engine: Engine, messages: list[OutboxMessage], values: dict[str, Any]) -> None:
    ids = [message.id for message in messages]
    with session_scope(engine) as session:
        session.execute(
            sa.update(OutboxMessage)
            .where(col(OutboxMessage.id).in_(ids), col(OutboxMessage.sent_at).is_(None))
            .values(**values)
        )


# --- The background sender ------------------------------------------------------------------


class MailSender:
    """A thread that sends what is due every ``poll_seconds``; as many may run as there are
    processes, since each message is claimed by one of them."""

    def __init__(
        self,
        engine: Engine,
        settings: Settings,
        *,
        poll_seconds: float = 5.0,
        prepare: Callable[[], object] | None = None,
    ) -> None:
        self.engine = engine
        self.settings = settings
        #: Run before each round, to put what else is due into the outbox (followers' mail).
        self.prepare = prepare
        self.poll_seconds = poll_seconds
        self.batch = 50
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None

    def run_once(self) -> SendReport:
        if self.prepare is not None:
            self.prepare()
        return send_due(self.engine, self.settings, limit=self.batch)

    def start(self) -> None:
        self._thread = threading.Thread(target=self.run_forever, name="inspel-mail", daemon=True)
        self._thread.start()

    def stop(self, timeout: float = 10.0) -> None:
        self._stop.set()
        if self._thread is not None:
            self._thread.join(timeout)

    def run_forever(self) -> None:
        while not self._stop.is_set():
            try:
                report = self.run_once()
            except Exception:
                log.exception("mail sender: sending failed; trying again")
                report = SendReport()
            if report.claimed < self.batch:  # a full batch: more may be due, go on at once
                self._stop.wait(self.poll_seconds)


def background_sender(
    engine: Engine, settings: Settings, prepare: Callable[[], object] | None = None
) -> MailSender | None:
    """The sender ``inspel serve`` and ``inspel worker`` run; none without SMTP settings."""
    return MailSender(engine, settings, prepare=prepare) if configured(settings) else None


# --- Reading and retrying (the admin outbox) -------------------------------------------------


@dataclass(frozen=True, slots=True)
class OutboxPage:
    messages: list[OutboxMessage]
    #: ``""`` (all), ``"unsent"`` or ``"sent"``.
    state: str
    page: int
    pages: int
    #: Unsent messages in the whole outbox, whatever the filter.
    waiting: int


def _filtered(query: Any, state: str) -> Any:
    if state == "unsent":
        return query.where(col(OutboxMessage.sent_at).is_(None))
    if state == "sent":
        return query.where(col(OutboxMessage.sent_at).is_not(None))
    return query


def outbox_page(session: Session, *, state: str, page: int, page_size: int) -> OutboxPage:
    """Unsent first, then newest first."""
    total = session.exec(_filtered(select(func.count()).select_from(OutboxMessage), state)).one()
    pages = max(1, -(-total // page_size))
    page = min(page, pages)
    unsent_first = sa.case((col(OutboxMessage.sent_at).is_(None), 0), else_=1)
    query = _filtered(select(OutboxMessage), state).order_by(
        unsent_first, col(OutboxMessage.created_at).desc(), col(OutboxMessage.id).desc()
    )
    messages = list(session.exec(query.limit(page_size).offset((page - 1) * page_size)))
    return OutboxPage(messages, state, page, pages, waiting_count(session))


def unsent(session: Session, *, limit: int) -> list[OutboxMessage]:
    """The oldest unsent messages first: the order they are sent in."""
    query = _filtered(select(OutboxMessage), "unsent")
    query = query.order_by(col(OutboxMessage.due_at), col(OutboxMessage.id)).limit(limit)
    return list(session.exec(query))


def waiting_count(session: Session) -> int:
    query = _filtered(select(func.count()).select_from(OutboxMessage), "unsent")
    count: int = session.exec(query).one()
    return count


def read_message(session: Session, *, actor: User, message_id: int) -> OutboxMessage | None:
    """One message for an admin; the body may hold personal data, so reading it is logged."""
    message = session.get(OutboxMessage, message_id)
    if message is not None:
        record(
            session,
            actor=actor,
            action="outbox.viewed",
            object_type="outbox_message",
            object_id=message_id,
        )
    return message


def retry_message(session: Session, *, actor: User, message_id: int) -> OutboxMessage | None:
    """Make an unsent message due now with a fresh count of attempts (the old count goes
    to the audit log); a sent message is left as it is."""
    message = session.get(OutboxMessage, message_id, with_for_update=True)
    if message is None or message.sent_at is not None:
        return message
    record(
        session,
        actor=actor,
        action="outbox.retried",
        object_type="outbox_message",
        object_id=message_id,
        attempts=message.attempts,
        last_error=message.last_error,
    )
    message.attempts = 0
    message.due_at = utcnow()
    return message
