"""The local model on writers it never saw: leave one batch pair out.

The labelled data (``tests/data/moderation_corpus.jsonl`` + ``moderation_dev.jsonl``) comes in
batches written by pairs of writers: ``w1``, ``w2``, … share the letter ``w``; the corpus
(no ``batch``) is one more pair. For each pair, the model is trained on all the other pairs,
its ``hold`` threshold is chosen by cross-validation on them, and the held-out pair is scored
with the rules plus the model — as a region meets the text of new writers.

Ways of choosing the threshold are compared, each at several ``max_false_hold`` budgets (the
share of clean items the model adds beyond the rules; with ``--budget-includes-rules``, the
share rules and model hold together, the meaning before round 2):

- ``strat``: the old way, 5 folds stratified by label and language (each batch on both sides
  of every fold, so the threshold is chosen on text too like the training text);
- ``group``: what ``train`` does now, 5 folds that never split a batch (``Example.group``);
- ``pair`` (``--methods strat,group,pair``): 5 folds that never split a batch pair.

Printed: caught (review and reject items not published as is), reject caught (reject items
held), clean held (publish items held), Swedish clean held; per held-out pair and the mean
and worst over pairs (worst: lowest caught, highest clean held). The rules' decisions are
``moderation.evaluate`` on each example's title and body as one text, as the trainer sees
them, so "rules alone" may differ a little from ``inspel moderation eval``.

    .venv/bin/python benchmarks/learned_fresh.py [--budgets 0,0.005,0.01] [--methods group]
        [--budget-includes-rules] [--c 10]

Never reads the sealed split.
"""

from __future__ import annotations

import argparse
import re
import sys
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import numpy.typing as npt

REPO = Path(__file__).resolve().parent.parent
DATA = REPO / "tests" / "data"
FILES = ("moderation_corpus.jsonl", "moderation_dev.jsonl")
_PAIR = re.compile(r"^([a-z]+)\d+$")

BoolArray = npt.NDArray[np.bool_]


def pair_of(group: str) -> str:
    """``w3`` → ``w``; a group that is not a lettered batch is its own pair."""
    found = _PAIR.match(group)
    return found.group(1) if found else group.removesuffix(".jsonl").removeprefix("moderation_")


@dataclass(frozen=True)
class Figures:
    caught: float
    reject: float
    clean: float
    clean_sv: float

    def cells(self) -> str:
        return f"{self.caught:6.3f} {self.reject:6.3f} {self.clean:6.3f} {self.clean_sv:6.3f}"


def _share(hit: BoolArray, base: BoolArray) -> float:
    return float(hit[base].mean()) if base.any() else float("nan")


def figures(held: BoolArray, not_published: BoolArray, data: dict[str, Any]) -> Figures:
    """Over one pair's rows: ``held`` (review or reject) and ``not_published`` (also masked)."""
    return Figures(
        caught=_share(not_published, data["to_hold"]),
        reject=_share(held, data["reject"]),
        clean=_share(held, data["clean"]),
        clean_sv=_share(held, data["clean"] & data["sv"]),
    )


def _load() -> tuple[list[Any], dict[str, Any]]:
    from dataclasses import replace

    from moderation.learned import examples_from_jsonl
    from moderation.pipeline import evaluate
    from moderation.types import Action, Item

    examples = []
    for name in FILES:
        with (DATA / name).open(encoding="utf-8") as handle:
            examples += list(examples_from_jsonl(handle, group=name))
    actions = [evaluate(Item(body=example.text, lang=example.lang)) for example in examples]
    examples = [
        replace(example, held_by_rules=result.is_held)
        for example, result in zip(examples, actions, strict=True)
    ]
    data = {
        "held": np.array([result.is_held for result in actions]),
        "not_published": np.array([result.action != Action.PUBLISH for result in actions]),
        "to_hold": np.array([not example.clean for example in examples]),
        "reject": np.array([example.expected == "reject" for example in examples]),
        "clean": np.array([example.clean for example in examples]),
        "sv": np.array([example.lang == "sv" for example in examples]),
        "pair": np.array([pair_of(example.group or "") for example in examples]),
    }
    return examples, data


def _scores_for(
    method: str, train_rows: npt.NDArray[np.int_], examples: list[Any], counts: Any, c: float
) -> npt.NDArray[np.float64]:
    """Out-of-fold ``hold`` scores over the training rows, folds made the ``method`` way."""
    from moderation.learned.train import cv_strata, held_out_hold, hold_targets, split_folds

    chosen = [examples[i] for i in train_rows]
    target = hold_targets(chosen)
    known = np.flatnonzero(target >= 0)
    strata = cv_strata(chosen, target)
    if method == "strat":
        groups = ["all"] * len(known)
    elif method == "group":
        groups = [chosen[i].group or "" for i in known]
    else:
        groups = [pair_of(chosen[i].group or "") for i in known]
    folds = split_folds([strata[i] for i in known], groups, 5, 0)
    assert folds.method == ("stratified" if method == "strat" else "grouped")
    return held_out_hold(counts[train_rows], target, known, folds, c)


