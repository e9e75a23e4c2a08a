"""The admin's side of shadow mode and of the preview: the settings form's buttons ("Preview
the effect", "Run in shadow", "Stop"), the comparison page, bad input and who may use them."""

from __future__ import annotations

import pytest
from sqlalchemy.engine import Engine
from sqlmodel import select
from starlette.testclient import TestClient

from debate.core.db import session_scope
from debate.core.models import PolicyVersion, Role
from debate.core.shadow_models import ShadowPolicy
from tests.factories import as_persona, make_user, post_form
from tests.test_admin import PAGE, errors_of, flashes, form_of, soup
from tests.test_shadow_figures import decided, item, signal


@pytest.fixture
def admin(client: TestClient, engine: Engine):
    user = as_persona(client, engine, "admin")
    client.get("/lang/en")
    return user


def send(client: TestClient, intent: str | None, **changes: str):
    fields = form_of(client) | changes
    fields.pop("csrf_token")
    if intent is not None:
        fields["intent"] = intent
    return post_form(client, PAGE, fields)


def shadow_rows(engine: Engine) -> list[ShadowPolicy]:
    with session_scope(engine) as session:
        return list(session.exec(select(ShadowPolicy)).all())


def versions(engine: Engine) -> int:
    with session_scope(engine) as session:
        return len(session.exec(select(PolicyVersion)).all())


def seed_decided(engine: Engine) -> None:
    """Two Swedish items a moderator decided: a threat score of 0.6 (rejected) and an insult
    score of 0.8 (approved); the shipped Swedish thresholds (0.7, 0.9) hold neither."""
    moderator = make_user(engine, Role.MODERATOR).id
    with session_scope(engine) as session:
        threat, insult = item(session, "sv"), item(session, "sv")
        signal(session, threat, "LAW-THREAT", 0.6, "threat")
        decided(session, threat, "reject", moderator, ["LAW-THREAT"])
        signal(session, insult, "DECENCY-INSULT", 0.8, "insult")
        decided(session, insult, "approve", moderator, [])


def test_the_preview_shows_the_effect_and_saves_nothing(client, engine, admin):
    seed_decided(engine)
    page = send(client, "preview", **{"label_thresholds.sv.threat.review": "0.5"})
    assert page.status_code == 200, page.text[:300]
    html = soup(page)
    figures = {
        row["data-figure"]: [cell.get_text(strip=True) for cell in row.select("td")]
        for row in html.select("[data-preview-figures] tr[data-figure]")
    }
    assert figures == {"caught": ["0", "1"], "held_clean": ["0", "0"], "missed": ["1", "0"]}
    assert html.select_one("[data-preview-changed]")["data-preview-changed"] == "1"
    # The proposed value stays in the form, ready to save; nothing was saved.
    assert html.select_one("#f-label_thresholds\\.sv\\.threat\\.review")["value"] == "0.5"
    assert versions(engine) == 0

    both = send(
        client,
        "preview",
        **{"label_thresholds.sv.threat.review": "0.5", "label_thresholds.sv.insult.review": "0.7"},
    )
    cells = soup(both).select("[data-preview-figures] tr[data-figure=held_clean] td")
    assert [c.get_text(strip=True) for c in cells] == ["0", "1"]


@pytest.mark.parametrize(
    ("intent", "field", "value", "message"),
    [
        ("preview", "label_thresholds.sv.threat.review", "1.5", "Enter a number from 0 to 1."),
        (
            "preview",
            "label_thresholds.en.insult.review",
            "hög",
            "Enter a number, such as 2 or 0.8.",
        ),
        ("shadow", "rule_thresholds.LAW-THREAT.review", "-1", "Enter a number from 0 to 1000."),
        ("shadow", "shadow_share", "0", "Enter a whole number of per cent from 1 to 100."),
        ("shadow", "shadow_share", "150", "Enter a whole number of per cent from 1 to 100."),
        (
            "shadow",
            "shadow_share",
            "en fjärdedel",
            "Enter a whole number of per cent from 1 to 100.",
        ),
        ("bogus", "note", "x", "Choose one of the form's buttons."),
        (
            "preview",
            "label_thresholds.sv.hatred.review",
            "0.5",
            "Unknown classifier label: hatred.",
        ),
        ("shadow", "label_thresholds.fi.threat.review", "0.5", "Unknown language: fi."),
        ("shadow", "rule_thresholds.NO-SUCH-RULE.review", "2", "Unknown rule: NO-SUCH-RULE."),
        ("save", "rule_thresholds.LAW-THREAT", "2", "Unknown setting: rule_thresholds.LAW-THREAT."),
    ],
)
def test_bad_input_is_refused_with_a_message(client, engine, admin, intent, field, value, message):
    refused = send(client, intent, **{field: value})
    assert refused.status_code == 400
    summary = soup(refused).select_one("[data-error-summary]").get_text(" ", strip=True)
    assert message in summary
    if intent != "bogus" and field in errors_of(refused):
        assert message in errors_of(refused)[field]
    assert shadow_rows(engine) == [] and versions(engine) == 0


def test_run_in_shadow_then_compare_then_stop(client, engine, admin):
    started = send(
        client,
        "shadow",
        shadow_share="25",
        note="Prova lägre hotgräns",
        **{"label_thresholds.sv.threat.review": "0.5"},
    )
    assert started.status_code == 303
    assert "now run in shadow on 25 per cent of new items" in " ".join(flashes(client))
    (row,) = shadow_rows(engine)
    assert (row.share, row.active, row.note) == (25, True, "Prova lägre hotgräns")
    assert row.data == {"label_thresholds": {"sv": {"threat": {"review": 0.5}}}}
    assert versions(engine) == 0  # the settings in force did not change
    page = soup(client.get(PAGE))
    assert page.select_one("[data-shadow-status]")["data-shadow-status"] == "running"

    compared = client.get("/admin/moderation/shadow")
    assert compared.status_code == 200
    html = soup(compared)
    assert html.select_one("[data-shadow-set]")["data-shadow-set"] == str(row.id)
    assert "label_thresholds.sv.threat.review" in html.select_one("[data-shadow-changes]").text
    assert html.select_one("#shadow-total tr[data-row=all] [data-items]").text == "0"

    stopped = post_form(client, PAGE, {"intent": "stop_shadow"})
    assert stopped.status_code == 303
    assert [r.active for r in shadow_rows(engine)] == [True, False]
    page = soup(client.get(PAGE))
    assert page.select_one("[data-shadow-status]")["data-shadow-status"] == "stopped"
    post_form(client, PAGE, {"intent": "stop_shadow"})
    assert "No shadow settings were running." in flashes(client)


def test_the_dashboard_links_the_comparison_for_admins_only(client, engine):
    as_persona(client, engine, "staff")
    assert soup(client.get("/staff/dashboard")).select_one("[data-shadow-link]") is None
    assert client.get("/admin/moderation/shadow").status_code == 403
    client.cookies.clear()
    as_persona(client, engine, "admin")
    link = soup(client.get("/staff/dashboard")).select_one("[data-shadow-link] a")
    assert link["href"].endswith("/admin/moderation/shadow")


@pytest.mark.parametrize("persona", ["moderator", "staff", "citizen"])
def test_only_admins_start_or_stop_a_shadow(client, engine, persona):
    as_persona(client, engine, persona)
    for intent in ("shadow", "stop_shadow", "preview"):
        response = post_form(client, PAGE, {"intent": intent, "shadow_share": "100"})
        assert response.status_code == 403
    assert shadow_rows(engine) == []
