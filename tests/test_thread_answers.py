"""Answers inside a thread (issue 19, loose ends): each "Answer this reply" form offers the
check before sending, with and without JavaScript, and a withdrawn reply that has answers under
it says so instead of "not shown"."""

from __future__ import annotations

import pytest
from bs4 import BeautifulSoup
from sqlmodel import col, func, select

from debate.core.db import session_scope
from debate.core.models import Reply, Submission, Visibility
from tests.factories import csrf, make_consultation, post_form, seed_proposal

PNR_TEXT = "Ring mig, mitt personnummer är 811218-9876."


def soup(response):
    return BeautifulSoup(response.text, "html.parser")


def words(element):
    return " ".join(element.get_text().split())


def _count(engine) -> int:
    with session_scope(engine) as session:
        return session.exec(select(func.count()).select_from(Submission)).one()


def _last_reply(engine) -> int:
    with session_scope(engine) as session:
        found = session.exec(select(Reply.id).order_by(col(Reply.id).desc())).first()
        assert found is not None
        return found


@pytest.fixture
def proposal(engine):
    return seed_proposal(engine, make_consultation(engine))


@pytest.fixture
def replied(client, engine, proposal):
    """A published reply on the proposal; returns (its reply id, its status link)."""
    response = post_form(client, f"/proposals/{proposal}/replies", {"body": "Håller med."})
    assert response.status_code == 303
    return _last_reply(engine), response.headers["location"]


# --- Preview on the answer forms --------------------------------------------------------------


def test_every_answer_form_offers_the_preview(client, proposal, replied):
    reply_id, _status = replied
    page = soup(client.get(f"/proposals/{proposal}"))
    form = page.select_one(f"#reply-{reply_id} form[data-form=answer]")
    assert form["data-preview-url"] == f"/preview?proposal={proposal}"
    assert words(form.select_one("button[name=preview]")) == "Förhandsgranska"
    slot = form.select_one("[data-preview-slot]")
    assert slot["data-heading-id"] == f"preview-heading-{reply_id}"
    assert slot.select_one("[data-preview]") is None
    assert page.select_one("form[data-form=reply] [data-preview-slot]")["data-heading-id"] == (
        "preview-heading"
    )
    assert len(page.select("script[src$='preview.js']")) == 1


def test_an_answer_preview_without_javascript_opens_in_its_own_form(
    client, engine, proposal, replied
):
    reply_id, _status = replied
    before = _count(engine)
    data = {"parent": str(reply_id), "body": PNR_TEXT, "preview": "1"}
    response = post_form(client, f"/proposals/{proposal}/replies", data)
    assert response.status_code == 200
    page = soup(response)
    details = page.select_one(f"#reply-{reply_id} details.answer")
    assert details.has_attr("open")
    assert details.select_one("textarea[name=body]").get_text() == PNR_TEXT
    preview = details.select_one("[data-preview]")
    assert preview["data-preview"] == "redact"
    assert preview["aria-labelledby"] == f"preview-heading-{reply_id}"
    assert preview.select_one(f"h2#preview-heading-{reply_id}") is not None
    assert details.select_one("[data-preview-body] mark.masked") is not None
    # The main reply form stays empty and shows no preview: the answer is not moved there.
    main = page.select_one("form[data-form=reply]")
    assert main.select_one("[data-preview]") is None
    assert main.select_one("textarea[name=body]").get_text() == ""
    assert main.select_one("input[name=parent]") is None
    assert _count(engine) == before, "a preview stores nothing"


def test_an_answer_sent_after_its_preview_is_stored_under_the_reply(
    client, engine, proposal, replied
):
    reply_id, _status = replied
    data = {"parent": str(reply_id), "body": "Jag svarar dig."}
    post_form(client, f"/proposals/{proposal}/replies", {**data, "preview": "1"})
    response = post_form(client, f"/proposals/{proposal}/replies", data)
    assert response.status_code == 303
    with session_scope(engine) as session:
        answer = session.get(Reply, _last_reply(engine))
        assert answer is not None and answer.parent_id == reply_id and answer.depth == 2


def test_the_json_preview_of_an_answer(client, proposal, replied):
    reply_id, _status = replied
    response = client.post(
        f"/preview?proposal={proposal}",
        data={"csrf_token": csrf(client), "parent": str(reply_id), "body": PNR_TEXT},
    )
    assert response.status_code == 200
    assert response.json()["action"] == "redact"


def test_an_empty_answer_preview_is_a_400_with_the_error(client, engine, proposal, replied):
    reply_id, _status = replied
    data = {"parent": str(reply_id), "body": "  ", "preview": "1"}
    response = post_form(client, f"/proposals/{proposal}/replies", data)
    assert response.status_code == 400
    assert soup(response).select_one("[data-preview]") is None
    assert soup(response).select_one("[data-error-for=body]") is not None


def test_an_answer_preview_to_a_reply_elsewhere_is_refused(client, engine, proposal, replied):
    reply_id, _status = replied
    other = seed_proposal(engine, make_consultation(engine, slug="annan"), title="Annat")
    data = {"parent": str(reply_id), "body": PNR_TEXT, "preview": "1"}
    response = post_form(client, f"/proposals/{other}/replies", data)
    assert response.status_code == 400
    assert soup(response).select_one("[data-preview]") is None


# --- A withdrawn reply with answers under it ------------------------------------------------


def _answered_then_withdrawn(client, proposal, replied):
    reply_id, status = replied
    data = {"parent": str(reply_id), "body": "Ett svar på svaret."}
    assert post_form(client, f"/proposals/{proposal}/replies", data).status_code == 303
    withdrawn = post_form(client, f"{status}/withdraw", {"confirm": "yes"})
    assert withdrawn.status_code == 303
    return reply_id


def test_a_withdrawn_reply_with_answers_says_it_was_withdrawn(client, proposal, replied):
    _answered_then_withdrawn(client, proposal, replied)
    page = soup(client.get(f"/proposals/{proposal}"))
    placeholder = page.select_one("[data-reply-placeholder]")
    assert words(placeholder.select_one("[data-withdrawn]")) == "Återkallad av skribenten"
    assert "Håller med." not in page.get_text()
    assert "Ett svar på svaret." in words(placeholder.select_one(".nested"))
    assert "visas inte" not in words(placeholder)
    client.get("/lang/en")
    page = soup(client.get(f"/proposals/{proposal}"))
    assert words(page.select_one("[data-withdrawn]")) == "Withdrawn by the author"


def test_a_hidden_reply_with_answers_is_still_just_not_shown(client, engine, proposal, replied):
    reply_id, _status = replied
    post_form(client, f"/proposals/{proposal}/replies", {"parent": str(reply_id), "body": "Svar."})
    with session_scope(engine) as session:
        reply = session.get(Reply, reply_id)
        assert reply is not None
        submission = session.get(Submission, reply.submission_id)
        assert submission is not None
        submission.visibility = Visibility.HIDDEN
        session.add(submission)
    page = soup(client.get(f"/proposals/{proposal}"))
    placeholder = page.select_one("[data-reply-placeholder]")
    assert placeholder.select_one("[data-withdrawn]") is None
    assert words(placeholder).startswith("Det här svaret visas inte.")
