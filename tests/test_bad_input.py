"""Bad input gets a clear message and a 4xx, never a 500, and nothing half-written is stored."""

from __future__ import annotations

import pytest
from bs4 import BeautifulSoup
from sqlmodel import func, select

from debate.core.db import session_scope
from debate.core.models import AuditEvent, Revision, Submission
from tests.factories import csrf, make_consultation, post_form, seed_proposal

FORM = "application/x-www-form-urlencoded"


def stored(engine) -> tuple[int, int]:
    with session_scope(engine) as session:
        return (
            session.exec(select(func.count()).select_from(Submission)).one(),
            session.exec(select(func.count()).select_from(Revision)).one(),
        )


@pytest.fixture
def consultation(engine):
    return make_consultation(engine)


@pytest.mark.parametrize(
    ("fields", "field", "message"),
    [
        ({"title": "", "body": "Text"}, "title", "This field is required."),
        ({"title": "   ", "body": "Text"}, "title", "This field is required."),
        ({"title": "Titel", "body": " \n\t "}, "body", "This field is required."),
        ({"title": "x" * 201, "body": "Text"}, "title", "At most 200 characters (you wrote 201)."),
        (
            {"title": "Titel", "body": "y" * 10_001},
            "body",
            "At most 10000 characters (you wrote 10001).",
        ),
        (
            {"title": "Titel", "body": "Text", "topic": "9999"},
            "topic",
            "Choose one of the options.",
        ),
    ],
)
def test_proposal_form_errors_beside_the_field_and_input_kept(
    client, engine, consultation, fields, field, message
):
    client.get("/lang/en")
    response = post_form(client, "/consultations/agenda/proposals", fields)
    assert response.status_code == 400
    soup = BeautifulSoup(response.text, "html.parser")
    error = soup.select_one(f"[data-error-for={field}]")
    assert error is not None and message in error.get_text()
    assert soup.select_one(f"#f-{field}")["aria-invalid"] == "true"
    if fields["title"].strip():
        assert soup.select_one("#f-title")["value"] == fields["title"]
    assert stored(engine) == (0, 0)


def test_error_messages_are_swedish_by_default(client, consultation):
    response = post_form(client, "/consultations/agenda/proposals", {"title": "", "body": "x"})
    error = BeautifulSoup(response.text, "html.parser").select_one("[data-error-for=title]")
    assert error.get_text() == "Fel: Du behöver fylla i det här fältet."


def test_reply_without_text_is_refused_and_nothing_stored(client, engine, consultation):
    pid = seed_proposal(engine, consultation)
    before = stored(engine)
    response = post_form(client, f"/proposals/{pid}/replies", {"body": "  ", "stance": "sideways"})
    assert response.status_code == 400
    soup = BeautifulSoup(response.text, "html.parser")
    assert soup.select_one("[data-error-for=body]") and soup.select_one("[data-error-for=stance]")
    assert stored(engine) == before


def test_body_over_one_megabyte_is_413(client, engine, consultation):
    client.get("/lang/en")
    big = {"csrf_token": csrf(client), "title": "T", "body": "x" * 1_100_000}
    response = client.post("/consultations/agenda/proposals", data=big)
    assert response.status_code == 413
    assert response.text == "The request is too large. Shorten the text and try again."
    assert stored(engine) == (0, 0)


def test_streamed_body_over_the_limit_is_413(client, engine, consultation):
    def chunks():
        for _ in range(30):
            yield b"x" * 50_000

    response = client.post(
        "/consultations/agenda/proposals", content=chunks(), headers={"content-type": FORM}
    )
    assert response.status_code == 413
    assert stored(engine) == (0, 0)


@pytest.mark.parametrize(
    "raw",
    [b"title=%FF%FE&body=x", b"title=\xff\xfe&body=x", b"title=ok&body=%C3%28"],
)
def test_invalid_utf8_is_400(client, engine, consultation, raw):
    body = raw + b"&csrf_token=" + csrf(client).encode()
    response = client.post(
        "/consultations/agenda/proposals", content=body, headers={"content-type": FORM}
    )
    assert response.status_code == 400
    assert "UTF-8" in response.text
    assert stored(engine) == (0, 0)


def test_nul_character_is_400(client, engine, consultation):
    response = post_form(
        client, "/consultations/agenda/proposals", {"title": "a\x00b", "body": "x"}
    )
    assert response.status_code == 400
    assert stored(engine) == (0, 0)


def test_json_body_is_415(client, consultation):
    response = client.post("/consultations/agenda/proposals", json={"title": "t"})
    assert response.status_code == 415


@pytest.mark.parametrize("token", [None, "", "forged-token"])
def test_missing_or_wrong_csrf_is_403(client, engine, consultation, token):
    client.get("/lang/en")
    csrf(client)  # the session has a real token; the form does not carry it
    data = {"title": "Titel", "body": "Text"} | ({"csrf_token": token} if token is not None else {})
    response = client.post("/consultations/agenda/proposals", data=data)
    assert response.status_code == 403
    assert "The form has expired or did not come from this site. Try again." in response.text
    assert stored(engine) == (0, 0)


def test_csrf_token_of_another_session_is_403(client, settings, engine, consultation):
    token = csrf(client)
    client.cookies.clear()
    response = client.post(
        "/consultations/agenda/proposals", data={"csrf_token": token, "title": "T", "body": "B"}
    )
    assert response.status_code == 403


def test_closed_consultation_refuses_proposals(client, engine):
    make_consultation(engine, closed=True)
    client.get("/lang/en")
    assert client.get("/consultations/agenda/proposals/new").status_code == 403
    response = post_form(client, "/consultations/agenda/proposals", {"title": "T", "body": "B"})
    assert response.status_code == 403
    assert "This consultation is closed: it no longer takes proposals." in response.text
    assert stored(engine) == (0, 0)


@pytest.mark.parametrize(
    "url",
    [
        "/consultations/nope",
        "/consultations/nope/proposals/new",
        "/proposals/424242",
        "/proposals/99999999999999999999",
        "/proposals/abc",
        "/articles/nope",
        "/status/x",
        "/no/such/page",
    ],
)
def test_unknown_ids_are_404(client, url):
    response = client.get(url)
    assert response.status_code == 404
    assert BeautifulSoup(response.text, "html.parser").select_one("[data-status='404']")


@pytest.mark.parametrize(
    "url",
    [
        "/proposals/424242/replies",
        "/proposals/424242/support",
        "/articles/nope/replies",
        "/consultations/nope/proposals",
    ],
)
def test_posting_to_unknown_ids_is_404_and_stores_nothing(client, engine, url):
    from tests.factories import as_persona

    as_persona(client, engine, "citizen")
    response = post_form(client, url, {"body": "Text", "title": "T"})
    assert response.status_code == 404
    assert stored(engine) == (0, 0)


def test_wrong_method_is_405(client):
    response = client.get("/logout")
    assert response.status_code == 405


def test_malformed_multipart_is_400(client, consultation):
    response = client.post(
        "/consultations/agenda/proposals",
        content=b"--xx\r\nbroken",
        headers={"content-type": "multipart/form-data; boundary=xx"},
    )
    assert response.status_code in (400, 403)


def test_nothing_is_audited_for_refused_input(client, engine, consultation):
    post_form(client, "/consultations/agenda/proposals", {"title": "", "body": ""})
    with session_scope(engine) as session:
        assert session.exec(select(func.count()).select_from(AuditEvent)).one() == 0
