"""The admin's moderation settings page (effective on the next submission, versioned, locked
optimistically) and the audit log page (filters, pages, and a log nothing can change)."""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator
from datetime import timedelta

import pytest
import sqlalchemy as sa
from bs4 import BeautifulSoup
from sqlalchemy.engine import Engine
from sqlmodel import col, select
from starlette.routing import Route
from starlette.testclient import TestClient

from debate.app import create_app
from debate.audit.record import record
from debate.core.db import session_scope
from debate.core.models import AuditEvent, Consultation, Role, Submission, Visibility, utcnow
from debate.core.settings import Settings
from debate.routes import routes
from moderation import ModerationMode
from tests.factories import (
    as_persona,
    login,
    make_consultation,
    make_user,
    post_form,
    seed_proposal,
)

PAGE = "/admin/moderation"
MILD = "Det är för jävligt att bussen alltid är sen, vi behöver fler turer."


def soup(response) -> BeautifulSoup:
    return BeautifulSoup(response.text, "html.parser")


def form_of(client: TestClient) -> dict[str, str]:
    """What a browser would send for the settings form as the page shows it."""
    page = client.get(PAGE)
    assert page.status_code == 200, page.text[:500]
    form = soup(page).select_one("form[data-form=policy]")
    fields = {i["name"]: i.get("value", "") for i in form.select("input[name]")}
    fields |= {t["name"]: t.get_text() for t in form.select("textarea")}
    for select_ in form.select("select"):
        chosen = select_.select_one("option[selected]") or select_.select_one("option")
        fields[select_["name"]] = chosen["value"]
    return fields


def send(client: TestClient, **changes: str):
    fields = form_of(client) | changes
    fields.pop("csrf_token")
    return post_form(client, PAGE, fields)


def flashes(client: TestClient) -> list[str]:
    return [f.get_text(strip=True) for f in soup(client.get(PAGE)).select("[data-flash]")]


def errors_of(response) -> dict[str, str]:
    return {
        e["data-error-for"]: e.get_text(strip=True).removeprefix("Error:").strip()
        for e in soup(response).select("[data-error-for]")
    }


def latest_visibility(engine: Engine) -> Visibility:
    with session_scope(engine) as session:
        query = select(Submission).order_by(col(Submission.id).desc())
        return session.exec(query).first().visibility


@pytest.fixture
def admin(client: TestClient, engine: Engine):
    user = as_persona(client, engine, "admin")
    client.get("/lang/en")
    return user


@pytest.fixture
def proposal(engine: Engine) -> int:
    return seed_proposal(engine, make_consultation(engine))


def reply(client: TestClient, proposal_id: int, body: str) -> None:
    response = post_form(client, f"/proposals/{proposal_id}/replies", {"body": body})
    assert response.status_code == 303, response.text[:500]


# --- The settings page ----------------------------------------------------------------------


def test_the_page_shows_defaults_then_the_version_in_force_and_its_history(client, admin):
    page = soup(client.get(PAGE))
    assert "no one has changed the settings yet" in page.select_one("[data-policy-in-force]").text
    review = page.select_one("[name='rule_thresholds.DECENCY-PROFANITY.review']")
    assert (review["value"], review["placeholder"]) == ("", "1")
    assert page.select_one("[name='label_thresholds.sv.threat.review']")["placeholder"] == "0.7"
    assert page.select_one("[name='label_thresholds.en.threat.review']")["placeholder"] == "0.5"

    saved = send(client, **{"rule_thresholds.DECENCY-PROFANITY.review": "2", "note": "Mildare"})
    assert saved.status_code == 303 and saved.headers["location"] == PAGE
    assert flashes(client) == ["Version 1 of the moderation settings is in force."]
    page = soup(client.get(PAGE))
    summary = page.select_one("[data-policy-in-force]")
    assert summary["data-policy-in-force"] == "1"
    assert "Version 1 is in force, saved by Test admin" in summary.text
    assert page.select_one("[data-policy-note]").text == "Note on the change: Mildare"
    assert page.select_one("[name='rule_thresholds.DECENCY-PROFANITY.review']")["value"] == "2"
    (change,) = page.select("[data-version='1'] [data-change]")
    assert " ".join(change.get_text(" ").split()) == (
        "rule_thresholds.DECENCY-PROFANITY.review : shipped default → 2"
    )


