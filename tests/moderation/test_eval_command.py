"""``inspel moderation eval FILE``: the engine measured on a labelled JSON Lines file.

The command prints a confusion matrix (rows: expected, columns: action), per-rule counts and
the issue's three targets; ``--misses`` lists the wrong calls. A missing file or a bad line is
exit status 2 with a message. ``moderation.cli.evaluate_labelled`` is checked in process on a
tiny file whose numbers are known.
"""

from __future__ import annotations

import io
import json
import math
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from moderation import RULES
from moderation.cli import Evaluation, InputError, Stream, evaluate_labelled, wilson

REPO = Path(__file__).resolve().parents[2]
COMMAND = (sys.executable, "-m", "debate.cli", "moderation", "eval")
EXPECTED = ("publish", "review", "reject")
ACTIONS = ("publish", "redact", "review", "reject")

PNR_BODY = "Mitt personnummer är 811218-9876, ring mig gärna."
CLEAN = "Kommunen borde bygga fler cykelbanor längs Storgatan så att barnen kan cykla säkert."
SHOUT = "KOMMUNEN BORDE BYGGA FLER CYKELBANOR LÄNGS STORGATAN SÅ ATT BARNEN KAN CYKLA SÄKERT."


def labelled(item_id: str, body: str, expected: str, *reasons: str) -> dict[str, Any]:
    return {
        "id": item_id,
        "title": None,
        "body": body,
        "lang": "sv",
        "author": None,
        "thread": None,
        "expected": expected,
        "reasons": list(reasons),
    }


#: Six items and what the engine does with them (without the classifier):
LABELLED = (
    labelled("e1", CLEAN, "publish"),  # → publish: right
    labelled("e2", PNR_BODY, "review", "PII-PNR"),  # → redact: not published as is
    labelled("e3", "Jag vet var du bor.", "reject", "LAW-THREAT"),  # → review: held
    # A clean text labelled as an insult → publish: a miss (and a false negative rule).
    labelled("e4", "Tack för ett tydligt förslag om öppettiderna.", "review", "DECENCY-INSULT"),
    labelled("e5", "Du är en idiot.", "publish"),  # → review: a false hold (miss)
    labelled("e6", SHOUT, "publish"),  # → publish with the SHOUTING hint (a rule "fp")
)

#: (expected, action) → count for ``LABELLED``.
CONFUSION = {
    ("publish", "publish"): 2,
    ("publish", "review"): 1,
    ("review", "redact"): 1,
    ("review", "publish"): 1,
    ("reject", "review"): 1,
}


def write_jsonl(path: Path, items: tuple[dict[str, Any], ...] | list[Any]) -> Path:
    path.write_text(
        "".join(
            (json.dumps(i, ensure_ascii=False) if not isinstance(i, str) else i) + "\n"
            for i in items
        ),
        encoding="utf-8",
    )
    return path


def run_eval(*args: str) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("INSPEL_DETOXIFY_")}
    env.update(HF_HUB_OFFLINE="1", PYTHONIOENCODING="utf-8")
    return subprocess.run(
        [*COMMAND, *args],
        capture_output=True,
        text=True,
        encoding="utf-8",
        cwd=REPO,
        env=env,
        timeout=120,
        check=False,
    )


def confusion_rows(report: str) -> dict[str, list[int]]:
    """The matrix rows of a report: expected → counts per action, then the total."""
    rows = {}
    for line in report.splitlines():
        parts = line.split()
        if len(parts) == len(ACTIONS) + 2 and parts[0] in EXPECTED:
            rows[parts[0]] = [int(n) for n in parts[1:]]
    return rows


def rule_rows(report: str) -> dict[str, list[str]]:
    """The per-rule lines of a report: rule id → tp, fp, fn, precision, recall."""
    section = report.split("Per rule (tp, fp, fn, precision, recall)\n", 1)[1].split("\n\n")[0]
    return {
        parts[0]: parts[1:]
        for line in section.splitlines()
        if (parts := line.split()) and parts[0] in RULES
    }


# --- the command ----------------------------------------------------------------------------


@pytest.fixture
def labelled_file(tmp_path: Path) -> Path:
    return write_jsonl(tmp_path / "labelled.jsonl", LABELLED)


