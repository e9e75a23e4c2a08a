"""Submitting proposals without an account, the receipt, the status page and moderation modes."""

from __future__ import annotations

import re

import pytest
from bs4 import BeautifulSoup
from sqlmodel import func, select

from debate.core.db import session_scope
from debate.core.models import (
    ModerationDecision,
    ModerationSignal,
    Revision,
    Submission,
    Visibility,
)
from debate.submissions import actions
from moderation import ModerationMode
from tests.factories import make_consultation, post_form, topic_ids

PNR_TEXT = "Ring mig, mitt personnummer är 811218-9876."


def submit(client, slug="agenda", **fields):
    data = {"title": "Fler bussar", "body": "Bussarna borde gå oftare på kvällen."} | fields
    return post_form(client, f"/consultations/{slug}/proposals", data)


def status_page(client, response):
    assert response.status_code == 303, response.text
    location = response.headers["location"]
    assert location.startswith("/status/")
    page = client.get(location)
    assert page.status_code == 200
    return location, BeautifulSoup(page.text, "html.parser")


def public_titles(client, slug="agenda"):
    soup = BeautifulSoup(client.get(f"/consultations/{slug}").text, "html.parser")
    return [a.get_text(strip=True) for a in soup.select("[data-proposal] h3 a")]


def test_anonymous_proposal_is_stored_published_and_followable(client, engine):
    make_consultation(engine)
    location, soup = status_page(client, submit(client))
    assert soup.select_one("[data-state]")["data-state"] == "published"
    assert soup.select_one("[data-original-title]").get_text() == "Fler bussar"
    assert soup.select_one("[data-status-link]")["value"].endswith(location)
    assert public_titles(client) == ["Fler bussar"]
    with session_scope(engine) as session:
        revision = session.exec(select(Revision)).one()
        assert revision.body == "Bussarna borde gå oftare på kvällen."
        assert session.exec(select(ModerationDecision)).one().automated_decision is True


def test_status_token_has_at_least_128_bits_and_only_its_hash_is_stored(client, engine):
    make_consultation(engine)
    location, _ = status_page(client, submit(client))
    token = location.removeprefix("/status/")
    # token_urlsafe: 6 bits per character
    assert len(token) * 6 >= 128
    with session_scope(engine) as session:
        stored = session.exec(select(Submission)).one().status_token_hash
    assert token not in stored and len(stored) == 64


def test_unknown_status_link_is_404(client):
    client.get("/lang/en")
    response = client.get("/status/not-a-real-token")
    assert response.status_code == 404
    message = BeautifulSoup(response.text, "html.parser").select_one("[data-status]").get_text()
    assert message == "There is no submission behind this link. Check that you copied all of it."


def test_personal_number_is_masked_in_public_and_kept_in_the_original(client, engine):
    make_consultation(engine)
    _, soup = status_page(client, submit(client, body=PNR_TEXT))
    assert soup.select_one("[data-state]")["data-state"] == "published_redacted"
    # The status page is open to anyone with the link: the number is masked there too (the
    # revision, below, keeps it).
    shown = soup.select_one("[data-original-body]")
    assert shown.select_one("mark[data-masked=PII-PNR]").get_text() == "(dolt) XXXXXX-XXXX"
    assert "811218-9876" not in str(soup)
    assert soup.select_one("[data-reasons]") is not None
    proposal = client.get(soup.select_one("[data-published-link]")["href"])
    assert "811218-9876" not in proposal.text
    assert "XXXXXX-XXXX" in proposal.text
    with session_scope(engine) as session:
        signal = session.exec(select(ModerationSignal)).one()
    assert signal.rule_id == "PII-PNR"
    start, end = signal.spans[0][1:]
    assert PNR_TEXT[start:end] == "811218-9876"


