"""``inspel moderation check`` (SPEC §3, evaluation contract).

JSON Lines in on stdin, one JSON line out per item, in order; items arrive in that order, so
an author's repeats count; no database and no network; ``--no-classifier`` runs rules and word
lists only, and without it an unavailable classifier fails closed (items held, exit status 0).
A line that cannot be read still gets an answer line, held with an ``error``; exit status 1.

Most tests run the real command in a subprocess; the bad-line cases are also run in process
through ``moderation.cli.check`` for speed.
"""

from __future__ import annotations

import io
import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from moderation import RULES, ClassifierStatus
from moderation.cli import Stream, check, make_stream

REPO = Path(__file__).resolve().parents[2]
COMMAND = (sys.executable, "-m", "debate.cli", "moderation", "check")
INSPEL_SCRIPT = Path(sys.executable).with_name("inspel")

OUTPUT_KEYS = {"id", "action", "rules", "scores", "spans"}
ACTIONS = {"publish", "redact", "review", "reject"}
HELD = {"review", "reject"}

PNR = "811218-9876"
PNR_BODY = f"Mitt personnummer är {PNR}, ring mig gärna om förslaget."
THREAT = "Jag vet var du bor."
CLEAN = (
    "Kommunen borde bygga fler cykelbanor längs Storgatan så att barnen kan cykla säkert "
    "till skolan."
)
CLEAN_EN = "We should kill this bill before it reaches the council, it costs far too much."
SHOUT = "KOMMUNEN BORDE BYGGA FLER CYKELBANOR LÄNGS STORGATAN SÅ ATT BARNEN KAN CYKLA SÄKERT."
REPEAT = "Jag tycker att kommunen borde bygga en ny simhall i city nu."
assert len(REPEAT) == 60


# --- helpers -----------------------------------------------------------------------------


def command_env(**extra: str) -> dict[str, str]:
    """The environment of this test run without any classifier configuration, offline, with
    strict UTF-8 stdio as under an ordinary UTF-8 locale (sv_SE.UTF-8, en_US.UTF-8)."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("INSPEL_DETOXIFY_")}
    env.update(HF_HUB_OFFLINE="1", PYTHONIOENCODING="utf-8")
    env.update(extra)
    return env


def run(
    stdin: str | bytes,
    *args: str,
    env: dict[str, str] | None = None,
    command: tuple[str, ...] = COMMAND,
) -> subprocess.CompletedProcess[bytes]:
    data = stdin.encode("utf-8") if isinstance(stdin, str) else stdin
    return subprocess.run(
        [*command, *args],
        input=data,
        capture_output=True,
        cwd=REPO,
        env=command_env() if env is None else env,
        timeout=120,
        check=False,
    )


def jsonl(*items: dict[str, Any]) -> str:
    return "".join(json.dumps(item, ensure_ascii=False) + "\n" for item in items)


def answers(stdout: bytes | str) -> list[dict[str, Any]]:
    text = stdout.decode("utf-8") if isinstance(stdout, bytes) else stdout
    return [json.loads(line) for line in text.splitlines()]


def assert_contract(answer: dict[str, Any], body: str) -> None:
    """One answer line as the contract describes it; spans index the body."""
    assert set(answer) == OUTPUT_KEYS
    assert isinstance(answer["id"], str)
    assert answer["action"] in ACTIONS
    assert isinstance(answer["rules"], list)
    assert all(rule_id in RULES for rule_id in answer["rules"])
    assert len(set(answer["rules"])) == len(answer["rules"])
    assert isinstance(answer["scores"], dict)
    assert all(isinstance(k, str) and isinstance(v, float) for k, v in answer["scores"].items())
    for span in answer["spans"]:
        assert isinstance(span, list) and len(span) == 3
        start, end, rule_id = span
        assert isinstance(start, int) and isinstance(end, int)
        assert 0 <= start < end <= len(body)
        assert rule_id in answer["rules"]


def assert_error_line(answer: dict[str, Any]) -> None:
    assert isinstance(answer.get("error"), str) and answer["error"]
    assert answer["action"] == "review"
    assert (answer["rules"], answer["spans"]) == ([], [])


def by_id(lines: list[dict[str, Any]]) -> dict[str, dict[str, Any]]:
    return {line["id"]: line for line in lines}


# --- the contract on a batch of items --------------------------------------------------------

BATCH = (
    {
        "id": "pnr",
        "title": "Kontakt",
        "body": PNR_BODY,
        "lang": "sv",
        "author": "a1",
        "thread": "t1",
    },
    {"id": "threat", "title": None, "body": THREAT, "lang": "sv", "author": "a2", "thread": "t1"},
    {"id": "clean", "title": None, "body": CLEAN, "lang": None, "author": None, "thread": None},
    {"id": "shout", "body": SHOUT},
    {"id": "clean-en", "title": "Budget", "body": CLEAN_EN, "lang": "en"},
    {"id": "unicode", "body": "Rad ett\u2028rad två\u0085och tre: Åsa och Östen i Älmhult."},
)


@pytest.fixture(scope="module")
def batch() -> subprocess.CompletedProcess[bytes]:
    """The command run once over ``BATCH`` with ``--no-classifier``."""
    return run(jsonl(*BATCH), "--no-classifier")


def test_one_answer_per_item_in_order_and_exit_zero(batch) -> None:
    """Every line is answered, in input order, with exactly the contract's keys."""
    assert batch.returncode == 0, batch.stderr
    assert batch.stderr == b""
    lines = answers(batch.stdout)
    assert [line["id"] for line in lines] == [item["id"] for item in BATCH]
    for item, answer in zip(BATCH, lines, strict=True):
        assert_contract(answer, item["body"])


