"""The classifier seen from the pipeline: a protocol, a phase, and the detoxify classifier.

``Classifier.predict`` scores a batch of texts with the detoxify labels. ``classifier_phase``
turns scores into hits (one per label, with the model's name and version), which the policy
compares with per-label, per-language thresholds. ``load_configured`` builds the detoxify
classifier from the environment, or raises ``ClassifierUnavailableError``; callers then fail
closed (``ClassifierStatus.UNAVAILABLE``).

``DetoxifyClassifier`` loads its models once per process, through detoxify's own loading code,
and never downloads anything: weights come either from a local checkpoint plus a Hugging Face
config/tokenizer directory (``INSPEL_DETOXIFY_CHECKPOINT``, ``INSPEL_DETOXIFY_CONFIG_DIR``, for
air-gapped installs) or from the model directory that ``fetch`` (``inspel model fetch``) fills
on a machine with internet. Long texts are scored in overlapping token windows (the highest
score per label wins), and texts are batched by length. torch, transformers and detoxify are
imported only when a model is loaded, so the rules alone stay light.
"""

from __future__ import annotations

import contextlib
import hashlib
import inspect
import io
import os
import re
import threading
import unicodedata
import warnings
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from types import MappingProxyType
from typing import TYPE_CHECKING, Any, Protocol

from moderation.types import CLASSIFIER_LABEL_RULES, Detector, RuleHit

if TYPE_CHECKING:
    from moderation.pipeline import Phase, PreparedItem

__all__ = [
    "MODEL_FILES",
    "MODEL_NAMES",
    "MODEL_URLS",
    "Classifier",
    "ClassifierConfig",
    "ClassifierUnavailableError",
    "DetoxifyClassifier",
    "ModelFetchError",
    "NotScorableError",
    "classifier_phase",
    "fetch",
    "format_info",
    "hits_from_scores",
    "info",
    "load_configured",
]


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


# --- configuration ---------------------------------------------------------------------------

#: detoxify's download addresses (detoxify/detoxify.py, ``MODEL_URLS``); the file names are
#: those ``torch.hub`` keeps in ``<model dir>/checkpoints/``. A test checks they match.
_DOWNLOAD_URL = "https://github.com/unitaryai/detoxify/releases/download/"
MODEL_URLS: Mapping[str, str] = MappingProxyType(
    {
        "original": _DOWNLOAD_URL + "v0.1-alpha/toxic_original-c1212f89.ckpt",
        "unbiased": _DOWNLOAD_URL + "v0.3-alpha/toxic_debiased-c7548aa0.ckpt",
        "multilingual": _DOWNLOAD_URL + "v0.4-alpha/multilingual_debiased-0b549669.ckpt",
        "original-small": _DOWNLOAD_URL + "v0.1.2/original-albert-0e1d6498.ckpt",
        "unbiased-small": _DOWNLOAD_URL + "v0.1.2/unbiased-albert-c8519128.ckpt",
    }
)
MODEL_NAMES: tuple[str, ...] = tuple(MODEL_URLS)
MODEL_FILES: Mapping[str, str] = MappingProxyType(
    {name: url.rsplit("/", 1)[1] for name, url in MODEL_URLS.items()}
)
#: The labels each model scores, of the seven Inspel uses (before loading: for ``info``).
_ORIGINAL_LABELS = ("toxicity", "severe_toxicity", "obscene", "threat", "insult", "identity_attack")
_KNOWN_LABELS: Mapping[str, tuple[str, ...]] = MappingProxyType(
    {
        "original": _ORIGINAL_LABELS,
        "original-small": _ORIGINAL_LABELS,
        "unbiased": tuple(CLASSIFIER_LABEL_RULES),
        "unbiased-small": tuple(CLASSIFIER_LABEL_RULES),
        "multilingual": tuple(CLASSIFIER_LABEL_RULES),
    }
)
#: detoxify's older class names, as its own loader renames them.
_LABEL_ALIASES = {
    "toxic": "toxicity",
    "severe_toxic": "severe_toxicity",
    "identity_hate": "identity_attack",
}
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
_DEVICE = re.compile(r"cpu|cuda(:\d+)?")
_QUANTIZE = ("int8", "bf16", "auto")
_DEFAULT_MODELS: Mapping[str, str] = MappingProxyType({"*": "multilingual"})


