"""Any local Hugging Face sequence-classification model (``transformers:DIR``).

The directory is what ``save_pretrained`` writes (``config.json``, the weights as
``model.safetensors`` or ``pytorch_model.bin``, the tokenizer files) plus Inspel's label map,
``inspel-labels.json``::

    {"labels": {"toxic": "toxicity", "threat": "threat"},
     "problem_type": "multi_label_classification"}

``labels`` maps the model's labels (``config.json``'s ``id2label``) to Inspel's; labels it
does not name are ignored. Scores are the sigmoid of each label's logit when the model is
multi-label (``problem_type`` in the map, else in ``config.json``; a model with one output is
multi-label too), and a softmax over all the model's labels otherwise. Loading is offline
(``local_files_only``, ``HF_HUB_OFFLINE=1``); anything wrong is a
``ClassifierUnavailableError`` that says what, so callers fail closed.
"""

from __future__ import annotations

import hashlib
import json
import os
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from moderation.classifier.base import ClassifierUnavailableError
from moderation.classifier.shared import (
    TokenModel,
    _quiet_transformers,
    file_stamp,
    load_once,
    resolve_precision,
)
from moderation.types import CLASSIFIER_LABEL_RULES

#: The label map's file name, in the model directory.
LABEL_MAP = "inspel-labels.json"
MULTI_LABEL = "multi_label_classification"
SINGLE_LABEL = "single_label_classification"
#: Weight files ``save_pretrained`` writes (one file, or shards with an index).
_WEIGHTS = ("*.safetensors", "pytorch_model*.bin", "*.index.json")
_MAP_KEYS = ("labels", "problem_type")


@dataclass(frozen=True)
class LabelMap:
    """Inspel's reading of one model's labels: model label → Inspel label."""

    path: Path
    labels: Mapping[str, str]
    #: ``MULTI_LABEL``, ``SINGLE_LABEL``, or ``None``: as the model's config says.
    problem_type: str | None

    @property
    def inspel_labels(self) -> tuple[str, ...]:
        """The Inspel labels this model scores, in Inspel's order."""
        mapped = set(self.labels.values())
        return tuple(label for label in CLASSIFIER_LABEL_RULES if label in mapped)


def read_label_map(directory: Path) -> LabelMap:
    """The label map in ``directory``, checked; ``ClassifierUnavailableError`` says what is
    wrong with it."""
    path = directory / LABEL_MAP
    if not directory.is_dir():
        raise ClassifierUnavailableError(f"model directory {directory} does not exist")
    if not path.is_file():
        raise ClassifierUnavailableError(
            f"label map {path} does not exist: write one that maps the model's labels to "
            'Inspel\'s, for example {"labels": {"toxic": "toxicity"}} (docs/moderation.md)'
        )
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError) as exc:
        raise ClassifierUnavailableError(f"cannot read label map {path}: {exc}") from exc
    except json.JSONDecodeError as exc:
        raise ClassifierUnavailableError(
            f"label map {path} is not JSON: {exc.msg} at line {exc.lineno}, column {exc.colno}"
        ) from exc
    return LabelMap(path, *_check_label_map(data, path))


def _check_label_map(data: object, path: Path) -> tuple[dict[str, str], str | None]:
    def wrong(message: str) -> ClassifierUnavailableError:
        return ClassifierUnavailableError(f"label map {path}: {message}")

    if not isinstance(data, dict):
        raise wrong('it must be a JSON object, such as {"labels": {"toxic": "toxicity"}}')
    unknown = sorted(set(data) - set(_MAP_KEYS))
    if unknown:
        raise wrong(f"unknown key {unknown[0]!r} (it may have {' and '.join(_MAP_KEYS)})")
    labels = data.get("labels")
    if not isinstance(labels, dict) or not labels:
        raise wrong('"labels" must be an object mapping model labels to Inspel labels')
    for model_label, label in labels.items():
        if label not in CLASSIFIER_LABEL_RULES:
            raise wrong(
                f"{model_label!r} maps to {label!r}, which is not an Inspel label "
                f"(choose from {', '.join(CLASSIFIER_LABEL_RULES)})"
            )
    problem_type = data.get("problem_type")
    if problem_type not in (None, MULTI_LABEL, SINGLE_LABEL):
        raise wrong(f'"problem_type" must be {MULTI_LABEL} or {SINGLE_LABEL}, not {problem_type!r}')
    return dict(labels), problem_type