def test_sending_the_page_unchanged_saves_nothing(client, admin):
    assert send(client).status_code == 303
    assert flashes(client) == ["Nothing changed: the settings and modes were already as sent."]


def test_a_changed_threshold_applies_to_the_very_next_reply(client, engine, proposal):
    """One swear word holds by default (SPEC §3); an admin who raises the threshold publishes
    the very next reply with one."""
    reply(client, proposal, MILD)
    assert latest_visibility(engine) is Visibility.HELD
    as_persona(client, engine, "admin")
    assert send(client, **{"rule_thresholds.DECENCY-PROFANITY.review": "2"}).status_code == 303
    client.cookies.clear()
    reply(client, proposal, MILD)
    assert latest_visibility(engine) is Visibility.PUBLISHED


class TestWordLists:
    """The word lists' additions and exceptions decide alone here: the built-in local model
    judges a text as a whole, beside the word lists, and a word's exception does not reach it
    ("Du är en idiot." is an insult to it all the same; docs/moderation.md)."""

    @pytest.fixture
    def settings(self, settings: Settings) -> Settings:
        return dataclasses.replace(settings, local_model="off")

    def test_an_added_word_holds_and_an_exception_publishes(self, client, engine, proposal):
        as_persona(client, engine, "admin")
        reply(client, proposal, "Du är en sillmås.")
        assert latest_visibility(engine) is Visibility.PUBLISHED
        reply(client, proposal, "Du är en idiot.")
        assert latest_visibility(engine) is Visibility.HELD
        changes = {"lexicon_additions": "sillmås;insult;sv", "lexicon_exceptions": "idiot;sv"}
        assert send(client, **changes).status_code == 303
        reply(client, proposal, "Du är en sillmås.")
        assert latest_visibility(engine) is Visibility.HELD
        reply(client, proposal, "Du är en idiot.")
        assert latest_visibility(engine) is Visibility.PUBLISHED
        with session_scope(engine) as session:
            versions = session.exec(select(sa.text("detector_version FROM moderationsignal"))).all()
        assert any(version.endswith("+p1") for version in versions)


def test_a_word_exception_does_not_reach_the_builtin_local_model(client, engine, proposal):
    """With the default ``INSPEL_LOCAL_MODEL=builtin``, an exception for "idiot" takes the word
    list's hit away, but the model still holds the insult for a moderator, under its own
    signal."""
    as_persona(client, engine, "admin")
    assert send(client, lexicon_exceptions="idiot;sv").status_code == 303
    reply(client, proposal, "Du är en idiot.")
    assert latest_visibility(engine) is Visibility.HELD
    with session_scope(engine) as session:
        labels = session.exec(select(sa.text("label FROM moderationsignal"))).all()
    assert any(label.startswith("local:") for label in labels)


def test_bad_values_are_shown_beside_their_fields_and_kept(client, admin):
    bad = {
        "rule_thresholds.LAW-THREAT.review": "lots",
        "rule_thresholds.LAW-HATE.review": "5",
        "label_thresholds.sv.threat.review": "1,5",
        "report_threshold": "0",
        "lexicon_additions": "sillmås;insult;sv\nbara ett ord\nsillmås;rudeness;sv",
        "lexicon_exceptions": "idiot",
    }
    response = send(client, **bad)
    assert response.status_code == 400
    assert errors_of(response) == {
        "rule_thresholds.LAW-THREAT.review": "Enter a number, such as 2 or 0.8.",
        "rule_thresholds.LAW-HATE.review": (
            "The review threshold must not be above the reject threshold."
        ),
        "label_thresholds.sv.threat.review": "Enter a number from 0 to 1.",
        "report_threshold": "Enter a whole number from 1 to 1000.",
        "lexicon_additions": (
            "Line 2: write term;category;language or term;category;language;severity."
            " sillmås: unknown category rudeness."
        ),
        "lexicon_exceptions": "Line 1: write term;language.",
    }
    page = soup(response)
    assert len(page.select("[data-error-summary] li")) == 6
    assert page.select_one("[name='rule_thresholds.LAW-THREAT.review']")["value"] == "lots"
    assert "bara ett ord" in page.select_one("textarea[name=lexicon_additions]").text


