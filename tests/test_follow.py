"""Follow and be told (issue 19 item 5), over HTTP with a real SMTP server on loopback: an
anonymous author's address is confirmed by link before anything else is sent to it, then gets
the receipt and the decision; bad addresses and links get a clear 4xx; unsubscribing works in
one click without login, twice; forms check CSRF; the address is masked on pages."""

from __future__ import annotations

import dataclasses
import re
import time
from collections.abc import Iterator

import pytest
from bs4 import BeautifulSoup
from sqlalchemy.engine import Engine
from sqlmodel import select
from starlette.testclient import TestClient

from debate.app import create_app
from debate.core.db import session_scope
from debate.core.models import (
    Follow,
    ModerationMode,
    OutboxMessage,
    Proposal,
    Role,
    Submission,
    Visibility,
)
from debate.follow import dispatch, tokens
from debate.outbox import mail
from tests.factories import login, make_consultation, make_user, post_form
from tests.test_mail import SmtpServer, free_port, smtp_settings
from tests.test_review import decide_form, moderator, second_client

ADDRESS = "asa.berg@example.se"
LINK = re.compile(r"http://testserver(/\S+)")


def send_proposal(client: TestClient, email: str = ADDRESS, **extra: str) -> str:
    """An anonymous proposal; the path of its status link."""
    fields = {"title": "Fler cykelbanor", "body": "Bygg cykelbanor längs E4.", "email": email}
    response = post_form(client, "/consultations/agenda/proposals", {**fields, **extra})
    assert response.status_code == 303, response.text[:400]
    return str(response.headers["location"])


def outbox(engine: Engine) -> list[OutboxMessage]:
    with session_scope(engine) as session:
        return list(session.exec(select(OutboxMessage).order_by(OutboxMessage.id)))


def submission_of(engine: Engine, status_path: str) -> Submission:
    with session_scope(engine) as session:
        return session.exec(select(Submission).order_by(Submission.id.desc())).first()  # type: ignore[union-attr]


def dispatched(engine: Engine, settings) -> int:
    with session_scope(engine) as session:
        return dispatch.dispatch_due(session, secret=settings.secret_key)


def approve(client: TestClient, engine: Engine, submission_id: int, who: str = "mod") -> None:
    other = second_client(client)
    moderator(other, engine, email=f"{who}@example.se")
    fields = decide_form(other.get(f"/moderation/items/{submission_id}"))
    fields["action"] = "approve"
    response = post_form(other, f"/moderation/items/{submission_id}/decide", fields)
    assert response.status_code == 303, response.text[:400]


@pytest.fixture
def inbox() -> Iterator[SmtpServer]:
    """A real SMTP server on loopback (tests/test_mail.py)."""
    server = SmtpServer(free_port())
    server.start()
    yield server
    server.stop()


@pytest.fixture
def pre(engine: Engine) -> None:
    """Every post waits for a moderator."""
    make_consultation(engine, mode=ModerationMode.PRE)


