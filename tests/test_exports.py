"""Exports: every format's content, filters, personal data, aliases, hidden content, formula
escaping, bad input, streaming, the command line and the column documentation."""

from __future__ import annotations

import csv
import io
import json
import re
from datetime import timedelta
from pathlib import Path
from typing import Any

import openpyxl
import pytest
import sqlalchemy as sa
from sqlalchemy.engine import Engine
from sqlmodel import col, select
from starlette.testclient import TestClient

from debate.cli import export as export_cli
from debate.core.db import session_scope
from debate.core.models import (
    AuditEvent,
    DecisionSource,
    ModerationDecision,
    Proposal,
    Reply,
    Role,
    Stance,
    Submission,
    Support,
    Visibility,
    utcnow,
)
from debate.reporting import exports, writers
from debate.reporting import spec as export_spec
from debate.reporting.rows import escape_formula
from debate.reporting.transparency import STATEMENT_FIELDS
from tests.factories import login, make_consultation, make_user, post_form, seed_proposal, topic_ids

ROOT = Path(__file__).resolve().parent.parent
REASON = "Underlag till nämndens dagordning"


# --- Helpers ------------------------------------------------------------------------------------


def submission_of(engine: Engine, proposal_id: int) -> int:
    with session_scope(engine) as session:
        proposal = session.get(Proposal, proposal_id)
        assert proposal is not None
        return proposal.submission_id


def set_state(
    engine: Engine,
    submission_id: int,
    visibility: Visibility,
    *,
    rules: tuple[str, ...] = (),
    explanation: str = "",
    automated: bool = False,
    source: DecisionSource = DecisionSource.OWN_INITIATIVE,
    at: Any = None,
    **published: Any,
) -> None:
    """Give a submission a state through a decision row, as a moderator or the machine would."""
    with session_scope(engine) as session:
        submission = session.get(Submission, submission_id)
        assert submission is not None
        submission.visibility = visibility
        for name, value in published.items():
            setattr(submission, name, value)
        session.add(
            ModerationDecision(
                submission_id=submission_id,
                action="decide",
                visibility=visibility,
                rule_ids=list(rules),
                ground="legal" if any(r.startswith("LAW") for r in rules) else "terms",
                explanation=explanation,
                automated_detection=automated,
                automated_decision=automated,
                source=source,
                created_at=at or utcnow(),
            )
        )


def staff(client: TestClient, engine: Engine) -> None:
    login(client, make_user(engine, Role.STAFF))


def export(client: TestClient, **values: str) -> Any:
    return post_form(client, "/staff/exports", values)


def rows_of(response: Any, delimiter: str = ";") -> list[dict[str, str]]:
    assert response.status_code == 200, response.text[:300]
    text = response.content.decode("utf-8")
    assert text.startswith("\ufeff")
    return list(csv.DictReader(io.StringIO(text[1:]), delimiter=delimiter))


@pytest.fixture
def world(client: TestClient, engine: Engine) -> dict[str, Any]:
    consultation = make_consultation(engine)
    topics = topic_ids(engine, consultation)
    first = seed_proposal(engine, consultation, title="Fler bussar", topic_id=topics["Trafik"])
    second = seed_proposal(
        engine,
        consultation,
        title="Kortare köer",
        body="Vårdcentralen har för långa köer.",
        topic_id=topics["Vård"],
    )
    staff(client, engine)
    return {"consultation": consultation, "topics": topics, "first": first, "second": second}


# --- Formats ------------------------------------------------------------------------------------


def test_csv_has_a_bom_semicolons_and_the_columns(client, world):
    response = export(client)
    assert response.headers["content-type"] == "text/csv; charset=utf-8"
    assert 'attachment; filename="proposals-' in response.headers["content-disposition"]
    assert response.content.startswith(b"\xef\xbb\xbfid;url;consultation;")
    rows = rows_of(response)
    assert [r["title"] for r in rows] == ["Fler bussar", "Kortare köer"]
    assert list(rows[0]) == list(exports.COLUMNS["proposals"])
    assert rows[0]["topic"] == "Trafik"
    assert rows[0]["url"] == f"http://testserver/proposals/{world['first']}"
    assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ", rows[0]["created_at"])


