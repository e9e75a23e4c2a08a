"""detoxify models: where their weights and tokenizer come from, and loading them once per
process through detoxify's own code, never from the network."""

from __future__ import annotations

import io
import os
import re
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from moderation.classifier.base import ClassifierUnavailableError
from moderation.classifier.config import _LABEL_ALIASES, MODEL_FILES, ClassifierConfig
from moderation.classifier.shared import (
    TokenModel,
    _quiet_transformers,
    _sha256,
    file_stamp,
    load_once,
    resolve_precision,
)
from moderation.types import CLASSIFIER_LABEL_RULES


@dataclass(frozen=True)
class _Source:
    """Where one model's weights and tokenizer come from."""

    name: str
    checkpoint: Path
    #: An explicit Hugging Face config/tokenizer directory (``INSPEL_DETOXIFY_CONFIG_DIR``).
    config_dir: Path | None
    #: For weights from the model directory: where ``fetch`` puts config/tokenizer files of
    #: checkpoints that name a hub model.
    hub_dir: Path | None

    @property
    def origin(self) -> str:
        if self.hub_dir is None:
            return "local checkpoint (INSPEL_DETOXIFY_CHECKPOINT)"
        return "model directory (inspel model fetch)"


def _source(config: ClassifierConfig, name: str) -> _Source:
    if config.checkpoint is not None:
        return _Source(name, config.checkpoint, config.config_dir, None)
    return _Source(
        name,
        config.model_dir / "checkpoints" / MODEL_FILES[name],
        None,
        config.model_dir / "huggingface",
    )


def _hub_dir_name(model_type: str) -> str:
    return model_type.strip("/").replace("/", "--")


class _Model(TokenModel):
    """One loaded detoxify model: the weights, the tokenizer and how to score token windows."""

    backend = "detoxify"

    def __init__(self, source: _Source, device: str, quantize: str | None) -> None:
        self.name = source.name
        self.source = source
        self.device = device
        path = source.checkpoint
        if not path.is_file():
            raise _missing_weights(source)
        detoxify = _detoxify_module()
        import torch

        loaded = _read_checkpoint(path)
        model_type, checkpoint_keys = _checkpoint_facts(loaded, path)
        target = _local_config_dir(source, model_type)
        if Path(model_type).resolve() != target.resolve():
            # detoxify reads the config from ``model_type`` before anything else, so a hub
            # name there would go to the network (classifier-notes pitfall 1): point it at
            # the local directory, in memory.
            loaded["config"]["arch"]["args"]["model_type"] = str(target)
            buffer = io.BytesIO()
            torch.save(loaded, buffer)
            buffer.seek(0)
            checkpoint: io.BytesIO | str = buffer
        else:
            checkpoint = str(path)
        del loaded
        try:
            with _quiet_transformers():
                loaded_model = detoxify.Detoxify(
                    model_type=source.name, checkpoint=checkpoint, device=device
                )
        except Exception as exc:
            raise ClassifierUnavailableError(
                f"cannot load {path}: {type(exc).__name__}: {exc}"
            ) from exc
        del checkpoint  # the in-memory copy, if any
        model = loaded_model.model
        missing = _missing_keys(
            model.state_dict().keys(), checkpoint_keys, getattr(model, "base_model_prefix", "")
        )
        if missing:
            shown = ", ".join(missing[:5]) + (" …" if len(missing) > 5 else "")
            raise ClassifierUnavailableError(
                f"{path} lacks {len(missing)} weight(s) the model needs ({shown}): not the "
                "checkpoint this config describes, or a damaged file"
            )
        names = [_LABEL_ALIASES.get(name, name) for name in loaded_model.class_names]
        columns = [
            (label, [names.index(label)]) for label in CLASSIFIER_LABEL_RULES if label in names
        ]
        self._ready(model, loaded_model.tokenizer, columns, quantize)
        self.version = f"{path.name}:{_sha256(path)[:12]}" + (f"+{quantize}" if quantize else "")


def _missing_weights(source: _Source) -> ClassifierUnavailableError:
    if source.hub_dir is None:
        return ClassifierUnavailableError(f"checkpoint {source.checkpoint} does not exist")
    return ClassifierUnavailableError(
        f"no classifier configured: the weights of detoxify {source.name!r} are not in "
        f"{source.checkpoint.parent} ({source.checkpoint.name}); run `inspel model fetch` on "
        "a machine with internet (and copy INSPEL_MODEL_DIR here), or set "
        "INSPEL_DETOXIFY_CHECKPOINT and INSPEL_DETOXIFY_CONFIG_DIR"
    )