def test_eval_prints_matrix_rules_and_targets(labelled_file) -> None:
    """The report: a confusion matrix with the known counts, per-rule lines, three targets."""
    proc = run_eval(str(labelled_file), "--no-classifier")
    assert proc.returncode == 0, proc.stderr
    assert proc.stderr == ""
    report = proc.stdout
    assert "Confusion matrix (rows: expected, columns: action)" in report
    header = next(line for line in report.splitlines() if line.split()[:1] == ["publish"])
    assert header.split() == [*ACTIONS, "total"]
    assert confusion_rows(report) == {
        expected: [
            *(CONFUSION.get((expected, action), 0) for action in ACTIONS),
            sum(CONFUSION.get((expected, action), 0) for action in ACTIONS),
        ]
        for expected in EXPECTED
    }
    assert "Per rule (tp, fp, fn, precision, recall)" in report
    assert rule_rows(report) == {
        "LAW-THREAT": ["1", "0", "0", "1.00", "1.00"],
        "PII-PNR": ["1", "0", "0", "1.00", "1.00"],
        "DECENCY-INSULT": ["0", "1", "1", "0.00", "0.00"],
        "SHOUTING": ["0", "1", "0", "0.00", "-"],
    }
    assert "\nTargets\n" in report
    section = report.split("\nTargets\n", 1)[1].split("\n\n")[0]
    targets = [line.strip() for line in section.splitlines()]
    assert [" ".join(line.split()) for line in targets if line] == [
        "review/reject items not published as-is: 66.7% (target >= 95 %)",
        "reject items held (review or reject): 100.0% (target >= 99 %)",
        "clean items held (false-hold rate): 33.3% (target <= 5 %)",
    ]
    assert "Wrong calls" not in report


def test_eval_misses_lists_the_wrong_calls(labelled_file) -> None:
    """``--misses`` adds every wrong call: a missed violation and a false hold, nothing else."""
    proc = run_eval(str(labelled_file), "--no-classifier", "--misses")
    assert proc.returncode == 0, proc.stderr
    assert "Targets" in proc.stdout
    misses = proc.stdout.split("\nWrong calls\n", 1)[1].splitlines()
    assert len(misses) == 2
    e4, e5 = (line.strip() for line in misses)
    assert e4.startswith("e4: expected review ['DECENCY-INSULT'], got publish []")
    assert e5.startswith("e5: expected publish [], got review ['DECENCY-INSULT']")
    assert e5.endswith("Du är en idiot.")


def test_eval_without_classifier_flag_fails_closed(labelled_file) -> None:
    """No classifier configured: stderr says so, everything is held, and the report says so."""
    proc = run_eval(str(labelled_file))
    assert proc.returncode == 0, proc.stderr
    assert "classifier unavailable" in proc.stderr
    rows = confusion_rows(proc.stdout)
    assert rows["publish"] == [0, 0, 3, 0, 3]
    assert "clean items held (false-hold rate): 100.0%" in " ".join(proc.stdout.split())


def test_eval_missing_file_is_exit_2(tmp_path) -> None:
    """A file that does not exist: exit 2 and a message naming it, no report."""
    missing = tmp_path / "nope.jsonl"
    proc = run_eval(str(missing), "--no-classifier")
    assert proc.returncode == 2
    assert f"cannot read {missing}" in proc.stderr
    assert proc.stdout == ""


def test_eval_bad_expected_value_is_exit_2_naming_the_line(tmp_path) -> None:
    """A line whose "expected" is not publish/review/reject: exit 2, the line number said."""
    path = write_jsonl(
        tmp_path / "bad.jsonl", [LABELLED[0], "", {**LABELLED[1], "expected": "redact"}]
    )
    proc = run_eval(str(path), "--no-classifier")
    assert proc.returncode == 2
    assert "line 3" in proc.stderr
    assert '"expected"' in proc.stderr
    assert str(path) in proc.stderr
    assert proc.stdout == ""


# --- evaluate_labelled in process -------------------------------------------------------------


def evaluation_of(items: tuple[dict[str, Any], ...] | list[Any]) -> Evaluation:
    lines = [(json.dumps(i) if not isinstance(i, str) else i) + "\n" for i in items]
    return evaluate_labelled(lines, stream=Stream())


def test_confusion_counts_and_rule_counts() -> None:
    """Every item counted once in the confusion matrix; rule tp/fp/fn as labelled."""
    evaluation = evaluation_of(LABELLED)
    assert dict(+evaluation.confusion) == CONFUSION
    assert dict(+evaluation.rule_tp) == {"PII-PNR": 1, "LAW-THREAT": 1}
    assert dict(+evaluation.rule_fp) == {"DECENCY-INSULT": 1, "SHOUTING": 1}
    assert dict(+evaluation.rule_fn) == {"DECENCY-INSULT": 1}
    assert [miss.split(":")[0] for miss in evaluation.misses] == ["e4", "e5"]