def test_csv_with_commas(client, world):
    rows = rows_of(export(client, delimiter=","), delimiter=",")
    assert len(rows) == 2 and rows[1]["title"] == "Kortare köer"


def test_xlsx_has_one_sheet_per_entity_a_header_and_frozen_panes(client, world, tmp_path):
    response = export(client, format="xlsx", entity="all")
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("application/vnd.openxmlformats")
    path = tmp_path / "export.xlsx"
    path.write_bytes(response.content)
    book = openpyxl.load_workbook(path, read_only=False)
    assert book.sheetnames == ["proposals", "replies", "supports", "decisions"]
    sheet = book["proposals"]
    assert [c.value for c in sheet[1]] == list(exports.COLUMNS["proposals"])
    assert sheet.freeze_panes == "A2"
    assert sheet.cell(row=2, column=6).value == "Fler bussar"
    assert sheet.max_row == 3
    for entity in exports.ENTITIES:
        assert [c.value for c in book[entity][1]] == list(exports.COLUMNS[entity])
        assert book[entity].freeze_panes == "A2"
    assert book["supports"].max_row == 3
    assert book["proposals"].column_dimensions["G"].width > 50  # body is wide


def test_json_holds_each_entity_and_ndjson_one_row_a_line(client, world, engine):
    reply_to(engine, world, world["first"], "Håller med!")
    data = json.loads(export(client, format="json", entity="all").content)
    assert [p["title"] for p in data["proposals"]] == ["Fler bussar", "Kortare köer"]
    assert data["replies"][0]["body"] == "Håller med!"
    assert data["replies"][0]["stance"] == "for"
    assert data["proposals"][0]["replies"] == 1
    response = export(client, format="ndjson", entity="replies")
    assert response.headers["content-type"] == "application/x-ndjson"
    lines = response.content.decode().splitlines()
    assert [json.loads(line)["proposal_id"] for line in lines] == [world["first"]]


def reply_to(engine: Engine, world: dict[str, Any], proposal_id: int, body: str) -> int:
    with session_scope(engine) as session:
        submission = Submission(
            kind="reply",
            consultation_id=world["consultation"].id,
            status_token_hash=f"reply-{proposal_id}-{body}"[:64],
            visibility=Visibility.PUBLISHED,
            published_body=body,
        )
        session.add(submission)
        session.flush()
        reply = Reply(submission_id=submission.id, proposal_id=proposal_id, stance=Stance.FOR)
        session.add(reply)
        session.flush()
        assert reply.id is not None
        return reply.id


# --- Filters ------------------------------------------------------------------------------------


def test_filters_by_topic_consultation_dates_and_status(client, world, engine):
    topic = str(world["topics"]["Vård"])
    assert [r["title"] for r in rows_of(export(client, topic=topic))] == ["Kortare köer"]
    other = make_consultation(engine, slug="annat")
    assert rows_of(export(client, consultation=str(other.id))) == []
    tomorrow = (utcnow() + timedelta(days=1)).date().isoformat()
    today = utcnow().date().isoformat()
    assert rows_of(export(client, **{"from": tomorrow})) == []
    assert len(rows_of(export(client, **{"from": today, "to": today}))) == 2
    assert rows_of(export(client, status="held")) == []