def _default_model_dir(environ: Mapping[str, str]) -> Path:
    data_dir = environ.get("INSPEL_DATA_DIR") or "./inspel-data"
    return Path(data_dir).expanduser() / "models"


@dataclass(frozen=True)
class ClassifierConfig:
    """What the detoxify classifier loads and how it runs.

    ``models`` maps a language code to a detoxify model name; ``"*"`` covers every other
    language and texts whose language is unknown. With ``checkpoint`` set, that one local
    checkpoint (detoxify's format) serves every language, with ``config_dir`` holding its
    Hugging Face config and tokenizer; otherwise the weights come from ``model_dir``
    (``<model_dir>/checkpoints/<detoxify's file name>``, filled by ``fetch``).
    """

    models: Mapping[str, str] = field(default_factory=lambda: _DEFAULT_MODELS)
    device: str = "cpu"
    #: ``torch.set_num_threads``; ``None`` keeps torch's default (one per core).
    threads: int | None = None
    checkpoint: Path | None = None
    config_dir: Path | None = None
    #: torch hub directory for downloaded weights (``inspel model fetch``).
    model_dir: Path = field(default_factory=lambda: _default_model_dir({}))
    #: Token windows per forward pass; windows are grouped by length first.
    batch_size: int = 64
    #: Tokens per forward pass, padding and special tokens included: a batch of long windows
    #: holds fewer of them (on 2 cores, ~2,000 tokens per pass runs fastest; see
    #: ``benchmarks/README.md``).
    batch_tokens: int = 2048
    #: Tokens per window, special tokens excluded; ``None``: the model's maximum − 2.
    max_tokens: int | None = None
    #: Tokens shared by neighbouring windows of a long text.
    overlap: int = 64
    #: Windows one text may take (64 ≈ 29,000 tokens, several times the longest form
    #: field); a longer text is not scored (``NotScorableError``) and a person reviews it.
    max_windows: int = 64
    #: ``"int8"``: torch dynamic quantisation of the linear layers (CPU only); ``"bf16"``:
    #: bfloat16 weights (fast on CPUs with AMX and on GPUs); ``"auto"``: bf16 where the
    #: hardware has it (AMX, a bf16 GPU), else int8 on a CPU and full precision on a GPU
    #: (``resolve_precision``); ``None``: full precision (fp32).
    quantize: str | None = None

    def __post_init__(self) -> None:
        models = _check_models(self.models, "models")
        object.__setattr__(self, "models", MappingProxyType(models))
        _check_device(self.device, "device")
        for name, value, minimum in (
            ("threads", self.threads, 1),
            ("batch_size", self.batch_size, 1),
            ("batch_tokens", self.batch_tokens, 1),
            ("max_tokens", self.max_tokens, 8),
            ("overlap", self.overlap, 0),
            ("max_windows", self.max_windows, 1),
        ):
            if value is not None and (
                isinstance(value, bool) or not isinstance(value, int) or value < minimum
            ):
                raise ValueError(f"{name} must be a whole number of at least {minimum}")
        if self.max_tokens is not None and self.overlap >= self.max_tokens:
            raise ValueError("overlap must be smaller than max_tokens")
        if self.quantize is not None and self.quantize not in _QUANTIZE:
            raise ValueError(f"quantize must be one of {', '.join(_QUANTIZE)} or None")
        if self.quantize == "int8" and not self.device.startswith("cpu"):
            raise ValueError("int8 quantisation runs on the cpu device only")
        if self.checkpoint is not None and len(set(models.values())) > 1:
            raise ValueError(
                "a local checkpoint serves every language: name one model, not one per language"
            )
        if self.config_dir is not None and self.checkpoint is None:
            raise ValueError("a config directory is only used with a local checkpoint")

    def model_for(self, lang: str | None) -> str:
        """The detoxify model for texts in ``lang`` (``"sv"``, ``"en-GB"``, ``None``)."""
        return self.models.get(_lang_key(lang)) or self.models["*"]

    @property
    def model_names(self) -> tuple[str, ...]:
        """The distinct models to load, in a stable order."""
        return tuple(sorted(set(self.models.values()), key=MODEL_NAMES.index))

    @classmethod
    def from_env(cls, environ: Mapping[str, str] | None = None) -> ClassifierConfig:
        """The configuration from ``INSPEL_DETOXIFY_*`` and ``INSPEL_MODEL_DIR``; raises
        ``ValueError`` naming the variable when a value is wrong."""
        env = os.environ if environ is None else environ

        def get(name: str) -> str:
            return env.get(name, "").strip()

        models = _parse_models(get("INSPEL_DETOXIFY_MODELS"))
        device = get("INSPEL_DETOXIFY_DEVICE") or "cpu"
        _check_device(device, "INSPEL_DETOXIFY_DEVICE")
        checkpoint = _path_var(get("INSPEL_DETOXIFY_CHECKPOINT"))
        config_dir = _path_var(get("INSPEL_DETOXIFY_CONFIG_DIR"))
        model_dir = _path_var(get("INSPEL_MODEL_DIR")) or _default_model_dir(env)
        quantize = get("INSPEL_DETOXIFY_QUANTIZE").lower() or "auto"
        if quantize in ("none", "off", "fp32"):
            quantize = ""
        elif quantize not in _QUANTIZE:
            raise ValueError(
                f"INSPEL_DETOXIFY_QUANTIZE must be auto, int8, bf16 or none, not {quantize!r}"
            )
        # Whole numbers left unset keep the dataclass's defaults.
        counts = {
            name: value
            for name, value in (
                ("batch_size", _int_var(env, "INSPEL_DETOXIFY_BATCH_SIZE", 1)),
                ("batch_tokens", _int_var(env, "INSPEL_DETOXIFY_BATCH_TOKENS", 1)),
                ("overlap", _int_var(env, "INSPEL_DETOXIFY_OVERLAP", 0)),
                ("max_windows", _int_var(env, "INSPEL_DETOXIFY_MAX_WINDOWS", 1)),
            )
            if value is not None
        }
        try:
            return cls(
                models=models,
                device=device,
                threads=_int_var(env, "INSPEL_DETOXIFY_THREADS", 1),
                checkpoint=checkpoint,
                config_dir=config_dir,
                model_dir=model_dir,
                max_tokens=_int_var(env, "INSPEL_DETOXIFY_MAX_TOKENS", 8),
                quantize=quantize or None,
                **counts,
            )
        except ValueError as exc:
            raise ValueError(f"classifier settings: {exc}") from None


