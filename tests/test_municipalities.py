"""A consultation's fixed list of municipalities: staff edit it, the proposal form offers it as
a choice, and a free-text value written before it stays (and can be filtered by in search)."""

from __future__ import annotations

from bs4 import BeautifulSoup
from sqlalchemy.engine import Engine
from sqlmodel import select
from starlette.testclient import TestClient

from debate.core.db import session_scope
from debate.core.models import Consultation, Proposal
from tests.factories import as_persona, make_consultation, post_form
from tests.publicdata import submit_proposal

NEW = {
    "title": "Hur ska vi resa 2030?",
    "slug": "resor-2030",
    "description": "Berätta!",
    "moderation_mode": "flagged_only",
    "opens_at": "2026-01-01",
    "closes_at": "2030-12-31",
}


def test_staff_set_the_list_one_per_line(client: TestClient, engine: Engine) -> None:
    as_persona(client, engine, "staff")
    lines = "Umeå\n\n  Vännäs \nUmeå\r\nÅsele"
    created = post_form(client, "/staff/consultations/new", NEW | {"municipalities": lines})
    assert created.status_code == 303
    with session_scope(engine) as session:
        consultation = session.exec(select(Consultation)).one()
    assert consultation.municipalities == ["Umeå", "Vännäs", "Åsele"]
    form = BeautifulSoup(client.get(created.headers["location"]).text, "html.parser")
    assert form.select_one("#f-municipalities").get_text() == "Umeå\nVännäs\nÅsele"
    too_long = post_form(client, "/staff/consultations/new", NEW | {"municipalities": "x" * 81})
    assert too_long.status_code == 400
    assert "Högst 500 rader med högst 80 tecken var." in too_long.text


def _with_list(engine: Engine) -> Consultation:
    consultation = make_consultation(engine)
    with session_scope(engine) as session:
        found = session.get_one(Consultation, consultation.id)
        found.municipalities = ["Umeå", "Vännäs"]
    return found


def test_the_form_offers_the_list_and_refuses_others(client: TestClient, engine: Engine) -> None:
    _with_list(engine)
    form = BeautifulSoup(client.get("/consultations/agenda/proposals/new").text, "html.parser")
    options = [o["value"] for o in form.select("select#f-municipality option")]
    assert options == ["", "Umeå", "Vännäs"]
    fields = {"title": "Fler bussar", "body": "Bussarna borde gå oftare."}
    refused = post_form(
        client, "/consultations/agenda/proposals", fields | {"municipality": "Stockholm"}
    )
    assert refused.status_code == 400
    assert "Välj ett av alternativen." in refused.text
    sent = post_form(client, "/consultations/agenda/proposals", fields | {"municipality": "Vännäs"})
    assert sent.status_code == 303
    with session_scope(engine) as session:
        assert session.exec(select(Proposal.municipality)).one() == "Vännäs"


def test_without_a_list_the_field_stays_free_text(client: TestClient, engine: Engine) -> None:
    make_consultation(engine)
    form = BeautifulSoup(client.get("/consultations/agenda/proposals/new").text, "html.parser")
    assert form.select_one("input#f-municipality") is not None


def test_old_free_text_values_are_kept_and_offered_after_the_list(
    client: TestClient, engine: Engine
) -> None:
    consultation = make_consultation(engine)
    old, _s = submit_proposal(
        engine, consultation, "Busslinje", "Ny busslinje.", municipality="Kiruna"
    )
    with session_scope(engine) as session:
        session.get_one(Consultation, consultation.id).municipalities = ["Umeå"]
    assert "Kiruna" in client.get(f"/proposals/{old}").text
    page = BeautifulSoup(client.get("/search?q=busslinje&consultation=agenda").text, "html.parser")
    assert [o.get_text() for o in page.select("#f-municipality option")][1:] == ["Umeå", "Kiruna"]
    found = client.get("/search?q=busslinje&consultation=agenda&municipality=Kiruna")
    assert f"/proposals/{old}" in found.text