@pytest.mark.parametrize("number", ["nan", "inf", "-inf", "1e999"])
def test_numbers_that_are_not_finite_are_refused(client, admin, number):
    fields = {"report_threshold": number, "label_thresholds.en.insult.review": number}
    response = send(client, **fields)
    assert response.status_code == 400
    assert errors_of(response) == {
        "report_threshold": "Enter a whole number from 1 to 1000.",
        "label_thresholds.en.insult.review": "Enter a number from 0 to 1.",
    }


def test_a_decimal_comma_is_a_decimal_point(client, engine, admin, settings):
    assert send(client, **{"label_thresholds.sv.threat.review": "0,6"}).status_code == 303
    page = soup(client.get(PAGE))
    assert page.select_one("[name='label_thresholds.sv.threat.review']")["value"] == "0.6"


def test_the_second_of_two_admins_editing_at_once_is_refused(client, engine, admin):
    stale = form_of(client)
    stale.pop("csrf_token")
    assert post_form(client, PAGE, stale | {"report_threshold": "5"}).status_code == 303
    refused = post_form(client, PAGE, stale | {"report_threshold": "7"})
    assert refused.status_code == 409
    page = soup(refused)
    assert page.select_one("[data-error-summary] li").get_text(strip=True) == (
        "Someone else saved version 1 while you were editing, so nothing was saved. Your "
        "changes are kept below: check the history, then save again."
    )
    assert page.select_one("[name=report_threshold]")["value"] == "7"
    assert page.select_one("[name=base_version]")["value"] == "1"
    again = {i["name"]: i.get("value", "") for i in page.select("form[data-form=policy] input")}
    again.pop("csrf_token")
    assert post_form(client, PAGE, stale | again).status_code == 303


def test_moderation_modes_are_changed_audited_and_not_overwritten(client, engine, admin):
    consultation = make_consultation(engine)
    field = f"mode-{consultation.id}"
    assert form_of(client)[field] == "flagged_only"
    stale = form_of(client)
    assert send(client, **{field: "pre"}).status_code == 303
    assert flashes(client) == ["The moderation modes are saved."]
    with session_scope(engine) as session:
        assert session.get_one(Consultation, consultation.id).moderation_mode is ModerationMode.PRE
        event = session.exec(
            select(AuditEvent).where(AuditEvent.action == "consultation.mode_changed")
        ).one()
    assert (event.actor_id, event.detail) == (admin.id, {"old": "flagged_only", "new": "pre"})
    stale.pop("csrf_token")
    refused = post_form(client, PAGE, stale | {field: "post"})
    assert refused.status_code == 400
    assert errors_of(refused)[field] == (
        "Someone else changed this mode to “A moderator reviews every item before publication”"
        " while you were editing."
    )


def test_closed_consultations_are_not_listed(client, engine, admin):
    closed = make_consultation(engine, slug="stangd", closed=True)
    assert f"mode-{closed.id}" not in form_of(client)


def test_moderators_may_not_change_the_settings(client, engine):
    as_persona(client, engine, "moderator")
    assert client.get(PAGE).status_code == 403
    assert post_form(client, PAGE, {"base_version": "0"}).status_code == 403


# --- The audit log --------------------------------------------------------------------------

