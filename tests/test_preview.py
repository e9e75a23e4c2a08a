"""The check before sending (issue 19, item 4): the forms' Preview button without JavaScript,
the JSON endpoint the inline script posts to, and that a preview stores nothing."""

from __future__ import annotations

import pytest
from bs4 import BeautifulSoup
from sqlmodel import func, select

from debate.core.db import session_scope
from debate.core.models import AuditEvent, ModerationSignal, Revision, Submission
from debate.submissions.preview import FLAGGED, MASKED, Mark, marks
from moderation import ModerationMode, Span, TextField
from tests.factories import csrf, make_article, make_consultation, post_form, seed_proposal

PNR_TEXT = "Ring mig, mitt personnummer är 811218-9876."
CLEAN = "Bussarna borde gå oftare på kvällen."
INSULT = "Du är en idiot."


def _rows(engine) -> tuple[int, int, int, int]:
    with session_scope(engine) as session:
        return tuple(  # type: ignore[return-value]
            session.exec(select(func.count()).select_from(model)).one()
            for model in (Submission, Revision, ModerationSignal, AuditEvent)
        )


def _preview_form(client, body, *, title="Fler bussar", slug="agenda"):
    data = {"title": title, "body": body, "preview": "1"}
    return post_form(client, f"/consultations/{slug}/proposals", data)


def _json(client, query, **fields):
    return client.post(f"/preview?{query}", data={"csrf_token": csrf(client), **fields})


# --- Without JavaScript ----------------------------------------------------------------------


def test_preview_of_a_personal_number_says_it_would_be_masked_and_keeps_the_form(client, engine):
    make_consultation(engine)
    before = _rows(engine)
    response = _preview_form(client, PNR_TEXT)
    assert response.status_code == 200
    soup = BeautifulSoup(response.text, "html.parser")
    preview = soup.select_one("[data-preview]")
    assert preview["data-preview"] == "redact"
    assert soup.select_one("[data-preview-summary]").get_text() == (
        "Om du skickar texten som den är publiceras den med de markerade delarna dolda. "
        "Du kan ändra den först eller skicka den ändå."
    )
    finding = soup.select_one("[data-finding]")
    assert finding["data-finding"] == "PII-PNR"
    assert finding.get_text(" ", strip=True).startswith(
        "Skulle döljas: Personnummer eller samordningsnummer."
    )
    assert finding.a["href"] == "/rules/debate#rule-pii-pnr"
    assert finding.a.get_text() == "Debattreglerna, § 5"
    masked = soup.select_one("[data-preview-body] mark.masked")
    assert masked["data-masked"] == "PII-PNR"
    assert masked.get_text().endswith("XXXXXX-XXXX")
    # The form is filled in again, and sending is one click away.
    assert soup.select_one("textarea[name=body]").get_text() == PNR_TEXT
    assert soup.select_one("input[name=title]")["value"] == "Fler bussar"
    assert soup.select_one("form[data-form=proposal] button:not([name])") is not None
    assert _rows(engine) == before, "a preview stores nothing and audits nothing"


def test_preview_of_an_insult_says_it_would_be_held_and_why(client, engine):
    make_consultation(engine)
    soup = BeautifulSoup(_preview_form(client, INSULT).text, "html.parser")
    assert soup.select_one("[data-preview]")["data-preview"] in {"review", "reject"}
    assert "väntar den på en moderator" in soup.select_one("[data-preview-summary]").get_text()
    assert soup.select_one("[data-preview-reason]") is not None
    flagged = soup.select_one("[data-preview-body] mark.flagged")
    assert flagged["data-flagged"] == "DECENCY-INSULT"
    assert "idiot" in flagged.get_text()


def test_preview_of_a_clean_text_finds_nothing(client, engine):
    make_consultation(engine)
    soup = BeautifulSoup(_preview_form(client, CLEAN).text, "html.parser")
    assert soup.select_one("[data-preview]")["data-preview"] == "publish"
    assert soup.select_one("[data-preview-findings]") is None
    assert soup.select_one("[data-preview-body]") is None


def test_preview_in_english_speaks_english(client, engine):
    make_consultation(engine)
    client.get("/lang/en")
    soup = BeautifulSoup(_preview_form(client, PNR_TEXT).text, "html.parser")
    text = soup.select_one("[data-finding]").get_text(" ", strip=True)
    assert text.startswith("Would be masked: Personal identity or coordination number.")