def _lang_key(lang: str | None) -> str:
    if not lang:
        return "*"
    return re.split(r"[-_]", lang.strip().lower(), maxsplit=1)[0] or "*"


def _check_models(models: Mapping[str, str], source: str) -> dict[str, str]:
    checked: dict[str, str] = {}
    for lang, name in models.items():
        key = _lang_key(lang) if lang != "*" else "*"
        if name not in MODEL_URLS:
            raise ValueError(
                f"{source}: unknown detoxify model {name!r} (choose from {', '.join(MODEL_NAMES)})"
            )
        if key in checked:
            raise ValueError(f"{source}: language {key!r} is given twice")
        checked[key] = name
    if "*" not in checked:
        raise ValueError(f"{source}: add a model for other languages, for example '*=multilingual'")
    return checked


def _parse_models(raw: str) -> dict[str, str]:
    """``"multilingual"`` or ``"sv=multilingual,en=original,*=multilingual"``; a bare name
    stands for ``*``."""
    if not raw:
        return dict(_DEFAULT_MODELS)
    pairs: dict[str, str] = {}
    for part in raw.split(","):
        entry = part.strip()
        if not entry:
            continue
        lang, sep, name = entry.rpartition("=")
        lang, name = (lang.strip(), name.strip()) if sep else ("*", entry)
        if not lang or not name:
            raise ValueError(
                f"INSPEL_DETOXIFY_MODELS: {entry!r} is not LANG=MODEL "
                "(for example sv=multilingual,en=original,*=multilingual)"
            )
        key = "*" if lang == "*" else _lang_key(lang)
        if key in pairs:
            raise ValueError(f"INSPEL_DETOXIFY_MODELS: language {key!r} is given twice")
        pairs[key] = name
    return _check_models(pairs, "INSPEL_DETOXIFY_MODELS")


def _check_device(device: str, source: str) -> None:
    if not _DEVICE.fullmatch(device):
        raise ValueError(f"{source} must be cpu or cuda (or cuda:N), not {device!r}")


def _path_var(raw: str) -> Path | None:
    return Path(raw).expanduser() if raw else None


def _int_var(env: Mapping[str, str], name: str, minimum: int) -> int | None:
    raw = env.get(name, "").strip()
    if not raw:
        return None
    try:
        value = int(raw)
    except ValueError:
        raise ValueError(f"{name} must be a whole number, not {raw!r}") from None
    if value < minimum:
        raise ValueError(f"{name} must be at least {minimum}, not {value}")
    return value


