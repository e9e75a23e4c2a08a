"""``inspel model info`` and ``inspel model fetch``: what the configuration loads (detoxify
models and Hugging Face model directories), and getting detoxify's weights on a machine with
internet."""

from __future__ import annotations

import contextlib
import os
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from moderation.classifier import transformers_backend
from moderation.classifier.base import ClassifierUnavailableError, ModelFetchError
from moderation.classifier.config import (
    _KNOWN_LABELS,
    MODEL_URLS,
    ClassifierConfig,
    is_transformers,
    transformers_dir,
)
from moderation.classifier.detoxify_backend import (
    _checkpoint_facts,
    _hub_dir_name,
    _read_checkpoint,
    _source,
)
from moderation.classifier.local import LocalClassifier
from moderation.classifier.shared import resolve_precision

#: The files of a Hugging Face model that loading needs besides the weights (which are in
#: detoxify's checkpoint): configuration and tokenizer.
_HF_FILES = [
    "config.json",
    "tokenizer.json",
    "tokenizer_config.json",
    "special_tokens_map.json",
    "vocab.txt",
    "vocab.json",
    "merges.txt",
    "*.model",
]


def _describe_precision(config: ClassifierConfig) -> str:
    if config.quantize != "auto":
        return config.quantize or "none"
    try:
        resolved = resolve_precision("auto", config.device)
    except Exception as exc:  # noqa: BLE001 - info reports, it does not fail
        return f"auto (cannot tell: {type(exc).__name__})"
    return f"auto: {resolved or 'none'} on this machine"


def _model_entry(config: ClassifierConfig, spec: str) -> dict[str, Any]:
    """What ``info`` says of one model before loading it."""
    entry: dict[str, Any] = {
        "backend": "detoxify",
        "checkpoint": None,
        "config_dir": None,
        "directory": None,
        "label_map": None,
        "version": None,
        "labels": [],
        "scores": "sigmoid (multi-label)",
        "window_tokens": None,
    }
    if is_transformers(spec):
        directory = transformers_dir(spec)
        entry.update(
            backend="transformers",
            source="Hugging Face model directory",
            directory=str(directory),
            label_map=str(directory / transformers_backend.LABEL_MAP),
            present=bool(transformers_backend.weight_files(directory)),
            scores=None,
        )
        with contextlib.suppress(ClassifierUnavailableError):  # loading reports it
            entry["labels"] = list(transformers_backend.read_label_map(directory).inspel_labels)
        return entry
    source = _source(config, spec)
    entry.update(
        source=source.origin,
        checkpoint=str(source.checkpoint),
        config_dir=str(source.config_dir) if source.config_dir else None,
        present=source.checkpoint.is_file(),
        labels=list(_KNOWN_LABELS[spec]),
    )
    return entry


def info(config: ClassifierConfig | None = None) -> dict[str, Any]:
    """What the classifier loads under ``config``: per model its backend, source, files,
    whether they are present, and (once loaded) version, labels, how scores are made and
    the window; device, threads, batching. ``available`` is False, with ``error``, when it
    cannot load."""
    config = config if config is not None else ClassifierConfig.from_env()
    details: dict[str, Any] = {
        "available": False,
        "error": None,
        "languages": dict(config.models),
        "device": config.device,
        "threads": config.threads,
        "quantize": _describe_precision(config),
        "batch_size": config.batch_size,
        "batch_tokens": config.batch_tokens,
        "overlap": config.overlap,
        "model_dir": str(config.model_dir),
        "models": {spec: _model_entry(config, spec) for spec in config.model_names},
    }
    try:
        classifier = LocalClassifier(config)
    except ClassifierUnavailableError as exc:
        details["error"] = str(exc)
    else:
        details["available"] = True
        for spec, model in classifier.models.items():
            details["models"][spec].update(
                version=model.version,
                labels=list(model.labels),
                scores=_SCORES[model.activation],
                window_tokens=min(model.window, config.max_tokens or model.window),
            )
    if details["threads"] is None:
        import torch

        details["threads"] = torch.get_num_threads()
    return details