def test_preview_follows_the_consultations_mode(client, engine):
    make_consultation(engine, mode=ModerationMode.PRE)
    soup = BeautifulSoup(_preview_form(client, CLEAN).text, "html.parser")
    assert soup.select_one("[data-preview]")["data-preview"] == "review"
    assert "granskas av en moderator" in soup.select_one("[data-preview-reason]").get_text()


def test_preview_of_an_empty_text_shows_the_errors(client, engine):
    make_consultation(engine)
    response = _preview_form(client, "   ")
    assert response.status_code == 400
    soup = BeautifulSoup(response.text, "html.parser")
    assert soup.select_one("[data-preview]") is None
    error = soup.select_one("[data-error-for=body]").get_text(" ", strip=True)
    assert error.endswith("Du behöver fylla i det här fältet.")


def test_sending_after_a_preview_stores_the_text(client, engine):
    make_consultation(engine)
    _preview_form(client, PNR_TEXT)
    data = {"title": "Fler bussar", "body": PNR_TEXT}
    response = post_form(client, "/consultations/agenda/proposals", data)
    assert response.status_code == 303
    assert response.headers["location"].startswith("/status/")
    assert _rows(engine)[0] == 1


def test_reply_preview_on_a_proposal_and_an_article(client, engine):
    consultation = make_consultation(engine)
    proposal = seed_proposal(engine, consultation)
    make_article(engine)
    before = _rows(engine)
    for url in (f"/proposals/{proposal}/replies", "/articles/debatt/replies"):
        response = post_form(client, url, {"body": INSULT, "preview": "1"})
        assert response.status_code == 200, url
        soup = BeautifulSoup(response.text, "html.parser")
        assert soup.select_one("[data-preview]")["data-preview"] in {"review", "reject"}
        assert soup.select_one("form[data-form=reply] textarea[name=body]").get_text() == INSULT
    assert _rows(engine) == before


def test_the_forms_offer_the_preview(client, engine):
    consultation = make_consultation(engine)
    proposal = seed_proposal(engine, consultation)
    pages = {
        "/consultations/agenda/proposals/new": "/preview?consultation=agenda",
        f"/proposals/{proposal}": f"/preview?proposal={proposal}",
    }
    for page, url in pages.items():
        soup = BeautifulSoup(client.get(page).text, "html.parser")
        form = soup.select_one("form[data-preview-url]")
        assert form["data-preview-url"] == url
        button = form.select_one("button[name=preview]")
        assert button.get_text() == "Förhandsgranska"
        assert soup.select_one("script[src$='preview.js']") is not None


# --- The JSON endpoint -----------------------------------------------------------------------


def test_json_preview_of_a_personal_number(client, engine):
    make_consultation(engine)
    before = _rows(engine)
    response = _json(client, "consultation=agenda", title="Fler bussar", body=PNR_TEXT)
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("application/json")
    data = response.json()
    assert data["action"] == "redact" and data["held"] is False
    assert data["findings"] == [
        {
            "rule": "PII-PNR",
            "name": "Personnummer eller samordningsnummer",
            "masked": True,
            "text": "Skulle döljas: Personnummer eller samordningsnummer.",
            "anchor": "rule-pii-pnr",
            "link": "Debattreglerna, § 5",
        }
    ]
    assert [m["kind"] for m in data["body"]] == [None, "masked", None]
    assert data["body"][1]["text"] == "XXXXXX-XXXX"
    assert "".join(m["text"] for m in data["title"]) == "Fler bussar"
    assert _rows(engine) == before


def test_json_preview_of_a_reply(client, engine):
    consultation = make_consultation(engine)
    proposal = seed_proposal(engine, consultation)
    make_article(engine)
    for query in (f"proposal={proposal}", "article=debatt"):
        data = _json(client, query, body=INSULT).json()
        assert data["held"] is True, query
        assert data["title"] is None
        assert data["reasons"]


@pytest.mark.parametrize(
    ("query", "fields", "status", "message"),
    [
        ("consultation=agenda", {"body": ""}, 400, "Kontrollera texten och försök igen."),
        ("consultation=agenda", {"body": "x" * 10_001}, 400, "Kontrollera texten"),
        ("", {"body": "Hej"}, 400, "Ange vart texten ska"),
        ("consultation=agenda&proposal=1", {"body": "Hej"}, 400, "Ange vart texten ska"),
        ("nothing=1", {"body": "Hej"}, 400, "Ange vart texten ska"),
        ("consultation=nope", {"body": "Hej"}, 404, "Dialogen finns inte."),
        ("consultation=closed", {"body": "Hej"}, 403, "tar inte längre emot förslag"),
        ("proposal=999", {"body": "Hej"}, 404, "Förslaget finns inte eller är inte publicerat."),
        ("proposal=abc", {"body": "Hej"}, 404, "Förslaget finns inte eller är inte publicerat."),
        (
            "proposal=99999999999999999999",
            {"body": "Hej"},
            404,
            "Förslaget finns inte eller är inte publicerat.",
        ),
        ("article=nope", {"body": "Hej"}, 404, "Artikeln finns inte."),
    ],
)
def test_json_preview_refuses_bad_input_with_a_json_message(
    client, engine, query, fields, status, message
):
    make_consultation(engine)
    make_consultation(engine, slug="closed", closed=True)
    response = _json(client, query, **fields)
    assert response.status_code == status
    assert response.headers["content-type"].startswith("application/json")
    assert message in response.json()["error"]