# --- loading ---------------------------------------------------------------------------------


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


class _Model:
    """One loaded detoxify model: the weights, the tokenizer and how to score token windows."""

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
        if quantize == "int8":
            quantize_dynamic: Any = torch.ao.quantization.quantize_dynamic
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")  # "torch.ao.quantization is deprecated"
                model = quantize_dynamic(model, {torch.nn.Linear}, dtype=torch.qint8)
        elif quantize == "bf16":
            # bfloat16 weights: on a CPU with AMX (or avx512_bf16) and on a GPU, matrix
            # products run in bf16 with fp32 accumulation; elsewhere it is slower than fp32.
            model = model.to(torch.bfloat16)
        model.eval()
        self.model = model
        self.tokenizer = loaded_model.tokenizer
        names = [_LABEL_ALIASES.get(name, name) for name in loaded_model.class_names]
        self.labels: tuple[str, ...] = tuple(
            label for label in CLASSIFIER_LABEL_RULES if label in names
        )
        self._columns = [names.index(label) for label in self.labels]
        self.version = f"{path.name}:{_sha256(path)[:12]}" + (f"+{quantize}" if quantize else "")
        self.window = _window_limit(model, self.tokenizer)
        self._prefix, self._suffix = _special_tokens(self.tokenizer)
        pad = self.tokenizer.pad_token_id
        self._pad = int(pad) if pad is not None else 0

    @property
    def detector_version(self) -> str:
        return f"detoxify-{self.name}@{self.version}"

    def encode(self, texts: Sequence[str]) -> list[list[int]]:
        """Token ids of each text, without special tokens and without truncation."""
        encoded = self.tokenizer(list(texts), add_special_tokens=False, verbose=False)
        return [list(ids) for ids in encoded["input_ids"]]

    def score_windows(self, windows: Sequence[Sequence[int]]) -> list[list[float]]:
        """Scores (one row per window, one column per label in ``labels``) for token windows
        of at most ``window`` tokens each; special tokens are added here."""
        import torch

        rows = [[*self._prefix, *ids, *self._suffix] for ids in windows]
        longest = max(len(row) for row in rows)
        input_ids = torch.full((len(rows), longest), self._pad, dtype=torch.long)
        attention = torch.zeros((len(rows), longest), dtype=torch.long)
        for index, row in enumerate(rows):
            input_ids[index, : len(row)] = torch.tensor(row, dtype=torch.long)
            attention[index, : len(row)] = 1
        with torch.inference_mode():
            logits = self.model(
                input_ids=input_ids.to(self.device), attention_mask=attention.to(self.device)
            )[0]
            scores = torch.sigmoid(logits.float())[:, self._columns].cpu()
        return [[float(value) for value in row] for row in scores.tolist()]


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


def _sha256(path: Path) -> str:
    with path.open("rb") as handle:
        return hashlib.file_digest(handle, "sha256").hexdigest()


def _window_limit(model: Any, tokenizer: Any) -> int:
    """The most tokens a window may hold, special tokens excluded."""
    config = model.config
    limit = int(getattr(config, "max_position_embeddings", 512) or 512)
    if getattr(config, "model_type", "") in ("roberta", "xlm-roberta", "camembert"):
        # RoBERTa-style positions start after the padding index.
        limit -= int(getattr(config, "pad_token_id", 1) or 0) + 1
    declared = getattr(tokenizer, "model_max_length", None)
    if isinstance(declared, int) and 0 < declared < 100_000:
        limit = min(limit, declared)
    return limit - 2


def _special_tokens(tokenizer: Any) -> tuple[list[int], list[int]]:
    """The ids the tokenizer puts before and after a single text ([CLS] … [SEP], <s> … </s>)."""
    probe = "a b"
    with_special = list(tokenizer(probe, add_special_tokens=True)["input_ids"])
    plain = list(tokenizer(probe, add_special_tokens=False)["input_ids"])
    for start in range(len(with_special) - len(plain) + 1):
        if with_special[start : start + len(plain)] == plain:
            return with_special[:start], with_special[start + len(plain) :]
    return with_special[:1], with_special[-1:]