def run(
    budgets: Sequence[float], methods: Sequence[str], c: float, including_rules: bool = False
) -> dict[tuple[str, str], Any]:
    from moderation.learned.features import Featurizer, lang_key
    from moderation.learned.train import (
        _weighted,
        choose_thresholds,
        count_matrix,
        fit_hold,
        hold_targets,
    )

    examples, data = _load()
    counts = count_matrix(Featurizer(), examples)
    langs = np.array([lang_key(example.lang) for example in examples])
    results: dict[tuple[str, str], Any] = {}
    for pair in sorted(set(data["pair"])):
        started = time.perf_counter()
        test = np.flatnonzero(data["pair"] == pair)
        train_rows = np.flatnonzero(data["pair"] != pair)
        mine = {key: value[test] for key, value in data.items() if key != "pair"}
        results["rules", pair] = figures(mine["held"], mine["not_published"], mine)
        chosen = [examples[i] for i in train_rows]
        target = hold_targets(chosen)
        known = np.flatnonzero(target >= 0)
        idf, coef, intercept = fit_hold(counts[train_rows], target, known, c)
        raw = _weighted(counts[test], idf) @ coef + intercept
        scores = 1.0 / (1.0 + np.exp(-raw))
        for method in methods:
            held_out = _scores_for(method, train_rows, examples, counts, c)
            for budget in budgets:
                thresholds = choose_thresholds(
                    chosen, held_out, budget, budget_includes_rules=including_rules
                )
                bar = np.array(
                    [
                        np.inf if (t := thresholds.get(k, thresholds.get("*"))) is None else t
                        for k in langs[test]
                    ]
                )
                model = scores >= bar
                results[f"{method}@{budget}", pair] = figures(
                    mine["held"] | model, mine["not_published"] | model, mine
                )
                results[f"{method}@{budget}", pair, "thr"] = (
                    thresholds.get("sv"),
                    thresholds.get("en"),
                )
        print(f"  {pair}: {time.perf_counter() - started:.0f} s", file=sys.stderr, flush=True)
    return results


def report(results: dict[tuple[str, str], Any]) -> None:
    pairs = sorted({key[1] for key in results if len(key) == 2})
    names = list(dict.fromkeys(key[0] for key in results if len(key) == 2))
    print("Leave one batch pair out (corpus + dev): trained on the other pairs, scored on it.")
    print("caught / reject caught / clean held / sv clean held\n")
    head = f"{'caught':>6} {'reject':>6} {'clean':>6} {'cl sv':>6}"
    print(f"{'method':<12} {'pair':<8} {head}   thresholds sv / en")
    for name in names:
        for pair in pairs:
            thr = results.get((name, pair, "thr"))
            shown = " / ".join("never" if t is None else f"{t:.3f}" for t in thr) if thr else ""
            print(f"{name:<12} {pair:<8} {results[name, pair].cells()}   {shown}")
        print()
    print(f"{'method':<12} {'mean':<8} {head}   | {'worst':<8} {head}")
    for name in names:
        rows = [results[name, pair] for pair in pairs]
        mean = Figures(*(float(np.nanmean([getattr(r, f) for r in rows])) for f in _FIELDS))
        worst = Figures(
            *(
                float(
                    (np.nanmax if f.startswith("clean") else np.nanmin)(
                        [getattr(r, f) for r in rows]
                    )
                )
                for f in _FIELDS
            )
        )
        print(f"{name:<12} {'':<8} {mean.cells()}   | {'':<8} {worst.cells()}")


_FIELDS = ("caught", "reject", "clean", "clean_sv")


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--budgets", default="0,0.005,0.01,0.015,0.02")
    parser.add_argument(
        "--budget-includes-rules",
        action="store_true",
        help="the budget counts the clean items the rules hold too (the meaning before round 2)",
    )
    parser.add_argument("--c", type=float, default=10.0, help="regularisation C (10)")
    parser.add_argument(
        "--methods", default="strat,group", help="strat, group and/or pair (strat,group)"
    )
    args = parser.parse_args(argv)
    if str(REPO) not in sys.path:
        sys.path.insert(0, str(REPO))
    budgets = [float(value) for value in args.budgets.split(",")]
    methods = args.methods.split(",")
    started = time.perf_counter()
    report(run(budgets, methods, args.c, args.budget_includes_rules))
    meaning = "rules + model" if args.budget_includes_rules else "added by the model"
    print(f"\nC = {args.c}; budget: clean items {meaning}; {time.perf_counter() - started:.0f} s")


if __name__ == "__main__":
    main()
