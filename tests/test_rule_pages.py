"""The public rule pages (issue 19, item 6): defaults in Swedish and English, the admin's
versioned edits (kept, with who and when, audited), the footer links and the status page's
links from the reasons for a decision to the debate rules' paragraphs."""

from __future__ import annotations

import pytest
from bs4 import BeautifulSoup
from sqlmodel import select

from debate.core.db import session_scope
from debate.core.models import AuditEvent, Role
from debate.core.page_models import RulePageVersion
from debate.rulepages import defaults
from debate.rulepages.store import StaleEditError, rule_page, save_rule_page
from debate.rulepages.text import HEADING, LIST, NUMBERED, PARAGRAPH, Block, blocks, paragraph_of
from moderation import RULES
from tests.factories import as_persona, make_consultation, make_user, post_form

PNR_TEXT = "Ring mig, mitt personnummer är 811218-9876."


def _soup(response):
    return BeautifulSoup(response.text, "html.parser")


def _save(client, page="debate", lang="sv", **fields):
    data = {"title": "Debattregler", "body": "1. Var snäll. {DECENCY-INSULT}", "based_on": "0"}
    return post_form(client, f"/admin/rules/{page}/{lang}", data | fields)


# --- The text format -------------------------------------------------------------------------


def test_blocks_read_headings_numbered_paragraphs_lists_and_paragraphs():
    text = (
        "Intro\nrad två\n\n## Rubrik\n\n7. Inga personangrepp.\n"
        "{DECENCY-INSULT, LAW-THREAT}\n\n- a\n- b\n\n8. Utan tagg."
    )
    assert blocks(text) == [
        Block(PARAGRAPH, "Intro rad två"),
        Block(HEADING, "Rubrik"),
        Block(NUMBERED, "Inga personangrepp.", 7, ("DECENCY-INSULT", "LAW-THREAT")),
        Block(LIST, items=("a", "b")),
        Block(NUMBERED, "Utan tagg.", 8),
    ]
    assert blocks(text)[2].anchors == ["rule-decency-insult", "rule-law-threat"]
    assert paragraph_of(text, "LAW-THREAT") == 7
    assert paragraph_of(text, "SPAM-LINK") is None


def test_blocks_keep_markup_as_text():
    assert blocks("<script>alert(1)</script>") == [Block(PARAGRAPH, "<script>alert(1)</script>")]
    assert blocks("  \n\n ") == []


@pytest.mark.parametrize("lang", defaults.LANGS)
def test_every_rule_has_its_paragraph_in_the_default_debate_rules(lang):
    text = defaults.BODIES["debate"][lang]
    missing = [rule_id for rule_id in RULES if paragraph_of(text, rule_id) is None]
    assert missing == []


@pytest.mark.parametrize("page", defaults.PAGES)
def test_every_page_has_a_default_in_both_languages(page):
    for lang in defaults.LANGS:
        assert defaults.TITLES[page][lang] and blocks(defaults.BODIES[page][lang])


def test_the_privacy_notice_covers_article_13():
    for lang, needed in {
        "sv": [
            "Personuppgiftsansvarig",
            "Dataskyddsombud",
            "Ändamål och rättslig grund",
            "Hur länge",
            "Dina rättigheter",
            "Kontakt",
        ],
        "en": [
            "Controller",
            "Data protection officer",
            "Purposes and legal basis",
            "How long",
            "Your rights",
            "Contact",
        ],
    }.items():
        headings = [b.text for b in blocks(defaults.BODIES["privacy"][lang]) if b.kind == HEADING]
        assert [h for h in headings if h in needed] == needed, lang


# --- Public pages ----------------------------------------------------------------------------


@pytest.mark.parametrize("page", defaults.PAGES)
def test_public_page_shows_the_default_in_swedish_and_english(client, page):
    soup = _soup(client.get(f"/rules/{page}"))
    assert soup.h1.get_text() == defaults.TITLES[page]["sv"]
    assert soup.select_one("[data-rule-page]")["data-version"] == "0"
    assert "standardtext" in soup.select_one("[data-version-date]").get_text()
    client.get("/lang/en")
    soup = _soup(client.get(f"/rules/{page}"))
    assert soup.h1.get_text() == defaults.TITLES[page]["en"]


