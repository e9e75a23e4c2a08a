"""The daily digest is one message per address (issue 19, loose ends): a section per thread
followed, each with the link that stops that thread alone, and the List-Unsubscribe header (and
the footer's link) that stops the whole digest in one click. Sent through a real SMTP server."""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest
from sqlmodel import col, select
from starlette.testclient import TestClient

from debate.core.db import session_scope
from debate.core.models import Follow, OutboxMessage, Role
from debate.follow import dispatch, tokens
from debate.outbox import mail
from tests.factories import login, make_consultation, make_user, post_form, seed_proposal
from tests.test_mail import SmtpServer, free_port, smtp_settings

READER = "lasare@example.se"
SECTION_STOP = re.compile(r"http://testserver(/follow/unsubscribe/\S+)")


@pytest.fixture
def inbox() -> Iterator[SmtpServer]:
    server = SmtpServer(free_port())
    server.start()
    yield server
    server.stop()


def follow(client: TestClient, proposal_id: int) -> None:
    response = post_form(client, f"/proposals/{proposal_id}/follow", {"frequency": "daily"})
    assert response.status_code == 303


def reply(client: TestClient, proposal_id: int, body: str) -> None:
    other = TestClient(client.app, follow_redirects=False)
    response = post_form(other, f"/proposals/{proposal_id}/replies", {"body": body})
    assert response.status_code == 303, response.text[:300]


def digests(engine, settings) -> int:
    with session_scope(engine) as session:
        return dispatch.send_digests(session, secret=settings.secret_key)


def ended(engine) -> dict[int | None, bool]:
    with session_scope(engine) as session:
        rows = session.exec(select(Follow).order_by(col(Follow.id)))
        return {row.proposal_id: row.ended_at is not None for row in rows}


@pytest.fixture
def two_threads(client, engine):
    """A reader following two proposals daily, with news in both."""
    consultation = make_consultation(engine)
    buses = seed_proposal(engine, consultation, title="Fler bussar")
    bikes = seed_proposal(engine, consultation, title="Cykelbanor")
    login(client, make_user(engine, Role.CITIZEN, email=READER))
    follow(client, buses)
    follow(client, bikes)
    reply(client, buses, "Första svaret om bussar.")
    reply(client, buses, "Andra svaret om bussar.")
    reply(client, bikes, "Ett svar om cyklar.")
    return buses, bikes


def test_one_message_per_address_with_a_section_per_thread(
    client, engine, settings, inbox, two_threads
):
    assert digests(engine, settings) == 1
    mail.send_due(engine, smtp_settings(settings, inbox.port))
    (letter,) = inbox.inbox.messages
    assert letter["To"] == READER
    assert letter["Subject"] == "I dag på Inspel: nyheter i 2 trådar du följer"
    body = letter.get_content()
    assert body.index("== Fler bussar ==") < body.index("Första svaret om bussar.")
    assert body.index("Andra svaret om bussar.") < body.index("== Cykelbanor ==")
    assert body.index("== Cykelbanor ==") < body.index("Ett svar om cyklar.")
    # One stop link per thread, under its section, each for that thread only.
    sections = SECTION_STOP.findall(body)
    assert len(sections) == 2 and sections[0] != sections[1]
    assert "Sluta få e-post om ”Fler bussar” enbart" in body
    # The header stops the whole digest; the footer says so and gives the same link.
    header = str(letter["List-Unsubscribe"]).strip()
    assert header.startswith("<http://testserver/follow/digest/")
    assert letter["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert header.strip("<>") in body.split("-- \n")[-1]
    assert "Stoppa hela sammanfattningen" in body
    assert digests(engine, settings) == 0  # the day's news is told once


def test_each_address_gets_its_own_digest(client, engine, settings, two_threads):
    buses, _bikes = two_threads
    other = TestClient(client.app, follow_redirects=False)
    login(other, make_user(engine, Role.CITIZEN, email="annan@example.se"))
    follow(other, buses)
    reply(client, buses, "Ett tredje svar.")
    assert digests(engine, settings) == 2


def test_the_header_link_stops_the_whole_digest_in_one_click(client, engine, settings, two_threads):
    buses, bikes = two_threads
    digests(engine, settings)
    link = _digest_link(engine)
    stranger = TestClient(client.app)  # no cookie, no CSRF token: RFC 8058 one click
    page = stranger.get(link)
    assert page.status_code == 200
    assert "Fler bussar" in page.text and "Cykelbanor" in page.text
    assert ended(engine) == {buses: False, bikes: False}  # a GET stops nothing
    done = stranger.post(link, data={"List-Unsubscribe": "One-Click"})
    assert done.status_code == 200
    assert 'data-unsubscribed="now"' in done.text
    assert ended(engine) == {buses: True, bikes: True}
    again = stranger.post(link)
    assert again.status_code == 200 and 'data-unsubscribed="already"' in again.text
    reply(client, buses, "Efteråt.")
    assert digests(engine, settings) == 0


def test_a_section_link_stops_that_thread_only(client, engine, settings, two_threads):
    buses, bikes = two_threads
    digests(engine, settings)
    body = _digest_body(engine)
    first = SECTION_STOP.findall(body)[0]
    assert TestClient(client.app).post(first).status_code == 200
    assert ended(engine) == {buses: True, bikes: False}
    reply(client, buses, "Om bussar igen.")
    reply(client, bikes, "Om cyklar igen.")
    assert digests(engine, settings) == 1
    assert "Om bussar igen." not in _digest_body(engine)
    assert "Om cyklar igen." in _digest_body(engine)


def test_bad_digest_links_are_refused(client, settings):
    forged = tokens.digest_token("another-secret-" + "y" * 32, [1])
    empty = tokens.digest_token(settings.secret_key, [])
    for bad in (forged, empty, "x", "%00"):
        assert client.get(f"/follow/digest/{bad}").status_code == 400, bad
        response = client.post(f"/follow/digest/{bad}")
        assert response.status_code == 400
        assert "Länken är inte giltig." in response.text
    gone = tokens.digest_token(settings.secret_key, [9999])
    assert 'data-unsubscribed="already"' in client.post(f"/follow/digest/{gone}").text


def _digest_messages(engine):
    with session_scope(engine) as session:
        found = session.exec(
            select(OutboxMessage)
            .where(OutboxMessage.kind == "follow_digest")
            .order_by(col(OutboxMessage.id))
        )
        return list(found)


def _digest_body(engine) -> str:
    return _digest_messages(engine)[-1].body


def _digest_link(engine) -> str:
    return _digest_messages(engine)[-1].unsubscribe_url.removeprefix("http://testserver")
