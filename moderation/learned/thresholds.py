"""Choosing a score threshold from labelled data, and the precision/recall it gives.

``pick_threshold`` takes the lowest threshold at which the share of clean items the score
ADDS — clean items held by it that something else (the rules) does not already hold — stays
within ``max_false_hold``; with ``budget_includes_rules`` the clean items already held count
against the same budget (the old meaning). ``curve`` gives precision, recall and the share of
clean items held per threshold.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

__all__ = ["CurvePoint", "curve", "grid", "pick_threshold"]

BoolArray = npt.NDArray[np.bool_]
FloatArray = npt.NDArray[np.floating]


@dataclass(frozen=True, slots=True)
class CurvePoint:
    threshold: float
    precision: float
    recall: float
    false_hold: float
    #: Positives and clean items at or above the threshold.
    caught: int
    held_clean: int


def pick_threshold(
    scores: FloatArray,
    clean: BoolArray,
    max_false_hold: float,
    already_held: BoolArray | None = None,
    *,
    budget_includes_rules: bool = False,
) -> float | None:
    """The lowest threshold (score ≥ threshold holds) keeping the clean items the score adds
    (held by it, not ``already_held``) at or under ``max_false_hold`` of all clean items.
    With ``budget_includes_rules``, the clean items held by the score or already count
    together, and ``None`` comes back when the already held spend the budget. ``None`` also
    when there are no clean items or no threshold keeps within it."""
    if not 0.0 <= max_false_hold < 1.0:
        raise ValueError("max_false_hold must be at least 0 and below 1")
    scores = np.asarray(scores, dtype=np.float64)
    clean = np.asarray(clean, dtype=bool)
    held = np.zeros(len(scores), bool) if already_held is None else np.asarray(already_held, bool)
    total = int(clean.sum())
    if total == 0:
        return None
    allowed = int(np.floor(max_false_hold * total + 1e-9))
    if budget_includes_rules:
        allowed -= int((held & clean).sum())
    if allowed < 0:
        return None
    free = np.sort(scores[clean & ~held])[::-1]
    if allowed >= len(free):
        # Every clean item may be held: the lowest score of all.
        return float(scores.min()) if len(scores) else None
    # The (allowed + 1)-th highest clean score must stay below the threshold: halfway to the
    # next score above it, so that the threshold does not sit on a clean item.
    bar = float(free[allowed])
    above = scores[scores > bar]
    if len(above) == 0:
        return None
    return (bar + float(above.min())) / 2


def curve(
    scores: FloatArray, positive: BoolArray, clean: BoolArray, thresholds: Sequence[float]
) -> list[CurvePoint]:
    """Precision (positives among positive and clean items at or above the threshold),
    recall (of positives) and the clean items held, per threshold."""
    scores = np.asarray(scores, dtype=np.float64)
    positive = np.asarray(positive, dtype=bool)
    clean = np.asarray(clean, dtype=bool)
    points = []
    for threshold in thresholds:
        at = scores >= threshold
        caught, held_clean = int((at & positive).sum()), int((at & clean).sum())
        flagged = caught + held_clean
        points.append(
            CurvePoint(
                threshold=float(threshold),
                precision=caught / flagged if flagged else float("nan"),
                recall=caught / int(positive.sum()) if positive.any() else float("nan"),
                false_hold=held_clean / int(clean.sum()) if clean.any() else float("nan"),
                caught=caught,
                held_clean=held_clean,
            )
        )
    return points


def grid(step: float = 0.05) -> list[float]:
    """Thresholds from ``step`` to 1 − ``step``."""
    count = round(1 / step)
    return [round(i * step, 6) for i in range(1, count)]
