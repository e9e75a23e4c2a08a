"""The classifier seen from the pipeline: a protocol, a phase, and the configured loader.

``Classifier.predict`` scores a batch of texts with the detoxify labels. ``classifier_phase``
turns scores into hits (one per label, with the model's name and version), which the policy
compares with per-label, per-language thresholds. ``load_configured`` builds the detoxify
classifier from the environment, or raises ``ClassifierUnavailableError``; callers then fail
closed (``ClassifierStatus.UNAVAILABLE``).
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Protocol

from moderation.types import CLASSIFIER_LABEL_RULES, Detector, RuleHit

if TYPE_CHECKING:
    from moderation.pipeline import Phase, PreparedItem

__all__ = [
    "Classifier",
    "ClassifierUnavailableError",
    "classifier_phase",
    "hits_from_scores",
    "load_configured",
]


class ClassifierUnavailableError(RuntimeError):
    """The configured classifier cannot be loaded or used; the message says why."""


class Classifier(Protocol):
    name: str
    version: str

    def predict(self, texts: Sequence[str]) -> list[dict[str, float]]:
        """Scores in [0, 1] per label for each text, in order."""
        ...


def classifier_phase(classifier: Classifier) -> Phase:
    """A pipeline phase that scores the item's title and body as one text."""

    def phase(prepared: PreparedItem) -> tuple[RuleHit, ...]:
        (scores,) = classifier.predict([prepared.text])
        return hits_from_scores(scores, classifier)

    return phase


def hits_from_scores(scores: dict[str, float], classifier: Classifier) -> tuple[RuleHit, ...]:
    version = f"{classifier.name}@{classifier.version}"
    return tuple(
        RuleHit(
            rule_id=CLASSIFIER_LABEL_RULES[label],
            detector=Detector.CLASSIFIER,
            detector_version=version,
            score=round(float(score), 6),
            label=label,
        )
        for label, score in sorted(scores.items())
        if label in CLASSIFIER_LABEL_RULES
    )


class _Detoxify:
    def __init__(self, model_type: str, checkpoint: str, config_dir: str) -> None:
        os.environ.setdefault("HF_HUB_OFFLINE", "1")
        from detoxify import Detoxify

        device = os.environ.get("INSPEL_DETOXIFY_DEVICE", "cpu")
        self._model = Detoxify(
            model_type, checkpoint=checkpoint, device=device, huggingface_config_path=config_dir
        )
        self.name = f"detoxify-{model_type}"
        self.version = Path(checkpoint).name

    def predict(self, texts: Sequence[str]) -> list[dict[str, float]]:
        raw = self._model.predict(list(texts))
        return [
            {label: float(values[index]) for label, values in raw.items()}
            for index in range(len(texts))
        ]


def load_configured() -> Classifier:
    """The detoxify classifier the environment asks for (``INSPEL_DETOXIFY_MODEL``,
    ``INSPEL_DETOXIFY_CHECKPOINT``, ``INSPEL_DETOXIFY_CONFIG_DIR``); never downloads when a
    checkpoint is given."""
    model_type = os.environ.get("INSPEL_DETOXIFY_MODEL", "multilingual")
    checkpoint = os.environ.get("INSPEL_DETOXIFY_CHECKPOINT") or None
    config_dir = os.environ.get("INSPEL_DETOXIFY_CONFIG_DIR") or None
    if not checkpoint or not config_dir:
        # Loading without a local checkpoint would download weights: never on this path.
        raise ClassifierUnavailableError(
            "no classifier configured: set INSPEL_DETOXIFY_CHECKPOINT and "
            "INSPEL_DETOXIFY_CONFIG_DIR"
        )
    if not Path(checkpoint).exists():
        raise ClassifierUnavailableError(f"checkpoint {checkpoint} does not exist")
    try:
        return _Detoxify(model_type, checkpoint, config_dir)
    except Exception as exc:
        raise ClassifierUnavailableError(f"{type(exc).__name__}: {exc}") from exc
