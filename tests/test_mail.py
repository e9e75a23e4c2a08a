"""E-mail: the outbox, the SMTP sender against a real SMTP server on loopback (aiosmtpd), the
background sender, the ``inspel mail`` commands and the admin's outbox pages."""

from __future__ import annotations

import dataclasses
import socket
import threading
import time
from collections.abc import Iterator
from datetime import timedelta
from email import message_from_bytes, policy
from email.message import EmailMessage
from typing import Any

import pytest
from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult, LoginPassword
from bs4 import BeautifulSoup
from sqlalchemy.engine import Engine
from sqlmodel import Session, select
from starlette.testclient import TestClient

from debate import cli
from debate.app import create_app
from debate.core.db import create_db_engine, session_scope
from debate.core.models import AuditEvent, OutboxMessage, User, utcnow
from debate.core.settings import Settings
from debate.outbox import mail
from tests.factories import as_persona, post_form

SUBJECT = "Beslut om ditt förslag – åäö"
BODY = "Hej Åsa!\n\nDitt förslag om älgar på Öland är granskat.\nÅÄÖ åäö – tack!"


class Inbox:
    """An aiosmtpd handler: keeps what it is given and refuses the addresses in ``refused``."""

    def __init__(self) -> None:
        self.messages: list[EmailMessage] = []
        self.envelopes: list[tuple[str, list[str]]] = []
        self.refused: set[str] = set()

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options) -> str:  # noqa: N802
        if address in self.refused:
            return "550 5.1.1 No such user here"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope) -> str:  # noqa: N802
        self.envelopes.append((envelope.mail_from, list(envelope.rcpt_tos)))
        self.messages.append(message_from_bytes(envelope.content, policy=policy.default))
        return "250 Message accepted for delivery"

    def subjects(self) -> list[str]:
        return [str(message["Subject"]) for message in self.messages]


class SmtpServer:
    """A real SMTP server on a loopback port that can be stopped and started again."""

    def __init__(self, port: int, **options: Any) -> None:
        self.port = port
        self.inbox = Inbox()
        self._options = options
        self._controller: Controller | None = None

    def start(self) -> None:
        self._controller = Controller(
            self.inbox, hostname="127.0.0.1", port=self.port, **self._options
        )
        self._controller.start()

    def stop(self) -> None:
        if self._controller is not None:
            self._controller.stop()
            self._controller = None


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


@pytest.fixture
def smtp() -> Iterator[SmtpServer]:
    server = SmtpServer(free_port())
    server.start()
    yield server
    server.stop()


def smtp_settings(settings: Settings, port: int, **extra: Any) -> Settings:
    return dataclasses.replace(
        settings, smtp_host="127.0.0.1", smtp_port=port, smtp_tls="none", **extra
    )


@pytest.fixture
def mail_settings(settings: Settings, smtp: SmtpServer) -> Settings:
    return smtp_settings(settings, smtp.port)


def enqueue(engine: Engine, to: str = "asa@example.se", subject: str = SUBJECT, **values) -> int:
    with session_scope(engine) as session:
        message = mail.enqueue(session, to=to, subject=subject, body=BODY, kind="test")
        for name, value in values.items():
            setattr(message, name, value)
        session.flush()
        assert message.id is not None
        return message.id


def stored(engine: Engine, message_id: int) -> OutboxMessage:
    with session_scope(engine) as session:
        return session.get_one(OutboxMessage, message_id)


# --- Sending --------------------------------------------------------------------------------


def test_due_messages_are_delivered_in_utf8_with_proper_headers(engine, smtp, mail_settings):
    message_id = enqueue(engine)
    report = mail.send_due(engine, mail_settings)
    assert (report.claimed, report.sent, report.failed) == (1, 1, 0)
    assert smtp.inbox.envelopes == [("noreply@localhost", ["asa@example.se"])]
    (delivered,) = smtp.inbox.messages
    assert delivered["From"] == "Inspel <noreply@localhost>"
    assert delivered["To"] == "asa@example.se"
    assert delivered["Subject"] == SUBJECT
    assert delivered["Date"].datetime.tzinfo is not None
    assert delivered["Message-ID"].endswith("@localhost>")
    assert delivered.get_content_charset() == "utf-8"
    assert delivered.get_content().replace("\r\n", "\n") == BODY + "\n"  # CRLF on the wire
    sent = stored(engine, message_id)
    assert sent.sent_at is not None and sent.attempts == 0 and sent.last_error is None
    assert mail.send_due(engine, mail_settings).claimed == 0  # sent once, not again


