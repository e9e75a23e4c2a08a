"""Issue 15, item 13: numbers and dates in addresses and forms that the database or the date
arithmetic cannot take are a 400 with a sentence, never a 500 — on SQLite and on PostgreSQL
(whose INTEGER ends at 2**31 - 1 where SQLite's ends at 2**63 - 1)."""

from __future__ import annotations

from datetime import date

import pytest
from bs4 import BeautifulSoup

from debate.core import params
from debate.core.models import Role
from tests.factories import login, make_consultation, make_user, post_form

PAST_INT32 = "2147483648"
PAST_INT64 = "9223372036854775808"
TOO_LATE = "9999-12-31"
#: ``str.isdigit`` says yes, ``int`` says no.
SUPERSCRIPT = "²"


@pytest.fixture
def admin(client, engine):
    make_consultation(engine)
    login(client, make_user(engine, Role.ADMIN))
    client.get("/lang/en")


def message(response) -> str:
    return BeautifulSoup(response.text, "html.parser").get_text(" ", strip=True)


@pytest.mark.parametrize("value", [PAST_INT32, PAST_INT64, SUPERSCRIPT, "-1", "abc"])
def test_a_topic_out_of_range_is_400(client, admin, value):
    response = client.get(f"/consultations/agenda?topic={value}")
    assert response.status_code == 400
    assert "There is no such topic." in message(response)


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        (f"until={TOO_LATE}", "Choose a date from 1000-01-01 to 2999-12-31."),
        (f"since={TOO_LATE}", "Choose a date from 1000-01-01 to 2999-12-31."),
        ("since=2024-1-1", "Enter a date as YYYY-MM-DD."),
        (f"object_id={PAST_INT32}", "Enter a whole number, such as 12."),
        (f"object_id={PAST_INT64}", "Enter a whole number, such as 12."),
        (f"before={PAST_INT32}", "Enter a whole number, such as 12."),
        (f"before={SUPERSCRIPT}", "Enter a whole number, such as 12."),
    ],
)
def test_audit_filters_out_of_range_are_400(client, admin, query, expected):
    response = client.get(f"/moderation/audit?{query}")
    assert response.status_code == 400
    assert expected in message(response)


def test_an_audit_actor_that_only_looks_like_a_number_is_no_crash(client, admin):
    assert client.get(f"/moderation/audit?actor={SUPERSCRIPT}").status_code == 200


@pytest.mark.parametrize(
    "query",
    [
        "older_than=20000000",
        f"older_than={PAST_INT64}",
        f"consultation={PAST_INT32}",
        f"author={PAST_INT64}",
        f"author={SUPERSCRIPT}",
    ],
)
def test_queue_filters_out_of_range_are_named_and_dropped(client, admin, query):
    response = client.get(f"/moderation?{query}")
    assert response.status_code == 200
    dropped = BeautifulSoup(response.text, "html.parser").select_one("[data-dropped-filters]")
    assert query.partition("=")[0] in dropped.text


@pytest.mark.parametrize(
    "path", ["/staff/dashboard", "/staff/transparency", "/staff/transparency/statements"]
)
@pytest.mark.parametrize(
    "query", [f"from=9999-12-01&to={TOO_LATE}", f"to={TOO_LATE}", "from=0001-01-01"]
)
def test_report_periods_out_of_range_are_400(client, admin, path, query):
    response = client.get(f"{path}?{query}")
    assert response.status_code == 400
    text = message(response)
    assert "Choose a date from 1000-01-01 to 2999-12-31." in text or "from 2000 on" in text


@pytest.mark.parametrize("value", [PAST_INT32, PAST_INT64, SUPERSCRIPT])
def test_a_brief_for_a_consultation_id_out_of_range_is_400(client, admin, value):
    response = client.get(f"/staff/brief?consultation={value}")
    assert response.status_code == 400
    assert "No such consultation." in message(response)


@pytest.mark.parametrize(
    ("fields", "expected"),
    [
        ({"consultation": PAST_INT32}, "No such consultation."),
        ({"consultation": PAST_INT64}, "No such consultation."),
        ({"topic": PAST_INT32}, "No such topic."),
        ({"topic": SUPERSCRIPT}, "No such topic."),
        ({"from": TOO_LATE}, "Choose a date from 1000-01-01 to 2999-12-31."),
        ({"to": TOO_LATE}, "Choose a date from 1000-01-01 to 2999-12-31."),
    ],
)
def test_an_export_with_values_out_of_range_is_400(client, admin, fields, expected):
    form = {"entity": "proposals", "format": "csv", **fields}
    response = post_form(client, "/staff/exports", form)
    assert response.status_code == 400
    assert expected in message(response)


@pytest.mark.parametrize(
    "fields",
    [
        {f"item_{PAST_INT32}": "1:"},
        {"item_1": f"{PAST_INT64}:"},
        {"item_1": f"1:{SUPERSCRIPT}"},
    ],
)
def test_a_bulk_selection_out_of_range_says_why(client, admin, fields):
    response = post_form(client, "/moderation/bulk", {"bulk_action": "approve", **fields})
    assert response.status_code == 303
    flashed = BeautifulSoup(client.get("/moderation").text, "html.parser").select_one(
        "[data-flash]"
    )
    assert "The selection is not valid" in flashed.text


@pytest.mark.parametrize(
    ("raw", "expected"),
    [("", None), (" 12 ", 12), ("2147483647", params.MAX_ID), ("0", None)],
)
def test_ident_reads_ids_the_database_can_hold(raw, expected):
    if raw == "0":
        with pytest.raises(params.BadParameterError):
            params.ident(raw, message="no")
        return
    assert params.ident(raw, message="no") == expected


@pytest.mark.parametrize("raw", ["2024-02-30", "20240101", "2024-W01-1", "١٩٩٩-٠١-٠١"])
def test_day_reads_only_real_dates_as_yyyy_mm_dd(raw):
    with pytest.raises(params.BadParameterError):
        params.day(raw)
    assert params.day("2999-12-31") == date(2999, 12, 31)


# --- Form fields that took any Unicode digit --------------------------------------------------


@pytest.mark.parametrize("value", [SUPERSCRIPT, "9" * 5000])
def test_form_numbers_that_int_refuses_are_no_crash(client, engine, value):
    from tests.factories import seed_proposal, topic_ids

    consultation = make_consultation(engine)
    proposal = seed_proposal(engine, consultation)
    topics = topic_ids(engine, consultation)
    assert topics
    client.get("/lang/en")
    fields = {"title": "Fler bussar", "body": "Bussarna borde gå oftare.", "topic": value}
    assert post_form(client, "/consultations/agenda/proposals", fields).status_code == 400
    answer = {"body": "Jag håller med.", "parent": value}
    response = post_form(client, f"/proposals/{proposal}/replies", answer)
    assert response.status_code == 400
    assert "The reply you answered is not in this thread." in message(response)
