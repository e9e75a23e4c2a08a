"""The classifier that routes each text to the model configured for its language."""

from __future__ import annotations

import threading
from collections.abc import Mapping, Sequence
from types import MappingProxyType

from moderation.classifier import transformers_backend
from moderation.classifier.base import Classifier, ClassifierUnavailableError, NotScorableError
from moderation.classifier.config import ClassifierConfig, is_transformers, transformers_dir
from moderation.classifier.detoxify_backend import _load, _source
from moderation.classifier.shared import TokenModel, _clean, _length_batches, _windows
from moderation.types import CLASSIFIER_LABEL_RULES


def load_model(config: ClassifierConfig, spec: str) -> TokenModel:
    """The model ``spec`` names (a detoxify model, or ``transformers:DIR``), loaded once per
    process."""
    if is_transformers(spec):
        return transformers_backend.load(transformers_dir(spec), config.device, config.quantize)
    return _load(_source(config, spec), config.device, config.quantize)


class LocalClassifier:
    """One model per language as configured (detoxify's, or a Hugging Face model
    directory), each loaded once per process.

    ``predict(texts, langs)`` routes every text to the model for its language and returns,
    for each text, the scores of the labels that model has among Inspel's seven
    (``CLASSIFIER_LABEL_RULES``; ``original`` has no ``sexual_explicit``, and a Hugging Face
    model has those its label map names).
    """

    def __init__(self, config: ClassifierConfig | None = None) -> None:
        self.config = config if config is not None else ClassifierConfig()
        if self.config.device.startswith("cuda"):
            import torch

            if not torch.cuda.is_available():
                raise ClassifierUnavailableError(
                    f"device {self.config.device}: torch sees no CUDA device"
                )
        if self.config.threads is not None:
            import torch

            torch.set_num_threads(self.config.threads)
        self.models: Mapping[str, TokenModel] = MappingProxyType(
            {spec: load_model(self.config, spec) for spec in self.config.model_names}
        )
        self.device = self.config.device
        self.labels: tuple[str, ...] = tuple(
            label
            for label in CLASSIFIER_LABEL_RULES
            if any(label in model.labels for model in self.models.values())
        )
        if len(self.models) == 1:
            (model,) = self.models.values()
            self.name = f"{model.backend}-{model.name}"
            self.version = model.version
        else:
            self.name = "+".join(sorted({model.backend for model in self.models.values()}))
            self.version = ",".join(f"{m.name}={m.version}" for m in self.models.values())
        self._lock = threading.Lock()

    def model_for(self, lang: str | None) -> TokenModel:
        return self.models[self.config.model_for(lang)]

    def detector_version(self, lang: str | None) -> str:
        """What a score of a text in ``lang`` records as its detector: model and version."""
        return self.model_for(lang).detector_version

    def predict(
        self, texts: Sequence[str], langs: Sequence[str | None] | None = None
    ) -> list[dict[str, float]]:
        """Scores in [0, 1] per label for each text, in order. Empty or blank texts get 0.0
        for every label without a model call; long texts get the highest score of their
        windows."""
        texts = list(texts)
        if langs is None:
            langs = [None] * len(texts)
        elif len(langs) != len(texts):
            raise ValueError(f"{len(texts)} texts but {len(langs)} languages")
        results: list[dict[str, float]] = [{} for _ in texts]
        routes: dict[str, list[int]] = {}
        for index, lang in enumerate(langs):
            routes.setdefault(self.config.model_for(lang), []).append(index)
        with self._lock:
            for name, indices in routes.items():
                scored = self._score(self.models[name], [texts[i] for i in indices])
                for index, scores in zip(indices, scored, strict=True):
                    results[index] = scores
        return results

    def _score(self, model: TokenModel, texts: Sequence[str]) -> list[dict[str, float]]:
        results = [dict.fromkeys(model.labels, 0.0) for _ in texts]
        cleaned = [_clean(text) for text in texts]
        todo = [index for index, text in enumerate(cleaned) if text.strip()]
        if not todo:
            return results
        size = min(model.window, self.config.max_tokens or model.window)
        overlap = min(self.config.overlap, size // 2)
        windows: list[tuple[int, Sequence[int]]] = []
        for index, ids in zip(todo, model.encode([cleaned[i] for i in todo]), strict=True):
            if not ids:  # a text of characters the tokenizer drops is like an empty one
                continue
            pieces = _windows(ids, size, overlap)
            if len(pieces) > self.config.max_windows:
                raise NotScorableError(
                    f"not scored: the text has {len(ids):,} tokens, which would take "
                    f"{len(pieces):,} windows; the limit is {self.config.max_windows:,} "
                    "(INSPEL_DETOXIFY_MAX_WINDOWS)"
                )
            windows.extend((index, window) for window in pieces)
        # Batches of similar length waste little on padding; scores go back by index.
        batches = _length_batches(windows, self.config.batch_size, self.config.batch_tokens)
        for batch in batches:
            rows = model.score_windows([windows[k][1] for k in batch])
            for k, row in zip(batch, rows, strict=True):
                best = results[windows[k][0]]
                for label, score in zip(model.labels, row, strict=True):
                    best[label] = max(best[label], score)
        return results


def load_configured(config: ClassifierConfig | None = None) -> Classifier:
    """The classifier the configuration (by default the environment) asks for.
    Raises ``ClassifierUnavailableError`` when it cannot load; never downloads."""
    if config is None:
        try:
            config = ClassifierConfig.from_env()
        except ValueError as exc:
            raise ClassifierUnavailableError(str(exc)) from exc
    try:
        return LocalClassifier(config)
    except ClassifierUnavailableError:
        raise
    except Exception as exc:
        raise ClassifierUnavailableError(f"{type(exc).__name__}: {exc}") from exc


#: The name from before Hugging Face models could be configured.
DetoxifyClassifier = LocalClassifier