def test_targets_on_known_numbers() -> None:
    """Redact counts as not published as is; review counts as a held reject; a held
    publish item is a false hold."""
    targets = evaluation_of(LABELLED).targets()
    assert targets == pytest.approx(
        {"not_published_as_is": 2 / 3, "reject_caught": 1.0, "false_hold_rate": 1 / 3}
    )


def test_targets_are_nan_without_items() -> None:
    """No labelled items of a kind: the share is undefined (NaN), not 0 or 100 %."""
    targets = evaluation_of([LABELLED[0]]).targets()
    assert targets["false_hold_rate"] == 0.0
    assert math.isnan(targets["not_published_as_is"])
    assert math.isnan(targets["reject_caught"])
    assert all(math.isnan(v) for v in evaluation_of([]).targets().values())


def test_items_arrive_in_order_for_repeats() -> None:
    """An author's repeat is held in eval as in check, so labelled repeats can be measured."""
    text = "Jag tycker att kommunen borde bygga en ny simhall i city nu."
    items = [
        {**labelled("r1", text, "publish"), "author": "anna"},
        {**labelled("r2", text, "review", "SPAM-REPEAT"), "author": "anna"},
    ]
    evaluation = evaluation_of(items)
    assert dict(+evaluation.confusion) == {("publish", "publish"): 1, ("review", "review"): 1}
    assert dict(+evaluation.rule_tp) == {"SPAM-REPEAT": 1}


def test_report_in_process() -> None:
    """``Evaluation.report`` writes the same sections as the command."""
    out = io.StringIO()
    evaluation_of(LABELLED).report(out)
    report = out.getvalue()
    assert confusion_rows(report)["reject"] == [0, 0, 1, 0, 1]
    assert report.index("Confusion matrix") < report.index("Per rule") < report.index("Targets")


@pytest.mark.parametrize(
    ("bad", "message"),
    [
        pytest.param({**LABELLED[1], "expected": "maybe"}, '"expected"', id="expected-unknown"),
        pytest.param({**LABELLED[1], "expected": "redact"}, '"expected"', id="expected-redact"),
        pytest.param(
            {k: v for k, v in LABELLED[1].items() if k != "expected"},
            '"expected"',
            id="expected-missing",
        ),
        pytest.param({**LABELLED[1], "reasons": "PII-PNR"}, '"reasons"', id="reasons-string"),
        pytest.param({**LABELLED[1], "reasons": [1]}, '"reasons"', id="reasons-not-ids"),
        pytest.param({**LABELLED[1], "body": None}, '"body"', id="body-null"),
        pytest.param("{not json", "not JSON", id="not-json"),
    ],
)
def test_bad_labelled_line_names_the_line(bad, message) -> None:
    """A bad line stops the evaluation with ``InputError`` naming the line (here line 2)."""
    with pytest.raises(InputError) as raised:
        evaluation_of([LABELLED[0], bad, LABELLED[2]])
    assert str(raised.value).startswith("line 2: ")
    assert message in str(raised.value)


def test_eval_breaks_the_targets_down_by_language_with_intervals(labelled_file) -> None:
    """Per language (and with ``--by-batch`` per batch): each target with its Wilson 95 %
    interval and count, the hard negatives' false holds apart, and each rule's recall per
    language."""
    proc = run_eval(str(labelled_file), "--no-classifier", "--by-batch")
    assert proc.returncode == 0, proc.stderr
    section = proc.stdout.split("Targets by group, with 95 % intervals\n", 1)[1]
    rows = {line.split()[0]: line for line in section.splitlines()[1:5] if line.strip()}
    assert set(rows) >= {"all", "sv"}
    assert "n=" in rows["all"] and "[" in rows["all"]
    assert "batch ?" in section  # items without a batch are grouped as "?"
    assert "hard negatives held" in section
    recall = proc.stdout.split("Recall per rule and language", 1)[1]
    assert any(line.split()[:2] == ["LAW-THREAT", "sv"] for line in recall.splitlines() if line)


@pytest.mark.parametrize(
    ("hits", "total", "low", "high"),
    [(0, 10, 0.0, 0.278), (10, 10, 0.722, 1.0), (5, 10, 0.237, 0.763), (95, 100, 0.888, 0.978)],
)
def test_wilson_interval_matches_the_textbook_values(hits, total, low, high) -> None:
    """Wilson score intervals at 95 % (published values, to three decimals)."""
    got_low, got_high = wilson(hits, total)
    assert got_low == pytest.approx(low, abs=0.001)
    assert got_high == pytest.approx(high, abs=0.001)


def test_wilson_interval_of_nothing_is_undefined() -> None:
    assert all(math.isnan(value) for value in wilson(0, 0))
