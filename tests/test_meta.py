"""What a page says about itself to search engines and to shared links: a meta description,
OpenGraph tags and a favicon (issue 20, item 6)."""

from __future__ import annotations

from bs4 import BeautifulSoup
from sqlmodel import Session

from debate.core.models import Consultation
from tests.factories import make_consultation, seed_proposal


def test_pages_describe_themselves_for_search_engines_and_shared_links(client, engine):
    consultation = make_consultation(engine)
    with Session(engine) as session:
        stored = session.get(Consultation, consultation.id)
        assert stored is not None
        stored.description = "Vad ska regionen prioritera i <b>kollektivtrafiken</b>?"
        session.add(stored)
        session.commit()
        session.refresh(stored)
        session.expunge(stored)
        consultation = stored
    home = BeautifulSoup(client.get("/").text, "html.parser")
    assert home.select_one('meta[name="description"]')["content"].startswith("Skicka förslag")
    assert home.select_one('link[rel="icon"]')["href"] == "/static/favicon.svg"
    assert client.get("/static/favicon.svg").status_code == 200
    page = BeautifulSoup(client.get(f"/consultations/{consultation.slug}").text, "html.parser")
    assert page.select_one('meta[property="og:title"]')["content"] == consultation.title
    description = page.select_one('meta[name="description"]')["content"]
    assert description and description in consultation.description
    proposal = seed_proposal(engine, consultation, title="Fler <b>bussar</b>", body="Oftare.")
    page = BeautifulSoup(client.get(f"/proposals/{proposal}").text, "html.parser")
    assert page.select_one('meta[property="og:title"]')["content"] == "Fler <b>bussar</b>"
    assert page.select_one('meta[property="og:type"]')["content"] == "article"
    assert page.select_one('meta[name="description"]')["content"] == "Oftare."