def test_without_smtp_settings_nothing_is_sent_and_everything_is_kept(engine, settings, smtp):
    message_id = enqueue(engine)
    before = stored(engine, message_id)
    assert not mail.configured(settings)
    assert mail.send_due(engine, settings) == mail.SendReport()
    after = stored(engine, message_id)
    assert smtp.inbox.messages == []
    assert (after.sent_at, after.due_at, after.attempts) == (None, before.due_at, 0)


def test_server_down_records_the_failure_then_delivers_when_it_is_back(engine, settings):
    server = SmtpServer(free_port())  # not started: the port refuses connections
    configured = smtp_settings(settings, server.port)
    message_id = enqueue(engine)
    report = mail.send_due(engine, configured)
    assert (report.claimed, report.sent, report.failed) == (1, 0, 1)
    failed = stored(engine, message_id)
    assert failed.sent_at is None and failed.attempts == 1
    assert failed.last_error is not None and "ConnectionRefusedError" in failed.last_error
    assert failed.due_at > utcnow() + timedelta(seconds=50)  # backs off about a minute
    assert mail.send_due(engine, configured).claimed == 0  # not due yet
    server.start()
    try:
        later = utcnow() + mail.retry_delay(1) + timedelta(seconds=1)
        assert mail.send_due(engine, configured, now=later).sent == 1
    finally:
        server.stop()
    assert server.inbox.subjects() == [SUBJECT]
    delivered = stored(engine, message_id)
    assert delivered.sent_at is not None and delivered.last_error is None


def test_retries_back_off_and_stop_after_max_attempts(engine, settings):
    assert [mail.retry_delay(n).total_seconds() / 60 for n in (1, 2, 3, 8)] == [1, 2, 4, 128]
    configured = smtp_settings(settings, free_port())
    message_id = enqueue(engine, attempts=mail.MAX_ATTEMPTS - 1)
    assert mail.send_due(engine, configured).failed == 1
    given_up = stored(engine, message_id)
    assert given_up.attempts == mail.MAX_ATTEMPTS
    assert mail.state_of(given_up) is mail.MailState.GIVEN_UP
    far = utcnow() + timedelta(days=30)
    assert mail.send_due(engine, configured, now=far).claimed == 0
    assert stored(engine, message_id).sent_at is None  # kept, visible to admins


def test_a_refused_recipient_does_not_block_the_others(engine, smtp, mail_settings):
    smtp.inbox.refused.add("nobody@example.se")
    first = enqueue(engine, to="one@example.se", subject="1")
    refused = enqueue(engine, to="nobody@example.se", subject="2")
    last = enqueue(engine, to="three@example.se", subject="3")
    report = mail.send_due(engine, mail_settings)
    assert (report.sent, report.failed) == (2, 1)
    assert smtp.inbox.subjects() == ["1", "3"]
    assert stored(engine, first).sent_at is not None
    assert stored(engine, last).sent_at is not None
    failed = stored(engine, refused)
    assert failed.sent_at is None and failed.attempts == 1
    assert failed.last_error == "550 5.1.1 No such user here"


def test_a_header_with_a_line_break_fails_alone_and_injects_nothing(engine, smtp, mail_settings):
    bad = enqueue(engine, to="asa@example.se\r\nBcc: evil@example.com", subject="1")
    enqueue(engine, subject="2")
    report = mail.send_due(engine, mail_settings)
    assert (report.sent, report.failed) == (1, 1)
    assert smtp.inbox.envelopes == [("noreply@localhost", ["asa@example.se"])]
    assert (stored(engine, bad).last_error or "").startswith("ValueError: ")


