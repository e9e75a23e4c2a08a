"""Training the local model: one logistic regression per label over hashed word and
character n-gram features, thresholds chosen by cross-validation, and the model card.

How the ``hold`` threshold is chosen: the training examples are split into ``folds`` parts by
label and language; each part is scored by a model trained on the others, so every example
has a score from a model that never saw it. Per language (``sv``, ``en``), the threshold is the
lowest at which the clean examples held — by the rules (when ``held_by_rules`` is known) or by
the score — stay within ``max_false_hold``; ``*`` (other languages) takes the higher of the
two. The final model is then trained on every example. scikit-learn is needed here only:
scoring is NumPy (``model.LocalModel``).
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Sequence
from typing import Any

import numpy as np
import numpy.typing as npt

from moderation.learned.data import Example, data_hash, labels_of
from moderation.learned.features import DEFAULT_BITS, Featurizer, lang_key
from moderation.learned.model import FORMAT, HOLD, LABELS, LocalModel
from moderation.learned.thresholds import pick_threshold

__all__ = ["DEFAULT_MAX_FALSE_HOLD", "TrainingError", "train"]

#: The share of clean items that rules and model together may hold, measured held out. Under
#: the 0.04 the moderation issue allows, leaving a margin for new text.
DEFAULT_MAX_FALSE_HOLD = 0.03
_C = 10.0
_LANGS = ("sv", "en")


class TrainingError(ValueError):
    """Training cannot go on (too few examples of a kind); the message says why."""


def _matrix(featurizer: Featurizer, examples: Sequence[Example]) -> Any:
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


def _fit(matrix: Any, target: npt.NDArray[np.int_]) -> tuple[npt.NDArray[Any], float]:
    """Weights and intercept of one label; a label with one class only never fires."""
    if len(set(target.tolist())) < 2:
        return np.zeros(matrix.shape[1]), (-30.0 if not target.any() else 30.0)
    from sklearn.linear_model import LogisticRegression

    model = LogisticRegression(C=_C, class_weight="balanced", max_iter=1000, solver="liblinear")
    model.fit(matrix, target)
    return model.coef_[0], float(model.intercept_[0])


def _held_out_hold(
    counts: Any, target: npt.NDArray[np.int_], strata: list[str], folds: int, seed: int
) -> npt.NDArray[np.float64]:
    """Out-of-fold ``hold`` scores for the examples with a ``hold`` label (target ≥ 0)."""
    from sklearn.model_selection import StratifiedKFold

    scores = np.full(len(target), np.nan)
    known = np.flatnonzero(target >= 0)
    smallest = min(Counter(strata[i] for i in known).values())
    splits = max(2, min(folds, smallest))
    splitter = StratifiedKFold(n_splits=splits, shuffle=True, random_state=seed)
    for train_at, test_at in splitter.split(known, [strata[i] for i in known]):
        train_rows, test_rows = known[train_at], known[test_at]
        idf = _idf(counts[train_rows], counts.shape[1])
        coef, intercept = _fit(_weighted(counts[train_rows], idf), target[train_rows])
        raw = _weighted(counts[test_rows], idf) @ coef + intercept
        scores[test_rows] = 1.0 / (1.0 + np.exp(-raw))
    return scores


def train(
    examples: Sequence[Example],
    *,
    today: dt.date,
    max_false_hold: float = DEFAULT_MAX_FALSE_HOLD,
    folds: int = 5,
    seed: int = 0,
    bits: int = DEFAULT_BITS,
    sources: Sequence[str] = (),
) -> LocalModel:
    """Train on ``examples`` (cross-validating the ``hold`` threshold) and return the model
    with its card; ``sources`` names the training files for the card."""
    from moderation.learned.card import build_card

    labels = [labels_of(example) for example in examples]
    hold = np.array([-1 if row[HOLD] is None else row[HOLD] for row in labels])
    for value, kind in ((1, "held"), (0, "clean")):
        if int((hold == value).sum()) < 2 * folds:
            raise TrainingError(
                f"too few {kind} examples to train and cross-validate: "
                f"{int((hold == value).sum())}, at least {2 * folds} needed"
            )
    featurizer = Featurizer(bits)
    counts = _matrix(featurizer, examples)
    strata = [f"{hold[i]}:{lang_key(example.lang)}" for i, example in enumerate(examples)]
    held_out = _held_out_hold(counts, hold, strata, folds, seed)

    clean = np.array([example.clean for example in examples])
    by_rules = np.array([bool(example.held_by_rules) for example in examples])
    langs = np.array([lang_key(example.lang) for example in examples])
    thresholds: dict[str, float | None] = {}
    for lang in _LANGS:
        mine = (langs == lang) & ~np.isnan(held_out)
        if clean[mine].sum() == 0:
            continue
        thresholds[lang] = pick_threshold(
            held_out[mine], clean[mine], max_false_hold, already_held=by_rules[mine]
        )
    known = [value for value in thresholds.values() if value is not None]
    thresholds["*"] = max(known) if len(known) == len(thresholds) and known else None

    idf = _idf(counts, featurizer.columns)
    matrix = _weighted(counts, idf)
    coef = np.zeros((featurizer.columns, len(LABELS)), dtype=np.float32)
    intercept = np.zeros(len(LABELS), dtype=np.float32)
    for column, label in enumerate(LABELS):
        target = np.array([-1 if row[label] is None else row[label] for row in labels])
        rows = np.flatnonzero(target >= 0)
        weights, bias = _fit(matrix[rows], target[rows])
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
            "folds": folds,
            "seed": seed,
            "C": _C,
            "features": "words, word pairs, language × word, character 3–5-grams of words",
        },
        sources=sources,
    )
    card.update(format=FORMAT, bits=bits, labels=list(LABELS))
    return LocalModel(coef=coef, intercept=intercept, idf=idf, card=card, bits=bits)
