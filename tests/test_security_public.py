"""Issue 15 on the public side: a consultation that has not opened is for staff only (item 18),
the Markdown brief carries no HTML (12), the organisation's names are not for citizens (29),
fresh cookies do not inflate reports (19) and an accessibility report's address stays out of
the audit log (15)."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlmodel import select

from debate.cases import notices
from debate.core.db import session_scope
from debate.core.models import Consultation, Notice, Role, Submission, Visibility, utcnow
from tests.factories import (
    as_persona,
    login,
    make_consultation,
    make_user,
    post_form,
    seed_proposal,
)
from tests.test_exports import set_state, submission_of


def _not_yet_open(engine) -> None:
    make_consultation(engine, slug="snart")
    with session_scope(engine) as session:
        found = session.exec(select(Consultation).where(Consultation.slug == "snart")).one()
        found.opens_at = utcnow() + timedelta(days=3)


@pytest.mark.parametrize(
    ("persona", "status"),
    [("anonymous", 404), ("citizen", 404), ("moderator", 404), ("staff", 200), ("admin", 200)],
)
def test_a_consultation_not_yet_open_is_for_staff_only(client, engine, persona, status):
    _not_yet_open(engine)
    as_persona(client, engine, persona)
    client.get("/lang/en")
    response = client.get("/consultations/snart")
    assert response.status_code == status
    if status == 404:
        assert "There is no such consultation." in response.text
        assert "Consultation snart" not in response.text
        assert client.get("/consultations/snart/proposals/new").status_code == 404


def test_an_open_consultation_is_for_everyone(client, engine):
    make_consultation(engine)
    assert client.get("/consultations/agenda").status_code == 200


# --- Item 12: the Markdown brief carries no HTML -----------------------------------------------

HOSTILE_TITLE = "<img src=x onerror=alert(1)> [klicka](javascript:alert(2))"
HOSTILE_BODY = (
    "Text\n\n<script>alert(3)</script> ![bild](http://evil.example/x.png) `kod` **fet** &lt;"
)


def test_the_markdown_brief_shows_html_and_markdown_as_text(client, engine):
    consultation = make_consultation(engine)
    proposal = seed_proposal(engine, consultation, HOSTILE_TITLE, HOSTILE_BODY)
    set_state(
        engine,
        submission_of(engine, proposal),
        Visibility.PUBLISHED,
        published_title=HOSTILE_TITLE,
        published_body=HOSTILE_BODY,
    )
    login(client, make_user(engine, Role.STAFF))
    text = client.get(f"/staff/brief?consultation={consultation.id}&format=md").text
    assert "<img" not in text and "<script" not in text
    assert "&lt;img src=x onerror=alert(1)&gt; \\[klicka\\](javascript:alert(2))" in text
    assert "\\!\\[bild\\](http://evil.example/x.png) \\`kod\\` \\*\\*fet\\*\\* &amp;lt;" in text
    markdown_it = pytest.importorskip("markdown_it")
    html = markdown_it.MarkdownIt("commonmark").render(text)
    assert (
        "<img" not in html
        and "<script" not in html
        and "javascript:" not in html.split("&lt;img")[0]
    )
    assert 'href="javascript' not in html and "<strong>" not in html and "<code>" not in html
    assert "&lt;script&gt;alert(3)&lt;/script&gt;" in html


# --- Item 29: the organisation's names are not for citizens ------------------------------------

NAME_REFUSED = (
    "That name belongs to the organisation: choose another name or leave the field empty."
)


@pytest.mark.parametrize(
    "name",
    [
        "Regionens redaktion",
        "REGIONENS REDAKTION",
        "R3gi0nens redaktion",
        "Rеgionens redaktion",  # a Cyrillic е
        "Region Västerbotten",
        "Moderator Kim",
        "A d m i n",
        "RegionensRedaktion",
    ],
)
def test_a_citizen_cannot_sign_with_the_organisations_name(client, engine, name):
    consultation = make_consultation(engine)
    proposal = seed_proposal(engine, consultation)
    client.get("/lang/en")
    fields = {"title": "Fler bussar", "body": "Bussarna borde gå oftare.", "author_name": name}
    refused = post_form(client, "/consultations/agenda/proposals", fields)
    assert refused.status_code == 400
    assert NAME_REFUSED in refused.text
    answer = {"body": "Jag håller med.", "author_name": name}
    assert post_form(client, f"/proposals/{proposal}/replies", answer).status_code == 400
    with session_scope(engine) as session:
        assert session.exec(select(Submission).where(Submission.author_name == name)).all() == []


@pytest.mark.parametrize("name", ["Kim", "Badminton-Kim", "Anna Inspelsdotter", "Regina"])
def test_ordinary_names_are_fine(client, engine, name):
    make_consultation(engine)
    fields = {"title": "Fler bussar", "body": "Bussarna borde gå oftare.", "author_name": name}
    assert post_form(client, "/consultations/agenda/proposals", fields).status_code == 303


def test_staff_may_sign_with_the_organisations_name(client, engine):
    make_consultation(engine)
    login(client, make_user(engine, Role.STAFF))
    fields = {"title": "Svar", "body": "Regionen tar med förslaget.", "author_name": "Regionen"}
    assert post_form(client, "/consultations/agenda/proposals", fields).status_code == 303


# --- Item 19: fresh cookies do not make new notifiers -----------------------------------------

NOTICE = {
    "category": "rules:OFFTOPIC",
    "explanation": "Det här hör inte till förslaget.",
    "good_faith": "yes",
}


def _report_count(engine, submission_id: int) -> int:
    with session_scope(engine) as session:
        return session.get_one(Submission, submission_id).report_count


def test_fresh_cookies_do_not_inflate_the_report_count(client, engine):
    from starlette.testclient import TestClient

    item = submission_of(engine, seed_proposal(engine, make_consultation(engine)))
    for _round in range(3):
        client.cookies.clear()  # a new browser session each time, same address
        assert post_form(client, f"/report/{item}", NOTICE).status_code == 303
    assert _report_count(engine, item) == 1
    elsewhere = TestClient(client.app, follow_redirects=False, client=("203.0.113.9", 4000))
    assert post_form(elsewhere, f"/report/{item}", NOTICE).status_code == 303
    assert _report_count(engine, item) == 2
    with session_scope(engine) as session:
        assert len(session.exec(select(Notice).where(Notice.submission_id == item)).all()) == 4


def test_one_account_counts_once_from_any_address(client, engine):
    from starlette.testclient import TestClient

    item = submission_of(engine, seed_proposal(engine, make_consultation(engine)))
    user = make_user(engine)
    for n in range(2):
        browser = TestClient(client.app, follow_redirects=False, client=(f"198.51.100.{n}", 1))
        login(browser, user)
        assert post_form(browser, f"/report/{item}", NOTICE).status_code == 303
    assert _report_count(engine, item) == 1


def test_the_fingerprints_do_not_hold_the_address():

    prints = notices.reporter_fingerprints("k" * 32, address="192.0.2.1", user_id=7)
    assert len(prints) == 2 and all("192.0.2.1" not in p and len(p) == 32 for p in prints)
    assert prints != notices.reporter_fingerprints("j" * 32, address="192.0.2.1", user_id=7)
