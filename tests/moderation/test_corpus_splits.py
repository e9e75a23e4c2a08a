"""The blind labelled corpus: ``dev`` (rules are written looking at it) and ``sealed`` (only
ever scored), tests/data/moderation_dev.jsonl and moderation_sealed.jsonl.

Written for the moderation issue by writers who never saw ``moderation/`` (its code, word
lists or earlier corpus items), briefed only with SPEC §3's rule table and legal-rules.md;
each item records its ``batch``. The split is by a hash of the id, fixed once.

The floors below are the figures measured when the rules last changed, less a small margin:
they catch a change that makes the engine worse on text it was not written from. They are
not the issue's targets (``sealed``: caught >= 0.95, reject items >= 0.98, clean held <= 0.04),
which are still far off; ``pytest -s`` prints the full report with intervals.
"""

from __future__ import annotations

import io
import json
from collections import Counter
from pathlib import Path
from typing import Any

import pytest

from moderation import RULES
from moderation.cli import Evaluation, Stream, evaluate_labelled

DATA = Path(__file__).resolve().parents[1] / "data"
SPLITS = {"dev": DATA / "moderation_dev.jsonl", "sealed": DATA / "moderation_sealed.jsonl"}
ORIGINAL = DATA / "moderation_corpus.jsonl"
KEYS = {
    "id", "batch", "title", "body", "lang", "author", "thread", "expected", "reasons", "kind"
}  # fmt: skip


def rows_of(path: Path) -> list[dict[str, Any]]:
    with path.open(encoding="utf-8") as handle:
        return [json.loads(line) for line in handle if line.strip()]


@pytest.fixture(scope="module")
def splits() -> dict[str, list[dict[str, Any]]]:
    return {name: rows_of(path) for name, path in SPLITS.items()}


def test_rows_have_the_labelled_fields_and_a_batch(splits) -> None:
    for rows in splits.values():
        for row in rows:
            assert set(row) == KEYS, row.get("id")
            assert row["batch"] and row["id"].startswith(row["batch"] + "-")
            assert row["expected"] in {"publish", "review", "reject"}
            assert row["lang"] in {"sv", "en"}
            assert set(row["reasons"]) <= set(RULES), row["id"]
            assert bool(row["reasons"]) == (row["expected"] != "publish") or row["reasons"] == [
                "SHOUTING"
            ]


#: Batches kept wholly in ``sealed``: fresh text nobody tuned to, measured as it came (like
#: the independent sets of the moderation issue). t1/t2 were written 2026-12-07, after the
#: rules of that day, and scored once before they were added; s1/s2 and o1/o2 were written the
#: next session before its rule work and scored only at its start and at its end; k1/k2
#: likewise the session after.
SEALED_ONLY = {"t1", "t2", "s1", "s2", "o1", "o2", "k1", "k2"}
#: Batches kept wholly in ``dev``: written for the rule writers to learn from, leaning to
#: violations (two thirds held) and to the rules hardest to detect, so they are not a fair
#: sample to score. q1/q2 and n1/n2 were written 2026-12-07, h1/h2 the
#: session after.
DEV_ONLY = {"q1", "q2", "n1", "n2", "h1", "h2"}


def test_splits_are_disjoint_and_every_batch_is_in_both(splits) -> None:
    dev, sealed = ({row["id"] for row in rows} for rows in splits.values())
    assert not dev & sealed
    dev_batches = {row["batch"] for row in splits["dev"]}
    sealed_batches = {row["batch"] for row in splits["sealed"]}
    assert dev_batches - DEV_ONLY | SEALED_ONLY == sealed_batches
    assert not dev_batches & SEALED_ONLY and not sealed_batches & DEV_ONLY


def test_the_corpus_is_large_and_mostly_swedish(splits) -> None:
    """At least 2,000 labelled items in all, at least 60 % Swedish, and at least 30 % of the
    clean items hard negatives."""
    every = [*rows_of(ORIGINAL), *splits["dev"], *splits["sealed"]]
    ids = Counter(row["id"] for row in every)
    assert [i for i, n in ids.items() if n > 1] == []
    langs = Counter(row["lang"] for row in every)
    print(f"\ncorpus: {len(every)} items, languages {dict(langs)}")
    assert len(every) >= 2000
    assert langs["sv"] / len(every) >= 0.60
    clean = [row for row in every if row["expected"] == "publish"]
    assert sum(row["kind"] == "hard-negative" for row in clean) / len(clean) >= 0.30


def evaluation_of(path: Path) -> Evaluation:
    with path.open(encoding="utf-8") as handle:
        evaluation = evaluate_labelled(handle, stream=Stream())
    out = io.StringIO()
    evaluation.report(out, by_batch=True)
    print(f"\n{path.name}\n{out.getvalue()}")
    return evaluation


@pytest.mark.parametrize(
    ("split", "caught", "reject_caught", "false_holds"),
    # Measured (rules only) after the fourth session's rules, with h1/h2 in dev and k1/k2 in
    # sealed: dev 0.90 / 0.84 / 0.01, sealed 0.75 / 0.66 / 0.02.
    [("dev", 0.88, 0.82, 0.03), ("sealed", 0.73, 0.63, 0.04)],
)
def test_the_engine_does_not_fall_below_its_measured_figures(
    split: str, caught: float, reject_caught: float, false_holds: float
) -> None:
    targets = evaluation_of(SPLITS[split]).targets()
    assert targets["not_published_as_is"] >= caught
    assert targets["reject_caught"] >= reject_caught
    assert targets["false_hold_rate"] <= false_holds
