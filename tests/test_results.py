"""A consultation's phases and, once closed, its results page (issue 19, item 2)."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from bs4 import BeautifulSoup
from sqlalchemy.engine import Engine
from sqlmodel import select

from debate.core.db import session_scope
from debate.core.models import Consultation, Proposal, ProposalState, Role, Submission, utcnow
from debate.submissions import actions
from tests.factories import (
    login,
    make_consultation,
    make_user,
    post_form,
    seed_proposal,
    topic_ids,
)

AGENDA = "https://region.example.se/agenda-2027"


def soup(response: Any) -> BeautifulSoup:
    assert response.status_code == 200, response.text[:300]
    return BeautifulSoup(response.text, "html.parser")


def set_state(engine: Engine, proposal_id: int, state: ProposalState, answer: str = "") -> None:
    with session_scope(engine) as session:
        proposal = session.get_one(Proposal, proposal_id)
        proposal.state, proposal.state_reason, proposal.answer = state, f"Skäl {state}", answer


def close(engine: Engine, consultation: Consultation, **phases: Any) -> None:
    now = utcnow()
    with session_scope(engine) as session:
        found = session.get_one(Consultation, consultation.id)
        found.closes_at = now - timedelta(days=2)
        for name, value in phases.items():
            setattr(found, name, value)


def closed_world(engine: Engine) -> tuple[Consultation, dict[str, int]]:
    consultation = make_consultation(engine)
    topics = topic_ids(engine, consultation)
    ids = {
        "buses": seed_proposal(engine, consultation, title="Bussar", topic_id=topics["Trafik"]),
        "trains": seed_proposal(engine, consultation, title="Tåg", topic_id=topics["Trafik"]),
        "care": seed_proposal(engine, consultation, title="Vård", topic_id=topics["Vård"]),
        "hidden": seed_proposal(engine, consultation, title="Dold", topic_id=topics["Vård"]),
    }
    with session_scope(engine) as session:
        user = make_user(engine, Role.CITIZEN, "kim@example.se")
        for key in ("buses", "trains"):
            actions.support_proposal(
                session, actor=user, proposal_id=ids[key], supporter_key=f"k{key}"
            )
        proposal = session.get_one(Proposal, ids["hidden"])
        session.get_one(Submission, proposal.submission_id).visibility = "hidden"
        for body in ("Bra idé.", "Håller med."):
            actions.submit_reply(
                session,
                actor=None,
                consultation_id=consultation.id,
                proposal_id=ids["buses"],
                article_id=None,
                parent=None,
                body=body,
                stance=None,
                author_name="",
                lang="sv",
                screening=actions.Screening(),
            )
    set_state(engine, ids["care"], ProposalState.PARTLY_INCLUDED, "Delvis: vi ser över vården.")
    set_state(engine, ids["trains"], ProposalState.INCLUDED, "Tågen tas med.")
    set_state(engine, ids["buses"], ProposalState.NOT_INCLUDED, "Inte nu.")
    set_state(engine, ids["hidden"], ProposalState.INCLUDED, "Syns inte.")
    close(engine, consultation, agenda_url=AGENDA)
    return consultation, ids


def test_a_closed_consultation_is_on_the_home_page_with_its_results(client, engine):
    consultation, ids = closed_world(engine)
    home = soup(client.get("/"))
    card = home.select_one(f"[data-closed-consultation={consultation.slug}]")
    assert card is not None
    link = card.select_one("[data-results-link]")
    assert link["href"] == f"/consultations/{consultation.slug}#results-heading"
    assert link.get_text() == f"Se resultaten: {consultation.title}"

    page = soup(client.get(f"/consultations/{consultation.slug}"))
    results = page.select_one("[data-results]")
    figures = {d["data-result"]: d.text for d in results.select("[data-result]")}
    assert figures == {"proposals": "3", "replies": "2", "supports": "2", "answered": "3"}
    topics = [li.get_text(" ", strip=True) for li in results.select("[data-result-topic]")]
    assert topics == ["Trafik: 2 förslag", "Vård: 1 förslag"]
    taken = results.select("[data-taken-proposal]")
    # Included first, then partly included; not included and hidden proposals are not listed.
    assert [int(t["data-taken-proposal"]) for t in taken] == [ids["trains"], ids["care"]]
    assert taken[0].select_one("[data-state]").text == "Besvarat: med i agendan"
    assert taken[0].select_one(".official-answer .text").text == "Tågen tas med."
    assert taken[1].select_one(".badge-official").text == "Regionens svar"
    assert results.select_one("[data-agenda-link]")["href"] == AGENDA
    # Every proposal stays reachable: the list by topic is still there.
    assert len(page.select("[data-proposals] [data-proposal]")) == 3


def test_an_open_consultation_has_a_timeline_and_no_results(client, engine):
    consultation = make_consultation(engine)
    page = soup(client.get(f"/consultations/{consultation.slug}"))
    assert page.select_one("[data-results]") is None
    phases = page.select("[data-phase]")
    assert [(p["data-phase"], p["data-phase-state"]) for p in phases] == [
        ("input", "current"),
        ("analysis", "upcoming"),
    ]
    assert phases[0]["aria-current"] == "step"


def test_the_timeline_follows_the_phase_dates(client, engine):
    consultation = make_consultation(engine)
    now = utcnow()
    close(
        engine,
        consultation,
        analysis_until=now - timedelta(days=1),
        answered_from=now - timedelta(hours=1),
    )
    page = soup(client.get(f"/consultations/{consultation.slug}"))
    states = [(p["data-phase"], p["data-phase-state"]) for p in page.select("[data-phase]")]
    assert states == [("input", "done"), ("analysis", "done"), ("answered", "current")]
    answered = page.select_one("[data-phase=answered]").get_text(" ", strip=True)
    assert answered.startswith("Besvarad från")
    assert "Inget förslag har tagits in i agendan ännu." in page.text
    assert page.select_one("[data-agenda-link]") is None


def staff_form(**fields: str) -> dict[str, str]:
    base = {
        "title": "Trafiken",
        "slug": "trafiken",
        "moderation_mode": "flagged_only",
        "opens_at": "2027-01-01",
        "closes_at": "2027-02-01",
    }
    return base | fields


def test_staff_set_the_phases_and_the_agenda_link(client, engine):
    login(client, make_user(engine, Role.STAFF))
    form = staff_form(analysis_until="2027-03-01", answered_from="2027-04-01", agenda_url=AGENDA)
    response = post_form(client, "/staff/consultations/new", form)
    assert response.status_code == 303, response.text[:500]
    with session_scope(engine) as session:
        saved = session.exec(select(Consultation)).one()
    assert saved.analysis_until.date().isoformat() == "2027-03-01"
    assert saved.answered_from.date().isoformat() == "2027-04-01"
    assert saved.agenda_url == AGENDA
    edit = soup(client.get(response.headers["location"]))
    assert edit.select_one("#f-analysis_until")["value"] == "2027-03-01"
    assert edit.select_one("#f-agenda_url")["value"] == AGENDA


@pytest.mark.parametrize(
    ("fields", "field", "message"),
    [
        (
            {"closes_at": "", "analysis_until": "2027-03-01"},
            "analysis_until",
            "Ange först slutdatum: de senare faserna kommer efter det.",
        ),
        (
            {"analysis_until": "2027-01-15"},
            "analysis_until",
            "Analysen kan inte sluta innan dialogen avslutas.",
        ),
        (
            {"analysis_until": "2027-03-01", "answered_from": "2027-02-15"},
            "answered_from",
            "Svaren kan inte komma innan fasen före dem har slutat.",
        ),
        ({"answered_from": "2027-13-01"}, "answered_from", "Skriv datumet som ÅÅÅÅ-MM-DD."),
        (
            {"agenda_url": "javascript:alert(1)"},
            "agenda_url",
            "Ange en webbadress som börjar med https://.",
        ),
        (
            {"agenda_url": "https://x.se/" + "a" * 500},
            "agenda_url",
            "Högst 500 tecken (du skrev 513).",
        ),
    ],
)
def test_bad_phases_are_refused_with_a_message(client, engine, fields, field, message):
    login(client, make_user(engine, Role.STAFF))
    response = post_form(client, "/staff/consultations/new", staff_form(**fields))
    assert response.status_code == 400
    error = BeautifulSoup(response.text, "html.parser").select_one(f"[data-error-for={field}]")
    assert error is not None and error.text.endswith(message)
