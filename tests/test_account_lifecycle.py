"""The account lifecycle (issue 15): the address verified by a mailed link before an account may
support, appeal as owner or see what is tied to the address; password change and reset by a
one-time link; the admin's account pages; the user commands of the CLI; sanctions by rank."""

from __future__ import annotations

import io
import re
import secrets
import stat
from datetime import timedelta

import pytest
from bs4 import BeautifulSoup
from sqlmodel import col, select
from starlette.testclient import TestClient

from debate import cli
from debate.app import create_app
from debate.cli import users as user_cli
from debate.core.db import session_scope
from debate.core.models import AccountToken, AuditEvent, OutboxMessage, Role, User, utcnow
from debate.core.settings import Settings
from tests.factories import (
    PASSWORD,
    login,
    make_consultation,
    make_user,
    post_form,
    seed_proposal,
)

NEW_PASSWORD = "ett-nytt-bra-lösenord"
FIRST_PASSWORD = "ett-bra-lösenord"


def last_link(engine, kind: str) -> str:
    """The path of the link in the newest outbox message of ``kind``."""
    with session_scope(engine) as session:
        message = session.exec(
            select(OutboxMessage)
            .where(OutboxMessage.kind == kind)
            .order_by(col(OutboxMessage.id).desc())
        ).first()
    assert message is not None, f"no {kind} mail"
    match = re.search(r"https?://[^/\s]+(/\S+)", message.body)
    assert match, message.body
    return match.group(1)


def the_user(engine, email: str) -> User:
    with session_scope(engine) as session:
        return session.exec(select(User).where(User.email == email)).one()


def register(client, email="ny@example.se", password=FIRST_PASSWORD):
    data = {"email": email, "display_name": "Ny Person", "password": password}
    response = post_form(client, "/register", data)
    assert response.status_code == 303
    return response


# --- Verification (item 1, item 11) -------------------------------------------------------------


def test_a_new_account_is_verified_by_its_link_while_signed_in(client, engine):
    register(client)
    link = last_link(engine, "verify_address")
    anonymous = client.get(link)
    assert anonymous.status_code == 303 and anonymous.headers["location"].startswith("/login")
    assert the_user(engine, "ny@example.se").verified_at is None
    post_form(client, "/login", {"email": "ny@example.se", "password": "ett-bra-lösenord"})
    reminded = BeautifulSoup(client.get("/").text, "html.parser").select("[data-flash]")
    assert "Din e-postadress är inte bekräftad än." in [f.get_text(strip=True) for f in reminded]
    assert client.get(link).status_code == 303
    assert the_user(engine, "ny@example.se").verified_at is not None
    assert client.get(link).status_code == 400  # used once


def test_someone_else_opening_the_link_does_not_verify_a_squatted_address(client, engine):
    """A squatter registers X's address; X, signed in to their own account, opens the link in
    the mail: the squatter's account stays unverified."""
    register(client, email="x@example.se")
    link = last_link(engine, "verify_address")
    login(client, make_user(engine, email="other@example.se"))
    response = client.get(link)
    assert response.status_code == 303 and response.headers["location"].startswith("/login")
    assert the_user(engine, "x@example.se").verified_at is None


def test_an_unverified_account_cannot_support(client, engine):
    """Item 11: scripted throwaway accounts do not count as people."""
    proposal = seed_proposal(engine, make_consultation(engine))
    user = make_user(engine, verified=False)
    login(client, user)
    refused = post_form(client, f"/proposals/{proposal}/support")
    assert refused.status_code == 403
    assert BeautifulSoup(refused.text, "html.parser").select_one("[data-unverified]")
    resent = post_form(client, "/me/verify", {"next": f"/proposals/{proposal}"})
    assert resent.status_code == 303 and resent.headers["location"] == f"/proposals/{proposal}"
    assert client.get(last_link(engine, "verify_address")).status_code == 303
    assert post_form(client, f"/proposals/{proposal}/support").status_code == 303
    with session_scope(engine) as session:
        assert session.get(User, user.id).verified_at is not None


def test_an_unverified_account_cannot_appeal_as_owner(client, engine):
    login(client, make_user(engine, verified=False))
    response = post_form(client, "/me/submissions/1/appeal", {"grounds": "Fel beslut."})
    assert response.status_code == 403
    login(client, make_user(engine, email="verified@example.se"))
    response = post_form(client, "/me/submissions/1/appeal", {"grounds": "Fel beslut."})
    assert response.status_code == 404  # no such item of theirs: past the verification