@contextlib.contextmanager
def _quiet_transformers() -> Iterator[None]:
    """No "Loading weights" progress bar and no warnings while loading (missing weights are
    checked by ``_missing_keys``)."""
    import transformers

    logging: Any = transformers.utils.logging
    logging.disable_progress_bar()
    before = logging.get_verbosity()
    logging.set_verbosity_error()
    try:
        yield
    finally:
        logging.set_verbosity(before)


def _detoxify_module() -> Any:
    # Nothing on the loading path may reach the network.
    os.environ["HF_HUB_OFFLINE"] = "1"
    os.environ.setdefault("HF_HUB_DISABLE_PROGRESS_BARS", "1")
    try:
        import detoxify
    except ImportError as exc:  # pragma: no cover - detoxify is a dependency
        raise ClassifierUnavailableError(f"detoxify is not installed: {exc}") from exc
    return detoxify


_LOADED: dict[tuple[object, ...], _Model] = {}
_LOAD_LOCK = threading.Lock()


def resolve_precision(quantize: str | None, device: str) -> str | None:
    """The precision ``quantize`` stands for on ``device``: ``"auto"`` is bf16 on a CPU with
    AMX (bf16 matrix units: 3-4x fp32, see ``benchmarks/README.md``) and on a GPU that has
    bf16, int8 on other CPUs (AVX-512 VNNI or AVX2: ~2x fp32, where bf16 would be slower
    than fp32), and full precision on older GPUs."""
    if quantize != "auto":
        return quantize
    import torch

    if device.startswith("cuda"):
        return "bf16" if torch.cuda.is_bf16_supported() else None
    has_amx = getattr(torch.cpu, "_is_amx_tile_supported", None)
    return "bf16" if has_amx is not None and has_amx() else "int8"


def _load(source: _Source, device: str, quantize: str | None) -> _Model:
    """The model for ``source``, loaded once per process (and file version)."""
    quantize = resolve_precision(quantize, device)
    try:
        stat = source.checkpoint.stat()
        stamp: tuple[int, int] | None = (stat.st_size, stat.st_mtime_ns)
    except OSError:
        stamp = None
    key = (source, stamp, device, quantize)
    with _LOAD_LOCK:
        model = _LOADED.get(key)
        if model is None:
            model = _Model(source, device, quantize)
            _LOADED[key] = model
        return model


def _forget_loaded_models() -> None:
    """For tests: the next load reads the checkpoints again."""
    with _LOAD_LOCK:
        _LOADED.clear()


# --- the classifier --------------------------------------------------------------------------


def _invisible_pattern() -> re.Pattern[str]:
    characters = "".join(
        re.escape(chr(code)) for code in range(0x110000) if unicodedata.category(chr(code)) == "Cf"
    )
    return re.compile(f"[{characters}]+")


_INVISIBLE: re.Pattern[str] | None = None


def _clean(text: str) -> str:
    """The text the model sees: format characters (category Cf: zero-width spaces and
    joiners, BOM, bidi controls) removed, since XLM-R's tokenizer reads U+200B as a word
    break ("id\u200biot"); lone surrogates, which the tokenizer refuses, replaced."""
    global _INVISIBLE
    if _INVISIBLE is None:
        _INVISIBLE = _invisible_pattern()
    text = _INVISIBLE.sub("", text)
    return text.encode("utf-8", "replace").decode("utf-8")


def _windows(ids: Sequence[int], size: int, overlap: int) -> list[Sequence[int]]:
    """Windows of at most ``size`` tokens that cover ``ids``, neighbours sharing ``overlap``
    tokens; the last one ends at the last token."""
    if len(ids) <= size:
        return [ids]
    step = max(1, size - overlap)
    starts = list(range(0, len(ids) - size + 1, step))
    if starts[-1] + size < len(ids):
        starts.append(len(ids) - size)
    return [ids[start : start + size] for start in starts]