def test_personal_number_is_redacted_with_an_exact_span(batch) -> None:
    """A valid personnummer → redact, with a PII-PNR span that is exactly the number."""
    answer = by_id(answers(batch.stdout))["pnr"]
    assert answer["action"] == "redact"
    assert answer["rules"] == ["PII-PNR"]
    assert [[PNR_BODY[s:e], rule] for s, e, rule in answer["spans"]] == [[PNR, "PII-PNR"]]


def test_veiled_threat_is_held(batch) -> None:
    """ "Jag vet var du bor." is an olaga hot: held, with LAW-THREAT and a span in the body."""
    answer = by_id(answers(batch.stdout))["threat"]
    assert answer["action"] in HELD
    assert "LAW-THREAT" in answer["rules"]
    assert any(rule == "LAW-THREAT" for _, _, rule in answer["spans"])


@pytest.mark.parametrize("item_id", ["clean", "clean-en", "unicode"])
def test_clean_items_are_published_without_rules(batch, item_id) -> None:
    """Clean proposals (null or absent optional fields, "kill this bill", line separators
    inside the body) are published as is."""
    answer = by_id(answers(batch.stdout))[item_id]
    assert (answer["action"], answer["rules"], answer["spans"]) == ("publish", [], [])


def test_shouting_is_a_hint_and_still_published(batch) -> None:
    """An all-caps clean text is published; SHOUTING is listed as a hint."""
    answer = by_id(answers(batch.stdout))["shout"]
    assert answer["action"] == "publish"
    assert answer["rules"] == ["SHOUTING"]


def test_in_process_check_answers_like_the_command(batch) -> None:
    """``moderation.cli.check`` writes the same lines as the command does."""
    out, err = io.StringIO(), io.StringIO()
    assert check(io.StringIO(jsonl(*BATCH)), out, err, stream=Stream()) == 0
    assert err.getvalue() == ""
    assert answers(out.getvalue()) == answers(batch.stdout)


@pytest.mark.skipif(not INSPEL_SCRIPT.exists(), reason="no inspel console script")
def test_inspel_console_script() -> None:
    """The installed ``inspel`` script runs the same command."""
    proc = run(
        jsonl(BATCH[0]), "check", "--no-classifier", command=(str(INSPEL_SCRIPT), "moderation")
    )
    assert proc.returncode == 0, proc.stderr
    (answer,) = answers(proc.stdout)
    assert (answer["id"], answer["action"]) == ("pnr", "redact")


@pytest.mark.parametrize(
    ("present", "absent"),
    [
        pytest.param({}, ("title", "lang", "author", "thread"), id="all-absent"),
        pytest.param(
            {"title": None, "lang": None, "author": None, "thread": None}, (), id="all-null"
        ),
        pytest.param({"title": "Cykelbanor", "lang": "sv"}, ("author", "thread"), id="mixed"),
        pytest.param({"lang": "en", "author": "x", "thread": "p-1"}, ("title",), id="no-title"),
    ],
)
def test_optional_fields_may_be_null_or_absent(present, absent) -> None:
    """title, lang, author and thread are optional: null or left out, the item is judged."""
    item = {"id": "x", "body": CLEAN, **present}
    assert not set(absent) & set(item)
    out, err = io.StringIO(), io.StringIO()
    assert check([json.dumps(item)], out, err, stream=Stream()) == 0
    (answer,) = answers(out.getvalue())
    assert_contract(answer, CLEAN)
    assert answer["action"] == "publish"


