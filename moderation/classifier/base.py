"""What the pipeline sees of a classifier: the protocol, the errors, the phase and its hits."""

from __future__ import annotations

import inspect
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Protocol

from moderation.types import CLASSIFIER_LABEL_RULES, Detector, RuleHit

if TYPE_CHECKING:
    from moderation.pipeline import Phase, PreparedItem


class ClassifierUnavailableError(RuntimeError):
    """The configured classifier cannot be loaded or used; the message says why."""


class NotScorableError(ValueError):
    """This one text cannot be scored (the message says why); scoring it again would fail the
    same way, so a worker holds it for a person at once instead of retrying."""


class ModelFetchError(RuntimeError):
    """``fetch`` could not download the weights (no network, or the server refused)."""


class Classifier(Protocol):
    name: str
    version: str

    def predict(self, texts: Sequence[str]) -> list[dict[str, float]]:
        """Scores in [0, 1] per label for each text, in order."""
        ...


def classifier_phase(classifier: Classifier) -> Phase:
    """A pipeline phase that scores the item's title and body as one text, in the item's
    language when the classifier routes by language (``predict(texts, langs=...)``)."""
    routed = "langs" in inspect.signature(classifier.predict).parameters
    predict: Callable[..., list[dict[str, float]]] = classifier.predict

    def phase(prepared: PreparedItem) -> tuple[RuleHit, ...]:
        if routed:
            (scores,) = predict([prepared.text], langs=[prepared.lang])
        else:
            (scores,) = predict([prepared.text])
        return hits_from_scores(scores, classifier, lang=prepared.lang)

    return phase


def hits_from_scores(
    scores: dict[str, float], classifier: Classifier, *, lang: str | None = None
) -> tuple[RuleHit, ...]:
    """One classifier hit per known label; the detector version names the model that scored
    the text (for a classifier that routes by language, the model for ``lang``)."""
    version_for = getattr(classifier, "detector_version", None)
    if callable(version_for):
        version = str(version_for(lang))
    else:
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
