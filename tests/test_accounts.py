"""Register, log in and out, argon2 hashes, signed sessions, and the login rate limit."""

from __future__ import annotations

from bs4 import BeautifulSoup
from sqlmodel import select

from debate.db import session_scope
from debate.models import User
from tests.factories import PASSWORD, make_user, post_form


def register(client, **fields):
    data = {"email": "ny@example.se", "display_name": "Ny Person", "password": "ett-bra-lösenord"}
    return post_form(client, "/register", data | fields)


def test_register_logs_in_and_stores_an_argon2_hash(client, engine):
    response = register(client)
    assert response.status_code == 303
    assert "Ny Person" in client.get("/").text
    with session_scope(engine) as session:
        user = session.exec(select(User)).one()
    assert user.password_hash.startswith("$argon2id$")
    assert "ett-bra-lösenord" not in user.password_hash


def test_register_validation(client, engine):
    client.get("/lang/en")
    response = register(client, email="not-an-address", password="short")
    assert response.status_code == 400
    soup = BeautifulSoup(response.text, "html.parser")
    assert "Enter an e-mail address" in soup.select_one("[data-error-for=email]").get_text()
    assert "at least 10 characters" in soup.select_one("[data-error-for=password]").get_text()
    assert soup.select_one("#f-display_name")["value"] == "Ny Person"
    assert soup.select_one("#f-password")["value"] == ""  # never echo a password


def test_duplicate_email_is_refused(client, engine):
    make_user(engine, email="ny@example.se")
    response = register(client, email="NY@example.se")
    assert response.status_code == 400


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