def test_pre_moderated_consultation_holds_everything_with_a_reason(client, engine):
    make_consultation(engine, mode=ModerationMode.PRE)
    _, soup = status_page(client, submit(client))
    assert soup.select_one("[data-state]")["data-state"] == "held"
    reasons = soup.select_one("[data-reasons]").get_text()
    assert "moderator" in reasons.lower()
    assert "PRE" not in reasons and "0." not in reasons
    assert public_titles(client) == []


def test_shouting_is_published_with_a_hint(client, engine):
    make_consultation(engine)
    _, soup = status_page(
        client, submit(client, body="BUSSARNA GÅR ALDRIG I TID OCH INGEN BRYR SIG")
    )
    assert soup.select_one("[data-state]")["data-state"] == "published"
    assert soup.select_one("[data-hints]") is not None


def test_held_proposal_is_not_reachable_publicly(client, engine):
    make_consultation(engine, mode=ModerationMode.PRE)
    submit(client)
    with session_scope(engine) as session:
        submission = session.exec(select(Submission)).one()
    from debate.core.models import Proposal

    with session_scope(engine) as session:
        proposal = session.exec(select(Proposal)).one()
    assert submission.visibility is Visibility.HELD
    assert client.get(f"/proposals/{proposal.id}").status_code == 404


def test_submission_survives_a_failing_moderation_step(client, engine, monkeypatch):
    make_consultation(engine)

    def broken(*args, **kwargs):
        raise RuntimeError("moderation crashed")

    monkeypatch.setattr(actions, "evaluate", broken)
    _, soup = status_page(client, submit(client))
    assert soup.select_one("[data-state]")["data-state"] == "received"
    assert public_titles(client) == []
    with session_scope(engine) as session:
        assert session.exec(select(func.count()).select_from(Revision)).one() == 1


def test_topic_and_municipality_are_stored(client, engine):
    consultation = make_consultation(engine)
    topic = topic_ids(engine, consultation)["Vård"]
    submit(client, topic=str(topic), municipality="Uppsala", author_name="Kim")
    soup = BeautifulSoup(client.get("/consultations/agenda").text, "html.parser")
    meta = soup.select_one("[data-proposal] .meta").get_text()
    assert "Vård" in meta and "Uppsala" in meta


def test_logged_in_citizen_sees_my_submissions(client, engine):
    from tests.factories import as_persona

    make_consultation(engine)
    as_persona(client, engine, "citizen")
    submit(client, title="Mitt eget förslag")
    soup = BeautifulSoup(client.get("/me/submissions").text, "html.parser")
    rows = soup.select("[data-submission]")
    assert len(rows) == 1
    assert "Mitt eget förslag" in rows[0].get_text()
    link = rows[0].select_one("a")["href"]
    own = BeautifulSoup(client.get(link).text, "html.parser")
    assert own.select_one("[data-state]")["data-state"] == "published"


def test_someone_elses_submission_is_404(client, engine):
    from tests.factories import as_persona

    make_consultation(engine)
    submit(client)
    as_persona(client, engine, "citizen")
    with session_scope(engine) as session:
        submission_id = session.exec(select(Submission)).one().id
    assert client.get(f"/me/submissions/{submission_id}").status_code == 404


@pytest.mark.parametrize("mode", list(ModerationMode))
def test_every_mode_stores_a_decision(client, engine, mode):
    make_consultation(engine, mode=mode)
    submit(client, body=PNR_TEXT)
    with session_scope(engine) as session:
        decision = session.exec(select(ModerationDecision)).one()
        assert decision.rule_ids == ["PII-PNR"] or decision.policy_reason == "mode"
        expected = Visibility.HELD if mode is ModerationMode.PRE else Visibility.PUBLISHED_REDACTED
        assert decision.visibility is expected


def test_receipt_reference_is_shown(client, engine):
    make_consultation(engine)
    _, soup = status_page(client, submit(client))
    assert re.fullmatch(r"INS-\d+", soup.select_one("[data-reference]").get_text())