def test_line_endings_and_missing_final_newline() -> None:
    """CRLF line ends are fine and a last line without a newline is still answered."""
    first = json.dumps({"id": "1", "body": CLEAN})
    second = json.dumps({"id": "2", "body": PNR_BODY})
    proc = run(f"{first}\r\n\r\n{second}", "--no-classifier")
    assert proc.returncode == 0, proc.stderr
    assert [(a["id"], a["action"]) for a in answers(proc.stdout)] == [
        ("1", "publish"),
        ("2", "redact"),
    ]


# --- repeats: items arrive in input order -----------------------------------------------------


def test_repeats_count_per_author_in_arrival_order() -> None:
    """The same author sending the same 60-character text again is held for SPAM-REPEAT;
    another author with the same text, or an anonymous one, is published."""
    items = (
        {"id": "anna-1", "body": REPEAT, "author": "anna"},
        {"id": "bo-1", "body": REPEAT, "author": "bo"},
        {"id": "anon-1", "body": REPEAT, "author": None},
        {"id": "anon-2", "body": REPEAT},
        {"id": "anna-2", "body": REPEAT, "author": "anna"},
    )
    proc = run(jsonl(*items), "--no-classifier")
    assert proc.returncode == 0, proc.stderr
    got = by_id(answers(proc.stdout))
    for item_id in ("anna-1", "bo-1", "anon-1", "anon-2"):
        assert (got[item_id]["action"], got[item_id]["rules"]) == ("publish", []), item_id
    assert got["anna-2"]["action"] == "review"
    assert "SPAM-REPEAT" in got["anna-2"]["rules"]


def test_two_authors_with_the_same_text_are_both_published() -> None:
    """Repeats are per author: two people agreeing word for word is not spam."""
    items = [{"id": f"p{n}", "body": REPEAT, "author": f"author-{n}"} for n in range(2)]
    out, err = io.StringIO(), io.StringIO()
    assert check(jsonl(*items).splitlines(), out, err, stream=Stream()) == 0
    assert [(a["action"], a["rules"]) for a in answers(out.getvalue())] == [("publish", [])] * 2


# --- fail closed without a classifier ---------------------------------------------------------


@pytest.fixture
def junk_checkpoint(tmp_path: Path) -> dict[str, str]:
    """A classifier configuration whose checkpoint exists but is not a model."""
    checkpoint = tmp_path / "model.ckpt"
    checkpoint.write_bytes(b"not a checkpoint\n")
    return {
        "INSPEL_DETOXIFY_CHECKPOINT": str(checkpoint),
        "INSPEL_DETOXIFY_CONFIG_DIR": str(tmp_path),
    }


@pytest.mark.parametrize(
    "configured",
    [
        pytest.param(False, id="no-classifier-configured"),
        pytest.param(True, id="checkpoint-cannot-load"),
    ],
)
def test_unavailable_classifier_fails_closed(configured, junk_checkpoint) -> None:
    """Without ``--no-classifier`` and with no usable classifier, stderr says so, and items
    that would have been shown (published or redacted) are held as ``review``; exit 0."""
    env = command_env(**junk_checkpoint) if configured else command_env()
    proc = run(jsonl(*BATCH), env=env)
    assert proc.returncode == 0, proc.stderr
    assert "classifier unavailable" in proc.stderr.decode()
    lines = answers(proc.stdout)
    assert [line["id"] for line in lines] == [item["id"] for item in BATCH]
    for item, answer in zip(BATCH, lines, strict=True):
        assert_contract(answer, item["body"])
        assert answer["action"] in HELD, answer
    got = by_id(lines)
    assert got["clean"]["action"] == "review"
    assert "LAW-THREAT" in got["threat"]["rules"]


