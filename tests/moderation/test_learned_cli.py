"""``inspel model train``, ``inspel moderation calibrate`` and ``--local-model`` for ``check``
and ``eval``, end to end: through ``debate.cli.main`` and as a real process."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import numpy as np
import pytest

from debate.cli import main
from moderation.learned.thresholds import curve, pick_threshold
from moderation.learned.train import DEFAULT_MAX_FALSE_HOLD
from tests.moderation import learned_data

REPO = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def labelled(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return learned_data.write(tmp_path_factory.mktemp("data") / "labelled.jsonl")


@pytest.fixture(scope="module")
def model_dir(labelled: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("trained") / "model"
    assert main(["model", "train", str(labelled), "--out", str(out)]) == 0
    return out


def run(*args: str, stdin: str = "") -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONPATH": str(REPO), "INSPEL_CLASSIFIER": "off"}
    return subprocess.run(
        [sys.executable, "-m", "debate.cli", *args],
        input=stdin,
        capture_output=True,
        text=True,
        cwd=REPO,
        env=env,
        timeout=120,
        check=False,
    )


def test_train_writes_the_model_and_its_card(
    model_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert {p.name for p in model_dir.iterdir()} == {"model.npz", "card.json", "card.md"}
    card = json.loads((model_dir / "card.json").read_text())
    assert card["sources"] == ["labelled.jsonl"]
    assert card["settings"]["max_false_hold"] == DEFAULT_MAX_FALSE_HOLD
    # One file without batches: one group, so the folds fall back to stratified.
    assert card["cross_validation"]["method"] == "stratified"
    assert list(card["cross_validation"]["groups"]) == ["labelled.jsonl"]


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["missing.jsonl"], "cannot read missing.jsonl"),
        (["--max-false-hold", "2"], "must be at least 0 and below 1"),
        (["--max-false-hold", "lots"], "not a number"),
    ],
)
def test_train_refuses_bad_input(
    labelled: Path,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    args: list[str],
    message: str,
) -> None:
    files = [args[0]] if args[0].endswith(".jsonl") else [str(labelled), *args]
    with pytest.raises(SystemExit) as exited:
        code = main(["model", "train", *files, "--out", str(tmp_path / "m")])
        raise SystemExit(code)
    assert exited.value.code == 2
    assert message in capsys.readouterr().err
    assert not (tmp_path / "m").exists()


def test_train_names_a_bad_line(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    bad = tmp_path / "bad.jsonl"
    bad.write_text('{"body": "ok", "expected": "publish"}\n{"body": "x", "expected": "??"}\n')
    assert main(["model", "train", str(bad), "--out", str(tmp_path / "m")]) == 2
    assert 'line 2: "expected" must be one of' in capsys.readouterr().err


def test_train_with_too_few_examples(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    rows = learned_data.items()[:20]
    path = learned_data.write(tmp_path / "few.jsonl", rows)
    assert main(["model", "train", str(path), "--out", str(tmp_path / "m")]) == 2
    assert "cannot train: too few held examples" in capsys.readouterr().err


def test_check_with_the_local_model_holds_and_names_it(model_dir: Path) -> None:
    lines = [
        {"id": "1", "body": "Jag ska döda dig Gunnar, jag vet var du bor i Kiruna.", "lang": "sv"},
        {"id": "2", "body": "Jag föreslår att bussen till Kiruna går oftare.", "lang": "sv"},
    ]
    done = run(
        "moderation",
        "check",
        "--no-classifier",
        "--local-model",
        str(model_dir),
        stdin="".join(json.dumps(line) + "\n" for line in lines),
    )
    assert done.returncode == 0, done.stderr
    first, second = (json.loads(line) for line in done.stdout.splitlines())
    assert first["action"] in ("review", "reject")
    assert any(label.startswith("local:") for label in first["scores"])
    assert second["action"] == "publish" and second["scores"] == {}


def test_check_runs_the_builtin_model_by_name() -> None:
    """``--local-model builtin`` is the model Inspel ships; ``off`` is none; a name that is no
    model directory ends the command with status 2."""
    threat = "Jag ska döda dig Gunnar, jag vet var du bor i Kiruna."
    lines = [
        {"id": "1", "body": threat, "lang": "sv"},
        {"id": "2", "body": "Jag föreslår att bussen till Kiruna går oftare.", "lang": "sv"},
    ]
    stdin = "".join(json.dumps(line) + "\n" for line in lines)
    done = run("moderation", "check", "--no-classifier", "--local-model", "builtin", stdin=stdin)
    assert done.returncode == 0, done.stderr
    first, second = (json.loads(line) for line in done.stdout.splitlines())
    assert first["action"] in ("review", "reject")
    assert second["action"] == "publish" and second["scores"] == {}
    off = run("moderation", "check", "--no-classifier", "--local-model", "off", stdin=stdin)
    assert off.returncode == 0, off.stderr
    assert all(
        not any(label.startswith("local:") for label in json.loads(line)["scores"])
        for line in off.stdout.splitlines()
    )
    missing = run("moderation", "check", "--no-classifier", "--local-model", "no-such-model")
    assert missing.returncode == 2
    assert "local model unusable" in missing.stderr


def test_check_refuses_a_tampered_model(model_dir: Path, tmp_path: Path) -> None:
    for path in model_dir.iterdir():
        (tmp_path / path.name).write_bytes(path.read_bytes())
    (tmp_path / "model.npz").write_bytes(b"PK" + (tmp_path / "model.npz").read_bytes()[2:-1])
    done = run("moderation", "check", "--no-classifier", "--local-model", str(tmp_path))
    assert done.returncode == 2
    assert "local model unusable" in done.stderr and "SHA-256" in done.stderr


def test_eval_with_the_local_model(model_dir: Path, labelled: Path) -> None:
    done = run(
        "moderation", "eval", str(labelled), "--no-classifier", "--local-model", str(model_dir)
    )
    assert done.returncode == 0, done.stderr
    assert "Confusion matrix" in done.stdout


def test_calibrate_honours_the_false_hold_budget(
    model_dir: Path, labelled: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    svg = tmp_path / "pr.svg"
    code = main(
        [
            "moderation", "calibrate", str(labelled), "--no-classifier",
            "--local-model", str(model_dir), "--max-false-hold", "0.1", "--svg", str(svg),
        ]
    )  # fmt: skip
    out = capsys.readouterr().out
    assert code == 0
    rows = re.findall(r"^  (\w+)\s+(sv|en)\s+([\d.]+|–)\s+\S+\s+\S+\s+([\d.]+)", out, re.M)
    assert {(label, lang) for label, lang, *_ in rows} >= {("hold", "sv"), ("hold", "en")}
    for _, _, _, false_hold in rows:
        assert float(false_hold) <= 0.1
    assert "Per threshold: precision / recall / clean held" in out
    root = ET.fromstring(svg.read_text())  # noqa: S314 - written by the command under test
    assert root.tag.endswith("svg") and root.findall("{http://www.w3.org/2000/svg}polyline")


def test_calibrate_needs_something_to_calibrate(
    labelled: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["moderation", "calibrate", str(labelled), "--no-classifier"]) == 2
    assert "nothing to calibrate" in capsys.readouterr().err


def test_pick_threshold_on_a_constructed_set() -> None:
    # 100 clean items scored 0.00 … 0.99, 20 to hold scored 0.90 … 0.995.
    clean_scores = np.arange(100) / 100
    held_scores = 0.9 + np.arange(20) / 200
    scores = np.concatenate([clean_scores, held_scores])
    clean = np.array([True] * 100 + [False] * 20)
    threshold = pick_threshold(scores, clean, 0.03)
    assert threshold is not None
    held_clean = int((clean_scores >= threshold).sum())
    assert held_clean == 3  # the budget, used in full: 0.97, 0.98, 0.99
    assert 0.96 < threshold <= 0.97
    (point,) = curve(scores, ~clean, clean, [threshold])
    assert point.false_hold == 0.03 and point.held_clean == 3
    # The budget is what the score adds: clean items the rules already hold are not counted
    # against it, whether their scores are low or high.
    rules = np.zeros(120, bool)
    rules[:4] = True  # 0.00 … 0.03: held by the rules, more than the whole budget
    assert pick_threshold(scores, clean, 0.03, already_held=rules) == threshold
    rules[96:100] = True  # 0.96 … 0.99, held by the rules: the score adds 0.93 … 0.95
    lower = pick_threshold(scores, clean, 0.03, already_held=rules)
    assert lower is not None and 0.92 < lower <= 0.93
    assert int((clean_scores[4:96] >= lower).sum()) == 3
    # With budget_includes_rules (the old meaning) they count against the same budget.
    rules[:] = False
    rules[:2] = True
    stricter = pick_threshold(scores, clean, 0.03, already_held=rules, budget_includes_rules=True)
    assert stricter is not None and int((clean_scores[2:] >= stricter).sum()) == 1
    rules[:4] = True
    spent = pick_threshold(scores, clean, 0.03, already_held=rules, budget_includes_rules=True)
    assert spent is None
    assert pick_threshold(scores, clean, 0.03, already_held=rules) == threshold
    with pytest.raises(ValueError, match="below 1"):
        pick_threshold(scores, clean, 1.5)
