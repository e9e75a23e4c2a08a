"""Training the local model: one logistic regression per label over hashed word and
character n-gram features, thresholds chosen by cross-validation, and the model card.

How the ``hold`` threshold is chosen: the training examples are split into ``folds`` parts
**by group** (``Example.group``: a labelled file's batch, else the file; a decided item's
month), so that no group is both trained on and scored — text from one writer or one batch
is scored only by a model that never saw that batch, as the model will meet new writers'
text. The parts also keep the share of held and clean items per language about even. With
fewer than three groups there is nothing to hold out, and the parts are split by label and
language only (the card says which). Each part is scored by a model trained on the others,
so every example has a score from a model that never saw it. Per language (``sv``, ``en``),
the threshold is the lowest at which the clean examples the model ADDS — held by the score
and not by the rules (when ``held_by_rules`` is known) — stay within ``max_false_hold`` of
the clean examples; ``*`` (other languages) takes the higher of the two. With
``budget_includes_rules`` (the meaning before round 2) the clean examples the rules hold
count against the same budget, so a language whose rules already spend it gets no threshold.
The final model is then trained on every example.
scikit-learn is needed here only: scoring is NumPy (``model.LocalModel``).
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import numpy.typing as npt

from moderation.learned.data import Example, data_hash, labels_of
from moderation.learned.features import DEFAULT_BITS, Featurizer, lang_key
from moderation.learned.model import FORMAT, HOLD, LABELS, LocalModel
from moderation.learned.thresholds import pick_threshold

__all__ = [
    "BUDGET_ADDED",
    "BUDGET_RULES_AND_MODEL",
    "DEFAULT_MAX_FALSE_HOLD",
    "MIN_GROUPS",
    "NO_GROUP",
    "Folds",
    "TrainingError",
    "choose_thresholds",
    "count_matrix",
    "fit_hold",
    "held_out_hold",
    "split_folds",
    "train",
]

#: The share of clean items the model may hold beyond those the rules hold, measured held
#: out over batches. ``benchmarks/learned_fresh.py`` (leave one of 11 batch pairs out of corpus
#: + dev; docs/moderation.md "Held out by batch pair"): at 0 (a threshold just above the
#: highest held-out score of a clean item the rules let through) rules + model hold 0.014 of a
#: pair's clean items on average and at most 0.054 (the rules alone: 0.012, 0.054), catching
#: 0.859 (rules 0.813). Every budget above 0 tried (0.0025 … 0.02) adds a clean item to the
#: worst pair (q: 0.061 or more), over the 0.06 allowed; 0.005 would catch 0.906.
DEFAULT_MAX_FALSE_HOLD = 0.0
_C = 10.0
_LANGS = ("sv", "en")
#: What ``max_false_hold`` counts, as the card's settings name it.
BUDGET_ADDED = "clean items the model holds beyond the rules"
BUDGET_RULES_AND_MODEL = "clean items the rules and the model hold together"
#: Grouped cross-validation needs at least this many groups; with fewer, stratified folds.
MIN_GROUPS = 3
#: The group of examples that name none.
NO_GROUP = "(no group)"


class TrainingError(ValueError):
    """Training cannot go on (too few examples of a kind); the message says why."""


def count_matrix(featurizer: Featurizer, examples: Sequence[Example]) -> Any:
    """Examples × columns, ``1 + log count`` of each feature (before idf and scaling)."""
    from scipy.sparse import csr_matrix

    rows, cols, counts = featurizer.batch(
        [example.text for example in examples], [example.lang for example in examples]
    )
    shape = (len(examples), featurizer.columns)
    return csr_matrix((1.0 + np.log(counts), (rows, cols)), shape=shape, dtype=np.float64)


def _idf(counts: Any, columns: int) -> npt.NDArray[np.float32]:
    documents = np.bincount(counts.indices, minlength=columns)
    total = counts.shape[0]
    idf: npt.NDArray[np.float32] = (np.log((1.0 + total) / (1.0 + documents)) + 1.0).astype(
        np.float32
    )
    return idf


def _weighted(counts: Any, idf: npt.NDArray[np.float32]) -> Any:
    from sklearn.preprocessing import normalize

    return normalize(counts.multiply(idf).tocsr())


def _fit(
    matrix: Any, target: npt.NDArray[np.int_], c: float = _C
) -> tuple[npt.NDArray[Any], float]:
    """Weights and intercept of one label; a label with one class only never fires."""
    if len(set(target.tolist())) < 2:
        return np.zeros(matrix.shape[1]), (-30.0 if not target.any() else 30.0)
    from sklearn.linear_model import LogisticRegression

    model = LogisticRegression(C=c, class_weight="balanced", max_iter=1000, solver="liblinear")
    model.fit(matrix, target)
    return model.coef_[0], float(model.intercept_[0])


IntArray = npt.NDArray[np.int_]


@dataclass(frozen=True)
class Folds:
    """Train and test positions (into the rows split) and how they were made."""

    splits: list[tuple[IntArray, IntArray]]
    #: ``grouped`` (no group on both sides) or ``stratified`` (fewer than ``MIN_GROUPS``).
    method: str
    groups: dict[str, int]

    def describe(self) -> str:
        if self.method == "grouped":
            return (
                f"grouped: {len(self.splits)} folds over {len(self.groups)} groups, "
                "each example scored by a model that never saw its group"
            )
        return (
            f"stratified: {len(self.splits)} folds by label and language; fewer than "
            f"{MIN_GROUPS} groups ({len(self.groups)}), so text of one group is on both sides "
            "and held-out figures flatter the model on new writers"
        )


def split_folds(strata: Sequence[str], groups: Sequence[str], folds: int, seed: int) -> Folds:
    """Folds over rows with these strata (label and language) and groups: grouped when there
    are at least ``MIN_GROUPS`` groups (at most one fold per group), else stratified."""
    from sklearn.model_selection import StratifiedGroupKFold, StratifiedKFold

    sizes = dict(sorted(Counter(groups).items()))
    rows = np.zeros(len(strata))
    if len(sizes) >= MIN_GROUPS:
        grouped = StratifiedGroupKFold(
            n_splits=min(folds, len(sizes)), shuffle=True, random_state=seed
        )
        splits = [(a, b) for a, b in grouped.split(rows, strata, groups) if len(b) and len(a)]
        return Folds(splits, "grouped", sizes)
    smallest = min(Counter(strata).values())
    splitter = StratifiedKFold(
        n_splits=max(2, min(folds, smallest)), shuffle=True, random_state=seed
    )
    return Folds(list(splitter.split(rows, strata)), "stratified", sizes)


def fit_hold(
    counts: Any, target: npt.NDArray[np.int_], train_rows: IntArray, c: float = _C
) -> tuple[npt.NDArray[np.float32], npt.NDArray[Any], float]:
    """Idf, weights and intercept of ``hold`` trained on ``train_rows`` only."""
    idf = _idf(counts[train_rows], counts.shape[1])
    coef, intercept = _fit(_weighted(counts[train_rows], idf), target[train_rows], c)
    return idf, coef, intercept


def held_out_hold(
    counts: Any, target: npt.NDArray[np.int_], known: IntArray, folds: Folds, c: float = _C
) -> npt.NDArray[np.float64]:
    """Out-of-fold ``hold`` scores of the rows ``known`` (``folds`` index into them); NaN
    elsewhere."""
    scores = np.full(counts.shape[0], np.nan)
    for train_at, test_at in folds.splits:
        train_rows, test_rows = known[train_at], known[test_at]
        idf, coef, intercept = fit_hold(counts, target, train_rows, c)
        raw = _weighted(counts[test_rows], idf) @ coef + intercept
        scores[test_rows] = 1.0 / (1.0 + np.exp(-raw))
    return scores


def choose_thresholds(
    examples: Sequence[Example],
    held_out: npt.NDArray[np.float64],
    max_false_hold: float,
    *,
    budget_includes_rules: bool = False,
) -> dict[str, float | None]:
    """The ``hold`` threshold per language key from out-of-fold scores (module docstring)."""
    clean = np.array([example.clean for example in examples])
    by_rules = np.array([bool(example.held_by_rules) for example in examples])
    langs = np.array([lang_key(example.lang) for example in examples])
    thresholds: dict[str, float | None] = {}
    for lang in _LANGS:
        mine = (langs == lang) & ~np.isnan(held_out)
        if clean[mine].sum() == 0:
            continue
        thresholds[lang] = pick_threshold(
            held_out[mine],
            clean[mine],
            max_false_hold,
            already_held=by_rules[mine],
            budget_includes_rules=budget_includes_rules,
        )
    known = [value for value in thresholds.values() if value is not None]
    thresholds["*"] = max(known) if len(known) == len(thresholds) and known else None
    return thresholds


def hold_targets(examples: Sequence[Example]) -> npt.NDArray[np.int_]:
    """1 held, 0 clean, -1 where an example teaches ``hold`` nothing."""
    return np.array([-1 if (v := labels_of(e)[HOLD]) is None else v for e in examples])


def cv_strata(examples: Sequence[Example], target: npt.NDArray[np.int_]) -> list[str]:
    return [f"{target[i]}:{lang_key(example.lang)}" for i, example in enumerate(examples)]


def train(
    examples: Sequence[Example],
    *,
    today: dt.date,
    max_false_hold: float = DEFAULT_MAX_FALSE_HOLD,
    folds: int = 5,
    seed: int = 0,
    bits: int = DEFAULT_BITS,
    sources: Sequence[str] = (),
    c: float = _C,
    budget_includes_rules: bool = False,
) -> LocalModel:
    """Train on ``examples`` (cross-validating the ``hold`` threshold) and return the model
    with its card; ``sources`` names the training files for the card."""
    from moderation.learned.card import build_card

    labels = [labels_of(example) for example in examples]
    hold = hold_targets(examples)
    for value, kind in ((1, "held"), (0, "clean")):
        if int((hold == value).sum()) < 2 * folds:
            raise TrainingError(
                f"too few {kind} examples to train and cross-validate: "
                f"{int((hold == value).sum())}, at least {2 * folds} needed"
            )
    featurizer = Featurizer(bits)
    counts = count_matrix(featurizer, examples)
    known = np.flatnonzero(hold >= 0)
    strata = cv_strata(examples, hold)
    groups = [examples[int(i)].group or NO_GROUP for i in known]
    chosen = split_folds([strata[i] for i in known], groups, folds, seed)
    held_out = held_out_hold(counts, hold, known, chosen, c)
    thresholds = choose_thresholds(
        examples, held_out, max_false_hold, budget_includes_rules=budget_includes_rules
    )

    idf = _idf(counts, featurizer.columns)
    matrix = _weighted(counts, idf)
    coef = np.zeros((featurizer.columns, len(LABELS)), dtype=np.float32)
    intercept = np.zeros(len(LABELS), dtype=np.float32)
    for column, label in enumerate(LABELS):
        target = np.array([-1 if row[label] is None else row[label] for row in labels])
        rows = np.flatnonzero(target >= 0)
        weights, bias = _fit(matrix[rows], target[rows], c)
        coef[:, column], intercept[column] = weights, bias

    card = build_card(
        examples,
        labels,
        held_out=held_out,
        thresholds=thresholds,
        today=today,
        data_sha256=data_hash(examples),
        settings={
            "max_false_hold": max_false_hold,
            "budget": BUDGET_RULES_AND_MODEL if budget_includes_rules else BUDGET_ADDED,
            "folds": folds,
            "seed": seed,
            "C": c,
            "features": "words, word pairs, language × word, character 3–5-grams of words",
        },
        sources=sources,
        cross_validation={
            "method": chosen.method,
            "folds": len(chosen.splits),
            "groups": dict(sorted(Counter(e.group or NO_GROUP for e in examples).items())),
            "about": chosen.describe(),
        },
    )
    card.update(format=FORMAT, bits=bits, labels=list(LABELS))
    return LocalModel(coef=coef, intercept=intercept, idf=idf, card=card, bits=bits)
