"""The local model as a file: linear weights over hashed features, saved as NumPy arrays.

A model directory holds

- ``model.npz``: ``coef`` (columns × labels, float32), ``intercept`` (labels), ``idf``
  (columns), read with ``allow_pickle=False``: no code is ever loaded from it;
- ``card.json`` and ``card.md``: the model card (what it was trained on, how well it did
  held out, its thresholds), with the file's SHA-256. ``LocalModel.load`` refuses a model
  whose file does not match the card, so a changed or swapped file never scores anything.

Scoring is NumPy and SciPy (one sparse product per batch): the columns of each text's
features, weighed ``(1 + log count) · idf`` and scaled to unit length, times the weights,
through a sigmoid.
"""

from __future__ import annotations

import hashlib
import io
import json
import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import numpy.typing as npt

from moderation.learned.features import Featurizer, lang_key

__all__ = [
    "CARD_JSON",
    "CARD_MD",
    "FORMAT",
    "GROUP_RULES",
    "HOLD",
    "LABELS",
    "MODEL_FILE",
    "LocalModel",
    "LocalModelError",
    "file_sha256",
]

#: The model directory's files.
MODEL_FILE = "model.npz"
CARD_JSON = "card.json"
CARD_MD = "card.md"
#: The file format; a model of another format is refused.
FORMAT = "inspel-local-linear/1"

#: The score that holds: "a moderator would not publish this as is" for a content reason.
HOLD = "hold"
#: Rule groups the model scores beside ``hold``, and the rules each stands for. A held item's
#: signal names the rule of its highest-scoring group.
GROUP_RULES: Mapping[str, tuple[str, ...]] = {
    "threat": ("LAW-THREAT", "LAW-INCITE"),
    "hate": ("LAW-HATE",),
    "defamation": ("LAW-DEFAMATION",),
    "insult": ("DECENCY-INSULT",),
    "sexual": ("DECENCY-SEXUAL",),
    "profanity": ("DECENCY-PROFANITY",),
}
LABELS: tuple[str, ...] = (HOLD, *GROUP_RULES)

FloatArray = npt.NDArray[np.float32]


class LocalModelError(ValueError):
    """A model directory that cannot be used; the message says why."""


def file_sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