_SCORES = {"sigmoid": "sigmoid (multi-label)", "softmax": "softmax (single-label)"}


def format_info(details: Mapping[str, Any]) -> str:
    """``info`` as the lines ``inspel model info`` prints."""
    languages = ", ".join(f"{lang}={name}" for lang, name in details["languages"].items())
    lines = [
        f"classifier: {'available' if details['available'] else 'UNAVAILABLE'}",
        f"languages:  {languages}",
        f"device:     {details['device']}",
        f"threads:    {details['threads']}",
        f"quantize:   {details['quantize']}",
        f"batching:   at most {details['batch_size']} windows and {details['batch_tokens']} "
        "tokens per batch, grouped by length; "
        f"{details['overlap']} tokens overlap",
        f"model dir:  {details['model_dir']}",
    ]
    for name, model in details["models"].items():
        present = "present" if model["present"] else "missing"
        lines += [f"model {name}:", f"  backend:    {model['backend']}"]
        lines.append(f"  source:     {model['source']}")
        if model["directory"]:
            lines.append(f"  directory:  {model['directory']} (weights {present})")
            lines.append(f"  label map:  {model['label_map']}")
        else:
            lines.append(f"  checkpoint: {model['checkpoint']} ({present})")
        if model["config_dir"]:
            lines.append(f"  config dir: {model['config_dir']}")
        lines += [
            f"  version:    {model['version'] or '-'}",
            f"  labels:     {', '.join(model['labels']) or '-'}",
            f"  scores:     {model['scores'] or '-'}",
        ]
        if model["window_tokens"]:
            lines.append(f"  window:     {model['window_tokens']} tokens")
    if details["error"]:
        lines.append(f"error: {details['error']}")
    return "\n".join(lines)


def fetch(config: ClassifierConfig | None = None, progress: bool = True) -> list[Path]:
    """Download the configured models' weights into ``config.model_dir`` (detoxify's own
    addresses, through ``torch.hub``, with a progress bar), plus the config and tokenizer
    files of the Hugging Face model each is built on. Files already there are kept.
    Raises ``ModelFetchError`` without a network. Returns the checkpoint paths."""
    config = config if config is not None else ClassifierConfig.from_env()
    if config.checkpoint is not None:
        return []
    import torch

    fetched = []
    # A Hugging Face model directory is the administrator's to bring: nothing to fetch.
    for name in [spec for spec in config.model_names if not is_transformers(spec)]:
        source = _source(config, name)
        path = source.checkpoint
        if not path.is_file():
            path.parent.mkdir(parents=True, exist_ok=True)
            url = MODEL_URLS[name]
            try:
                torch.hub.download_url_to_file(url, str(path), progress=progress)
            except Exception as exc:
                raise ModelFetchError(
                    f"cannot download {url}: {_reason(exc)} (no network here? run `inspel "
                    "model fetch` on a machine with internet and copy the model directory)"
                ) from exc
        fetched.append(path)
        model_type, _ = _checkpoint_facts(_read_checkpoint(path), path)
        if source.hub_dir is not None and not Path(model_type).is_dir():
            _fetch_hub_files(model_type, source.hub_dir / _hub_dir_name(model_type), progress)
    return fetched


def _fetch_hub_files(repo: str, target: Path, progress: bool) -> None:
    if (target / "config.json").is_file():
        return
    if not progress:
        os.environ["HF_HUB_DISABLE_PROGRESS_BARS"] = "1"
    import huggingface_hub

    try:
        huggingface_hub.snapshot_download(repo_id=repo, local_dir=target, allow_patterns=_HF_FILES)
    except Exception as exc:
        raise ModelFetchError(
            f"cannot download the config and tokenizer of {repo!r} from the Hugging Face hub: "
            f"{_reason(exc)} (no network here, or HF_HUB_OFFLINE is set?)"
        ) from exc


def _reason(exc: BaseException) -> str:
    reason = getattr(exc, "reason", None)
    return f"{type(exc).__name__}: {reason if reason is not None else exc}"
