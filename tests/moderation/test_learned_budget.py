"""``--max-false-hold`` is the share of clean items the local model ADDS to what the rules hold
(held out, grouped): rules that already hold more than the budget leave the model its share.
``--budget-includes-rules`` keeps the old meaning, where the rules spend the budget first."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace
from pathlib import Path

import numpy as np
import pytest

from debate.cli import main
from moderation.learned import Example
from moderation.learned.card import markdown
from moderation.learned.train import (
    BUDGET_ADDED,
    BUDGET_RULES_AND_MODEL,
    choose_thresholds,
    train,
)
from tests.moderation import learned_data
from tests.moderation.test_learned_groups import _examples

TODAY = dt.date(2026, 12, 7)


def _constructed() -> tuple[list[Example], np.ndarray]:
    """Per language 200 clean items scored 0.000 … 0.995 (the rules hold the 8 scored
    0.40 … 0.47: 0.04 of the clean items) and 40 to hold scored 0.8025 … 0.9975."""
    examples: list[Example] = []
    scores: list[float] = []
    for lang in ("sv", "en"):
        for i in range(200):
            by_rules = 80 <= i < 88
            examples.append(Example(f"c{i}", lang, "publish", held_by_rules=by_rules))
            scores.append(i / 200)
        for i in range(40):
            examples.append(Example(f"h{i}", lang, "review", held_by_rules=i % 2 == 0))
            scores.append(0.8025 + i / 200)
    return examples, np.array(scores)


@pytest.mark.parametrize("budget", [0.005, 0.01, 0.015, 0.02])
def test_rules_over_the_old_budget_still_leave_the_model_its_share(budget: float) -> None:
    examples, scores = _constructed()
    clean = np.array([e.clean for e in examples])
    by_rules = np.array([bool(e.held_by_rules) for e in examples])
    # The old meaning: the rules alone hold 0.04 of the clean items, over every budget here.
    old = choose_thresholds(examples, scores, budget, budget_includes_rules=True)
    assert old == {"sv": None, "en": None, "*": None}
    # The new meaning: the model adds its share, however much the rules hold.
    new = choose_thresholds(examples, scores, budget)
    for lang in ("sv", "en"):
        threshold = new[lang]
        assert threshold is not None
        mine = np.array([e.lang == lang for e in examples])
        added = (scores >= threshold) & clean & ~by_rules & mine
        assert added.sum() == int(np.floor(budget * 200 + 1e-9))  # the budget, used in full
        assert (scores[mine & ~clean] >= threshold).any()  # and it catches what rules miss
    assert new["*"] == max(new["sv"], new["en"])  # type: ignore[type-var]


def test_clean_items_the_rules_hold_do_not_spend_the_budget() -> None:
    examples, scores = _constructed()
    # The rules hold the clean items the model scores highest: the model adds the next ones.
    examples = [
        replace(e, held_by_rules=e.clean and e.text in {"c199", "c198", "c197"}) for e in examples
    ]
    threshold = choose_thresholds(examples, scores, 0.01)["sv"]
    assert threshold is not None and 0.97 < threshold <= 0.975  # holds c196, c195 beyond them
    lowered = choose_thresholds(examples, scores, 0.01, budget_includes_rules=True)["sv"]
    assert lowered is None  # 3 of 200 held by the rules: over 0.01 before the model holds any


def _rules_hold_three_clean(examples: list[Example]) -> list[Example]:
    """Three Swedish clean items marked as held by the rules (over a 0.12 budget of 18)."""
    marked, out = 0, []
    for example in examples:
        if example.lang == "sv" and example.clean and marked < 3:
            example, marked = replace(example, held_by_rules=True), marked + 1
        out.append(example)
    return out


def test_train_records_the_meaning_and_gives_a_threshold_past_the_rules() -> None:
    examples = _rules_hold_three_clean(_examples(4))
    added = train(examples, today=TODAY, max_false_hold=0.12)
    assert added.card["settings"]["budget"] == BUDGET_ADDED
    assert f"budget={BUDGET_ADDED}" in markdown(added.card)
    assert added.card["thresholds"]["hold"]["sv"] is not None
    figures = added.card["held_out"]["sv"]
    assert figures["clean_held_rules"] > 0.12  # the rules alone, over the budget
    assert figures["clean_held_rules_and_model"] - figures["clean_held_rules"] <= 0.12
    old = train(examples, today=TODAY, max_false_hold=0.12, budget_includes_rules=True)
    assert old.card["settings"]["budget"] == BUDGET_RULES_AND_MODEL
    assert old.card["thresholds"]["hold"]["sv"] is None  # "never": the rules spent it
    assert old.card["thresholds"]["hold"]["en"] is not None


def test_the_cli_takes_budget_includes_rules(tmp_path: Path) -> None:
    labelled = learned_data.write(tmp_path / "labelled.jsonl")
    meanings = (([], BUDGET_ADDED), (["--budget-includes-rules"], BUDGET_RULES_AND_MODEL))
    for flag, meaning in meanings:
        out = tmp_path / ("old" if flag else "new")
        assert main(["model", "train", str(labelled), "--out", str(out), *flag]) == 0
        assert f"budget={meaning}" in (out / "card.md").read_text(encoding="utf-8")
