"""Staff create and edit consultations, topics and debate articles."""

from __future__ import annotations

from bs4 import BeautifulSoup
from sqlmodel import select

from debate.core.db import session_scope
from debate.core.models import Article, AuditEvent, Consultation, Topic
from moderation import ModerationMode
from tests.factories import as_persona, make_consultation, post_form

NEW = {
    "title": "Hur ska vi resa 2030?",
    "slug": "resor-2030",
    "description": "Berätta!",
    "moderation_mode": "pre",
    "opens_at": "2026-01-01",
    "closes_at": "2030-12-31",
}


def test_create_and_edit_a_consultation(client, engine):
    as_persona(client, engine, "staff")
    created = post_form(client, "/staff/consultations/new", NEW)
    assert created.status_code == 303
    with session_scope(engine) as session:
        consultation = session.exec(select(Consultation)).one()
        assert consultation.moderation_mode is ModerationMode.PRE
        assert consultation.closes_at.tzinfo is not None
    assert created.headers["location"] == f"/staff/consultations/{consultation.id}"
    edited = post_form(client, created.headers["location"], NEW | {"title": "Nytt namn"})
    assert edited.status_code == 303
    assert "Nytt namn" in client.get("/consultations/resor-2030").text
    with session_scope(engine) as session:
        actions = [e.action for e in session.exec(select(AuditEvent))]
    assert "consultation.created" in actions and "consultation.updated" in actions


def test_consultation_validation(client, engine):
    make_consultation(engine, slug="taken")
    as_persona(client, engine, "staff")
    client.get("/lang/en")
    bad = NEW | {"slug": "taken", "moderation_mode": "never", "closes_at": "2025-01-01"}
    response = post_form(client, "/staff/consultations/new", bad)
    assert response.status_code == 400
    soup = BeautifulSoup(response.text, "html.parser")
    assert soup.select_one("[data-error-for=moderation_mode]")
    assert soup.select_one("[data-error-for=closes_at]")
    response = post_form(client, "/staff/consultations/new", NEW | {"slug": "Bad Slug!"})
    assert "Use lower-case letters" in response.text
    response = post_form(client, "/staff/consultations/new", NEW | {"slug": "taken"})
    assert "already used" in response.text


def test_topics_are_added_and_renamed_without_duplicates(client, engine):
    consultation = make_consultation(engine, topics=("Vård",))
    as_persona(client, engine, "staff")
    url = f"/staff/consultations/{consultation.id}/topics"
    assert post_form(client, url, {"name": "Skola"}).status_code == 303
    assert post_form(client, url, {"name": "vård"}).status_code == 400
    with session_scope(engine) as session:
        skola = session.exec(select(Topic).where(Topic.name == "Skola")).one()
    assert post_form(client, f"/staff/topics/{skola.id}", {"name": "Utbildning"}).status_code == 303
    page = BeautifulSoup(client.get("/consultations/agenda").text, "html.parser")
    assert [t.get_text(strip=True) for t in page.select("[data-topic]")] == [
        "Utbildning (0)",
        "Vård (0)",
    ]


def test_article_draft_then_published(client, engine):
    as_persona(client, engine, "staff")
    data = {
        "title": "Min kolumn",
        "slug": "min-kolumn",
        "author_name": "Eva",
        "body": "Text",
        "lead": "",
    }
    created = post_form(client, "/staff/articles/new", data)
    assert created.status_code == 303
    assert client.get("/articles/min-kolumn").status_code == 404
    post_form(client, created.headers["location"], data | {"is_published": "on"})
    assert client.get("/articles/min-kolumn").status_code == 200
    with session_scope(engine) as session:
        assert session.exec(select(Article)).one().is_published is True


def test_article_needs_text(client, engine):
    as_persona(client, engine, "admin")
    response = post_form(client, "/staff/articles/new", {"title": "", "slug": "x", "body": ""})
    assert response.status_code == 400
    soup = BeautifulSoup(response.text, "html.parser")
    assert {e["data-error-for"] for e in soup.select("[data-error-for]")} >= {
        "title",
        "body",
        "author_name",
    }
