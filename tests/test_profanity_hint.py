"""A consultation may make swearing a hint (SPEC §3): staff choose it on the consultation's
form; a profane post there is published with its DECENCY-PROFANITY signal kept, while the
default, and every other consultation, holds it for a moderator."""

from __future__ import annotations

import pytest
from bs4 import BeautifulSoup
from sqlmodel import select

from debate.core.db import session_scope
from debate.core.models import Consultation, ModerationSignal, Submission, Visibility
from tests.factories import as_persona, make_consultation, post_form

PROFANE = "Vägen är ett jävla skämt, fan ta den skiten."
MINCED = "Den här jäkla vägen, sjutton också, den måste plogas."


def _form(slug: str, profanity: str) -> dict[str, str]:
    return {
        "title": f"Consultation {slug}",
        "slug": slug,
        "description": "Vad ska regionen driva?",
        "moderation_mode": "flagged_only",
        "profanity": profanity,
        "opens_at": "2026-01-01",
        "closes_at": "2030-12-31",
    }


def _post(client, engine, slug: str, body: str) -> Visibility:
    response = post_form(
        client, f"/consultations/{slug}/proposals", {"title": "Vägen", "body": body}
    )
    assert response.status_code == 303, response.text
    with session_scope(engine) as session:
        newest = session.exec(select(Submission).order_by(Submission.id.desc())).first()
        assert newest is not None
        return newest.visibility


def _signals(engine) -> list[str]:
    with session_scope(engine) as session:
        return [signal.rule_id for signal in session.exec(select(ModerationSignal))]


@pytest.mark.parametrize(
    ("choice", "expected"),
    [("hold", Visibility.HELD), ("hint", Visibility.PUBLISHED), ("", Visibility.HELD)],
)
def test_the_consultations_choice_decides_what_a_profane_post_gets(
    client, engine, choice, expected
):
    consultation = make_consultation(engine)
    as_persona(client, engine, "staff")
    saved = post_form(client, f"/staff/consultations/{consultation.id}", _form("agenda", choice))
    assert saved.status_code == 303
    with session_scope(engine) as session:
        stored = session.get(Consultation, consultation.id)
        assert stored is not None and stored.profanity_hint is (choice == "hint")
    assert _post(client, engine, "agenda", PROFANE) is expected
    # Held or published, the signal is kept for moderators.
    assert "DECENCY-PROFANITY" in _signals(engine)


def test_the_hint_stays_in_its_own_consultation(client, engine):
    make_consultation(engine, slug="agenda")
    other = make_consultation(engine, slug="other")
    as_persona(client, engine, "staff")
    assert (
        post_form(client, f"/staff/consultations/{other.id}", _form("other", "hint")).status_code
        == 303
    )
    assert _post(client, engine, "other", PROFANE) is Visibility.PUBLISHED
    assert _post(client, engine, "agenda", PROFANE) is Visibility.HELD
    # Minced oaths are clean everywhere.
    assert _post(client, engine, "agenda", MINCED) is Visibility.PUBLISHED


def test_the_form_shows_the_choice_and_refuses_an_unknown_one(client, engine):
    consultation = make_consultation(engine)
    as_persona(client, engine, "staff")
    url = f"/staff/consultations/{consultation.id}"
    page = BeautifulSoup(client.get(url).text, "html.parser")
    assert page.select_one("#f-profanity option[selected]")["value"] == "hold"
    assert "Svordomar" in page.get_text()
    refused = post_form(client, url, _form("agenda", "never"))
    assert refused.status_code == 400
    assert BeautifulSoup(refused.text, "html.parser").select_one("[data-error-for=profanity]")
    with session_scope(engine) as session:
        stored = session.get(Consultation, consultation.id)
        assert stored is not None and stored.profanity_hint is False
    post_form(client, url, _form("agenda", "hint"))
    page = BeautifulSoup(client.get(url).text, "html.parser")
    assert page.select_one("#f-profanity option[selected]")["value"] == "hint"