AUDIT = "/moderation/audit"


def events(engine: Engine, count: int, *, action: str = "test.event", actor=None) -> None:
    with session_scope(engine) as session:
        for number in range(count):
            record(session, actor=actor, action=action, object_type="thing", object_id=number)


def shown(response) -> list[str]:
    return [row["data-action"] for row in soup(response).select("[data-event]")]


def test_moderators_read_the_log_newest_first_with_the_actor(client, engine):
    user = as_persona(client, engine, "moderator")
    events(engine, 1, action="first.event")
    events(engine, 1, action="second.event", actor=user)
    response = client.get(AUDIT)
    assert response.status_code == 200
    rows = soup(response).select("[data-event]")
    assert [row["data-action"] for row in rows][:2] == ["second.event", "first.event"]
    # Issue 15, item 27: a moderator sees who by name and number, an admin also the address.
    assert f"Test moderator #{user.id}" in rows[0].text
    assert "moderator@example.se" not in response.text


def test_only_admins_filter_by_email_address(client, engine):
    user = as_persona(client, engine, "moderator")
    client.get("/lang/en")
    events(engine, 1, action="by.moderator", actor=user)
    response = client.get(AUDIT, params={"actor": "moderator@example.se"})
    assert response.status_code == 200 and shown(response) == []
    assert soup(response).select_one("[data-audit-notice]").text == (
        "Filter by account number: only admins can filter by e-mail address."
    )
    assert shown(client.get(AUDIT, params={"actor": str(user.id)})) == ["by.moderator"]


def test_admins_see_the_actors_email_address(client, engine):
    user = as_persona(client, engine, "admin")
    events(engine, 1, action="by.admin", actor=user)
    rows = soup(client.get(AUDIT)).select("[data-event]")
    assert "Test admin <admin@example.se>" in rows[0].text


def test_filters(client, engine):
    user = as_persona(client, engine, "admin")
    client.get("/lang/en")
    events(engine, 2, action="policy.changed", actor=user)
    events(engine, 1, action="submission.screened")
    today = utcnow().date()
    assert shown(client.get(AUDIT, params={"action": "policy."})) == ["policy.changed"] * 2
    assert shown(client.get(AUDIT, params={"action": "%"})) == []  # no wildcards
    assert shown(client.get(AUDIT, params={"actor": "system"})) == ["submission.screened"]
    by_admin = client.get(AUDIT, params={"actor": "ADMIN@example.se", "object_id": "1"})
    assert shown(by_admin) == ["policy.changed"]
    assert (
        shown(client.get(AUDIT, params={"actor": str(user.id), "object_type": "thing"}))
        == ["policy.changed"] * 2
    )
    assert len(shown(client.get(AUDIT, params={"since": str(today), "until": str(today)}))) >= 3
    yesterday = str(today - timedelta(days=1))
    assert shown(client.get(AUDIT, params={"until": yesterday})) == []
    unknown = client.get(AUDIT, params={"actor": "nobody@example.se"})
    assert unknown.status_code == 200 and shown(unknown) == []
    assert soup(unknown).select_one("[data-audit-notice]").text == (
        "No user has that e-mail address, so nothing matches."
    )


@pytest.mark.parametrize(
    ("params", "errors"),
    [
        ({"object_id": "abc"}, {"object_id": "Enter a whole number, such as 12."}),
        ({"object_id": "9" * 40}, {"object_id": "Enter a whole number, such as 12."}),
        ({"since": "2026-13-01"}, {"since": "Enter a date as YYYY-MM-DD."}),
        (
            {"since": "2026-05-02", "until": "2026-05-01"},
            {"until": "The end date must not be before the start date."},
        ),
        ({"before": "x"}, {"before": "Enter a whole number, such as 12."}),
    ],
)
def test_bad_filters_are_a_400_with_a_message(client, engine, params, errors):
    as_persona(client, engine, "moderator")
    client.get("/lang/en")
    response = client.get(AUDIT, params=params)
    assert response.status_code == 400
    page = soup(response)
    summary = page.select("[data-error-summary] li")
    labels = {name: page.select_one(f"label[for=f-{name}]") for name in errors}
    # Each line names its field by the field's own label (debate.web.summary); a value with
    # no field on the form (``before``, from the pager) keeps its message alone.
    assert [item.get_text(strip=True) for item in summary] == [
        f"{labels[name].get_text(' ', strip=True)}: {message}" if labels[name] else message
        for name, message in errors.items()
    ]
    assert soup(response).select("[data-audit-log]") == []


