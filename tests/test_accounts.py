"""Register, log in and out, argon2 hashes, signed sessions, and the login rate limit."""

from __future__ import annotations

import asyncio

import pytest
from bs4 import BeautifulSoup
from sqlmodel import select
from starlette.testclient import TestClient

from debate.accounts import security
from debate.core.db import session_scope
from debate.core.models import OutboxMessage, Role, User
from debate.views import account
from tests.factories import PASSWORD, make_user, post_form


def register(client, **fields):
    data = {"email": "ny@example.se", "display_name": "Ny Person", "password": "ett-bra-lösenord"}
    return post_form(client, "/register", data | fields)


def test_register_stores_an_argon2_hash_and_mails_a_verification_link(client, engine):
    response = register(client)
    assert response.status_code == 303 and response.headers["location"] == "/login"
    # Not signed in: a new address and a taken one must get the same answer (issue 15, item 10).
    assert "Ny Person" not in client.get("/").text
    with session_scope(engine) as session:
        user = session.exec(select(User)).one()
        [message] = session.exec(select(OutboxMessage)).all()
    assert user.password_hash.startswith("$argon2id$")
    assert "ett-bra-lösenord" not in user.password_hash
    assert user.verified_at is None
    assert message.kind == "verify_address" and message.to_address == "ny@example.se"
    assert "http://testserver/verify/" in message.body


def test_register_validation(client, engine):
    client.get("/lang/en")
    response = register(client, email="not-an-address", password="short")
    assert response.status_code == 400
    soup = BeautifulSoup(response.text, "html.parser")
    assert "Enter an e-mail address" in soup.select_one("[data-error-for=email]").get_text()
    assert "at least 10 characters" in soup.select_one("[data-error-for=password]").get_text()
    assert soup.select_one("#f-display_name")["value"] == "Ny Person"
    assert soup.select_one("#f-password")["value"] == ""  # never echo a password


def test_an_account_cannot_take_the_organisations_name(client, engine):
    """Issue 15, item 29: "Regionens redaktion" (in any case or spacing) is the organisation's;
    a citizen who registers with it is told so beside the field and nothing is stored."""
    client.get("/lang/en")
    response = register(client, display_name="regionens  REDAKTION")
    assert response.status_code == 400
    soup = BeautifulSoup(response.text, "html.parser")
    assert "belongs to the organisation" in soup.select_one("[data-error-for=display_name]").text
    with session_scope(engine) as session:
        assert session.exec(select(User)).all() == []


def test_a_taken_address_gets_the_same_answer_and_its_owner_a_mail(client, engine):
    """Issue 15, item 10: the form does not tell who has an account."""
    fresh = register(client, email="annan@example.se")
    client.cookies.clear()
    make_user(engine, email="ny@example.se")
    taken = register(client, email="NY@example.se")
    assert taken.status_code == fresh.status_code == 303
    assert taken.headers["location"] == fresh.headers["location"]
    assert flashes(client) == [
        "Vi har skickat ett e-brev till ny@example.se. Logga in och öppna "
        "länken i det för att bekräfta adressen. Har du redan ett konto? "
        "E-brevet berättar hur du kommer in i det."
    ]
    with session_scope(engine) as session:
        assert len(session.exec(select(User)).all()) == 2
        kinds = {m.to_address: m.kind for m in session.exec(select(OutboxMessage))}
    assert kinds == {"annan@example.se": "verify_address", "ny@example.se": "account_exists"}


def flashes(client) -> list[str]:
    page = BeautifulSoup(client.get("/login").text, "html.parser")
    return [item.get_text(" ", strip=True) for item in page.select("[data-flash]")]


def test_login_wrong_password_then_right(client, engine):
    user = make_user(engine)
    client.get("/lang/en")
    wrong = post_form(client, "/login", {"email": user.email, "password": "nope"})
    assert wrong.status_code == 400
    assert "Wrong e-mail address or password." in wrong.text
    right = post_form(
        client, "/login", {"email": user.email, "password": PASSWORD, "next": "/me/submissions"}
    )
    assert right.status_code == 303 and right.headers["location"] == "/me/submissions"


def test_login_next_cannot_leave_the_site(client, engine):
    user = make_user(engine)
    response = post_form(
        client, "/login", {"email": user.email, "password": PASSWORD, "next": "//evil.example/"}
    )
    assert response.headers["location"] == "/"


def test_logout_ends_the_session(client, engine):
    user = make_user(engine)
    post_form(client, "/login", {"email": user.email, "password": PASSWORD})
    assert client.get("/me/submissions").status_code == 200
    assert post_form(client, "/logout").status_code == 303
    assert client.get("/me/submissions").status_code == 303