@pytest.mark.parametrize(
    ("values", "message"),
    [
        ({"format": "pdf"}, "Välj ett format: CSV, XLSX, JSON."),
        ({"entity": "users"}, "Välj vad som ska exporteras: förslag, svar eller båda."),
        ({"entity": "all"}, "En CSV- eller NDJSON-fil rymmer bara ett slag av inlägg: välj ett."),
        ({"delimiter": "|"}, "Avgränsaren måste vara ; eller ,."),
        ({"consultation": "abc"}, "Samrådet finns inte."),
        ({"consultation": "99999"}, "Samrådet finns inte."),
        ({"topic": "-1"}, "Ämnet finns inte."),
        ({"topic": "9" * 40}, "Ämnet finns inte."),
        ({"from": "2026-13-45"}, "Skriv datum som ÅÅÅÅ-MM-DD."),
        (
            {"from": "2026-02-02", "to": "2026-01-01"},
            "Slutdatumet får inte komma före startdatumet.",
        ),
        ({"status": "secret"}, "Det läget finns inte."),
        ({"personal": "1"}, "Skriv varför exporten behöver personuppgifter (minst 10 tecken)."),
    ],
)
def test_bad_values_are_refused_with_a_message(client, world, values, message):
    response = export(client, **values)
    assert response.status_code == 400
    assert message in response.text


def test_a_topic_of_another_consultation_is_refused(client, world, engine):
    other = make_consultation(engine, slug="annat", topics=("Skola",))
    topic = str(topic_ids(engine, other)["Skola"])
    response = export(client, consultation=str(world["consultation"].id), topic=topic)
    assert response.status_code == 400 and "Ämnet finns inte." in response.text


# --- Personal data, aliases, audit --------------------------------------------------------------


def _events(engine: Engine) -> list[AuditEvent]:
    with session_scope(engine) as session:
        query = select(AuditEvent).where(AuditEvent.action == "export.created")
        return list(session.exec(query))


def test_personal_data_is_left_out_by_default_and_the_export_audited(client, world, engine):
    rows = rows_of(export(client))
    assert not set(exports.PERSONAL_COLUMNS) & set(rows[0])
    [event] = _events(engine)
    assert event.actor_id is not None and event.object_type == "export"
    assert event.detail["personal_data"] is False and event.detail["rows"] == 2
    assert event.detail["format"] == "csv" and event.detail["entities"] == ["proposals"]
    assert event.detail["filters"]["status"] == "public"


def test_personal_data_with_a_reason_is_included_and_audited(client, world, engine):
    author = make_user(engine, Role.CITIZEN, email="skribent@example.se")
    with session_scope(engine) as session:
        submission = session.get(Submission, submission_of(engine, world["first"]))
        assert submission is not None
        submission.author_id, submission.author_name = author.id, "Signe Skribent"
    rows = rows_of(export(client, personal="1", reason=REASON))
    assert rows[0]["author_name"] == "Signe Skribent"
    assert rows[0]["author_email"] == "skribent@example.se"
    assert rows[0]["author_account"] == str(author.id)
    [event] = _events(engine)
    assert event.detail["personal_data"] is True and event.detail["reason"] == REASON


def test_alias_is_stable_within_an_export_and_new_in_the_next(client, world, engine):
    author = make_user(engine, Role.CITIZEN, email="samma@example.se")
    with session_scope(engine) as session:
        for proposal_id in (world["first"], world["second"]):
            submission = session.get(Submission, submission_of(engine, proposal_id))
            assert submission is not None
            submission.author_id = author.id
    first = [r["author"] for r in rows_of(export(client))]
    second = [r["author"] for r in rows_of(export(client))]
    assert first[0] == first[1] and second[0] == second[1]
    assert first[0] != second[0]
    assert re.fullmatch(r"Skribent [0-9a-f]{12}", first[0])


def test_anonymous_authors_get_different_aliases(client, world):
    rows = rows_of(export(client))
    assert rows[0]["author"] != rows[1]["author"]


# --- What is exported ---------------------------------------------------------------------------


def test_hidden_content_is_left_out_unless_asked_and_then_marked(client, world, engine):
    hidden = submission_of(engine, world["second"])
    set_state(
        engine, hidden, Visibility.HIDDEN, rules=("DECENCY-INSULT",), explanation="Personangrepp."
    )
    assert [r["title"] for r in rows_of(export(client))] == ["Fler bussar"]
    rows = rows_of(export(client, status="hidden"))
    assert [(r["title"], r["state"]) for r in rows] == [("Kortare köer", "hidden")]
    assert rows[0]["moderation_rules"] == "DECENCY-INSULT"
    assert rows[0]["moderation_reason"] == "Personangrepp."
    everything = rows_of(export(client, status="all"))
    assert [r["state"] for r in everything] == ["published", "hidden"]


