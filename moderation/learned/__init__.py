"""A small Swedish and English text model that Inspel trains itself, from labelled files and
from its moderators' decisions, and that may hold an item for review — never reject it.

- ``data``: training examples and the label mapping;
- ``features``: hashed words, word pairs and character n-grams;
- ``train``: logistic regression per label, thresholds by cross-validation;
- ``model``: the model file (NumPy arrays, checked against the card's SHA-256) and scoring;
- ``card``: the model card (JSON and Markdown);
- ``phase``: ``learned_phase(model)`` for the pipeline;
- ``thresholds``: choosing a threshold under a false-hold budget, precision/recall curves.

Pure like the rest of ``moderation``: no web, no database; files only where asked.
"""

from __future__ import annotations

from moderation.learned.data import (
    Example,
    ExampleError,
    examples_from_decisions,
    examples_from_jsonl,
    labels_of,
)
from moderation.learned.model import GROUP_RULES, HOLD, LABELS, LocalModel, LocalModelError
from moderation.learned.phase import learned_phase

__all__ = [
    "GROUP_RULES",
    "HOLD",
    "LABELS",
    "Example",
    "ExampleError",
    "LocalModel",
    "LocalModelError",
    "examples_from_decisions",
    "examples_from_jsonl",
    "labels_of",
    "learned_phase",
]