def _columns(
    label_map: LabelMap, id2label: Mapping[int, str], directory: Path
) -> list[tuple[str, list[int]]]:
    """For each Inspel label the model scores, the model's output columns that feed it."""
    index = {str(name): int(i) for i, name in id2label.items()}
    missing = [name for name in label_map.labels if name not in index]
    if missing:
        raise ClassifierUnavailableError(
            f"label map {label_map.path} names {', '.join(map(repr, missing))}, which the model "
            f"in {directory} does not have (its labels: {', '.join(map(repr, index))})"
        )
    return [
        (label, sorted(index[name] for name, to in label_map.labels.items() if to == label))
        for label in label_map.inspel_labels
    ]


def _activation(label_map: LabelMap, config: Any) -> str:
    problem_type = label_map.problem_type or getattr(config, "problem_type", None)
    if problem_type == "regression":
        raise ClassifierUnavailableError(
            "the model is a regression model (problem_type regression): Inspel needs a "
            "classification model"
        )
    if problem_type == MULTI_LABEL or int(config.num_labels) == 1:
        return "sigmoid"
    return "softmax"


def weight_files(directory: Path) -> list[Path]:
    return sorted({path for pattern in _WEIGHTS for path in directory.glob(pattern)})


def _digest(paths: list[Path]) -> str:
    digest = hashlib.sha256()
    for path in paths:
        digest.update(path.name.encode())
        with path.open("rb") as handle:
            digest.update(hashlib.file_digest(handle, "sha256").digest())
    return digest.hexdigest()


class TransformersModel(TokenModel):
    """One Hugging Face model directory, loaded with ``AutoTokenizer`` and
    ``AutoModelForSequenceClassification`` from local files only."""

    backend = "transformers"

    def __init__(self, directory: Path, device: str, quantize: str | None) -> None:
        self.directory = directory
        self.name = directory.name
        self.device = device
        self.label_map = read_label_map(directory)
        if not (directory / "config.json").is_file():
            raise ClassifierUnavailableError(
                f"{directory} has no config.json: not a Hugging Face model directory "
                "(save_pretrained writes one)"
            )
        weights = weight_files(directory)
        if not weights:
            raise ClassifierUnavailableError(
                f"{directory} has no weights (model.safetensors or pytorch_model.bin)"
            )
        config, tokenizer, model, loading = _from_pretrained(directory)
        columns = _columns(self.label_map, config.id2label, directory)
        self.activation = _activation(self.label_map, config)
        # transformers fills missing weights at random with only a warning
        # (classifier-notes pitfall 8).
        missing = [*loading.get("missing_keys", ()), *loading.get("mismatched_keys", ())]
        if missing:
            shown = ", ".join(map(str, missing[:5])) + (" …" if len(missing) > 5 else "")
            raise ClassifierUnavailableError(
                f"the weights in {directory} lack {len(missing)} the model needs ({shown}): "
                "a damaged or different model"
            )
        self._ready(model.float().to(device), tokenizer, columns, quantize)
        files = [directory / "config.json", self.label_map.path, *weights]
        self.version = f"{directory.name}:{_digest(files)[:12]}" + (
            f"+{quantize}" if quantize else ""
        )


def _from_pretrained(directory: Path) -> tuple[Any, Any, Any, dict[str, Any]]:
    """Config, tokenizer, model and transformers' loading report, from local files only."""
    # Nothing on the loading path may reach the network.
    os.environ["HF_HUB_OFFLINE"] = "1"
    os.environ.setdefault("HF_HUB_DISABLE_PROGRESS_BARS", "1")
    import transformers

    try:
        with _quiet_transformers():
            config = transformers.AutoConfig.from_pretrained(str(directory), local_files_only=True)
            tokenizer = transformers.AutoTokenizer.from_pretrained(
                str(directory), local_files_only=True
            )
            model, loading = transformers.AutoModelForSequenceClassification.from_pretrained(
                str(directory), config=config, local_files_only=True, output_loading_info=True
            )
    except Exception as exc:
        raise ClassifierUnavailableError(
            f"cannot load the model in {directory}: {type(exc).__name__}: {exc}"
        ) from exc
    return config, tokenizer, model, loading


def load(directory: Path, device: str, quantize: str | None) -> TokenModel:
    """The model in ``directory``, loaded once per process (and file version)."""
    quantize = resolve_precision(quantize, device)
    files = [directory / "config.json", directory / LABEL_MAP, *weight_files(directory)]
    key = ("transformers", directory, file_stamp(*files), device, quantize)
    return load_once(key, lambda: TransformersModel(directory, device, quantize))