def test_claims_take_at_most_the_limit_and_never_a_claimed_message(engine):
    ids = [enqueue(engine, subject=str(n)) for n in range(10)]
    now = utcnow()
    with (
        Session(engine, expire_on_commit=False) as first,
        Session(engine, expire_on_commit=False) as second,
    ):
        taken = mail.claim_due(first, limit=4, now=now)
        if engine.dialect.name != "postgresql":
            first.commit()  # SQLite has one writer: the second claim would wait for the first
        others = mail.claim_due(second, limit=4, now=now)  # PostgreSQL: skips the locked rows
        first.commit()
        second.commit()
    assert [m.id for m in taken] == ids[:4]
    assert [m.id for m in others] == ids[4:8]
    assert all(m.due_at == now + mail.LEASE for m in taken + others)


def test_two_senders_at_once_never_deliver_a_message_twice(engine, smtp, mail_settings):
    expected = {f"Meddelande {n}" for n in range(30)}
    for subject in sorted(expected):
        enqueue(engine, subject=subject)
    start = threading.Barrier(2)
    reports: list[mail.SendReport] = []

    def sender() -> None:
        start.wait()
        total = mail.SendReport()
        while (report := mail.send_due(engine, mail_settings, limit=4)).claimed:
            total += report
        reports.append(total)

    threads = [threading.Thread(target=sender) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    assert sorted(smtp.inbox.subjects()) == sorted(expected)  # each exactly once
    assert sum(report.sent for report in reports) == 30
    assert all(report.failed == 0 for report in reports)


def test_a_session_may_be_given_instead_of_an_engine(engine, smtp, mail_settings):
    enqueue(engine)
    with Session(engine) as session:
        assert mail.send_due(session, mail_settings).sent == 1
    assert smtp.inbox.subjects() == [SUBJECT]


def test_starttls_is_required_when_configured_never_plain_text(engine, smtp, mail_settings):
    message_id = enqueue(engine)
    report = mail.send_due(engine, dataclasses.replace(mail_settings, smtp_tls="starttls"))
    assert report.failed == 1
    assert smtp.inbox.messages == []
    error = stored(engine, message_id).last_error
    assert error is not None and "STARTTLS extension not supported by server" in error


def _authenticator(server, session, envelope, mechanism, auth_data) -> AuthResult:
    login = auth_data if isinstance(auth_data, LoginPassword) else None
    # handled=False: aiosmtpd then answers a failure with 535 itself.
    return AuthResult(success=login == LoginPassword(b"inspel", b"s3cret"), handled=False)


@pytest.mark.filterwarnings("ignore:Requiring AUTH while not requiring TLS:UserWarning")
@pytest.mark.parametrize(("password", "sent"), [("s3cret", 1), ("wrong", 0)])
def test_login_with_username_and_password(engine, settings, password, sent):
    server = SmtpServer(
        free_port(),
        authenticator=_authenticator,
        auth_required=True,
        auth_require_tls=False,  # loopback only; TLS itself is tested above
    )
    server.start()
    try:
        configured = smtp_settings(
            settings, server.port, smtp_username="inspel", smtp_password=password
        )
        message_id = enqueue(engine)
        assert mail.send_due(engine, configured).sent == sent
    finally:
        server.stop()
    assert len(server.inbox.messages) == sent
    if not sent:
        assert (stored(engine, message_id).last_error or "").startswith("535 ")


def test_the_app_runs_a_background_sender_only_when_smtp_is_set(settings, smtp, client):
    assert client.app.state.mail_sender is None  # type: ignore[attr-defined]
    configured = smtp_settings(settings, smtp.port)
    setup = create_db_engine(configured.database_url)
    enqueue(setup)
    setup.dispose()
    app = create_app(configured)
    with TestClient(app):
        assert app.state.mail_sender is not None
        deadline = time.monotonic() + 10
        while not smtp.inbox.messages and time.monotonic() < deadline:
            time.sleep(0.05)
    app.state.engine.dispose()
    assert smtp.inbox.subjects() == [SUBJECT]


# --- The commands ---------------------------------------------------------------------------


@pytest.fixture
def environment(monkeypatch, settings, tmp_path) -> None:
    monkeypatch.setenv("INSPEL_DATA_DIR", str(tmp_path))
    monkeypatch.setenv("INSPEL_DATABASE_URL", settings.database_url)
    monkeypatch.setenv("INSPEL_SECRET_KEY", settings.secret_key)
    monkeypatch.delenv("INSPEL_SMTP_HOST", raising=False)


def test_mail_outbox_lists_what_waits(engine, environment, capsys):
    enqueue(engine, to="one@example.se", subject="Väntar", last_error="421 try later")
    enqueue(engine, subject="Skickat", sent_at=utcnow())
    assert cli.main(["mail", "outbox"]) == 0
    out = capsys.readouterr().out
    assert "one@example.se  Väntar" in out and "last error: 421 try later" in out
    assert "Skickat" not in out
    assert out.endswith("1 unsent\n")


def test_mail_send_sends_once_or_says_why_not(engine, environment, smtp, monkeypatch, capsys):
    enqueue(engine)
    assert cli.main(["mail", "send"]) == 1
    assert "INSPEL_SMTP_HOST is not set; 1 unsent" in capsys.readouterr().err
    monkeypatch.setenv("INSPEL_SMTP_HOST", "127.0.0.1")
    monkeypatch.setenv("INSPEL_SMTP_PORT", str(smtp.port))
    monkeypatch.setenv("INSPEL_SMTP_TLS", "none")
    assert cli.main(["mail", "send"]) == 0
    assert capsys.readouterr().out == "sent 1, failed 0, deferred 0; 0 unsent\n"
    assert smtp.inbox.subjects() == [SUBJECT]


# --- The admin's outbox ---------------------------------------------------------------------


def page(client: TestClient, url: str) -> BeautifulSoup:
    response = client.get(url)
    assert response.status_code == 200, response.text[:500]
    return BeautifulSoup(response.text, "html.parser")


def listed(soup: BeautifulSoup) -> list[str]:
    return [row.select_one("a").get_text() for row in soup.select("[data-outbox] tr[data-message]")]


def test_outbox_lists_unsent_first_then_newest_and_filters(client, engine):
    now = utcnow()
    enqueue(engine, subject="Skickat nyast", created_at=now, sent_at=now)
    enqueue(engine, subject="Väntar äldst", created_at=now - timedelta(hours=2))
    enqueue(
        engine,
        subject="Misslyckat",
        created_at=now - timedelta(hours=1),
        attempts=2,
        last_error="421 4.3.0 try again later",
    )
    as_persona(client, engine, "admin")
    soup = page(client, "/admin/outbox")
    assert listed(soup) == ["Misslyckat", "Väntar äldst", "Skickat nyast"]
    assert soup.select_one("[data-smtp-off]").get_text().startswith("E-post är inte inställd")
    assert soup.select_one("[data-waiting]")["data-waiting"] == "2"
    failed = soup.select("[data-outbox] tr[data-message]")[0]
    assert failed.select_one("[data-state]")["data-state"] == "retrying"
    assert failed.select_one("[data-attempts]").get_text() == "2"
    assert failed.select_one("[data-error]").get_text() == "421 4.3.0 try again later"
    assert failed.select_one("[data-to]").get_text() == "asa@example.se"
    assert listed(page(client, "/admin/outbox?state=sent")) == ["Skickat nyast"]
    assert listed(page(client, "/admin/outbox?state=unsent")) == ["Misslyckat", "Väntar äldst"]
    assert len(listed(page(client, "/admin/outbox?state=<script>"))) == 3


def test_outbox_is_paginated(client, engine, settings):
    for n in range(settings.page_size + 1):
        enqueue(engine, subject=f"M{n}", created_at=utcnow() - timedelta(minutes=n))
    as_persona(client, engine, "admin")
    assert len(listed(page(client, "/admin/outbox"))) == settings.page_size
    second = page(client, "/admin/outbox?page=2")
    assert listed(second) == [f"M{settings.page_size}"]
    assert second.select_one("[data-page]").get_text() == "Sida 2 av 2"


def test_reading_a_message_shows_the_body_and_is_audited(client, engine):
    message_id = enqueue(engine)
    admin = as_persona(client, engine, "admin")
    soup = page(client, f"/admin/outbox/{message_id}")
    assert soup.select_one("h1").get_text() == SUBJECT
    assert soup.select_one("[data-body]").get_text("\n") == BODY.replace("\n\n", "\n")
    assert soup.select_one("[data-to]").get_text() == "asa@example.se"
    assert soup.select_one("form[data-retry]") is not None
    with session_scope(engine) as session:
        events = session.exec(select(AuditEvent).where(AuditEvent.action == "outbox.viewed"))
        seen = [(e.actor_id, e.object_type, e.object_id) for e in events]
    assert isinstance(admin, User)
    assert seen == [(admin.id, "outbox_message", message_id)]


def test_retry_makes_a_given_up_message_due_now(client, engine, smtp, mail_settings):
    far = utcnow() + timedelta(days=1)
    message_id = enqueue(engine, attempts=mail.MAX_ATTEMPTS, due_at=far, last_error="550 no")
    as_persona(client, engine, "admin")
    response = post_form(client, f"/admin/outbox/{message_id}/retry")
    assert response.status_code == 303
    assert response.headers["location"] == f"/admin/outbox/{message_id}"
    flash = page(client, response.headers["location"]).select_one("[data-flash]")
    assert flash.get_text() == "E-postmeddelandet står på tur igen och skickas vid nästa försök."
    retried = stored(engine, message_id)
    assert retried.attempts == 0 and retried.due_at <= utcnow()
    with session_scope(engine) as session:
        event = session.exec(select(AuditEvent).where(AuditEvent.action == "outbox.retried")).one()
        assert event.detail == {"attempts": mail.MAX_ATTEMPTS, "last_error": "550 no"}
    assert mail.send_due(engine, mail_settings).sent == 1


def test_retry_of_a_sent_message_changes_nothing(client, engine):
    sent_at = utcnow() - timedelta(hours=1)
    message_id = enqueue(engine, sent_at=sent_at)
    as_persona(client, engine, "admin")
    response = post_form(client, f"/admin/outbox/{message_id}/retry")
    assert response.status_code == 303
    flash = page(client, response.headers["location"]).select_one("[data-flash]")
    assert flash.get_text() == "Det här e-postmeddelandet är redan skickat."
    assert stored(engine, message_id).sent_at == sent_at
    with session_scope(engine) as session:
        assert not session.exec(
            select(AuditEvent).where(AuditEvent.action == "outbox.retried")
        ).all()


@pytest.mark.parametrize(
    "url",
    [
        "/admin/outbox/abc",
        "/admin/outbox/999999",
        "/admin/outbox/99999999999999999999",
        "/admin/outbox/-1",
        "/admin/outbox/1.5",
        "/admin/outbox/%00",
    ],
)
def test_bad_message_ids_are_404(client, engine, url):
    enqueue(engine)
    as_persona(client, engine, "admin")
    assert client.get(url).status_code == 404
    assert post_form(client, url + "/retry").status_code == 404


@pytest.mark.parametrize("query", ["page=abc", "page=-5", "page=99999999999999999999", "page="])
def test_bad_list_parameters_still_show_the_list(client, engine, query):
    enqueue(engine)
    as_persona(client, engine, "admin")
    assert len(listed(page(client, f"/admin/outbox?{query}"))) == 1


def test_retry_needs_the_form_token(client, engine):
    message_id = enqueue(engine, attempts=3)
    as_persona(client, engine, "admin")
    assert client.post(f"/admin/outbox/{message_id}/retry").status_code == 415
    response = client.post(f"/admin/outbox/{message_id}/retry", data={"csrf_token": "forged"})
    assert response.status_code == 403
    assert stored(engine, message_id).attempts == 3


def test_only_unsent_messages_count_as_waiting(engine):
    enqueue(engine)
    enqueue(engine, sent_at=utcnow())
    with session_scope(engine) as session:
        assert mail.waiting_count(session) == 1
        assert [m.sent_at for m in mail.unsent(session, limit=10)] == [None]