def test_the_redacted_copy_is_exported_never_the_original(client, world, engine):
    submission = submission_of(engine, world["first"])
    set_state(
        engine,
        submission,
        Visibility.PUBLISHED_REDACTED,
        rules=("PII-PHONE",),
        published_body="Ring mig på ███.",
    )
    rows = rows_of(export(client))
    assert rows[0]["body"] == "Ring mig på ███."
    assert rows[0]["state"] == "published_redacted"
    assert "Bussarna" not in export(client).text


@pytest.mark.parametrize("start", ["=", "+", "-", "@", "\t", "\r"])
def test_formula_starts_are_escaped(start):
    assert escape_formula(f"{start}SUM(A1)") == f"'{start}SUM(A1)"
    assert escape_formula("SUM(A1)") == "SUM(A1)"
    assert escape_formula(-3) == -3


def test_formulas_are_escaped_in_csv_and_xlsx_not_in_json(client, world, engine, tmp_path):
    set_state(
        engine,
        submission_of(engine, world["first"]),
        Visibility.PUBLISHED,
        published_title='=HYPERLINK("http://x")',
        published_body="@SUM(1)",
    )
    row = rows_of(export(client))[0]
    assert row["title"] == '\'=HYPERLINK("http://x")' and row["body"] == "'@SUM(1)"
    path = tmp_path / "x.xlsx"
    path.write_bytes(export(client, format="xlsx").content)
    sheet = openpyxl.load_workbook(path)["proposals"]
    assert sheet.cell(row=2, column=6).value == '\'=HYPERLINK("http://x")'
    assert sheet.cell(row=2, column=6).data_type == "s"
    data = json.loads(export(client, format="json").content)
    assert data["proposals"][0]["body"] == "@SUM(1)"


def test_supports_are_counted(client, world, engine):
    with session_scope(engine) as session:
        for key in ("a", "b"):
            session.add(Support(proposal_id=world["second"], supporter_key=key))
    rows = rows_of(export(client))
    assert [r["supports"] for r in rows] == ["0", "2"]


# --- Streaming ----------------------------------------------------------------------------------


def test_rows_stream_in_chunks_before_all_are_read(world, engine, monkeypatch):
    for n in range(3):
        seed_proposal(engine, world["consultation"], title=f"Förslag {n}")
    monkeypatch.setattr(exports, "CHUNK", 2)
    monkeypatch.setattr(writers, "FLUSH_ROWS", 1)
    selects: list[str] = []

    def count(conn: Any, cursor: Any, statement: str, *args: Any) -> None:
        if statement.lstrip().upper().startswith("SELECT"):
            selects.append(statement)

    sa.event.listen(engine, "before_cursor_execute", count)
    try:
        spec = exports.ExportSpec(entities=("proposals",))
        chunks = writers.stream(engine, spec)
        assert next(chunks).startswith(b"\xef\xbb\xbf")
        assert selects == []  # the header goes out before the database is read
        next(chunks)
        assert len(selects) == 2  # one chunk of two rows read (its id range, its rows), of five
        rest = list(chunks)
    finally:
        sa.event.remove(engine, "before_cursor_execute", count)
    assert len(rest) == 4 and len(selects) == 7  # three chunks and the empty range that ends it


def test_progress_is_reported(world, engine):
    seen: list[int] = []
    spec = exports.ExportSpec(entities=("proposals",), format="ndjson")
    b"".join(writers.stream(engine, spec, seen.append))
    assert sum(seen) == 2


# --- The command line ---------------------------------------------------------------------------


def test_cli_exports_to_a_file_with_progress(
    world, engine, settings, monkeypatch, tmp_path, capsys
):
    monkeypatch.setattr(export_cli.Settings, "from_env", classmethod(lambda cls: settings))
    target = tmp_path / "out.csv"
    code = export_cli.run(
        export_cli_args(["proposals", "--delimiter", ",", "--output", str(target)])
    )
    assert code == 0
    text = target.read_text(encoding="utf-8-sig")
    assert text.splitlines()[0].startswith("id,url,consultation")
    assert len(text.splitlines()) == 3
    assert "2 rows exported." in capsys.readouterr().err
    [event] = _events(engine)
    assert event.detail["via"] == "cli" and event.actor_id is None