def test_debate_rules_have_numbered_paragraphs_with_anchors(client):
    soup = _soup(client.get("/rules/debate"))
    paragraph = soup.select_one("#rule-decency-insult").parent
    assert paragraph["id"] == "p-7"
    assert paragraph.select_one("a.paragraph-number")["href"] == "#p-7"
    assert "{" not in paragraph.get_text()


def test_unknown_page_is_404(client):
    response = client.get("/rules/nothing")
    assert response.status_code == 404
    assert "Sidan finns inte." in response.text


def test_every_page_links_to_the_rule_pages_in_its_footer(client, engine):
    make_consultation(engine)
    for url in ("/", "/consultations/agenda", "/accessibility", "/rules/terms"):
        links = {
            a["data-footer-link"]: a["href"] for a in _soup(client.get(url)).select("footer a")
        }
        assert links["terms"] == "/rules/terms", url
        assert links["debate"] == "/rules/debate"
        assert links["privacy"] == "/rules/privacy"
        assert links["contact"] == "/rules/contact"


# --- Editing, versions and audit -------------------------------------------------------------


def test_admin_saves_a_new_version_each_time_and_the_public_sees_the_latest(client, engine):
    admin = as_persona(client, engine, "admin")
    assert _save(client, body="1. Första. {DECENCY-INSULT}").status_code == 303
    response = _save(client, body="## Nytt\n\n3. Andra. {DECENCY-INSULT}", based_on="1")
    assert response.status_code == 303
    assert response.headers["location"] == "/admin/rules/debate/sv"
    soup = _soup(client.get("/rules/debate"))
    assert soup.select_one("[data-rule-page]")["data-version"] == "2"
    assert "Version 2, gäller från" in soup.select_one("[data-version-date]").get_text()
    assert soup.select_one("#rule-decency-insult").parent["id"] == "p-3"
    assert "Första" not in soup.get_text()
    edit = _soup(client.get("/admin/rules/debate/sv"))
    history = [
        [td.get_text() for td in row.select("td")[:3]]
        for row in edit.select("[data-saved-version]")
    ]
    assert history == [
        ["2", "Debattregler", admin.display_name],
        ["1", "Debattregler", admin.display_name],
    ]
    assert edit.select_one("input[name=based_on]")["value"] == "2"
    with session_scope(engine) as session:
        rows = session.exec(select(RulePageVersion).order_by(RulePageVersion.version)).all()
        assert [(r.version, r.created_by_id) for r in rows] == [(1, admin.id), (2, admin.id)]
        assert rows[0].body == "1. Första. {DECENCY-INSULT}", "older versions are kept"
        events = session.exec(select(AuditEvent).where(AuditEvent.action == "rules.saved")).all()
        assert [(e.actor_id, e.detail["version"], e.detail["page"]) for e in events] == [
            (admin.id, 1, "debate"),
            (admin.id, 2, "debate"),
        ]
    # The English page is its own: still the default.
    client.get("/lang/en")
    assert _soup(client.get("/rules/debate")).h1.get_text() == "Debate rules"


def test_a_save_on_top_of_someone_elses_is_refused_and_the_text_kept(client, engine):
    as_persona(client, engine, "admin")
    assert _save(client, body="Deras text.").status_code == 303
    response = _save(client, body="Min text.", based_on="0")
    assert response.status_code == 409
    soup = _soup(response)
    assert soup.select_one("textarea[name=body]").get_text() == "Min text."
    assert "nu version 1" in soup.select_one("[data-error-for=body]").get_text()
    client.get("/logout")
    assert "Deras text." in client.get("/rules/debate").text


@pytest.mark.parametrize(
    ("fields", "field", "message"),
    [
        ({"title": ""}, "title", "Du behöver fylla i det här fältet."),
        ({"body": "  "}, "body", "Du behöver fylla i det här fältet."),
        ({"body": "x" * 50_001}, "body", "Högst 50000 tecken"),
        ({"based_on": "x"}, "body", "Formuläret är ofullständigt."),
        ({"based_on": "9" * 30}, "body", "Formuläret är ofullständigt."),
    ],
)
def test_bad_edits_are_refused_with_the_form(client, engine, fields, field, message):
    as_persona(client, engine, "admin")
    response = _save(client, **fields)
    assert response.status_code == 400
    assert message in _soup(response).select_one(f"[data-error-for={field}]").get_text()
    with session_scope(engine) as session:
        assert session.exec(select(RulePageVersion)).all() == []