def test_the_link_uses_the_public_base_url_not_the_host_header(settings):
    configured = Settings.from_env(
        {},
        data_dir=settings.data_dir,
        database_url=settings.database_url,
        secret_key=settings.secret_key,
        base_url="https://inspel.example.se/",
        # Any host may reach the app here, so that the link alone is tested (the host check
        # refuses "evil.example" by default: tests/test_edge.py).
        allowed_hosts="*",
    )
    app = create_app(configured)
    with TestClient(app, follow_redirects=False) as client:
        client.headers["host"] = "evil.example"
        register(client)
        with session_scope(app.state.engine) as session:
            body = session.exec(select(OutboxMessage)).one().body
    app.state.engine.dispose()
    assert "https://inspel.example.se/verify/" in body and "evil.example" not in body


def test_expired_links_do_not_work(client, engine):
    register(client)
    link = last_link(engine, "verify_address")
    with session_scope(engine) as session:
        for token in session.exec(select(AccountToken)):
            token.expires_at = utcnow() - timedelta(seconds=1)
            session.add(token)
    post_form(client, "/login", {"email": "ny@example.se", "password": "ett-bra-lösenord"})
    assert client.get(link).status_code == 400


# --- Password change and reset (item 8) ---------------------------------------------------------


def test_changing_the_password_needs_the_current_one_and_ends_other_sessions(client, engine):
    user = make_user(engine)
    other = TestClient(client.app, follow_redirects=False)
    login(other, user)
    login(client, user)
    wrong = post_form(client, "/me/password", {"password": "nope", "new_password": NEW_PASSWORD})
    assert wrong.status_code == 400
    changed = post_form(
        client, "/me/password", {"password": PASSWORD, "new_password": NEW_PASSWORD}
    )
    assert changed.status_code == 303
    assert client.get("/me/submissions").status_code == 200  # this session goes on
    assert other.get("/me/submissions").status_code == 303  # the other one ended
    client.cookies.clear()
    assert (
        post_form(client, "/login", {"email": user.email, "password": NEW_PASSWORD}).status_code
        == 303
    )


def test_a_reset_link_sets_a_password_once_unlocks_and_ends_sessions(client, engine, settings):
    user = make_user(engine, Role.ADMIN)
    old_session = TestClient(client.app, follow_redirects=False)
    login(old_session, user)
    for _ in range(settings.login_max_attempts):
        post_form(client, "/login", {"email": user.email, "password": "bad"})
    assert (
        post_form(client, "/login", {"email": user.email, "password": PASSWORD}).status_code == 429
    )
    known = post_form(client, "/password-reset", {"email": user.email})
    unknown = post_form(client, "/password-reset", {"email": "nobody@example.se"})
    assert known.status_code == unknown.status_code == 303
    with session_scope(engine) as session:
        assert [m.to_address for m in session.exec(select(OutboxMessage))] == [user.email]
    link = last_link(engine, "password_reset")
    assert client.get(link).status_code == 200
    assert post_form(client, link, {"password": "short"}).status_code == 400
    assert post_form(client, link, {"password": NEW_PASSWORD}).status_code == 303
    assert post_form(client, link, {"password": NEW_PASSWORD}).status_code == 400  # used
    assert old_session.get("/me/submissions").status_code == 303
    response = post_form(client, "/login", {"email": user.email, "password": NEW_PASSWORD})
    assert response.status_code == 303  # unlocked from the address that was locked


# --- The admin's account pages (item 8) -------------------------------------------------------