def test_cli_refuses_personal_data_without_a_reason(world, settings, monkeypatch, capsys):
    monkeypatch.setattr(export_cli.Settings, "from_env", classmethod(lambda cls: settings))
    assert export_cli.run(export_cli_args(["proposals", "--personal"])) == 2
    assert "personuppgifter" in capsys.readouterr().err


def export_cli_args(argv: list[str]) -> Any:
    from debate.cli import _parser

    return _parser().parse_args(["export", *argv])


# --- Documentation ------------------------------------------------------------------------------


def _documented(heading: str) -> list[str]:
    """The first column of the table under ``heading`` in docs/exports.md."""
    text = (ROOT / "docs" / "exports.md").read_text(encoding="utf-8")
    section = text.split(f"\n{heading}\n", 1)[1].split("\n#", 1)[0]
    return re.findall(r"^\| `([a-z_]+)` \|", section, flags=re.MULTILINE)


@pytest.mark.parametrize("entity", exports.ENTITIES)
def test_every_column_is_documented(entity):
    assert entity in ("proposals", "replies", "supports", "decisions")
    assert _documented(f"### Columns: {entity}") == list(exports.COLUMNS[entity])


def test_personal_columns_and_statement_fields_are_documented():
    assert _documented("### Personal data columns") == list(exports.PERSONAL_COLUMNS)
    assert _documented("### Personal data columns: decisions") == list(
        export_spec.PERSONAL["decisions"]
    )
    assert export_spec.PERSONAL["supports"] == ()
    assert _documented("### Statement of reasons fields") == list(STATEMENT_FIELDS)


# --- Supports per proposal ----------------------------------------------------------------------


def add_supports(engine: Engine, proposal_id: int, *ages_in_hours: int) -> None:
    supporter = make_user(engine, Role.CITIZEN, email=f"stod{proposal_id}@example.se")
    with session_scope(engine) as session:
        for n, hours in enumerate(ages_in_hours):
            session.add(
                Support(
                    proposal_id=proposal_id,
                    supporter_key=f"key-{proposal_id}-{n}",
                    user_id=supporter.id,
                    created_at=utcnow() - timedelta(hours=hours),
                )
            )


def test_supports_per_proposal_are_counts_and_dates_only(client, world, engine):
    add_supports(engine, world["second"], 30, 2, 5)
    response = export(client, entity="supports")
    assert 'filename="supports-' in response.headers["content-disposition"]
    rows = rows_of(response)
    assert list(rows[0]) == list(exports.COLUMNS["supports"])
    assert [(r["proposal_id"], r["supports"]) for r in rows] == [
        (str(world["first"]), "0"),
        (str(world["second"]), "3"),
    ]
    assert rows[0]["first_support_at"] == rows[0]["last_support_at"] == ""
    assert rows[1]["title"] == "Kortare köer" and rows[1]["topic"] == "Vård"
    assert rows[1]["url"] == f"http://testserver/proposals/{world['second']}"
    first, last = rows[1]["first_support_at"], rows[1]["last_support_at"]
    assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ", first) and first < last
    expected = (utcnow() - timedelta(hours=30)).strftime("%Y-%m-%dT%H")
    assert first.startswith(expected) or first.startswith(
        (utcnow() - timedelta(hours=30, minutes=1)).strftime("%Y-%m-%dT%H")
    )
    # Personal data adds nothing: who supported is never exported.
    personal = export(client, entity="supports", personal="1", reason=REASON)
    assert list(rows_of(personal)[0]) == list(exports.COLUMNS["supports"])
    assert b"stod" not in personal.content and b"key-" not in personal.content


