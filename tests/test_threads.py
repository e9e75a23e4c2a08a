"""Consultation pages (topics, sorting, pagination), threads with replies, and support."""

from __future__ import annotations

from bs4 import BeautifulSoup
from sqlmodel import select

from debate.core.db import session_scope
from debate.core.models import Reply, Role
from tests.factories import (
    login,
    make_article,
    make_consultation,
    make_user,
    post_form,
    seed_proposal,
    topic_ids,
)


def soup_of(client, url):
    response = client.get(url)
    assert response.status_code == 200, response.text
    return BeautifulSoup(response.text, "html.parser")


def card_titles(client, url):
    return [a.get_text(strip=True) for a in soup_of(client, url).select("[data-proposal] h3 a")]


def reply(client, proposal_id, body="Jag håller med.", **extra):
    return post_form(client, f"/proposals/{proposal_id}/replies", {"body": body} | extra)


def test_sorting_by_newest_supported_and_discussed(client, engine):
    c = make_consultation(engine)
    first = seed_proposal(engine, c, title="Första")
    second = seed_proposal(engine, c, title="Andra")
    third = seed_proposal(engine, c, title="Tredje")
    for n, persona in enumerate(("a", "b")):
        client.cookies.clear()
        login(client, make_user(engine, Role.CITIZEN, email=f"{persona}{n}@example.se"))
        assert post_form(client, f"/proposals/{first}/support").status_code == 303
    client.cookies.clear()
    reply(client, second)
    reply(client, second)
    reply(client, third)
    assert card_titles(client, "/consultations/agenda") == ["Tredje", "Andra", "Första"]
    assert card_titles(client, "/consultations/agenda?sort=supported")[0] == "Första"
    assert card_titles(client, "/consultations/agenda?sort=discussed")[:2] == ["Andra", "Tredje"]
    assert card_titles(client, "/consultations/agenda?sort=bogus")[0] == "Tredje"


def test_topic_filter_and_counts(client, engine):
    c = make_consultation(engine)
    ids = topic_ids(engine, c)
    seed_proposal(engine, c, title="Buss", topic_id=ids["Trafik"])
    seed_proposal(engine, c, title="Vårdcentral", topic_id=ids["Vård"])
    assert card_titles(client, f"/consultations/agenda?topic={ids['Vård']}") == ["Vårdcentral"]
    topics = soup_of(client, "/consultations/agenda").select("[data-topic]")
    assert [t.get_text(strip=True) for t in topics] == ["Trafik (1)", "Vård (1)"]


def test_pagination(client, engine, settings):
    c = make_consultation(engine)
    for n in range(settings.page_size + 3):
        seed_proposal(engine, c, title=f"Förslag {n:02d}")
    page1 = soup_of(client, "/consultations/agenda")
    assert len(page1.select("[data-proposal]")) == settings.page_size
    assert page1.select_one("a[rel=next]") is not None
    page2 = soup_of(client, "/consultations/agenda?page=2")
    assert len(page2.select("[data-proposal]")) == 3
    assert page2.select_one("[data-page]")["data-page"] == "2"
    assert len(soup_of(client, "/consultations/agenda?page=999").select("[data-proposal]")) == 3


def test_reply_with_stance_appears_in_thread(client, engine):
    pid = seed_proposal(engine, make_consultation(engine))
    response = reply(client, pid, "Bra idé, gör det!", stance="for", author_name="Maja")
    assert response.status_code == 303
    page = soup_of(client, f"/proposals/{pid}")
    replies = page.select("[data-reply]")
    assert len(replies) == 1
    assert "Bra idé, gör det!" in replies[0].get_text()
    assert replies[0].select_one("[data-stance]")["data-stance"] == "for"
    assert "Maja" in replies[0].get_text()


