"""The public transparency report (/transparency) and statistics (/statistics): no login,
labels in Swedish and English for every key, totals only, and charts whose labels are whole."""

from __future__ import annotations

import csv
import io
import re
from typing import Any

import pytest
from bs4 import BeautifulSoup
from sqlalchemy.engine import Engine
from sqlmodel import select
from starlette.testclient import TestClient

from debate.core.db import session_scope
from debate.core.models import Consultation, Proposal, Visibility
from debate.web import charts
from tests.factories import make_consultation, seed_proposal, topic_ids
from tests.test_exports import reply_to, set_state, submission_of
from tests.test_reports import seed_decided

#: What the seeded cases hold that must never reach a public page or file (the notice's own
#: explanation, "Personangrepp", is also the start of a rule's name, so it is not checked).
PRIVATE = ("anmalare@example.se", "Det var inget angrepp.", "mod@example.se")
RAW_KEY = re.compile(r"STATEMENT_CATEGORY_|art_\d+_|[a-z]+_[a-z_]+\.")


def _visible_text(html: str) -> str:
    soup = BeautifulSoup(html, "html.parser")
    main = soup.select_one("main") or soup
    for hidden in main.select("script, style"):
        hidden.decompose()
    return main.get_text(" ")


@pytest.fixture
def decided(engine: Engine) -> dict[str, int]:
    """tests/test_reports.py's seeded decisions, notice, appeal and suspension."""
    return seed_decided(engine)


# --- /transparency ------------------------------------------------------------------------------


def test_transparency_is_public_with_swedish_labels(client: TestClient, decided: Any) -> None:
    page = client.get("/transparency")
    assert page.status_code == 200
    text = _visible_text(page.text)
    assert "Anmälningar om olagligt innehåll och regelbrott (DSA art. 15.1 b, 16)" in text
    assert "Per kategori: Våld" in text
    assert "Utfall: Åtgärd vidtagen" in text
    assert (
        "Per vad som anmäldes: Brott mot debattreglerna: Personangrepp eller förolämpning" in text
    )
    assert "Felandel (ändrade av granskade), procent" in text
    assert not RAW_KEY.search(text), RAW_KEY.search(text)
    soup = BeautifulSoup(page.text, "html.parser")
    assert soup.select_one('[data-figure="error_rate_percent"]').text == "66.7"
    assert soup.select_one("[data-error-rate-method]") is not None
    # The statements of reasons are staff-only; the public page does not offer them.
    assert soup.select_one('[data-download="statements"]') is None
    assert all(secret not in page.text for secret in PRIVATE)


def test_transparency_in_english(client: TestClient, decided: Any) -> None:
    client.get("/lang/en")
    text = _visible_text(client.get("/transparency").text)
    assert "Notices of illegal content and breaches (DSA Art. 15(1)(b), 16)" in text
    assert "By category: Violence" in text
    assert "Error rate (changed, of reviewed), per cent" in text
    data = client.get("/transparency?format=json").json()
    assert data["language"] == "en"
    own = next(s for s in data["sections"] if s["key"] == "art_15_1_c_own_initiative")
    assert own["label"] == "Moderation on our own initiative (DSA Art. 15(1)(c))"