def test_supports_follow_the_filters(client, world, engine):
    add_supports(engine, world["first"], 1)
    topic = str(world["topics"]["Trafik"])
    assert [r["supports"] for r in rows_of(export(client, entity="supports", topic=topic))] == ["1"]
    set_state(engine, submission_of(engine, world["first"]), Visibility.HIDDEN)
    public = rows_of(export(client, entity="supports"))
    assert [r["proposal_id"] for r in public] == [str(world["second"])]
    hidden = rows_of(export(client, entity="supports", status="hidden"))
    assert [(r["proposal_id"], r["state"]) for r in hidden] == [(str(world["first"]), "hidden")]
    data = json.loads(export(client, entity="supports", format="json", status="all").content)
    assert [s["supports"] for s in data["supports"]] == [1, 0]


# --- Decisions ----------------------------------------------------------------------------------


def _decisions(engine: Engine) -> list[ModerationDecision]:
    with session_scope(engine) as session:
        return list(session.exec(select(ModerationDecision).order_by(col(ModerationDecision.id))))


def test_decisions_are_exported_without_personal_data(client, world, engine):
    moderator = make_user(engine, Role.MODERATOR, email="moderator@example.se")
    hidden = submission_of(engine, world["second"])
    before = len(_decisions(engine))
    set_state(
        engine,
        hidden,
        Visibility.HIDDEN,
        rules=("LAW-THREAT", "DECENCY-INSULT"),
        explanation="Hot mot Anna Andersson.",
        source=DecisionSource.NOTICE,
    )
    with session_scope(engine) as session:
        decision = session.exec(
            select(ModerationDecision).order_by(col(ModerationDecision.id).desc())
        ).first()
        assert decision is not None
        decision.decided_by_id, decision.automated_detection = moderator.id, True
    response = export(client, entity="decisions", status="all")
    rows = rows_of(response)
    assert list(rows[0]) == list(exports.COLUMNS["decisions"])
    assert len(rows) == before + 1
    row = rows[-1]
    assert row["item"] == f"INS-{hidden}" and row["kind"] == "proposal"
    assert row["action"] == "decide" and row["visibility"] == "hidden"
    assert row["rule_ids"] == "LAW-THREAT DECENCY-INSULT" and row["ground"] == "legal"
    assert row["source"] == "notice" and row["decided_by"] == "moderator"
    assert row["automated_detection"] == "true" and row["automated_decision"] == "false"
    assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ", row["created_at"])
    assert b"Anna" not in response.content and b"moderator@" not in response.content
    # A decision the machine took alone is the system's.
    set_state(engine, submission_of(engine, world["first"]), Visibility.HELD, automated=True)
    rows = rows_of(export(client, entity="decisions", status="all"))
    assert rows[-1]["decided_by"] == "system"
    assert rows[-1]["automated_decision"] == "true"


def test_decisions_with_personal_data_carry_an_alias_and_the_statement(client, world, engine):
    moderator = make_user(engine, Role.MODERATOR, email="moderator@example.se")
    for submission in (submission_of(engine, p) for p in (world["first"], world["second"])):
        set_state(engine, submission, Visibility.HIDDEN, rules=("X",), explanation="=Skäl")
    with session_scope(engine) as session:
        for decision in session.exec(
            select(ModerationDecision).where(col(ModerationDecision.rule_ids).is_not(None))
        ):
            if decision.explanation:
                decision.decided_by_id = moderator.id
    response = export(client, entity="decisions", status="hidden", personal="1", reason=REASON)
    rows = rows_of(response)
    assert list(rows[0]) == [*exports.COLUMNS["decisions"], "moderator", "explanation"]
    mine = [r for r in rows if r["explanation"]]
    assert len(mine) == 2 and mine[0]["moderator"] == mine[1]["moderator"]
    assert re.fullmatch(r"Moderator [0-9a-f]{12}", mine[0]["moderator"])
    assert mine[0]["explanation"] == "'=Skäl"  # formula escaped in CSV
    assert str(moderator.id) not in {r["moderator"] for r in rows}
    data = json.loads(
        export(
            client, entity="decisions", format="json", status="hidden", personal="1", reason=REASON
        ).content
    )
    assert {d["explanation"] for d in data["decisions"]} >= {"=Skäl"}
    assert all(isinstance(d["automated_decision"], bool) for d in data["decisions"])
    [event] = [e for e in _events(engine) if e.detail["format"] == "json"]
    assert event.detail["entities"] == ["decisions"] and event.detail["personal_data"] is True


