"""Plain factory functions and the fixed cast of personas."""

from __future__ import annotations

import re
from datetime import timedelta
from functools import cache
from typing import Any

from argon2 import PasswordHasher
from httpx import Response
from sqlalchemy.engine import Engine
from starlette.testclient import TestClient

from debate.core.db import session_scope
from debate.core.models import Article, Consultation, Role, Topic, User, utcnow
from debate.submissions import actions, screening
from moderation import ModerationMode

PASSWORD = "a-long-test-password"
PERSONAS = ("anonymous", "citizen", "moderator", "staff", "admin")
#: Who may use a route, in the permission matrix (tests/test_permissions.py).
PUBLIC, SIGNED_IN, STAFF, MODERATOR, ADMIN = "public", "signed_in", "staff", "moderator", "admin"
_CSRF = re.compile(r'name="csrf_token" value="([^"]+)"')
#: argon2id at its cheapest (8 KiB, one pass, one lane): what the tests hash and check passwords
#: with (tests/conftest.py, ``cheap_passwords``). The production parameters (argon2-cffi's
#: defaults, 64 MiB and three passes) cost ~0.16 s of CPU a check: a quarter of the suite's time
#: went to the logins. Checking a hash uses the parameters written in it, so the cast's hash below
#: is made with these whatever hasher is in force.
CHEAP_HASHER = PasswordHasher(time_cost=1, memory_cost=8, parallelism=1)


@cache
def _password_hash() -> str:
    return str(CHEAP_HASHER.hash(PASSWORD))


def make_user(
    engine: Engine, role: Role = Role.CITIZEN, email: str | None = None, *, verified: bool = True
) -> User:
    """An account; its address is verified unless ``verified=False``."""
    with session_scope(engine) as session:
        user = User(
            email=email or f"{role.value}@example.se",
            display_name=f"Test {role.value}",
            password_hash=_password_hash(),
            role=role,
            verified_at=utcnow() if verified else None,
        )
        session.add(user)
        session.flush()
        return user


def make_consultation(
    engine: Engine,
    *,
    slug: str = "agenda",
    mode: ModerationMode = ModerationMode.FLAGGED_ONLY,
    closed: bool = False,
    topics: tuple[str, ...] = ("Trafik", "Vård"),
) -> Consultation:
    now = utcnow()
    with session_scope(engine) as session:
        consultation = Consultation(
            slug=slug,
            title=f"Consultation {slug}",
            description="Vad ska regionen driva?",
            moderation_mode=mode,
            opens_at=now - timedelta(days=30),
            closes_at=now - timedelta(days=1) if closed else now + timedelta(days=30),
        )
        session.add(consultation)
        session.flush()
        for name in topics:
            session.add(Topic(consultation_id=consultation.id, name=name))
        return consultation


def topic_ids(engine: Engine, consultation: Consultation) -> dict[str, int]:
    from sqlmodel import select

    with session_scope(engine) as session:
        rows = session.exec(select(Topic).where(Topic.consultation_id == consultation.id))
        return {t.name: t.id for t in rows if t.id is not None}


def make_article(engine: Engine, *, slug: str = "debatt", published: bool = True) -> Article:
    with session_scope(engine) as session:
        article = Article(
            slug=slug,
            title="En debattartikel",
            lead="Ingress",
            body="Text",
            author_name="Skribent",
            is_published=published,
        )
        session.add(article)
        session.flush()
        return article


def seed_proposal(
    engine: Engine,
    consultation: Consultation,
    title: str = "Fler bussar",
    body: str = "Bussarna borde gå oftare.",
    **extra: Any,
) -> int:
    """Store and screen a proposal the way the site does; returns the proposal id."""
    from sqlmodel import select

    from debate.core.models import Proposal

    with session_scope(engine) as session:
        receipt = actions.submit_proposal(
            session,
            actor=None,
            consultation=consultation,
            title=title,
            body=body,
            topic_id=extra.get("topic_id"),
            municipality=None,
            author_name="",
            lang="sv",
        )
    with session_scope(engine) as session:
        screening.screen_submission(session, submission_id=receipt.submission_id)
        proposal = session.exec(
            select(Proposal).where(Proposal.submission_id == receipt.submission_id)
        ).one()
        assert proposal.id is not None
        return proposal.id


def csrf(client: TestClient) -> str:
    page = client.get("/login")
    match = _CSRF.search(page.text)
    assert match, "the login page has no CSRF token"
    return match.group(1)


def post_form(client: TestClient, url: str, data: dict[str, str] | None = None) -> Response:
    return client.post(url, data={"csrf_token": csrf(client), **(data or {})})


def login(client: TestClient, user: User) -> None:
    response = post_form(client, "/login", {"email": user.email, "password": PASSWORD})
    assert response.status_code == 303, response.text


def as_persona(client: TestClient, engine: Engine, persona: str) -> User | None:
    if persona == "anonymous":
        return None
    user = make_user(engine, Role(persona))
    login(client, user)
    return user