@pytest.mark.parametrize(
    "env",
    [
        pytest.param({}, id="nothing-set"),
        pytest.param({"INSPEL_DETOXIFY_CHECKPOINT": "/nonexistent/model.ckpt"}, id="no-config"),
        pytest.param(
            {
                "INSPEL_DETOXIFY_CHECKPOINT": "/nonexistent/model.ckpt",
                "INSPEL_DETOXIFY_CONFIG_DIR": "/nonexistent",
            },
            id="missing-checkpoint",
        ),
    ],
)
def test_make_stream_fails_closed_in_process(monkeypatch, env) -> None:
    """``make_stream`` reports an unavailable classifier on ``err`` and holds clean items."""
    for name in list(os.environ):
        if name.startswith("INSPEL_DETOXIFY_"):
            monkeypatch.delenv(name)
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    err = io.StringIO()
    stream = make_stream(use_classifier=True, err=err)
    assert stream.classifier is ClassifierStatus.UNAVAILABLE
    assert "classifier unavailable" in err.getvalue()
    out = io.StringIO()
    assert check([json.dumps({"id": "c", "body": CLEAN})], out, io.StringIO(), stream=stream) == 0
    (answer,) = answers(out.getvalue())
    assert answer["action"] == "review"


def test_no_classifier_flag_skips_the_classifier(monkeypatch, junk_checkpoint) -> None:
    """``--no-classifier`` never tries to load one: nothing on stderr, even when configured."""
    for name, value in junk_checkpoint.items():
        monkeypatch.setenv(name, value)
    err = io.StringIO()
    stream = make_stream(use_classifier=False, err=err)
    assert (stream.classifier, err.getvalue()) == (ClassifierStatus.OFF, "")


# --- bad lines ------------------------------------------------------------------------------

GOOD_FIRST = json.dumps({"id": "first", "body": CLEAN})
GOOD_LAST = json.dumps({"id": "last", "body": PNR_BODY})

BAD_LINES = [
    pytest.param("not json", id="not-json"),
    pytest.param('{"id": "t", "body": "trunc', id="truncated-json"),
    pytest.param("[1, 2]", id="json-array"),
    pytest.param('"just a string"', id="json-string"),
    pytest.param("null", id="json-null"),
    pytest.param('{"id": "m", "title": "Titel"}', id="body-missing"),
    pytest.param('{"id": "n", "body": null}', id="body-null"),
    pytest.param('{"id": "o", "body": 5}', id="body-number"),
    pytest.param('{"id": "p", "body": ["a"]}', id="body-list"),
    pytest.param('{"body": "hej"}', id="id-missing"),
    pytest.param('{"id": null, "body": "hej"}', id="id-null"),
    pytest.param('{"id": true, "body": "hej"}', id="id-bool"),
    pytest.param('{"id": {"a": 1}, "body": "hej"}', id="id-object"),
    pytest.param('{"id": "q", "body": "hej", "title": 5}', id="title-number"),
    pytest.param('{"id": "r", "body": "hej", "lang": ["sv"]}', id="lang-list"),
    pytest.param('{"id": "s", "body": "hej", "author": 7}', id="author-number"),
    pytest.param('{"id": "u", "body": "hej", "thread": false}', id="thread-bool"),
]


@pytest.mark.parametrize("bad", BAD_LINES)
def test_bad_line_gets_a_held_error_line_in_process(bad) -> None:
    """A bad line between two good ones: an ``error`` line held as ``review`` in its place,
    the good lines still answered, a message naming line 2 on stderr, status 1."""
    out, err = io.StringIO(), io.StringIO()
    status = check(io.StringIO(f"{GOOD_FIRST}\n{bad}\n{GOOD_LAST}\n"), out, err, stream=Stream())
    assert status == 1
    first, error, last = answers(out.getvalue())
    assert (first["id"], first["action"]) == ("first", "publish")
    assert (last["id"], last["action"]) == ("last", "redact")
    assert_error_line(error)
    assert "line 2" in err.getvalue()


def test_bad_lines_in_the_command() -> None:
    """Invalid JSON, an array, a missing or non-string body and a missing id each get an
    error line; empty and blank lines are skipped (but counted in the line numbers);
    stderr names each bad line; exit status 1."""
    lines = [
        GOOD_FIRST,  # 1
        "not json",  # 2
        "[1, 2]",  # 3
        "",  # 4: skipped
        '{"id": "m", "title": "Titel"}',  # 5
        '{"id": "n", "body": 5}',  # 6
        '{"body": "hej"}',  # 7
        "   \t",  # 8: skipped
        GOOD_LAST,  # 9
    ]
    proc = run("\n".join(lines) + "\n", "--no-classifier")
    assert proc.returncode == 1
    got = answers(proc.stdout)
    assert len(got) == 7
    assert (got[0]["id"], got[0]["action"]) == ("first", "publish")
    assert (got[-1]["id"], got[-1]["action"]) == ("last", "redact")
    for error in got[1:-1]:
        assert_error_line(error)
    stderr = proc.stderr.decode()
    for number in (2, 3, 5, 6, 7):
        assert f"line {number}:" in stderr
    for number in (1, 4, 8, 9):
        assert f"line {number}:" not in stderr
    assert "Traceback" not in stderr