def test_login_rate_limit(client, engine, settings):
    user = make_user(engine)
    for _ in range(settings.login_max_attempts):
        assert (
            post_form(client, "/login", {"email": user.email, "password": "bad"}).status_code == 400
        )
    blocked = post_form(client, "/login", {"email": user.email, "password": PASSWORD})
    assert blocked.status_code == 429


def test_the_owner_still_gets_in_from_another_address(client, engine, settings):
    """Issue 15, item 5: the lock is per (account, address) pair, not per account."""
    user = make_user(engine, Role.ADMIN)
    for _ in range(settings.login_max_attempts + 3):
        post_form(client, "/login", {"email": user.email, "password": "bad"})
    assert (
        post_form(client, "/login", {"email": user.email, "password": PASSWORD}).status_code == 429
    )
    owner = TestClient(client.app, follow_redirects=False, client=("198.51.100.7", 4000))
    assert (
        post_form(owner, "/login", {"email": user.email, "password": PASSWORD}).status_code == 303
    )


def test_failures_of_an_account_slow_each_attempt_down(client, engine, monkeypatch):
    waits: list[float] = []

    async def sleep(seconds: float) -> None:
        waits.append(seconds)

    monkeypatch.setattr(account, "sleep", sleep)
    user = make_user(engine)
    for number in range(6):
        other = TestClient(client.app, follow_redirects=False, client=(f"192.0.2.{number}", 1))
        post_form(other, "/login", {"email": user.email, "password": "bad"})
    assert waits == [0.5, 1.0, 2.0]
    assert security.login_delay(40) == security.MAX_DELAY


def test_reservations_count_before_the_password_is_checked(engine, settings):
    """Issue 15, item 9 for logins: an attempt counts from the moment it starts, so attempts
    at once cannot all pass the count before any failure is written."""
    begin = {"email": "x@example.se", "client": "203.0.113.1", "limit": 5, "window_seconds": 900}
    with session_scope(engine) as session:
        delays = [security.begin_login(session, **begin) for _ in range(6)]
    assert delays[:5] == [0.0] * 5 and delays[5] is None


def test_passwords_are_checked_and_hashed_off_the_event_loop(client, engine, monkeypatch):
    """Issue 15, item 7: argon2 never runs on the event loop, also with INSPEL_SQLITE_INLINE."""
    on_loop: list[bool] = []

    def spy(function):
        def wrapped(*args):
            try:
                asyncio.get_running_loop()
                on_loop.append(True)
            except RuntimeError:
                on_loop.append(False)
            return function(*args)

        return wrapped

    monkeypatch.setattr(security, "check_password", spy(security.check_password))
    monkeypatch.setattr(security, "hash_password", spy(security.hash_password))
    assert client.app.state.settings.sqlite_inline
    user = make_user(engine)
    post_form(client, "/login", {"email": user.email, "password": PASSWORD})
    register(client, email="ny2@example.se")
    assert on_loop == [False, False]


def test_an_unknown_address_costs_a_password_check(client, engine, monkeypatch):
    """Issue 15, item 10: no fast answer for an address without an account."""
    checked: list[str] = []
    real = security.verify_password

    def counting(password_hash: str, password: str) -> bool:
        checked.append(password_hash[:9])
        return real(password_hash, password)

    monkeypatch.setattr(security, "verify_password", counting)
    response = post_form(client, "/login", {"email": "nobody@example.se", "password": "whatever"})
    assert response.status_code == 400 and checked == ["$argon2id"]


def test_tampered_session_cookie_is_ignored(client, engine):
    user = make_user(engine)
    post_form(client, "/login", {"email": user.email, "password": PASSWORD})
    cookie = client.cookies.get("inspel_session")
    client.cookies.clear()
    client.cookies.set(
        "inspel_session", cookie[:-6] + ("AAAAAA" if cookie[-6:] != "AAAAAA" else "BBBBBB")
    )
    assert client.get("/me/submissions").status_code == 303


def test_deactivated_user_is_logged_out(client, engine):
    user = make_user(engine)
    post_form(client, "/login", {"email": user.email, "password": PASSWORD})
    with session_scope(engine) as session:
        session.get(User, user.id).is_active = False
    assert client.get("/me/submissions").status_code == 303


@pytest.mark.real_hasher
def test_the_dummy_hash_costs_what_a_real_one_costs():
    """Its parameters must follow the hasher's, or an unknown address answers faster again."""
    assert not security._hasher.check_needs_rehash(security.DUMMY_HASH)
