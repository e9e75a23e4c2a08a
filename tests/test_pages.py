"""The accessibility statement and its report form, over HTTP (the browser checks are in
tests/e2e/test_accessibility.py)."""

from __future__ import annotations

from bs4 import BeautifulSoup
from sqlmodel import select

from debate.core.db import session_scope
from debate.core.models import AuditEvent, OutboxMessage
from tests.factories import post_form


def test_the_statement_is_linked_from_every_page_footer(client):
    home = BeautifulSoup(client.get("/").text, "html.parser")
    link = home.select_one("[data-footer-link=accessibility]")
    assert link["href"] == "/accessibility" and link.text == "Tillgänglighetsredogörelse"
    page = BeautifulSoup(client.get(link["href"]).text, "html.parser")
    assert page.title.text == "Tillgänglighetsredogörelse – Inspel"
    assert page.select_one("[data-reviewed]")["datetime"] == "2026-11-27"


def test_a_report_is_kept_in_the_audit_log(client, engine):
    sent = post_form(
        client,
        "/accessibility/report",
        {"description": "Fokus syns inte på knappen.", "page": "/", "email": "a@example.se"},
    )
    assert sent.status_code == 303 and sent.headers["location"] == "/accessibility"
    with session_scope(engine) as session:
        event = session.exec(select(AuditEvent)).one()
        message = session.exec(select(OutboxMessage)).one()
    assert event.action == "accessibility.reported"
    # Issue 15: the address is not in the append-only log but in the outbox, which an
    # erasure reaches; the log names the acknowledgement sent to it.
    assert event.detail == {
        "description": "Fokus syns inte på knappen.",
        "page": "/",
        "lang": "sv",
        "acknowledgement": message.id,
    }
    assert "a@example.se" not in str(event.detail)
    assert (message.to_address, message.kind) == ("a@example.se", "accessibility_received")
    assert message.subject == "Din anmälan om tillgänglighet har tagits emot"


def test_a_report_without_an_address_sends_nothing(client, engine):
    sent = post_form(client, "/accessibility/report", {"description": "Fokus syns inte."})
    assert sent.status_code == 303
    with session_scope(engine) as session:
        assert session.exec(select(AuditEvent)).one().detail["description"] == "Fokus syns inte."
        assert session.exec(select(OutboxMessage)).all() == []


def test_a_report_with_errors_keeps_the_input_and_names_the_fields(client, engine):
    client.get("/lang/en")
    refused = post_form(client, "/accessibility/report", {"description": "Kort", "email": "x"})
    assert refused.status_code == 400
    page = BeautifulSoup(refused.text, "html.parser")
    errors = {p["data-error-for"]: p.text for p in page.select("[data-error-for]")}
    assert errors == {
        "description": "Error: Write at least 10 characters (you wrote 4).",
        "email": "Error: Enter an e-mail address such as name@example.se.",
    }
    assert page.select_one("#f-description").text == "Kort"
    with session_scope(engine) as session:
        assert session.exec(select(AuditEvent)).first() is None
