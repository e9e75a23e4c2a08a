"""One transaction per use case: the check and the write it guards share one ``run_db``, so a
state changed after the page's own read is refused with a clear 4xx, and nothing is stored.
The races are staged by changing the row in the same transaction as the view's first read,
after that read (a plain table update, so the objects the view holds stay as they were read)."""

from __future__ import annotations

from datetime import timedelta

import pytest
import sqlalchemy as sa
from sqlmodel import func, select

from debate.consultations import queries as consultation_queries
from debate.consultations.actions import TopicNameTakenError, add_topic, rename_topic
from debate.core.db import session_scope
from debate.core.models import (
    Article,
    Consultation,
    Proposal,
    Reply,
    Submission,
    Support,
    Topic,
    Visibility,
    table_of,
    utcnow,
)
from debate.submissions import actions, queries
from tests.factories import (
    as_persona,
    login,
    make_article,
    make_consultation,
    make_user,
    post_form,
    seed_proposal,
)


def _count(engine, model) -> int:
    with session_scope(engine) as session:
        return session.exec(select(func.count()).select_from(model)).one()


def _hide(session, proposal_id: int) -> None:
    proposal = session.get_one(Proposal, proposal_id)
    submissions = table_of(Submission)
    session.connection().execute(
        sa.update(submissions)
        .where(submissions.c.id == proposal.submission_id)
        .values(visibility=Visibility.HIDDEN.value)
    )


def test_a_proposal_to_a_consultation_closed_after_its_form_was_read_is_refused(
    client, engine, monkeypatch
):
    consultation = make_consultation(engine)
    read = consultation_queries.consultation_and_topics

    def read_then_close(session, *, slug):
        found = read(session, slug=slug)
        consultations = table_of(Consultation)
        session.connection().execute(
            sa.update(consultations)
            .where(consultations.c.id == consultation.id)
            .values(closes_at=utcnow() - timedelta(seconds=1))
        )
        return found

    monkeypatch.setattr(consultation_queries, "consultation_and_topics", read_then_close)
    response = post_form(
        client,
        "/consultations/agenda/proposals",
        {"title": "Fler bussar", "body": "Bussarna borde gå oftare."},
    )
    assert response.status_code == 403
    assert "tar inte längre emot förslag" in response.text
    assert _count(engine, Submission) == 0 and _count(engine, Proposal) == 0


def test_a_proposal_to_an_open_consultation_is_still_stored(client, engine):
    make_consultation(engine)
    response = post_form(
        client,
        "/consultations/agenda/proposals",
        {"title": "Fler bussar", "body": "Bussarna borde gå oftare."},
    )
    assert response.status_code == 303, response.text
    assert _count(engine, Proposal) == 1


def test_a_reply_to_a_proposal_hidden_after_the_check_is_refused(client, engine, monkeypatch):
    proposal_id = seed_proposal(engine, make_consultation(engine))
    assert _count(engine, Reply) == 0
    first = queries.published_proposal
    calls: list[int] = []

    def read_then_hide(session, *, proposal_id):
        found = first(session, proposal_id=proposal_id)
        if not calls:  # only the view's own read: the write's check then sees it hidden
            _hide(session, proposal_id)
        calls.append(proposal_id)
        return found

    monkeypatch.setattr(queries, "published_proposal", read_then_hide)
    response = post_form(client, f"/proposals/{proposal_id}/replies", {"body": "Jag håller med."})
    assert response.status_code == 404
    assert len(calls) == 2
    assert _count(engine, Reply) == 0


def test_a_reply_to_an_article_unpublished_after_the_check_is_refused(client, engine, monkeypatch):
    article = make_article(engine)
    read = queries.public_article

    def read_then_unpublish(session, *, slug):
        found = read(session, slug=slug)
        articles = table_of(type(article))
        session.connection().execute(
            sa.update(articles).where(articles.c.id == article.id).values(is_published=False)
        )
        return found

    monkeypatch.setattr(queries, "public_article", read_then_unpublish)
    response = post_form(client, "/articles/debatt/replies", {"body": "Jag håller med."})
    assert response.status_code == 404
    assert _count(engine, Reply) == 0


