"""The labelled corpus (tests/data/moderation_corpus.jsonl) and the moderation issue's targets.

First the corpus itself is checked (size, language mix, unique ids, known labels and rule ids,
hard negatives and dodges present); then it is run through ``evaluate_labelled`` without the
classifier, in file order, and the targets must hold:

- at least 95 % of review/reject items are not published as is (redact, review or reject);
- at least 99 % of reject items are held (review or reject);
- at most 5 % of publish items are held (review or reject).

``pytest -s`` prints the report.
"""

from __future__ import annotations

import io
import json
from collections import Counter
from pathlib import Path
from typing import Any

import pytest

from moderation import RULES, get_rule
from moderation.cli import Evaluation, Stream, evaluate_labelled

CORPUS = Path(__file__).resolve().parents[1] / "data" / "moderation_corpus.jsonl"
KEYS = {"id", "title", "body", "lang", "author", "thread", "expected", "reasons", "kind"}
EXPECTED = {"publish", "review", "reject"}
KINDS = {"clean", "violation", "hard-negative", "dodge"}


@pytest.fixture(scope="module")
def rows() -> list[dict[str, Any]]:
    with CORPUS.open(encoding="utf-8") as handle:
        return [json.loads(line) for line in handle if line.strip()]


@pytest.fixture(scope="module")
def evaluation() -> Evaluation:
    with CORPUS.open(encoding="utf-8") as handle:
        return evaluate_labelled(handle, stream=Stream())


# --- the corpus itself ------------------------------------------------------------------------


def test_corpus_size_and_language_mix(rows) -> None:
    """At least 300 items, at least 55 % Swedish, the rest English."""
    langs = Counter(row["lang"] for row in rows)
    print(f"\ncorpus: {len(rows)} items, languages {dict(langs)}")
    assert len(rows) >= 300
    assert langs["sv"] / len(rows) >= 0.55
    assert set(langs) <= {"sv", "en"}


def test_every_row_has_the_contract_fields(rows) -> None:
    """Each row has exactly the labelled-item keys with the right types."""
    for row in rows:
        assert set(row) == KEYS, row.get("id")
        assert isinstance(row["id"], str) and row["id"]
        assert isinstance(row["body"], str) and row["body"].strip(), row["id"]
        for key in ("title", "author", "thread"):
            assert row[key] is None or isinstance(row[key], str), (row["id"], key)


def test_ids_are_unique(rows) -> None:
    duplicates = [i for i, n in Counter(row["id"] for row in rows).items() if n > 1]
    assert duplicates == []


def test_labels_and_reasons_are_known(rows) -> None:
    """expected is publish/review/reject; reasons are rule ids of the catalogue; a held item
    names at least one reason, and a published one at most hints (SHOUTING)."""
    for row in rows:
        assert row["expected"] in EXPECTED, row["id"]
        assert row["kind"] in KINDS, row["id"]
        assert isinstance(row["reasons"], list), row["id"]
        unknown = set(row["reasons"]) - set(RULES)
        assert not unknown, (row["id"], unknown)
        if row["expected"] == "publish":
            assert all(get_rule(r).hint for r in row["reasons"]), row["id"]
        else:
            assert row["reasons"], row["id"]


def test_corpus_has_hard_negatives_and_dodges(rows) -> None:
    """Hard negatives (must stay published) and dodges (disguised violations) are there."""
    kinds = Counter((row["kind"], row["expected"]) for row in rows)
    print(f"\ncorpus kinds: {dict(sorted(kinds.items()))}")
    assert kinds["hard-negative", "publish"] > 0
    assert kinds["dodge", "review"] + kinds["dodge", "reject"] > 0
    assert all(row["expected"] == "publish" for row in rows if row["kind"] == "hard-negative")
    assert all(row["expected"] != "publish" for row in rows if row["kind"] == "dodge")
    assert {row["expected"] for row in rows} == EXPECTED


def test_every_rule_is_exercised(rows) -> None:
    """Every rule of the catalogue is the reason of at least one labelled item."""
    reasons = Counter(r for row in rows for r in row["reasons"])
    print(f"\ncorpus reasons: {dict(sorted(reasons.items()))}")
    assert set(RULES) <= set(reasons)


# --- the targets ------------------------------------------------------------------------------


def test_report(evaluation) -> None:
    """The full report, for ``pytest -s``."""
    out = io.StringIO()
    evaluation.report(out)
    print("\n" + out.getvalue())
    for miss in evaluation.misses:
        print(f"  miss: {miss}")
    assert sum(evaluation.confusion.values()) >= 300


def test_violations_are_not_published_as_is(evaluation) -> None:
    """At least 95 % of review/reject items are redacted, reviewed or rejected."""
    share = evaluation.targets()["not_published_as_is"]
    print(f"\nreview/reject items not published as-is: {share:.1%} (target >= 95 %)")
    assert share >= 0.95


def test_reject_items_are_held(evaluation) -> None:
    """At least 99 % of reject items are held (review or reject)."""
    share = evaluation.targets()["reject_caught"]
    print(f"\nreject items held: {share:.1%} (target >= 99 %)")
    assert share >= 0.99


def test_clean_items_are_rarely_held(evaluation) -> None:
    """At most 5 % of publish items are held (review or reject)."""
    share = evaluation.targets()["false_hold_rate"]
    print(f"\nclean items held (false-hold rate): {share:.1%} (target <= 5 %)")
    assert share <= 0.05