@dataclass
class LocalModel:
    """Weights, the card, and the thresholds that hold (per language: ``sv``, ``en``, ``*``)."""

    coef: FloatArray
    intercept: FloatArray
    idf: FloatArray
    card: dict[str, Any]
    bits: int
    labels: tuple[str, ...] = LABELS
    featurizer: Featurizer = field(init=False, repr=False)
    _thresholds: dict[str, float] = field(init=False, repr=False)

    def __post_init__(self) -> None:
        self.featurizer = Featurizer(self.bits)
        self._thresholds = self.thresholds
        if self.coef.shape != (self.featurizer.columns, len(self.labels)):
            raise LocalModelError(f"weights of shape {self.coef.shape} do not fit the features")
        if self.idf.shape != (self.featurizer.columns,) or self.intercept.shape != (
            len(self.labels),
        ):
            raise LocalModelError("idf or intercept do not fit the weights")

    @property
    def name(self) -> str:
        return "inspel-local"

    @property
    def version(self) -> str:
        return str(self.card["version"])

    @property
    def detector_version(self) -> str:
        """What every signal of this model records: its name and version."""
        return f"{self.name}@{self.version}"

    @property
    def thresholds(self) -> dict[str, float]:
        """The ``hold`` score from which an item is held, per language key; ``inf`` where the
        model never holds (training found no threshold within the budget)."""
        found = self.card.get("thresholds", {}).get(HOLD, {})
        return {
            str(lang): math.inf if value is None else float(value) for lang, value in found.items()
        }

    def threshold(self, lang: str | None) -> float:
        table = self._thresholds
        return table.get(lang_key(lang), table.get("*", math.inf))

    def score_one(self, text: str, lang: str | None) -> dict[str, float]:
        """Scores in [0, 1] per label for one text."""
        return self.predict([text], [lang])[0]

    def predict(
        self, texts: Sequence[str], langs: Sequence[str | None] | None = None
    ) -> list[dict[str, float]]:
        """Scores in [0, 1] per label for each text, in order (``langs``: each text's
        language, ``None`` where unknown)."""
        chosen = langs if langs is not None else [None] * len(texts)
        raw = self.raw_scores(texts, chosen)
        probabilities = 1.0 / (1.0 + np.exp(-np.clip(raw, -60.0, 60.0)))
        return [
            dict(zip(self.labels, (float(value) for value in row), strict=True))
            for row in probabilities
        ]

    def raw_scores(
        self, texts: Sequence[str], langs: Sequence[str | None]
    ) -> npt.NDArray[np.float64]:
        """Logits, texts × labels: one sparse product for the whole batch."""
        from scipy.sparse import csr_matrix

        rows, columns, counts = self.featurizer.batch(texts, langs)
        if len(texts) == 1:  # the pipeline's case: no sparse matrix to build
            weights = (1.0 + np.log(counts)) * self.idf[columns]
            norm = float(np.sqrt(weights @ weights)) or 1.0
            single = (weights / norm).astype(np.float32) @ self.coef[columns]
            return (single + self.intercept)[None, :].astype(np.float64)
        matrix = csr_matrix(
            ((1.0 + np.log(counts)) * self.idf[columns], (rows, columns)),
            shape=(len(texts), self.featurizer.columns),
            dtype=np.float32,
        )
        norms = np.sqrt(np.asarray(matrix.multiply(matrix).sum(axis=1)).ravel())
        norms[norms == 0.0] = 1.0
        products = np.asarray(matrix @ self.coef, dtype=np.float64)
        logits: npt.NDArray[np.float64] = products / norms[:, None] + self.intercept
        return logits

    # --- files --------------------------------------------------------------------------------

    def save(self, directory: Path) -> None:
        """Write ``model.npz``, then the card (with the file's SHA-256) as JSON and Markdown."""
        from moderation.learned.card import markdown

        directory.mkdir(parents=True, exist_ok=True)
        buffer = io.BytesIO()
        np.savez_compressed(
            buffer,
            coef=self.coef.astype(np.float32),
            intercept=self.intercept.astype(np.float32),
            idf=self.idf.astype(np.float32),
            labels=np.array(self.labels),
        )
        data = buffer.getvalue()
        (directory / MODEL_FILE).write_bytes(data)
        self.card["model_file"] = MODEL_FILE
        self.card["model_sha256"] = hashlib.sha256(data).hexdigest()
        text = json.dumps(self.card, indent=2, ensure_ascii=False, sort_keys=True)
        (directory / CARD_JSON).write_text(text + "\n", encoding="utf-8")
        (directory / CARD_MD).write_text(markdown(self.card), encoding="utf-8")

    @classmethod
    def load(cls, directory: Path) -> LocalModel:
        """Read a model directory; ``LocalModelError`` when a file is missing or unreadable,
        of another format, or when ``model.npz`` does not match the card's SHA-256."""
        card_path, model_path = directory / CARD_JSON, directory / MODEL_FILE
        try:
            card = json.loads(card_path.read_text(encoding="utf-8"))
        except OSError as exc:
            raise LocalModelError(f"cannot read {card_path}: {exc.strerror}") from None
        except ValueError as exc:
            raise LocalModelError(f"{card_path} is not JSON: {exc}") from None
        if not isinstance(card, dict) or card.get("format") != FORMAT:
            raise LocalModelError(f"{card_path}: not a model card of format {FORMAT}")
        if not model_path.is_file():
            raise LocalModelError(f"{model_path} is missing")
        expected = card.get("model_sha256")
        if file_sha256(model_path) != expected:
            raise LocalModelError(
                f"{model_path} does not match its card (SHA-256 differs): "
                "the file was changed or replaced; retrain or restore it"
            )
        try:
            with np.load(model_path, allow_pickle=False) as arrays:
                coef, intercept, idf = arrays["coef"], arrays["intercept"], arrays["idf"]
                labels = tuple(str(label) for label in arrays["labels"])
        except (OSError, ValueError, KeyError) as exc:
            raise LocalModelError(f"cannot read {model_path}: {exc}") from None
        return cls(
            coef=coef,
            intercept=intercept,
            idf=idf,
            card=card,
            bits=int(card["bits"]),
            labels=labels,
        )