def test_confirmed_address_gets_the_receipt_then_the_decision(client, engine, settings, pre, inbox):
    smtp, mail_settings = inbox, smtp_settings(settings, inbox.port)
    status = send_proposal(client)
    item = submission_of(engine, status)
    assert item.visibility is Visibility.HELD
    (confirm,) = outbox(engine)
    assert (confirm.kind, confirm.to_address, confirm.unsubscribe_url) == (
        "follow_confirm",
        ADDRESS,
        "",
    )
    status_token = status.rsplit("/", 1)[1]
    assert status_token not in confirm.body  # encrypted in the link, not readable before
    # Nothing but the confirmation goes to an unconfirmed address, whatever happens.
    approve(client, engine, item.id)
    assert dispatched(engine, settings) == 0
    mail.send_due(engine, mail_settings)
    (letter,) = smtp.inbox.messages
    assert letter["Subject"] == f"Bekräfta din e-postadress för INS-{item.id}"
    assert letter["List-Unsubscribe"] is None  # nothing to unsubscribe from yet
    link = LINK.search(letter.get_content()).group(1)
    page = client.get(link)
    assert page.status_code == 200
    assert "Din e-postadress är bekräftad" in page.text
    assert "a•••@example.se" in page.text and ADDRESS not in page.text
    assert client.get(link).status_code == 200  # twice: no second receipt
    mail.send_due(engine, mail_settings)
    receipt = smtp.inbox.messages[1]
    assert receipt["Subject"] == f"Ditt kvitto för INS-{item.id}"
    assert f"http://testserver{status}" in receipt.get_content()
    unsubscribe = str(receipt["List-Unsubscribe"]).strip()  # folded: a long line
    assert unsubscribe.startswith("<http://testserver/follow/unsubscribe/")
    assert receipt["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert len(smtp.inbox.messages) == 2
    # A moderator's later decision reaches the confirmed address.
    with session_scope(engine) as session:
        session.get_one(Submission, item.id).visibility = Visibility.HELD
    approve(client, engine, item.id, who="mod2")
    assert dispatched(engine, settings) == 1
    mail.send_due(engine, mail_settings)
    decision = smtp.inbox.messages[2]
    assert decision["Subject"] == f"Beslut om INS-{item.id}"
    assert f"INS-{item.id} är nu: publicerat." in decision.get_content()
    assert str(decision["List-Unsubscribe"]).strip() == unsubscribe


@pytest.mark.parametrize(
    "email",
    [
        "inte-en-adress",
        "asa@example",
        "asa berg@example.se",
        "asa@@example.se",
        "<asa@example.se>",
        "a" * 250 + "@example.se",
        "asa@example.se\u2028Bcc: x@example.se",
    ],
)
def test_bad_addresses_are_refused_and_the_text_is_kept(client, engine, email):
    make_consultation(engine)
    fields = {"title": "Mitt förslag", "body": "Min text som inte får försvinna.", "email": email}
    response = post_form(client, "/consultations/agenda/proposals", fields)
    assert response.status_code == 400
    html = BeautifulSoup(response.text, "html.parser")
    error = html.select_one("[data-error-for=email]")
    assert error is not None
    assert "Skriv en e-postadress som namn@example.se, eller lämna fältet tomt." in error.text
    assert html.select_one("#f-body").text == "Min text som inte får försvinna."
    assert outbox(engine) == []


def test_a_reply_form_takes_an_address_too(client, engine, settings):
    make_consultation(engine)
    send_proposal(client, email="")
    with session_scope(engine) as session:
        proposal_id = session.exec(select(Proposal.id)).one()
    bad = post_form(client, f"/proposals/{proposal_id}/replies", {"body": "Ja!", "email": "nej"})
    assert bad.status_code == 400
    good = post_form(client, f"/proposals/{proposal_id}/replies", {"body": "Ja!", "email": ADDRESS})
    assert good.status_code == 303
    assert [m.kind for m in outbox(engine)] == ["follow_confirm"]


def confirm_link(engine: Engine) -> str:
    (message,) = [m for m in outbox(engine) if m.kind == "follow_confirm"]
    return LINK.search(message.body).group(1)


def test_expired_forged_and_unknown_confirmation_links(client, engine, settings):
    make_consultation(engine)
    status = send_proposal(client)
    link = confirm_link(engine)
    token = link.rsplit("/", 1)[1]
    follow_id, status_token = tokens.read_confirm_token(settings.secret_key, token)
    old = tokens.confirm_token(
        settings.secret_key, follow_id, status_token, now=time.time() - tokens.CONFIRM_TTL - 60
    )
    expired = client.get(f"/follow/confirm/{old}")
    assert expired.status_code == 410
    assert "Länken för att bekräfta har gått ut" in expired.text
    forged = tokens.confirm_token("another-secret-" + "y" * 32, follow_id, status_token)
    for bad in (forged, token[:-4] + "AAAA", "x", "%00"):
        response = client.get(f"/follow/confirm/{bad}")
        assert response.status_code == 400, bad
        assert "Länken är inte giltig." in response.text
    unknown = tokens.confirm_token(settings.secret_key, 9999, status_token)
    assert client.get(f"/follow/confirm/{unknown}").status_code == 410
    # An address removed from the status page: its old link no longer confirms it.
    assert post_form(client, f"{status}/email/remove").status_code == 303
    assert client.get(link).status_code == 410


def confirmed(client: TestClient, engine: Engine) -> tuple[str, str]:
    """An anonymous proposal with its address confirmed; its status path and unsubscribe path."""
    status = send_proposal(client)
    assert client.get(confirm_link(engine)).status_code == 200
    receipt = next(m for m in outbox(engine) if m.kind == "follow_receipt")
    return status, receipt.unsubscribe_url.removeprefix("http://testserver")


def test_one_click_unsubscribe_without_login_twice(client, engine, settings):
    make_consultation(engine)
    status, stop = confirmed(client, engine)
    page = client.get(stop)
    assert page.status_code == 200 and "a•••@example.se" in page.text
    stranger = TestClient(client.app, follow_redirects=False)  # no cookie, no CSRF token
    done = stranger.post(
        stop,
        content=b"List-Unsubscribe=One-Click",
        headers={"content-type": "application/x-www-form-urlencoded"},
    )
    assert done.status_code == 200
    assert "Klart: du får ingen mer e-post om det här." in done.text
    again = stranger.post(
        stop,
        content=b"List-Unsubscribe=One-Click",
        headers={"content-type": "application/x-www-form-urlencoded"},
    )
    assert again.status_code == 200
    assert "De här e-breven är redan stoppade." in again.text
    assert stranger.post("/follow/unsubscribe/forged.token").status_code == 400
    # Nothing more is sent, and "send me this link" now has no address to go to.
    assert post_form(client, f"{status}/send-link").status_code == 409


def test_the_status_page_masks_the_address_and_sends_the_link(client, engine):
    make_consultation(engine)
    status = send_proposal(client)
    page = client.get(status)
    assert "a•••@example.se" in page.text and ADDRESS not in page.text
    assert page.text.count('data-follow-address="waiting"') == 1
    assert post_form(client, f"{status}/send-link").status_code == 409  # not confirmed yet
    assert client.get(confirm_link(engine)).status_code == 200
    assert 'data-follow-address="confirmed"' in client.get(status).text
    assert post_form(client, f"{status}/send-link").status_code == 303
    sent = outbox(engine)[-1]
    assert (sent.kind, sent.to_address) == ("follow_status_link", ADDRESS)
    assert f"http://testserver{status}" in sent.body
    assert post_form(client, f"{status}/email/remove").status_code == 303
    with session_scope(engine) as session:
        assert session.exec(select(Follow)).all() == []


def test_an_address_given_on_the_status_page(client, engine):
    make_consultation(engine)
    status = send_proposal(client, email="")
    assert outbox(engine) == []
    empty = post_form(client, f"{status}/email", {"email": " "})
    assert empty.status_code == 400 and "Skriv din e-postadress." in empty.text
    bad = post_form(client, f"{status}/email", {"email": "asa@"})
    assert bad.status_code == 400
    assert post_form(client, f"{status}/email", {"email": ADDRESS}).status_code == 303
    assert post_form(client, f"{status}/email", {"email": ADDRESS}).status_code == 409
    assert [m.kind for m in outbox(engine)] == ["follow_confirm"]


def test_forms_check_csrf(client, engine):
    make_consultation(engine)
    status, stop = confirmed(client, engine)
    token = stop.rsplit("/", 1)[1]
    for url in (f"/follow/frequency/{token}", f"{status}/send-link", f"{status}/email/remove"):
        response = client.post(url, data={"frequency": "daily"})
        assert response.status_code == 403, url
    login(client, make_user(engine, Role.CITIZEN, email="medlem@example.se"))
    with session_scope(engine) as session:
        proposal_id = session.exec(select(Proposal.id)).one()
    refused = client.post(f"/proposals/{proposal_id}/follow", data={"frequency": "daily"})
    assert refused.status_code == 403
    with session_scope(engine) as session:
        assert session.exec(select(Follow).where(Follow.user_id.is_not(None))).all() == []  # type: ignore[union-attr]


def test_frequency_is_chosen_on_the_unsubscribe_page(client, engine):
    make_consultation(engine)
    _status, stop = confirmed(client, engine)
    token = stop.rsplit("/", 1)[1]
    bad = post_form(client, f"/follow/frequency/{token}", {"frequency": "weekly"})
    assert bad.status_code == 400 and "Välj hur ofta" in bad.text
    assert (
        post_form(client, f"/follow/frequency/{token}", {"frequency": "daily"}).status_code == 303
    )
    with session_scope(engine) as session:
        assert session.exec(select(Follow)).one().frequency.value == "daily"
    assert post_form(client, f"/follow/frequency/forged.{token}", {}).status_code == 400


def test_mail_is_in_the_language_the_post_was_written_in(client, engine):
    make_consultation(engine)
    client.get("/lang/en")
    send_proposal(client)
    (confirm,) = outbox(engine)
    assert confirm.subject.startswith("Confirm your e-mail address for INS-")
    assert "Open this link within 7 days" in confirm.body
    page = client.get(confirm_link(engine))
    assert "Your e-mail address is confirmed" in page.text
    receipt = outbox(engine)[-1]
    assert receipt.subject.startswith("Your receipt for INS-")


def test_mail_sending_forms_are_rate_limited(settings):
    """Each press mails an address: counted like cases (``INSPEL_RATE_CASES``)."""
    app = create_app(dataclasses.replace(settings, rate_cases=(2, 600)))
    with TestClient(app, follow_redirects=False) as client:
        make_consultation(app.state.engine)
        status, _stop = confirmed(client, app.state.engine)
        codes = [post_form(client, f"{status}/send-link").status_code for _ in range(3)]
    app.state.engine.dispose()
    assert codes == [303, 303, 429]