def test_decisions_follow_the_item_filters(client, world, engine):
    first, second = (submission_of(engine, p) for p in (world["first"], world["second"]))
    set_state(engine, second, Visibility.HIDDEN, rules=("X",))
    reply = reply_to(engine, world, world["second"], "Svar")
    with session_scope(engine) as session:
        reply_row = session.get(Reply, reply)
        assert reply_row is not None
        reply_submission = reply_row.submission_id
    set_state(engine, reply_submission, Visibility.PUBLISHED_REDACTED, rules=("PII-PHONE",))
    public = rows_of(export(client, entity="decisions"))
    assert {r["item"] for r in public} >= {f"INS-{reply_submission}"}
    assert f"INS-{second}" not in {r["item"] for r in public}  # hidden items: not unless asked
    topic = str(world["topics"]["Vård"])
    in_topic = rows_of(export(client, entity="decisions", status="all", topic=topic))
    assert {r["item"] for r in in_topic} == {f"INS-{second}", f"INS-{reply_submission}"}
    assert {r["kind"] for r in in_topic} == {"proposal", "reply"}
    assert f"INS-{first}" not in {r["item"] for r in in_topic}
    tomorrow = (utcnow() + timedelta(days=1)).date().isoformat()
    assert rows_of(export(client, entity="decisions", status="all", **{"from": tomorrow})) == []


def test_json_all_holds_every_entity(client, world):
    data = json.loads(export(client, format="json", entity="all").content)
    assert list(data) == list(exports.ENTITIES)
    assert [list(data[e][0]) if data[e] else [] for e in ("proposals", "supports")] == [
        list(exports.COLUMNS["proposals"]),
        list(exports.COLUMNS["supports"]),
    ]


@pytest.mark.parametrize("entity", ["supports", "decisions"])
def test_cli_exports_the_new_entities(world, engine, settings, monkeypatch, tmp_path, entity):
    monkeypatch.setattr(export_cli.Settings, "from_env", classmethod(lambda cls: settings))
    target = tmp_path / "out.ndjson"
    args = [entity, "--format", "ndjson", "--status", "all", "--output", str(target)]
    assert export_cli.run(export_cli_args(args)) == 0
    lines = [json.loads(line) for line in target.read_text(encoding="utf-8").splitlines()]
    assert all(list(line) == list(exports.COLUMNS[entity]) for line in lines)
    if entity == "supports":
        assert [line["proposal_id"] for line in lines] == [world["first"], world["second"]]


# --- CSV written fast, byte for byte as csv.writer would --------------------------------------


@pytest.mark.parametrize("delimiter", [";", ","])
def test_csv_bytes_are_what_csv_writer_writes(client, world, engine, delimiter):
    tricky = 'Citat "så här"; och, komma\nny rad\r och CR'
    set_state(
        engine,
        submission_of(engine, world["first"]),
        Visibility.PUBLISHED,
        published_title="a;b,c",
        published_body=tricky,
    )
    response = export(client, delimiter=delimiter)
    data = json.loads(export(client, format="json").content)["proposals"]
    expected = io.StringIO()
    writer = csv.writer(expected, delimiter=delimiter, lineterminator="\r\n")
    writer.writerow(exports.COLUMNS["proposals"])
    aliases = [r["author"] for r in rows_of(response, delimiter)]
    for row, author in zip(data, aliases, strict=True):
        row["author"] = author  # a new alias in each export
        writer.writerow(
            [escape_formula(v) if k in exports.TEXT_COLUMNS else v for k, v in row.items()]
        )
    assert response.content == b"\xef\xbb\xbf" + expected.getvalue().encode()
    assert rows_of(response, delimiter)[0]["body"] == tricky