def test_transparency_csv_and_json_carry_keys_and_the_same_labels(
    client: TestClient, engine: Engine, decided: Any
) -> None:
    set_state(engine, decided["approved"], Visibility.PUBLISHED_REDACTED, rules=("PII-PHONE",))
    response = client.get("/transparency?format=csv")
    assert response.status_code == 200
    assert response.headers["content-type"] == "text/csv; charset=utf-8"
    assert response.headers["content-disposition"].startswith('attachment; filename="transparency-')
    rows = list(csv.reader(io.StringIO(response.text.lstrip("\ufeff"))))
    assert rows[0] == ["section", "section_label", "figure", "figure_label", "value"]
    key = "by_category.STATEMENT_CATEGORY_DATA_PROTECTION_AND_PRIVACY_VIOLATIONS"
    [row] = [r for r in rows if r[2] == key]
    assert row[3] == "Per kategori: Brott mot dataskydd och integritet" and row[4] == "1"
    data = client.get("/transparency?format=json").json()
    assert data["language"] == "sv" and set(data["period"]) == {"start", "end"}
    figures = {f["key"]: f for s in data["sections"] for f in s["figures"]}
    assert figures[key] == {"key": key, "label": row[3], "value": 1}
    assert data["data"]["art_15_1_c_own_initiative"]["by_category"][key.split(".")[1]] == 1
    labels = {(r[2], r[3]) for r in rows[1:]}
    assert labels == {(f["key"], f["label"]) for f in figures.values()}
    for body in (response.text, str(data)):
        assert all(secret not in body for secret in PRIVATE)


def test_transparency_chooses_a_period(client: TestClient, decided: Any) -> None:
    empty = client.get("/transparency?from=2020-01-01&to=2020-12-31&format=json").json()
    assert empty["period"] == {"start": "2020-01-01", "end": "2021-01-01"}
    assert empty["data"]["art_15_1_b_notices"]["received"] == 0
    soup = BeautifulSoup(
        client.get("/transparency?from=2020-01-01&to=2020-12-31").text, "html.parser"
    )
    assert soup.select_one("#f-from")["value"] == "2020-01-01"
    # Kinds that did not occur are listed with 0, so a reader sees they exist.
    assert soup.select_one('[data-figure="by_type.illegal"]').text == "0"
    assert soup.select_one('[data-figure="outcomes.no_action"]').text == "0"
    assert soup.select_one('[data-figure="by_rule"]').text == "–"
    csv_link = soup.select_one('[data-download="csv"]')["href"]
    assert "from=2020-01-01" in csv_link and "to=2020-12-31" in csv_link


BAD_PERIODS = [
    ("from=igår", "Skriv datum som ÅÅÅÅ-MM-DD."),
    ("from=2026-05-01&to=2026-04-01", "Slutdatumet får inte komma före startdatumet."),
    ("from=2020-01-01&to=2026-01-01", "Välj en period på högst ett år, från år 2000."),
    ("from=1000-01-01&to=1000-01-02", "Välj en period på högst ett år, från år 2000."),
]


@pytest.mark.parametrize(
    ("path", "query", "message"),
    [
        ("/transparency", "format=xml", "Välj ett format: HTML, CSV eller JSON."),
        *(("/transparency", query, message) for query, message in BAD_PERIODS),
        *(("/statistics", query, message) for query, message in BAD_PERIODS),
    ],
)
def test_public_reports_refuse_bad_values(client: TestClient, path: str, query: str, message: str):
    response = client.get(f"{path}?{query}")
    assert response.status_code == 400 and message in response.text


def test_staff_report_links_to_the_public_page(client: TestClient, engine: Engine) -> None:
    from debate.core.models import Role
    from tests.factories import login, make_user

    login(client, make_user(engine, Role.STAFF))
    soup = BeautifulSoup(client.get("/staff/transparency").text, "html.parser")
    assert soup.select_one("[data-public-link] a")["href"].startswith("/transparency?")
    assert soup.select_one('[data-download="statements"]') is not None


# --- /statistics --------------------------------------------------------------------------------


@pytest.fixture
def participation(engine: Engine) -> dict[str, int]:
    consultation = make_consultation(engine)
    topics = topic_ids(engine, consultation)
    ids = {
        "a": seed_proposal(engine, consultation, "Fler bussar", topic_id=topics["Trafik"]),
        "b": seed_proposal(engine, consultation, "Cykelbanor", topic_id=topics["Trafik"]),
        "c": seed_proposal(engine, consultation, "Kortare köer", topic_id=topics["Vård"]),
        "d": seed_proposal(engine, consultation, "Utan ämne"),
    }
    with session_scope(engine) as session:
        session.get(Consultation, consultation.id).municipalities = ["Umeå", "Skellefteå"]
        for key, place in (("a", "Umeå"), ("b", "Umeå"), ("c", "Gustav Persson, Storgatan 1")):
            proposal = session.exec(select(Proposal).where(Proposal.id == ids[key])).one()
            proposal.municipality = place
    reply_to(engine, {"consultation": consultation}, ids["a"], "Håller med.")
    set_state(
        engine,
        submission_of(engine, ids["c"]),
        Visibility.HELD,
        rules=("LAW-THREAT",),
        automated=True,
    )
    set_state(engine, submission_of(engine, ids["c"]), Visibility.HIDDEN, rules=("LAW-THREAT",))
    return ids


