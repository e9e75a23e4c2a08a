"""Issue 19, item 7: a signed-in author who leaves the name empty is published without a name;
a support asked for while signed out is recorded after the login; the status page (open to
anyone with the link) never shows a personal number in clear and offers to copy its link."""

from __future__ import annotations

from typing import Any

import pytest
from bs4 import BeautifulSoup
from sqlalchemy.engine import Engine
from sqlmodel import func, select
from starlette.testclient import TestClient

from debate.core.db import session_scope
from debate.core.models import Role, Submission, Support
from debate.submissions.masking import Piece, pieces
from debate.views import proposals as proposal_views
from moderation import Span, TextField
from tests.factories import (
    PASSWORD,
    csrf,
    login,
    make_consultation,
    make_user,
    post_form,
    seed_proposal,
)

PNR_TEXT = "Ring mig, mitt personnummer är 811218-9876."


def soup(response: Any) -> BeautifulSoup:
    return BeautifulSoup(response.text, "html.parser")


# --- (a) The name left empty ----------------------------------------------------------------


@pytest.mark.parametrize(("given", "shown"), [("", "Anonym"), ("Kim K", "Kim K")])
def test_a_signed_in_author_is_published_under_the_name_given_or_none(client, engine, given, shown):
    make_consultation(engine)
    user = make_user(engine, Role.CITIZEN, "kim@example.se")
    login(client, user)
    form = {"title": "Fler cykelbanor", "body": "Bygg cykelbanor längs E4.", "author_name": given}
    response = post_form(client, "/consultations/agenda/proposals", form)
    assert response.status_code == 303
    with session_scope(engine) as session:
        submission = session.exec(select(Submission)).one()
    assert submission.author_name == given and submission.author_id == user.id
    cards = soup(client.get("/consultations/agenda")).select("[data-proposal] a")
    page = soup(client.get(cards[0]["href"]))
    assert page.select_one(".proposal .meta").get_text(" ", strip=True).startswith(shown)
    assert user.display_name not in page.select_one(".proposal").text


def test_a_signed_in_reply_without_a_name_is_anonymous(client, engine):
    pid = seed_proposal(engine, make_consultation(engine))
    user = make_user(engine, Role.CITIZEN, "kim@example.se")
    login(client, user)
    response = post_form(client, f"/proposals/{pid}/replies", {"body": "Håller med helt."})
    assert response.status_code == 303
    reply = soup(client.get(f"/proposals/{pid}")).select_one("[data-reply] strong")
    assert reply.text == "Anonym"


# --- (b) Supporting while signed out ----------------------------------------------------------


def supports(engine: Engine, proposal_id: int) -> int:
    with session_scope(engine) as session:
        query = select(func.count()).where(Support.proposal_id == proposal_id)
        return session.exec(query).one()


def support_signed_out(client: TestClient, proposal_id: int) -> str:
    response = post_form(client, f"/proposals/{proposal_id}/support")
    assert response.status_code == 303
    location = response.headers["location"]
    assert location == f"/login?next=/proposals/{proposal_id}/support/resume"
    return location


def log_in_from(client: TestClient, location: str, email: str) -> Any:
    """The login form as the browser sends it, with the ``next`` it carries."""
    next_url = soup(client.get(location)).select_one("input[name=next]")["value"]
    data = {"csrf_token": csrf(client), "email": email, "password": PASSWORD, "next": next_url}
    response = client.post("/login", data=data)
    assert response.status_code == 303
    return response


def test_a_support_asked_for_while_signed_out_is_recorded_after_the_login(client, engine):
    pid = seed_proposal(engine, make_consultation(engine))
    make_user(engine, Role.CITIZEN, "kim@example.se")
    location = support_signed_out(client, pid)
    assert supports(engine, pid) == 0
    logged_in = log_in_from(client, location, "kim@example.se")
    assert logged_in.headers["location"] == f"/proposals/{pid}/support/resume"
    resumed = client.get(logged_in.headers["location"])
    assert resumed.status_code == 303 and resumed.headers["location"] == f"/proposals/{pid}"
    assert supports(engine, pid) == 1
    page = soup(client.get(f"/proposals/{pid}"))
    assert page.select_one("[data-supports]")["data-supports"] == "1"
    flashed = [f.text for f in page.select("[data-flash=success]")]
    assert flashed == ["Du är inloggad.", "Tack för ditt stöd."]
    # The intent is used once: coming back to the address adds nothing.
    assert client.get(f"/proposals/{pid}/support/resume").status_code == 303
    assert supports(engine, pid) == 1


def test_a_signed_out_support_without_the_csrf_token_leaves_no_intent(client, engine):
    pid = seed_proposal(engine, make_consultation(engine))
    user = make_user(engine, Role.CITIZEN, "kim@example.se")
    forged = client.post(f"/proposals/{pid}/support", data={"csrf_token": "forged"})
    assert forged.status_code == 403
    login(client, user)
    assert client.get(f"/proposals/{pid}/support/resume").status_code == 303
    assert supports(engine, pid) == 0


