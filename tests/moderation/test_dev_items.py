"""Every item of the ``dev`` split, one test each: positives, hard negatives and dodges of
every rule, written blind (tests/moderation/test_corpus_splits.py says how).

A violation must not be published as is; a clean item must not be held. The items the engine
gets wrong today are listed in tests/data/moderation_dev_known_misses.txt and expected to
fail (strict: a rule change that fixes one makes its test fail until the id is removed from
the list). ``sealed`` items are never listed or read here.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from moderation.cli import Stream, parse_item

DATA = Path(__file__).resolve().parents[1] / "data"
DEV = DATA / "moderation_dev.jsonl"
KNOWN = DATA / "moderation_dev_known_misses.txt"


def _known_misses() -> frozenset[str]:
    lines = KNOWN.read_text(encoding="utf-8").splitlines()
    return frozenset(line.split("\t")[0] for line in lines if line and not line.startswith("#"))


def _cases() -> list[Any]:
    known = _known_misses()
    cases = []
    with DEV.open(encoding="utf-8") as handle:
        for line in handle:
            raw = json.loads(line)
            rule = ",".join(raw["reasons"]) or "clean"
            marks = (
                [pytest.mark.xfail(reason="a known wrong call", strict=True)]
                if raw["id"] in known
                else []
            )
            cases.append(pytest.param(line, id=f"{raw['id']}-{raw['kind']}-{rule}", marks=marks))
    return cases


@pytest.fixture(scope="module")
def actions() -> dict[str, str]:
    """Every dev item's action, judged in file order by one stream, as ``inspel moderation
    check`` judges them: a repeat is judged after its author's earlier copy whichever pytest
    worker runs its test."""
    stream = Stream()
    found = {}
    with DEV.open(encoding="utf-8") as handle:
        for line in handle:
            item_id, item, _raw = parse_item(line)
            found[item_id] = stream.judge(item).action.value
    return found


@pytest.mark.parametrize("line", _cases())
def test_dev_item(line: str, actions: dict[str, str]) -> None:
    item_id, _item, raw = parse_item(line)
    action = actions[item_id]
    if raw["expected"] == "publish":
        assert action in ("publish", "redact"), f"{item_id}: a clean item was held ({action})"
    else:
        assert action != "publish", f"{item_id}: {raw['reasons']} was published as is"


def test_the_known_misses_are_items_of_dev() -> None:
    with DEV.open(encoding="utf-8") as handle:
        ids = {json.loads(line)["id"] for line in handle}
    assert _known_misses() <= ids