def _read_checkpoint(path: Path) -> dict[str, Any]:
    import torch

    try:
        try:
            # Memory-mapped, so that reading the keys costs no second copy of the weights.
            loaded = torch.load(path, map_location="cpu", weights_only=False, mmap=True)
        except RuntimeError:
            # Checkpoints in torch's legacy (pre-zip) format cannot be memory-mapped.
            loaded = torch.load(path, map_location="cpu", weights_only=False)
    except Exception as exc:
        raise ClassifierUnavailableError(
            f"cannot read checkpoint {path}: {type(exc).__name__}: {exc}"
        ) from exc
    if not isinstance(loaded, dict):
        raise ClassifierUnavailableError(f"{path} is not a detoxify checkpoint")
    return loaded


def _checkpoint_facts(loaded: dict[str, Any], path: Path) -> tuple[str, list[str]]:
    """The checkpoint's ``model_type`` and its weight names; raises if it is not detoxify's
    format (``config.arch.args``, ``config.dataset.args.classes``, ``state_dict``)."""
    try:
        args = loaded["config"]["arch"]["args"]
        model_type = args["model_type"]
        loaded["config"]["dataset"]["args"]["classes"]
        keys = list(loaded["state_dict"].keys())
    except (KeyError, TypeError, AttributeError):
        raise ClassifierUnavailableError(
            f"{path} is not a detoxify checkpoint (it needs config.arch.args, "
            "config.dataset.args.classes and a state_dict)"
        ) from None
    if not isinstance(model_type, str):
        raise ClassifierUnavailableError(f"{path}: config.arch.args.model_type is not a name")
    return model_type, keys


def _local_config_dir(source: _Source, model_type: str) -> Path:
    """The local directory with the model's Hugging Face config and tokenizer."""
    if source.config_dir is not None:
        if not source.config_dir.is_dir():
            raise ClassifierUnavailableError(f"config directory {source.config_dir} does not exist")
        return source.config_dir
    if model_type and Path(model_type).is_dir():
        return Path(model_type)
    if source.hub_dir is not None:
        candidate = source.hub_dir / _hub_dir_name(model_type)
        if (candidate / "config.json").is_file():
            return candidate
        raise ClassifierUnavailableError(
            f"the config and tokenizer of {model_type!r} (which detoxify {source.name!r} is "
            f"built on) are not in {candidate}; run `inspel model fetch`"
        )
    raise ClassifierUnavailableError(
        f"checkpoint {source.checkpoint} is built on {model_type!r}, which is not a local "
        "directory: set INSPEL_DETOXIFY_CONFIG_DIR to a directory with its config.json and "
        "tokenizer files"
    )


def _missing_keys(
    model_keys: Iterable[str], checkpoint_keys: Iterable[str], prefix: str
) -> list[str]:
    """Weights the model has that the checkpoint does not provide (transformers would leave
    them randomly initialised, with only a warning: classifier-notes pitfall 8)."""
    # Old checkpoints name LayerNorm weights gamma/beta; transformers renames them.
    provided = {
        re.sub(r"\.gamma$", ".weight", re.sub(r"\.beta$", ".bias", key)) for key in checkpoint_keys
    }
    missing = []
    for key in model_keys:
        candidates = {key, f"{prefix}.{key}"}
        if prefix and key.startswith(prefix + "."):
            candidates.add(key[len(prefix) + 1 :])
        if not candidates & provided:
            missing.append(key)
    return missing


def _detoxify_module() -> Any:
    # Nothing on the loading path may reach the network.
    os.environ["HF_HUB_OFFLINE"] = "1"
    os.environ.setdefault("HF_HUB_DISABLE_PROGRESS_BARS", "1")
    try:
        import detoxify
    except ImportError as exc:  # pragma: no cover - detoxify is a dependency
        raise ClassifierUnavailableError(f"detoxify is not installed: {exc}") from exc
    return detoxify


def _load(source: _Source, device: str, quantize: str | None) -> TokenModel:
    """The model for ``source``, loaded once per process (and file version)."""
    quantize = resolve_precision(quantize, device)
    key = ("detoxify", source, file_stamp(source.checkpoint), device, quantize)
    return load_once(key, lambda: _Model(source, device, quantize))