@pytest.mark.parametrize("url", ["/admin/rules/nothing/sv", "/admin/rules/terms/de"])
def test_unknown_page_or_language_is_404_for_the_admin(client, engine, url):
    as_persona(client, engine, "admin")
    assert client.get(url).status_code == 404
    assert post_form(client, url, {"title": "T", "body": "B", "based_on": "0"}).status_code == 404


def test_admin_list_shows_every_page_and_language(client, engine):
    as_persona(client, engine, "admin")
    _save(client, page="privacy", lang="en", title="Privacy", body="Text.")
    rows = _soup(client.get("/admin/rules")).select("tr[data-rule-page]")
    assert len(rows) == len(defaults.PAGES) * len(defaults.LANGS)
    saved = {row["data-rule-page"]: row.select("td")[2].get_text() for row in rows}
    assert saved["privacy-en"] == "1"
    assert saved["privacy-sv"] == "Standardtext"


def test_store_refuses_a_stale_save(engine):
    admin = make_user(engine, Role.ADMIN)
    with session_scope(engine) as session:
        save_rule_page(
            session, actor=admin, page="terms", lang="sv", title="T", body="B", based_on=0
        )
    with session_scope(engine) as session, pytest.raises(StaleEditError):
        save_rule_page(
            session, actor=admin, page="terms", lang="sv", title="T", body="C", based_on=0
        )
    with session_scope(engine) as session:
        found = rule_page(session, page="terms", lang="sv")
        assert (found.version, found.body) == (1, "B")


# --- Statements of reasons link to their rule ------------------------------------------------


def test_status_page_links_the_reasons_to_the_rules_paragraph(client, engine):
    make_consultation(engine)
    data = {"title": "Fler bussar", "body": PNR_TEXT}
    location = post_form(client, "/consultations/agenda/proposals", data).headers["location"]
    soup = _soup(client.get(location))
    link = soup.select_one("[data-rule-links] a")
    assert link["href"] == "/rules/debate#rule-pii-pnr"
    assert link.get_text() == "§ 5"


def test_a_published_text_has_no_rule_links(client, engine):
    make_consultation(engine)
    data = {"title": "Fler bussar", "body": "Bussarna borde gå oftare."}
    location = post_form(client, "/consultations/agenda/proposals", data).headers["location"]
    assert _soup(client.get(location)).select_one("[data-rule-links]") is None


def test_links_follow_the_debate_rules_as_the_admin_edits_them(client, engine):
    make_consultation(engine)
    admin = make_user(engine, Role.ADMIN)
    data = {"title": "Fler bussar", "body": PNR_TEXT}
    location = post_form(client, "/consultations/agenda/proposals", data).headers["location"]
    with session_scope(engine) as session:
        body = "1. Inga personnummer. {PII-PNR}\n\n2. Annat."
        save_rule_page(
            session, actor=admin, page="debate", lang="sv", title="R", body=body, based_on=0
        )
    assert _soup(client.get(location)).select_one("[data-rule-links] a").get_text() == "§ 1"
    preview = {"title": "T", "body": PNR_TEXT, "preview": "1"}
    soup = _soup(post_form(client, "/consultations/agenda/proposals", preview))
    assert soup.select_one("[data-finding] a").get_text() == "Debattreglerna, § 1"
    with session_scope(engine) as session:
        save_rule_page(
            session, actor=admin, page="debate", lang="sv", title="R", body="Utan.", based_on=1
        )
    link = _soup(client.get(location)).select_one("[data-rule-links] a")
    assert (link.get_text(), link["href"]) == ("debattreglerna", "/rules/debate#rule-pii-pnr")
    soup = _soup(post_form(client, "/consultations/agenda/proposals", preview))
    assert soup.select_one("[data-finding] a").get_text() == "Debattreglerna"
