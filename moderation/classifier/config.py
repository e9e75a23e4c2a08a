"""``ClassifierConfig``: which models score which languages, and how they run; read from the
environment by ``ClassifierConfig.from_env``."""

from __future__ import annotations

import os
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from types import MappingProxyType

from moderation.types import CLASSIFIER_LABEL_RULES

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
_DEVICE = re.compile(r"cpu|cuda(:\d+)?")
_QUANTIZE = ("int8", "bf16", "auto")
_DEFAULT_MODELS: Mapping[str, str] = MappingProxyType({"*": "multilingual"})
#: How ``ClassifierConfig.models`` names a Hugging Face model directory: ``transformers:DIR``.
TRANSFORMERS = "transformers:"


def _model_order(spec: str) -> tuple[int, int, str]:
    if is_transformers(spec):
        return (1, 0, spec)
    return (0, MODEL_NAMES.index(spec), spec)


def _default_model_dir(environ: Mapping[str, str]) -> Path:
    data_dir = environ.get("INSPEL_DATA_DIR") or "./inspel-data"
    return Path(data_dir).expanduser() / "models"


@dataclass(frozen=True)
class ClassifierConfig:
    """What the classifier loads and how it runs.

    ``models`` maps a language code to a model: a detoxify model's name, or
    ``transformers:DIR``, a local Hugging Face sequence-classification model directory with
    Inspel's label map in it (``transformers_backend``); ``"*"`` covers every other language
    and texts whose language is unknown. With ``checkpoint`` set, that one local detoxify
    checkpoint serves every language that names a detoxify model, with ``config_dir`` holding
    its Hugging Face config and tokenizer; otherwise detoxify's weights come from
    ``model_dir`` (``<model_dir>/checkpoints/<detoxify's file name>``, filled by ``fetch``).
    Device, threads, batching, windows and precision apply to every model.
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
        detoxify_models = {spec for spec in models.values() if not is_transformers(spec)}
        if self.checkpoint is not None and len(detoxify_models) > 1:
            raise ValueError(
                "a local checkpoint serves every language: name one model, not one per language"
            )
        if self.config_dir is not None and self.checkpoint is None:
            raise ValueError("a config directory is only used with a local checkpoint")

    def model_for(self, lang: str | None) -> str:
        """The model for texts in ``lang`` (``"sv"``, ``"en-GB"``, ``None``)."""
        return self.models.get(_lang_key(lang)) or self.models["*"]

    @property
    def model_names(self) -> tuple[str, ...]:
        """The distinct models to load, in a stable order."""
        return tuple(sorted(set(self.models.values()), key=_model_order))

    @classmethod
    def from_env(cls, environ: Mapping[str, str] | None = None) -> ClassifierConfig:
        """The configuration from ``INSPEL_CLASSIFIER_MODELS``, ``INSPEL_DETOXIFY_*`` and
        ``INSPEL_MODEL_DIR``; raises
        ``ValueError`` naming the variable when a value is wrong."""
        env = os.environ if environ is None else environ

        def get(name: str) -> str:
            return env.get(name, "").strip()

        models = _models_from_env(env)
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


def is_transformers(spec: str) -> bool:
    """Whether a model in ``ClassifierConfig.models`` is a Hugging Face model directory."""
    return spec.startswith(TRANSFORMERS)


def transformers_dir(spec: str) -> Path:
    """The model directory of a ``transformers:DIR`` model."""
    return Path(spec.removeprefix(TRANSFORMERS))


def _canonical(spec: str, source: str) -> str:
    """A detoxify model's name, or ``transformers:DIR``, for what a setting says:
    ``multilingual``, ``detoxify`` (its default model), ``detoxify:original`` or
    ``transformers:/srv/models/sv-toxicity``."""
    spec = spec.strip()
    backend, colon, rest = spec.partition(":")
    if colon and backend.strip() == "transformers":
        if not rest.strip():
            raise ValueError(f"{source}: {spec!r} names no model directory")
        return TRANSFORMERS + str(Path(rest.strip()).expanduser())
    if spec == "transformers":
        raise ValueError(
            f"{source}: transformers needs its model directory, for example "
            "transformers:/srv/models/sv-toxicity"
        )
    name = rest.strip() if colon and backend.strip() == "detoxify" else spec
    if name == "detoxify":
        name = _DEFAULT_MODELS["*"]
    if name not in MODEL_URLS:
        raise ValueError(
            f"{source}: unknown detoxify model {name!r} (choose from {', '.join(MODEL_NAMES)}, "
            "or transformers:DIR for a Hugging Face model directory)"
        )
    return name


def _check_models(models: Mapping[str, str], source: str) -> dict[str, str]:
    checked: dict[str, str] = {}
    for lang, spec in models.items():
        key = _lang_key(lang) if lang != "*" else "*"
        if key in checked:
            raise ValueError(f"{source}: language {key!r} is given twice")
        checked[key] = _canonical(spec, source)
    if "*" not in checked:
        raise ValueError(f"{source}: add a model for other languages, for example '*=multilingual'")
    return checked


def _parse_models(raw: str, source: str) -> dict[str, str]:
    """``"multilingual"`` or ``"sv=transformers:/srv/models/sv,en=original,*=multilingual"``;
    a bare model stands for ``*``."""
    if not raw:
        return dict(_DEFAULT_MODELS)
    pairs: dict[str, str] = {}
    for part in raw.split(","):
        entry = part.strip()
        if not entry:
            continue
        lang, sep, spec = entry.partition("=")
        if not sep or ":" in lang or "/" in lang:  # "=" inside a model directory's name
            lang, spec = "*", entry
        lang, spec = lang.strip(), spec.strip()
        if not lang or not spec:
            raise ValueError(
                f"{source}: {entry!r} is not LANG=MODEL "
                "(for example sv=transformers:/srv/models/sv,en=original,*=multilingual)"
            )
        key = "*" if lang == "*" else _lang_key(lang)
        if key in pairs:
            raise ValueError(f"{source}: language {key!r} is given twice")
        pairs[key] = spec
    return _check_models(pairs, source)


def _models_from_env(env: Mapping[str, str]) -> dict[str, str]:
    """``INSPEL_CLASSIFIER_MODELS``, or its older name ``INSPEL_DETOXIFY_MODELS``; with
    ``INSPEL_CLASSIFIER=transformers`` it must name a model directory."""
    new, old = "INSPEL_CLASSIFIER_MODELS", "INSPEL_DETOXIFY_MODELS"
    raw_new, raw_old = env.get(new, "").strip(), env.get(old, "").strip()
    if raw_new and raw_old:
        raise ValueError(f"set {new} or {old} (its older name), not both")
    source = new if raw_new or not raw_old else old
    models = _parse_models(raw_new or raw_old, source)
    chosen = env.get("INSPEL_CLASSIFIER", "").strip().lower()
    if chosen == "transformers" and not any(map(is_transformers, models.values())):
        raise ValueError(
            f"INSPEL_CLASSIFIER is transformers, but {source} names no model directory "
            "(for example INSPEL_CLASSIFIER_MODELS=sv=transformers:/srv/models/sv,*=multilingual)"
        )
    return models


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