def test_admin_lists_searches_and_changes_accounts_audited(client, engine):
    admin = make_user(engine, Role.ADMIN)
    target = make_user(engine, email="kim@example.se")
    target_client = TestClient(client.app, follow_redirects=False)
    login(target_client, target)
    login(client, admin)
    listing = BeautifulSoup(client.get("/admin/users?q=KIM").text, "html.parser")
    assert [row["data-user"] for row in listing.select("[data-user]")] == [str(target.id)]
    page = f"/admin/users/{target.id}"
    assert post_form(client, f"{page}/role", {"role": "boss"}).status_code == 400
    assert post_form(client, f"{page}/role", {"role": "moderator"}).status_code == 303
    assert post_form(client, f"{page}/active", {"active": "0"}).status_code == 303
    assert target_client.get("/me/submissions").status_code == 303  # signed out at once
    assert (
        post_form(target_client, "/login", {"email": target.email, "password": PASSWORD})
    ).status_code == 400
    assert post_form(client, f"{page}/active", {"active": "1"}).status_code == 303
    assert post_form(client, f"{page}/unlock").status_code == 303
    assert (
        post_form(client, f"/admin/users/{admin.id}/role", {"role": "citizen"}).status_code == 400
    )
    with session_scope(engine) as session:
        changed = session.get(User, target.id)
        actions = [
            e.action
            for e in session.exec(select(AuditEvent).where(AuditEvent.object_id == target.id))
            if e.object_type == "user"
        ]
    assert changed.role == Role.MODERATOR and changed.is_active
    assert actions == ["user.role_changed", "user.deactivated", "user.reactivated", "user.unlocked"]
    assert client.get("/admin/users/999999").status_code == 404


# --- Sanctions by rank (item 17) ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("actor", "author", "status"),
    [
        (Role.MODERATOR, Role.ADMIN, 400),
        (Role.MODERATOR, Role.MODERATOR, 400),
        (Role.MODERATOR, Role.STAFF, 400),
        (Role.MODERATOR, Role.CITIZEN, 303),
        (Role.ADMIN, Role.MODERATOR, 303),
    ],
)
def test_only_accounts_of_a_lower_role_can_be_sanctioned(client, engine, actor, author, status):
    from tests.test_review import INSULT, submit

    writer = make_user(engine, author, email=f"writer-{author.value}@example.se")
    item = submit(engine, INSULT, author=writer)
    login(client, make_user(engine, actor, email=f"judge-{actor.value}@example.se"))
    client.get(f"/moderation/items/{item}")
    response = post_form(
        client, f"/moderation/items/{item}/sanctions", {"kind": "warning", "reason": "Skäl här"}
    )
    assert response.status_code == status
    if status == 400:
        client.get("/lang/en")
        assert (
            "only warn or suspend accounts with a lower role"
            in post_form(
                client,
                f"/moderation/items/{item}/sanctions",
                {"kind": "warning", "reason": "Skäl här"},
            ).text
        )


# --- The CLI (item 8) ---------------------------------------------------------------------------


@pytest.fixture
def cli_env(monkeypatch, settings):
    monkeypatch.setenv("INSPEL_DATA_DIR", str(settings.data_dir))
    monkeypatch.setenv("INSPEL_DATABASE_URL", settings.database_url)
    monkeypatch.setenv("INSPEL_SECRET_KEY", settings.secret_key)
    return settings


def test_cli_sets_a_password_and_a_role(client, engine, cli_env, monkeypatch, capsys):
    user = make_user(engine, email="kim@example.se")
    monkeypatch.setattr("sys.stdin", io.StringIO(NEW_PASSWORD + "\n"))
    assert cli.main(["user", "set-password", "--email", "Kim@example.se"]) == 0
    assert cli.main(["user", "set-role", "--email", "kim@example.se", "--role", "staff"]) == 0
    assert cli.main(["user", "set-role", "--email", "no@example.se", "--role", "staff"]) == 1
    out = capsys.readouterr()
    assert NEW_PASSWORD not in out.out
    assert "kim@example.se is now staff (was citizen)." in out.out
    assert "there is no account for no@example.se" in out.err
    assert the_user(engine, user.email).role == Role.STAFF
    response = post_form(client, "/login", {"email": user.email, "password": NEW_PASSWORD})
    assert response.status_code == 303


def test_the_first_admin_password_goes_to_an_owner_only_file_in_production(
    engine, settings, capsys
):
    production = Settings.from_env(
        {},
        env="production",
        data_dir=settings.data_dir,
        database_url=settings.database_url,
        secret_key=secrets.token_urlsafe(48),
        base_url="https://inspel.example.se",
    )
    user_cli.ensure_admin(engine, production)
    out = capsys.readouterr().out
    path = settings.data_dir / "password-admin@inspel.local.txt"
    password = path.read_text().strip()
    assert password and password not in out and str(path) in out
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    with session_scope(engine) as session:
        admin = session.exec(select(User).where(User.role == Role.ADMIN)).one()
    assert admin.verified_at is not None