def test_an_intent_counts_only_for_its_proposal_and_while_fresh(client, engine, monkeypatch):
    consultation = make_consultation(engine)
    first = seed_proposal(engine, consultation, title="Första")
    second = seed_proposal(engine, consultation, title="Andra")
    make_user(engine, Role.CITIZEN, "kim@example.se")
    log_in_from(client, support_signed_out(client, first), "kim@example.se")
    assert client.get(f"/proposals/{second}/support/resume").status_code == 303
    assert (supports(engine, first), supports(engine, second)) == (0, 0)

    client.cookies.clear()
    location = support_signed_out(client, first)
    log_in_from(client, location, "kim@example.se")
    monkeypatch.setattr(proposal_views, "SUPPORT_INTENT_TTL", -1)  # as if it waited too long
    assert client.get(f"/proposals/{first}/support/resume").status_code == 303
    assert supports(engine, first) == 0


def test_an_unverified_account_is_asked_to_confirm_and_does_not_support(client, engine):
    pid = seed_proposal(engine, make_consultation(engine))
    make_user(engine, Role.CITIZEN, "new@example.se", verified=False)
    logged_in = log_in_from(client, support_signed_out(client, pid), "new@example.se")
    refused = client.get(logged_in.headers["location"])
    assert refused.status_code == 403
    assert soup(refused).select_one("[data-unverified]") is not None
    assert supports(engine, pid) == 0


def test_resume_while_signed_out_goes_to_the_login(client, engine):
    pid = seed_proposal(engine, make_consultation(engine))
    response = client.get(f"/proposals/{pid}/support/resume")
    assert response.status_code == 303 and response.headers["location"].startswith("/login?next=")


# --- (c) The status page ------------------------------------------------------------------------


def test_the_status_page_masks_a_personal_number_and_marks_it(client, engine):
    make_consultation(engine)
    form = {"title": "Ring mig", "body": PNR_TEXT}
    response = post_form(client, "/consultations/agenda/proposals", form)
    page = client.get(response.headers["location"])
    assert "811218-9876" not in page.text
    shown = soup(page)
    body = shown.select_one("[data-original-body]")
    (mark,) = body.select("mark[data-masked]")
    assert mark["data-masked"] == "PII-PNR"
    assert mark.get_text() == "(dolt) XXXXXX-XXXX"
    assert body.get_text() == PNR_TEXT.replace("811218-9876", "(dolt) XXXXXX-XXXX")
    assert shown.select_one("[data-masked-note]") is not None
    copy = shown.select_one("[data-copy-link]")
    assert copy.has_attr("hidden") and copy.text == "Kopiera länken"
    assert copy["data-copied"] == "Länken är kopierad."
    assert shown.select_one("script[src='/static/copy.js']") is not None
    # A clean text has nothing to mark and no note.
    plain = post_form(client, "/consultations/agenda/proposals", {"title": "T", "body": "Bra."})
    clean = soup(client.get(plain.headers["location"]))
    assert clean.select("mark") == [] and clean.select_one("[data-masked-note]") is None


def test_the_status_page_masks_a_personal_number_in_the_title(client, engine):
    make_consultation(engine)
    form = {"title": "Mitt nr 811218-9876", "body": "Ring mig gärna om förslaget."}
    page = client.get(
        post_form(client, "/consultations/agenda/proposals", form).headers["location"]
    )
    assert "811218-9876" not in page.text
    title = soup(page).select_one("[data-original-title]")
    assert title.select_one("mark")["data-masked"] == "PII-PNR"


@pytest.mark.parametrize(
    ("text", "spans", "expected"),
    [
        ("abc", [], [Piece("abc")]),
        (
            "ab 12 cd",
            [Span(TextField.BODY, 3, 5, "PII-PNR")],
            [Piece("ab "), Piece("XX", "PII-PNR"), Piece(" cd")],
        ),
        # Overlapping and touching stretches are one masked piece.
        (
            "ab cd ef",
            [Span(TextField.BODY, 0, 5, "m"), Span(TextField.BODY, 3, 8, "m")],
            [Piece("XX XX XX", "m")],
        ),
        # A span of the other field, empty or beyond the text is left out.
        (
            "ab",
            [
                Span(TextField.TITLE, 0, 2, "m"),
                Span(TextField.BODY, 1, 1, "m"),
                Span(TextField.BODY, 5, 9, "m"),
            ],
            [Piece("ab")],
        ),
    ],
)
def test_pieces_cut_the_text_where_masks_start_and_end(text, spans, expected):
    assert pieces(text, spans, TextField.BODY) == expected