def test_supporting_a_proposal_that_is_not_public_is_refused_and_stores_nothing(client, engine):
    proposal_id = seed_proposal(engine, make_consultation(engine))
    with session_scope(engine) as session:
        _hide(session, proposal_id)
    login(client, make_user(engine))
    response = post_form(client, f"/proposals/{proposal_id}/support")
    assert response.status_code == 404
    assert _count(engine, Support) == 0


def test_the_support_service_checks_the_proposal_in_its_own_transaction(engine):
    proposal_id = seed_proposal(engine, make_consultation(engine))
    with session_scope(engine) as session:
        assert actions.support_proposal(
            session, actor=None, proposal_id=proposal_id, supporter_key="user:1"
        )
    with session_scope(engine) as session:
        _hide(session, proposal_id)
    with pytest.raises(actions.NotPublishedError), session_scope(engine) as session:
        actions.support_proposal(
            session, actor=None, proposal_id=proposal_id, supporter_key="user:2"
        )
    with pytest.raises(actions.NotPublishedError), session_scope(engine) as session:
        actions.support_proposal(session, actor=None, proposal_id=10**6, supporter_key="user:3")
    assert _count(engine, Support) == 1


STAFF_NEW = {
    "title": "Hur ska vi resa 2030?",
    "slug": "resor-2030",
    "description": "Berätta!",
    "moderation_mode": "pre",
    "opens_at": "2026-01-01",
    "closes_at": "2030-12-31",
}


def test_an_address_taken_after_the_form_check_is_refused_with_the_form(
    client, engine, monkeypatch
):
    """The view's early check (for the form and its preview) read it free; the save's own
    check finds it taken: the form again with the message (400), not a database error."""
    make_consultation(engine, slug="resor-2030")
    as_persona(client, engine, "staff")
    monkeypatch.setattr(consultation_queries, "slug_taken", lambda session, **kw: False)
    response = post_form(client, "/staff/consultations/new", STAFF_NEW)
    assert response.status_code == 400
    assert "Adressen används redan av en annan dialog." in response.text
    assert _count(engine, Consultation) == 1
    response = post_form(
        client,
        "/staff/articles/new",
        {"title": "En text", "slug": "debatt", "body": "Text", "author_name": "Skribent"},
    )
    assert response.status_code == 303  # free: stored
    response = post_form(
        client,
        "/staff/articles/new",
        {"title": "En till", "slug": "debatt", "body": "Text", "author_name": "Skribent"},
    )
    assert response.status_code == 400
    assert _count(engine, Article) == 1


def test_an_empty_address_is_made_free_in_the_saving_transaction(client, engine):
    make_consultation(engine, slug="hur-ska-vi-resa-2030")
    as_persona(client, engine, "staff")
    response = post_form(client, "/staff/consultations/new", STAFF_NEW | {"slug": ""})
    assert response.status_code == 303
    with session_scope(engine) as session:
        slugs = sorted(c.slug for c in session.exec(select(Consultation)))
    assert slugs == ["hur-ska-vi-resa-2030", "hur-ska-vi-resa-2030-2"]


def test_a_topic_name_is_checked_in_the_write_transaction(client, engine):
    consultation = make_consultation(engine, topics=("Vård", "Skola"))
    with session_scope(engine) as session:
        topics = {t.name: t for t in session.exec(select(Topic))}
        with pytest.raises(TopicNameTakenError):
            add_topic(session, actor=None, consultation_id=consultation.id, name="VÅRD")
    with pytest.raises(TopicNameTakenError), session_scope(engine) as session:
        rename_topic(session, actor=None, topic=topics["Skola"], name="vård")
    as_persona(client, engine, "staff")
    skola = topics["Skola"].id
    assert post_form(client, f"/staff/topics/{skola}", {"name": "VåRD"}).status_code == 303
    assert post_form(client, f"/staff/topics/{skola}", {"name": "skola"}).status_code == 303
    with session_scope(engine) as session:
        assert sorted(t.name for t in session.exec(select(Topic))) == ["Vård", "skola"]