def test_pages_of_fifty_follow_each_other(client, engine):
    as_persona(client, engine, "moderator")
    events(engine, 60, action="bulk.event")
    first = client.get(AUDIT, params={"action": "bulk."})
    older = soup(first).select_one("[data-older]")["href"]
    assert "action=bulk." in older
    second = client.get(older)
    ids = [int(r["data-event"]) for r in soup(first).select("[data-event]")]
    ids += [int(r["data-event"]) for r in soup(second).select("[data-event]")]
    assert len(ids) == 60 and ids == sorted(ids, reverse=True)
    assert soup(second).select_one("[data-older]") is None


def test_nothing_on_the_log_page_writes(client, engine):
    as_persona(client, engine, "admin")
    events(engine, 1)
    page = soup(client.get(AUDIT))
    forms = page.select("main form")
    assert [form.get("method") for form in forms] == ["get"]


def _all_events(engine: Engine) -> list[tuple]:
    with session_scope(engine) as session:
        rows = session.exec(select(AuditEvent).order_by(AuditEvent.id)).all()
        return [
            (e.id, e.at, e.actor_id, e.action, e.object_type, e.object_id, e.detail) for e in rows
        ]


def _post_routes() -> list[Route]:
    return [r for r in routes if isinstance(r, Route) and "POST" in (r.methods or ())]


@pytest.fixture
def roomy_client(settings: Settings) -> Iterator[TestClient]:
    """A site whose rate limits do not stop one admin logging in before every POST route."""
    room = (10_000, 600)
    roomy = dataclasses.replace(
        settings, rate_logins=room, rate_cases=room, rate_submissions=room, rate_supports=room
    )
    app = create_app(roomy)
    with TestClient(app, follow_redirects=False) as test_client:
        yield test_client
    app.state.engine.dispose()


def test_no_route_changes_or_deletes_an_audit_event(roomy_client):
    """Every POST route of the site, tried with an audit event's id wherever it takes an id,
    by an admin (who may do the most): earlier events stay exactly as they were."""
    client = roomy_client
    engine = client.app.state.engine  # type: ignore[attr-defined]
    seed_proposal(engine, make_consultation(engine))
    admin = make_user(engine, Role.ADMIN)
    events(engine, 3, actor=admin)
    before = _all_events(engine)
    target = str(before[0][0])
    guesses = {name: target for name in ("id", "event_id", "audit_event_id", "object_id")}
    assert len(_post_routes()) >= 5
    for route in _post_routes():
        login(client, admin)
        url = route.url_path_for(route.name, **dict.fromkeys(route.param_convertors, target))
        post_form(client, url, guesses | {"confirm": "yes", "body": "x", "reason": "x"})
        client.cookies.clear()
    assert _all_events(engine)[: len(before)] == before


def test_the_database_refuses_to_change_or_delete_an_event(engine, client):
    events(engine, 1)
    with pytest.raises(sa.exc.DBAPIError, match="append-only"), session_scope(engine) as session:
        event = session.exec(select(AuditEvent)).first()
        event.action = "rewritten"
        session.add(event)
        session.flush()
    with pytest.raises(sa.exc.DBAPIError, match="append-only"), session_scope(engine) as session:
        session.delete(session.exec(select(AuditEvent)).first())
        session.flush()
    assert [e[3] for e in _all_events(engine)] == ["test.event"]
