"""Issue 15 on the public side: a consultation that has not opened is for staff only (item 18),
the Markdown brief carries no HTML (12), the organisation's names are not for citizens (29),
fresh cookies do not inflate reports (19) and an accessibility report's address stays out of
the audit log (15)."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlmodel import select

from debate.db import session_scope
from debate.models import Consultation, Role, Visibility, utcnow
from tests.factories import as_persona, login, make_consultation, make_user, seed_proposal
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
