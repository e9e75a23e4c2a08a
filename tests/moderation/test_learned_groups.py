"""The local model's threshold is cross-validated over groups (batches, files, months): no
group is both trained on and scored; with fewer than three groups the folds are stratified
and the card says so."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import numpy as np
import pytest

from moderation.learned import (
    Example,
    ExampleError,
    examples_from_decisions,
    examples_from_jsonl,
)
from moderation.learned.card import markdown
from moderation.learned.cli import _read
from moderation.learned.data import data_hash, mark_rules
from moderation.learned.train import MIN_GROUPS, NO_GROUP, split_folds, train
from tests.moderation import learned_data

TODAY = dt.date(2026, 12, 7)


def _rows(batches: int) -> list[dict[str, object]]:
    rows = learned_data.items()
    if batches:
        for i, row in enumerate(rows):
            row["batch"] = f"b{i % batches + 1}"
    return rows


def _examples(batches: int, group: str | None = None) -> list[Example]:
    lines = [json.dumps(row, ensure_ascii=False) for row in _rows(batches)]
    return mark_rules(examples_from_jsonl(lines, group=group))


@pytest.mark.parametrize("count", [3, 4, 7, 12])
def test_grouped_folds_never_put_one_group_in_train_and_test(count: int) -> None:
    rng = np.random.default_rng(count)
    groups = [f"g{value}" for value in rng.integers(0, count, 300)]
    groups[:count] = [f"g{i}" for i in range(count)]  # every group is there
    strata = [f"{value % 2}:{'sv' if value % 3 else 'en'}" for value in rng.integers(0, 6, 300)]
    folds = split_folds(strata, groups, folds=5, seed=0)
    assert folds.method == "grouped"
    assert len(folds.splits) == min(5, count)
    seen = np.zeros(len(groups), int)
    for train_at, test_at in folds.splits:
        assert not {groups[i] for i in train_at} & {groups[i] for i in test_at}
        seen[test_at] += 1
    assert (seen == 1).all()  # every row scored once, by a model that never saw its group
    assert "never saw its group" in folds.describe()


@pytest.mark.parametrize("count", [1, 2])
def test_fewer_than_three_groups_fall_back_to_stratified_folds(count: int) -> None:
    groups = [f"g{i % count}" for i in range(60)]
    strata = [f"{i % 2}:sv" for i in range(60)]
    folds = split_folds(strata, groups, folds=5, seed=0)
    assert folds.method == "stratified" and len(folds.splits) == 5
    assert f"fewer than {MIN_GROUPS} groups ({count})" in folds.describe()
    for train_at, test_at in folds.splits:  # still stratified: both labels on both sides
        assert {strata[i] for i in train_at} == {strata[i] for i in test_at} == {"0:sv", "1:sv"}


def test_a_row_takes_its_batch_else_the_given_group() -> None:
    lines = [
        json.dumps({"body": "a", "expected": "publish", "batch": "w1"}),
        json.dumps({"body": "b", "expected": "publish"}),
        json.dumps({"body": "c", "expected": "publish", "batch": None}),
    ]
    assert [e.group for e in examples_from_jsonl(lines, group="corpus.jsonl")] == [
        "w1",
        "corpus.jsonl",
        "corpus.jsonl",
    ]
    assert [e.group for e in examples_from_jsonl(lines)] == ["w1", None, None]
    with pytest.raises(ExampleError, match=r'line 1: "batch" must be a string'):
        list(examples_from_jsonl([json.dumps({"body": "a", "expected": "publish", "batch": 3})]))


def test_decided_items_carry_their_group() -> None:
    records = [
        {"body": "x", "state": "approved", "group": "decided 2026-11"},
        {"body": "y", "state": "rejected", "rules": ["LAW-THREAT"]},
    ]
    assert [e.group for e in examples_from_decisions(records)] == ["decided 2026-11", None]


def test_the_group_is_part_of_the_data_hash() -> None:
    one = Example(text="t", lang="sv", expected="publish")
    assert data_hash([one]) != data_hash([Example("t", "sv", "publish", group="w1")])
    assert data_hash([one]) == data_hash([Example("t", "sv", "publish")])


def test_files_without_batches_are_one_group_each(tmp_path: Path) -> None:
    first = learned_data.write(tmp_path / "first.jsonl")
    second = learned_data.write(tmp_path / "second.jsonl", _rows(2))
    examples = _read([str(first), str(second)], err=None)  # type: ignore[arg-type]
    assert examples is not None
    assert {e.group for e in examples} == {"first.jsonl", "b1", "b2"}


def test_the_card_records_grouped_cross_validation() -> None:
    model = train(_examples(4), today=TODAY, max_false_hold=0.05, sources=["b.jsonl"])
    folds = model.card["cross_validation"]
    assert folds["method"] == "grouped" and folds["folds"] == 4
    assert folds["groups"] == {"b1": 16, "b2": 15, "b3": 15, "b4": 15}
    text = markdown(model.card)
    assert "- Cross-validation: grouped: 4 folds over 4 groups" in text
    assert "- Groups: b1 (16), b2 (15), b3 (15), b4 (15)" in text
    for lang in ("sv", "en"):
        assert model.card["held_out"][lang]["clean_held_rules_and_model"] <= 0.05


@pytest.mark.parametrize(
    ("batches", "group", "named"),
    [(0, "one.jsonl", "one.jsonl"), (0, None, NO_GROUP), (2, None, "b1")],
)
def test_the_card_says_when_folds_fell_back_to_stratified(
    batches: int, group: str | None, named: str
) -> None:
    model = train(_examples(batches, group), today=TODAY, max_false_hold=0.05)
    folds = model.card["cross_validation"]
    assert folds["method"] == "stratified" and folds["folds"] == 5
    assert named in folds["groups"]
    assert "stratified: 5 folds by label and language; fewer than 3 groups" in markdown(model.card)