def test_only_empty_lines_answer_nothing() -> None:
    """Empty input or blank lines only: no output, exit 0."""
    for stdin in ("", "\n\n  \n"):
        out, err = io.StringIO(), io.StringIO()
        assert check(io.StringIO(stdin), out, err, stream=Stream()) == 0
        assert (out.getvalue(), err.getvalue()) == ("", "")


def test_numeric_id_is_accepted_as_text() -> None:
    """A numeric id is answered as a string (the output's id is always a string)."""
    out = io.StringIO()
    assert check([json.dumps({"id": 7, "body": CLEAN})], out, io.StringIO(), stream=Stream()) == 0
    (answer,) = answers(out.getvalue())
    assert answer["id"] == "7"


def test_error_line_keeps_a_readable_id() -> None:
    """A line whose id is readable but whose body is missing is answered under its id."""
    out = io.StringIO()
    status = check(['{"id": "m", "title": "Titel"}'], out, io.StringIO(), stream=Stream())
    assert status == 1
    (answer,) = answers(out.getvalue())
    assert_error_line(answer)
    assert answer["id"] == "m"


def test_lone_surrogate_in_id_does_not_stop_the_command() -> None:
    """An id with a JSON-escaped lone surrogate ("\\ud800") is valid JSON; the command must
    still answer it (or hold it as an error line) and go on to the next line."""
    lines = ['{"id": "x\\ud800", "body": "hej"}', GOOD_LAST]
    proc = run("\n".join(lines) + "\n", "--no-classifier")
    assert "Traceback" not in proc.stderr.decode()
    got = answers(proc.stdout)
    assert len(got) == 2
    assert (got[1]["id"], got[1]["action"]) == ("last", "redact")


def test_invalid_utf8_line_does_not_stop_the_command() -> None:
    """A line with bytes that are not UTF-8 is a bad line like any other: it is answered
    (held, or judged with the bytes replaced) and the lines after it are answered."""
    stdin = (GOOD_FIRST + "\n").encode() + b'{"id": "b", "body": "hej \xff d\xe5"}\n'
    stdin += (GOOD_LAST + "\n").encode()
    proc = run(stdin, "--no-classifier")
    assert "Traceback" not in proc.stderr.decode("utf-8", "replace")
    got = answers(proc.stdout)
    assert len(got) == 3
    assert got[1]["action"] in ACTIONS
    assert (got[2]["id"], got[2]["action"]) == ("last", "redact")


# --- no database, no network ----------------------------------------------------------------

GUARD = """
import socket, sqlite3, sys

def refuse(*args, **kwargs):
    raise OSError("the test refuses network and database access")

socket.socket.connect = socket.socket.connect_ex = refuse
socket.create_connection = socket.getaddrinfo = refuse
sqlite3.connect = sqlite3.dbapi2.connect = refuse
sys.argv = ["inspel", *sys.argv[1:]]
from debate.cli import main
raise SystemExit(main())
"""


@pytest.mark.parametrize(
    "database_url",
    [
        pytest.param("sqlite:////nonexistent/dir/inspel.db", id="sqlite-missing"),
        pytest.param("postgresql://inspel:secret@127.0.0.1:9/inspel", id="postgres-closed-port"),
    ],
)
def test_needs_no_database_and_no_network(database_url) -> None:
    """With an unusable database URL, proxies at a closed port, sockets and sqlite3 refused
    in the process, the command still answers (with and without ``--no-classifier``)."""
    proxy = "http://127.0.0.1:9"
    env = command_env(
        INSPEL_DATABASE_URL=database_url,
        HTTPS_PROXY=proxy,
        HTTP_PROXY=proxy,
        ALL_PROXY=proxy,
        https_proxy=proxy,
        http_proxy=proxy,
    )
    guarded = (sys.executable, "-c", GUARD, "moderation", "check")
    for args, expected in ((("--no-classifier",), "redact"), ((), "review")):
        proc = run(jsonl(BATCH[0]), *args, env=env, command=guarded)
        assert proc.returncode == 0, proc.stderr
        (answer,) = answers(proc.stdout)
        assert (answer["id"], answer["action"]) == ("pnr", expected)