def _table(soup: BeautifulSoup, name: str) -> dict[str, str]:
    table = soup.select_one(f'[data-table="{name}"]')
    return {
        row.th.get_text(strip=True): row.td.get_text(strip=True)
        for row in table.select("tbody tr")
        if row.th is not None
    }


def test_statistics_page_counts_participation(client: TestClient, participation: Any) -> None:
    page = client.get("/statistics")
    assert page.status_code == 200
    soup = BeautifulSoup(page.text, "html.parser")
    assert soup.select_one("[data-received]")["data-received"] == "5"
    assert _table(soup, "by-topic") == {"Trafik": "3", "Vård": "1", "Inget ämne": "1"}
    # A free-text municipality is never shown: it could be anything a person typed.
    assert _table(soup, "by-municipality") == {"Umeå": "2", "Annan": "1", "Inte angiven": "1"}
    assert "Gustav Persson" not in page.text and "Storgatan" not in page.text
    weeks = _table(soup, "by-week")
    assert sum(int(n) for n in weeks.values()) == 5
    assert all(re.fullmatch(r"\d{4}-W\d{2}", week) for week in weeks)


def test_statistics_page_shows_decisions_rules_and_times(
    client: TestClient, participation: Any
) -> None:
    soup = BeautifulSoup(client.get("/statistics").text, "html.parser")
    rules = soup.select_one('[data-table="by-rule"]')
    cell = rules.select_one('[data-rule="LAW-THREAT"]')
    assert cell.text == "2" and cell.find_previous("th").text == "Olaga hot"
    decisions = soup.select_one('[data-table="decisions"]')
    hidden = next(tr for tr in decisions.select("tbody tr") if tr.th.text == "Inte publicerad")
    assert hidden.select_one("[data-person]").text == "1"
    assert soup.select_one("[data-decided-by-people]").text == "1"
    assert soup.select_one("[data-median-hours]").text != "–"
    client.get("/lang/en")
    english = BeautifulSoup(client.get("/statistics").text, "html.parser")
    cell = english.select_one('[data-rule="LAW-THREAT"]')
    assert cell.find_previous("th").text == "Unlawful threat"


def test_statistics_without_data(client: TestClient) -> None:
    soup = BeautifulSoup(client.get("/statistics").text, "html.parser")
    assert soup.select_one("[data-received]")["data-received"] == "0"
    assert soup.select_one("[data-median-hours]").text == "–"
    assert "Inga beslut under perioden." in soup.text


# --- Charts -------------------------------------------------------------------------------------


def _svg_labels(svg: Any) -> list[str]:
    labels = []
    for text in svg.find_all("text"):
        spans = text.find_all("tspan")
        labels.append(" ".join(s.text for s in spans) if spans else text.text)
    return labels


def test_every_chart_has_whole_labels_and_a_table(client: TestClient, participation: Any) -> None:
    soup = BeautifulSoup(client.get("/statistics").text, "html.parser")
    svgs = soup.select("svg.chart")
    assert len(svgs) == 5
    for svg in svgs:
        assert svg["role"] == "img"
        table = soup.select_one(f"#{svg['aria-details']}")
        assert table is not None and table.name == "table"
        drawn = " ".join(_svg_labels(svg))
        for row in table.select("tbody tr th"):
            if svg["id"] != "chart-by-week":  # a long series is thinned, never cut
                assert row.get_text(strip=True) in drawn, (svg["id"], row.text)