def test_json_preview_field_errors_name_the_field(client, engine):
    make_consultation(engine)
    data = _json(client, "consultation=agenda", body="").json()
    assert data["errors"] == {"body": "Du behöver fylla i det här fältet."}


def test_json_preview_needs_the_csrf_token(client, engine):
    make_consultation(engine)
    client.get("/")
    response = client.post("/preview?consultation=agenda", data={"body": "Hej"})
    assert response.status_code == 403
    assert "Formuläret" in response.json()["error"]


def test_json_preview_refuses_json_bodies(client, engine):
    make_consultation(engine)
    response = client.post("/preview?consultation=agenda", json={"body": "Hej"})
    assert response.status_code == 415
    assert response.json()["error"]


def test_json_preview_is_rate_limited_on_its_own(settings, engine, tmp_path):
    from dataclasses import replace

    from starlette.testclient import TestClient

    from debate.app import create_app

    make_consultation(engine)
    app = create_app(replace(settings, rate_previews=(2, 600)))
    with TestClient(app, follow_redirects=False) as limited:
        answers = [_json(limited, "consultation=agenda", body=CLEAN).status_code for _ in range(3)]
        assert answers == [200, 200, 429]
        refused = _json(limited, "consultation=agenda", body=CLEAN)
        assert "Retry-After" in refused.headers
        assert "för många" in refused.json()["error"]
        # Sending is counted apart: the previews did not use it up.
        data = {"title": "Fler bussar", "body": CLEAN}
        assert post_form(limited, "/consultations/agenda/proposals", data).status_code == 303


def test_json_preview_answers_only_posts(client):
    assert client.get("/preview?consultation=agenda").status_code == 405


# --- Marking the text ------------------------------------------------------------------------


def test_marks_cut_the_text_and_mask_over_flag():
    text = "abc 811218-9876 idiot"
    masks = [Span(TextField.BODY, 4, 15, "PII-PNR")]
    flags = [Span(TextField.BODY, 16, 21, "DECENCY-INSULT"), Span(TextField.TITLE, 0, 3, "X")]
    assert marks(text, masks, flags, TextField.BODY) == [
        Mark("abc "),
        Mark("XXXXXX-XXXX", MASKED, "PII-PNR"),
        Mark(" "),
        Mark("idiot", FLAGGED, "DECENCY-INSULT"),
    ]
    overlapping = [Span(TextField.BODY, 0, 10, "DECENCY-INSULT")]
    result = marks(text, masks, overlapping, TextField.BODY)
    assert [m.kind for m in result] == [FLAGGED, MASKED, None]
    assert "".join(m.text for m in result) == "abc XXXXXX-XXXX idiot"


def test_marks_ignore_spans_out_of_range():
    spans = [Span(TextField.BODY, 5, 50, "DECENCY-INSULT"), Span(TextField.BODY, 3, 3, "X")]
    assert marks("abcdefg", [], spans, TextField.BODY) == [
        Mark("abcde"),
        Mark("fg", FLAGGED, "DECENCY-INSULT"),
    ]


def test_an_engine_error_is_no_500_and_sending_still_works(client, engine, monkeypatch):
    from debate.submissions import preview

    def broken(*args, **kwargs):
        raise RuntimeError("the engine broke")

    make_consultation(engine)
    monkeypatch.setattr(preview, "evaluate", broken)
    data = _json(client, "consultation=agenda", body=PNR_TEXT).json()
    assert data["checked"] is False and data["findings"] == []
    assert data["summary"] == (
        "Kontrollen gick inte att göra just nu. Du kan ändå skicka din text."
    )
    response = _preview_form(client, PNR_TEXT)
    assert response.status_code == 200
    soup = BeautifulSoup(response.text, "html.parser")
    assert soup.select_one("[data-preview]")["data-preview"] == "unchecked"
    assert soup.select_one("textarea[name=body]").get_text() == PNR_TEXT