def test_answers_nest_two_levels_and_no_deeper(client, engine):
    pid = seed_proposal(engine, make_consultation(engine))
    reply(client, pid, "Första svaret")
    with session_scope(engine) as session:
        top = session.exec(select(Reply)).one()
    assert reply(client, pid, "Ett svar på svaret", parent=str(top.id)).status_code == 303
    with session_scope(engine) as session:
        child = session.exec(select(Reply).where(Reply.parent_id == top.id)).one()
    assert child.depth == 2
    page = soup_of(client, f"/proposals/{pid}")
    assert page.select_one(f"#reply-{top.id} .nested #reply-{child.id}") is not None
    too_deep = reply(client, pid, "Tredje nivån", parent=str(child.id))
    assert too_deep.status_code == 400
    assert BeautifulSoup(too_deep.text, "html.parser").select_one("[data-error-for=body]")
    assert "Tredje nivån" in too_deep.text  # input kept


def test_parent_from_another_thread_is_refused(client, engine):
    c = make_consultation(engine)
    one, other = seed_proposal(engine, c), seed_proposal(engine, c, title="Annat")
    reply(client, one, "Svar i tråd ett")
    with session_scope(engine) as session:
        parent = session.exec(select(Reply)).one()
    response = reply(client, other, "Fel tråd", parent=str(parent.id))
    assert response.status_code == 400


def test_reply_to_article(client, engine):
    make_article(engine)
    response = post_form(client, "/articles/debatt/replies", {"body": "Intressant läsning."})
    assert response.status_code == 303
    page = soup_of(client, "/articles/debatt")
    assert "Intressant läsning." in page.select_one("[data-reply]").get_text()


def test_unpublished_article_is_404(client, engine):
    make_article(engine, published=False)
    assert client.get("/articles/debatt").status_code == 404


def test_support_once_per_person_and_needs_an_account(client, engine):
    pid = seed_proposal(engine, make_consultation(engine))
    anonymous = post_form(client, f"/proposals/{pid}/support")
    assert anonymous.status_code == 303 and anonymous.headers["location"].startswith("/login")
    login(client, make_user(engine))
    post_form(client, f"/proposals/{pid}/support")
    post_form(client, f"/proposals/{pid}/support")
    page = soup_of(client, f"/proposals/{pid}")
    assert page.select_one("[data-supports]")["data-supports"] == "1"


def test_home_lists_open_consultations_and_articles(client, engine):
    make_consultation(engine, slug="oppen")
    make_consultation(engine, slug="stangd", closed=True)
    make_article(engine)
    page = soup_of(client, "/")
    assert [li["data-consultation"] for li in page.select("[data-consultation]")] == ["oppen"]
    assert page.select_one("[data-article]")["data-article"] == "debatt"
    assert page.find("a", href="/consultations/stangd") is not None


def test_language_switch_keeps_the_query_string(client, engine):
    make_consultation(engine)
    page = soup_of(client, "/consultations/agenda?sort=supported&page=1")
    switch = page.select_one(".language a")["href"]
    back = client.get(switch)
    assert back.headers["location"] == "/consultations/agenda?sort=supported&page=1"


def test_replies_by_the_organisation_are_marked_and_citizens_are_not(client, engine):
    """Issue 15, item 29: a reply written from a staff account carries a visible mark; a
    citizen's reply does not, whatever name it is signed with."""
    pid = seed_proposal(engine, make_consultation(engine))
    login(client, make_user(engine, Role.STAFF, email="handlaggare@example.se"))
    assert reply(client, pid, "Tack, vi tar med förslaget.").status_code == 303
    client.cookies.clear()
    login(client, make_user(engine, Role.CITIZEN, email="medborgare@example.se"))
    assert reply(client, pid, "Bra svar.", author_name="Kim").status_code == 303
    client.cookies.clear()
    replies = soup_of(client, f"/proposals/{pid}").select("[data-reply]")
    marked = {
        r.select_one(".text").get_text(strip=True): bool(r.select("[data-official]"))
        for r in replies
    }
    assert marked == {"Tack, vi tar med förslaget.": True, "Bra svar.": False}
