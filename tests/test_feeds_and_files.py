"""Atom feeds and the bulk open-data files: only published content, masked as shown, valid
Atom and CSV/JSON with the licence."""

from __future__ import annotations

import csv
import io
import json
import xml.etree.ElementTree as ET

import pytest
from bs4 import BeautifulSoup
from sqlalchemy.engine import Engine
from starlette.testclient import TestClient

from tests.factories import make_consultation
from tests.publicdata import PNR, submit_proposal, submit_reply, world

ATOM = "{http://www.w3.org/2005/Atom}"


def entries(client: TestClient, url: str) -> list[dict[str, str]]:
    response = client.get(url)
    assert response.status_code == 200, response.text
    assert response.headers["content-type"] == "application/atom+xml; charset=utf-8"
    feed = ET.fromstring(response.content)  # noqa: S314  (our own feed)
    assert feed.tag == f"{ATOM}feed"
    return [
        {
            "title": e.findtext(f"{ATOM}title") or "",
            "link": e.find(f"{ATOM}link").get("href"),  # type: ignore[union-attr]
            "content": e.findtext(f"{ATOM}content") or "",
        }
        for e in feed.findall(f"{ATOM}entry")
    ]


def test_consultation_feed_has_only_published_proposals(client: TestClient, engine: Engine) -> None:
    w = world(engine)
    found = entries(client, "/consultations/cykel/feed.atom")
    assert [e["link"] for e in found] == [
        f"http://testserver/proposals/{w.masked}",
        f"http://testserver/proposals/{w.published}",
    ]
    assert not any("emligt" in e["title"] + e["content"] for e in found)
    assert PNR not in found[0]["content"]
    assert client.get("/consultations/finns-inte/feed.atom").status_code == 404


def test_thread_feed(client: TestClient, engine: Engine) -> None:
    w = world(engine)
    found = entries(client, f"/proposals/{w.published}/feed.atom")
    assert [e["link"] for e in found] == [
        f"http://testserver/proposals/{w.published}#reply-{w.reply}",
        f"http://testserver/proposals/{w.published}",
    ]
    for hidden in (w.held, w.hidden, w.purged):
        assert client.get(f"/proposals/{hidden}/feed.atom").status_code == 404


def test_a_control_character_does_not_break_the_feed(client: TestClient, engine: Engine) -> None:
    consultation = make_consultation(engine)
    proposal, _s = submit_proposal(engine, consultation, "Klocka\x07", "Text\x01med\x1bkoder.")
    submit_reply(engine, "Svar\x0b här", proposal_id=proposal)
    (entry,) = entries(client, "/consultations/agenda/feed.atom")
    assert entry["content"] == "Textmedkoder." and entry["title"] == "Klocka"
    assert len(entries(client, f"/proposals/{proposal}/feed.atom")) == 2


def test_pages_link_their_feeds(client: TestClient, engine: Engine) -> None:
    w = world(engine)
    page = BeautifulSoup(client.get("/consultations/cykel").text, "html.parser")
    assert page.select_one("[data-feed]")["href"] == "/consultations/cykel/feed.atom"
    page = BeautifulSoup(client.get(f"/proposals/{w.published}").text, "html.parser")
    assert page.select_one("[data-feed]")["href"] == f"/proposals/{w.published}/feed.atom"


def test_open_data_page_links_every_file_and_the_licence(client: TestClient) -> None:
    page = BeautifulSoup(client.get("/").text, "html.parser")
    assert page.select_one("[data-footer-link=opendata]")["href"] == "/open-data"
    page = BeautifulSoup(client.get("/open-data").text, "html.parser")
    assert page.select_one("[data-licence]")["data-licence"] == "CC0-1.0"
    links = {a["data-download"] for a in page.select("[data-download]")}
    kinds = ("consultations", "proposals", "replies", "articles")
    assert links == {f"{k}.{f}" for k in kinds for f in ("csv", "json")}
    for link in links:
        assert client.get(f"/open-data/{link}").status_code == 200


def test_bulk_files_hold_only_published_content(client: TestClient, engine: Engine) -> None:
    w = world(engine)
    proposals = client.get("/open-data/proposals.json").json()
    assert proposals["licence"]["identifier"] == "CC0-1.0"
    assert {p["id"] for p in proposals["proposals"]} == {w.published, w.masked}
    replies = client.get("/open-data/replies.json").json()["replies"]
    assert [(r["id"], r["proposal_id"], r["article"]) for r in replies] == [
        (w.reply, w.published, None),
        (w.article_reply, None, w.article_slug),
    ]
    for name in ("proposals", "replies", "articles", "consultations"):
        for fmt in ("csv", "json"):
            text = client.get(f"/open-data/{name}.{fmt}").text
            assert "emligt" not in text and PNR not in text, (name, fmt)
    response = client.get("/open-data/proposals.csv")
    assert response.content.startswith("\ufeff".encode())
    assert 'rel="license"' in response.headers["link"]
    rows = list(csv.DictReader(io.StringIO(response.text.lstrip("\ufeff"))))
    assert {int(r["id"]) for r in rows} == {w.published, w.masked}
    assert next(r for r in rows if int(r["id"]) == w.published)["municipality"] == "Umeå"


def test_a_formula_is_kept_as_text(client: TestClient, engine: Engine) -> None:
    consultation = make_consultation(engine)
    submit_proposal(engine, consultation, "=HYPERLINK(1)", "+SUM(A1)")
    (row,) = csv.DictReader(io.StringIO(client.get("/open-data/proposals.csv").text[1:]))
    assert row["title"] == "'=HYPERLINK(1)" and row["body"] == "'+SUM(A1)"
    assert json.loads(client.get("/open-data/proposals.json").text)["proposals"][0]["title"] == (
        "=HYPERLINK(1)"
    )


@pytest.mark.parametrize("name", ["users.csv", "proposals.xlsx", "proposals", "..%2Fx.csv"])
def test_unknown_files_are_404(client: TestClient, name: str) -> None:
    assert client.get(f"/open-data/{name}").status_code == 404