def test_categorical_labels_are_never_cut() -> None:
    long = "Brott mot dataskydd och integritet i ett mycket långt ämne om kollektivtrafik"
    svg = BeautifulSoup(
        charts.hbar_chart("c", "T", [("DECENCY-INSULT", 3), ("upheld", 1), (long, 2)]),
        "html.parser",
    )
    labels = _svg_labels(svg)
    assert "DECENCY-INSULT" in labels and "upheld" in labels
    assert long in labels  # wrapped onto lines, every word kept
    assert len(svg.find_all("text")[4].find_all("tspan")) >= 2


def test_series_labels_are_whole_dates() -> None:
    points = [(f"2026-12-{day:02d}", day) for day in range(1, 31)]
    svg = BeautifulSoup(charts.bar_chart("c", "T", points), "html.parser")
    labels = [t.text for t in svg.find_all("text")[2:]]
    assert labels and all(re.fullmatch(r"2026-12-\d{2}", label) for label in labels)
    assert len(labels) <= charts.MAX_TICKS


# --- Every key has a label ----------------------------------------------------------------------


def _raw(key: str, label: str) -> bool:
    """Whether a label shows a key as it is: a machine name (with ``_``, ``:`` or in capitals)
    anywhere in it, or a plain key as one of its parts."""
    parts = [label, *label.split(": ")]
    for name in key.replace(":", ".").split("."):
        machine = "_" in name or name.isupper()
        if (machine and name in label) or name in parts:
            return True
    return False


@pytest.mark.parametrize("lang", ["sv", "en"])
def test_every_key_of_the_report_has_a_label(engine: Engine, decided: Any, lang: str) -> None:
    from datetime import timedelta

    from debate.cases.notices import NOTICE_CATEGORIES
    from debate.core.i18n import set_language
    from debate.core.models import utcnow
    from debate.reporting import labels, transparency

    set_language(lang)
    with session_scope(engine) as session:
        data = transparency.report(
            session, start=utcnow() - timedelta(days=30), end=utcnow() + timedelta(days=1)
        )
    # Every kind a notice can name, and every restriction, as if each had happened once.
    data["art_15_1_b_notices"]["by_rule"] = dict.fromkeys(NOTICE_CATEGORIES, 1)
    data["art_15_1_c_own_initiative"]["by_restriction"] = {v.value: 1 for v in Visibility}
    unlabelled = [
        (section.key, figure.key)
        for section in labels.sections(data)
        for figure in section.figures
        if section.label == section.key or _raw(figure.key, figure.label)
    ]
    assert unlabelled == []
    texts = " ".join(f.label for s in labels.sections(data) for f in s.figures)
    assert ("Olaga hot" in texts) is (lang == "sv")
    assert ("Unlawful threat" in texts) is (lang == "en")
    set_language("sv")


def test_the_raw_key_check_sees_raw_keys() -> None:
    assert _raw("by_category.STATEMENT_CATEGORY_X", "Per kategori: STATEMENT_CATEGORY_X")
    assert _raw("total", "total") and _raw("outcomes.no_action", "Utfall: no_action")
    assert _raw("by_rule.rules:SPAM-LINK", "Per vad som anmäldes: rules: Spam")
    assert not _raw("total", "Suspensions in total")


def test_figures_are_reused_for_a_minute(
    client: TestClient, engine: Engine, participation: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    from debate.web import reportpages

    def received() -> str:
        soup = BeautifulSoup(client.get("/statistics").text, "html.parser")
        return soup.select_one("[data-received]")["data-received"]

    assert received() == "5"
    consultation = make_consultation(engine, slug="andra")
    seed_proposal(engine, consultation, "Ett till förslag")
    assert received() == "5"  # the same figures, computed once
    monkeypatch.setattr(reportpages, "FIGURES_TTL", 0.0)
    assert received() == "6"