class DetoxifyClassifier:
    """detoxify, one model per language as configured, each loaded once per process.

    ``predict(texts, langs)`` routes every text to the model for its language and returns,
    for each text, the scores of the labels that model has among Inspel's seven
    (``CLASSIFIER_LABEL_RULES``; ``original`` has no ``sexual_explicit``).
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
        self.models: Mapping[str, _Model] = MappingProxyType(
            {
                name: _load(_source(self.config, name), self.config.device, self.config.quantize)
                for name in self.config.model_names
            }
        )
        self.device = self.config.device
        self.labels: tuple[str, ...] = tuple(
            label
            for label in CLASSIFIER_LABEL_RULES
            if any(label in model.labels for model in self.models.values())
        )
        if len(self.models) == 1:
            (model,) = self.models.values()
            self.name = f"detoxify-{model.name}"
            self.version = model.version
        else:
            self.name = "detoxify"
            self.version = ",".join(f"{m.name}={m.version}" for m in self.models.values())
        self._lock = threading.Lock()

    def model_for(self, lang: str | None) -> _Model:
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

    def _score(self, model: _Model, texts: Sequence[str]) -> list[dict[str, float]]:
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


#: A batch keeps windows within this factor (plus a few tokens) of its shortest one, so that
#: one long window does not pad the short ones to its length.
_LENGTH_SPREAD = 1.25
_LENGTH_SLACK = 8


def _length_batches(
    windows: Sequence[tuple[int, Sequence[int]]], batch_size: int, batch_tokens: int
) -> list[list[int]]:
    """Indices of ``windows`` in batches sorted by length: a new batch starts when the length
    grows past the spread, or when the batch would exceed ``batch_size`` windows or
    ``batch_tokens`` tokens with padding (every window counted at the longest one's length,
    plus two special tokens). A single window longer than ``batch_tokens`` is a batch alone."""
    order = sorted(range(len(windows)), key=lambda k: len(windows[k][1]))
    batches: list[list[int]] = []
    current: list[int] = []
    for k in order:
        length = len(windows[k][1])
        shortest = len(windows[current[0]][1]) if current else length
        if current and (
            len(current) >= batch_size
            or (len(current) + 1) * (length + 2) > batch_tokens
            or length > shortest * _LENGTH_SPREAD + _LENGTH_SLACK
        ):
            batches.append(current)
            current = []
        current.append(k)
    if current:
        batches.append(current)
    return batches


def load_configured(config: ClassifierConfig | None = None) -> Classifier:
    """The detoxify classifier the configuration (by default the environment) asks for.
    Raises ``ClassifierUnavailableError`` when it cannot load; never downloads."""
    if config is None:
        try:
            config = ClassifierConfig.from_env()
        except ValueError as exc:
            raise ClassifierUnavailableError(str(exc)) from exc
    try:
        return DetoxifyClassifier(config)
    except ClassifierUnavailableError:
        raise
    except Exception as exc:
        raise ClassifierUnavailableError(f"{type(exc).__name__}: {exc}") from exc


# --- inspel model info / fetch ---------------------------------------------------------------


def _describe_precision(config: ClassifierConfig) -> str:
    if config.quantize != "auto":
        return config.quantize or "none"
    try:
        resolved = resolve_precision("auto", config.device)
    except Exception as exc:  # noqa: BLE001 - info reports, it does not fail
        return f"auto (cannot tell: {type(exc).__name__})"
    return f"auto: {resolved or 'none'} on this machine"


def info(config: ClassifierConfig | None = None) -> dict[str, Any]:
    """What the classifier loads under ``config``: per model its source, files, whether they
    are present, and (once loaded) version, labels and window; device, threads, batching.
    ``available`` is False, with ``error``, when it cannot load."""
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
        "models": {},
    }
    for name in config.model_names:
        source = _source(config, name)
        details["models"][name] = {
            "source": source.origin,
            "checkpoint": str(source.checkpoint),
            "config_dir": str(source.config_dir) if source.config_dir else None,
            "present": source.checkpoint.is_file(),
            "version": None,
            "labels": list(_KNOWN_LABELS[name]),
            "window_tokens": None,
        }
    try:
        classifier = DetoxifyClassifier(config)
    except ClassifierUnavailableError as exc:
        details["error"] = str(exc)
    else:
        details["available"] = True
        for name, model in classifier.models.items():
            details["models"][name].update(
                version=model.version,
                labels=list(model.labels),
                window_tokens=min(model.window, config.max_tokens or model.window),
            )
    if details["threads"] is None:
        import torch

        details["threads"] = torch.get_num_threads()
    return details


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
        lines += [
            f"model {name}:",
            f"  source:     {model['source']}",
            f"  checkpoint: {model['checkpoint']} ({'present' if model['present'] else 'missing'})",
        ]
        if model["config_dir"]:
            lines.append(f"  config dir: {model['config_dir']}")
        lines += [
            f"  version:    {model['version'] or '-'}",
            f"  labels:     {', '.join(model['labels'])}",
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
    for name in config.model_names:
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
