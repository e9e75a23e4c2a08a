"""What every model shares, whichever backend loaded it (detoxify, transformers): the text
the model sees, token windows, batches by length, precision, scoring a batch of windows, and
loading each model once per process."""

from __future__ import annotations

import contextlib
import hashlib
import re
import threading
import unicodedata
import warnings
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import Any


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


# --- one loaded model -------------------------------------------------------------------------


class TokenModel:
    """A loaded sequence-classification model and its tokenizer, scoring token windows.

    A backend loads the model and the tokenizer, then calls ``_ready`` with what the labels
    are: for each of Inspel's labels the model has, the model's output columns that feed it.
    Scores are the sigmoid of the logits (independent labels: the highest of a label's
    columns) or their softmax (one class per text: the sum of a label's columns).
    """

    #: ``"detoxify"`` or ``"transformers"``.
    backend: str
    name: str
    version: str
    labels: tuple[str, ...]
    window: int
    device: str
    model: Any
    tokenizer: Any
    #: ``"sigmoid"`` or ``"softmax"``.
    activation: str = "sigmoid"

    def _ready(
        self,
        model: Any,
        tokenizer: Any,
        columns: Sequence[tuple[str, Sequence[int]]],
        quantize: str | None,
    ) -> None:
        self.model = _with_precision(model, quantize)
        self.model.eval()
        self.tokenizer = tokenizer
        self.labels = tuple(label for label, _ in columns)
        self._columns = [list(indices) for _, indices in columns]
        self.window = _window_limit(model, tokenizer)
        self._prefix, self._suffix = _special_tokens(tokenizer)
        pad = tokenizer.pad_token_id
        self._pad = int(pad) if pad is not None else 0

    @property
    def detector_version(self) -> str:
        return f"{self.backend}-{self.name}@{self.version}"

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
            )[0].float()
            if self.activation == "softmax":
                probs = torch.softmax(logits, dim=-1)
                picked = [probs[:, cols].sum(dim=1).clamp(max=1.0) for cols in self._columns]
            else:
                probs = torch.sigmoid(logits)
                picked = [probs[:, cols].amax(dim=1) for cols in self._columns]
            scores = torch.stack(picked, dim=1).cpu()
        return [[float(value) for value in row] for row in scores.tolist()]


def _with_precision(model: Any, quantize: str | None) -> Any:
    import torch

    if quantize == "int8":
        quantize_dynamic: Any = torch.ao.quantization.quantize_dynamic
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # "torch.ao.quantization is deprecated"
            return quantize_dynamic(model, {torch.nn.Linear}, dtype=torch.qint8)
    if quantize == "bf16":
        # bfloat16 weights: on a CPU with AMX (or avx512_bf16) and on a GPU, matrix products
        # run in bf16 with fp32 accumulation; elsewhere it is slower than fp32.
        return model.to(torch.bfloat16)
    return model


def file_stamp(*paths: Path) -> tuple[tuple[int, int] | None, ...]:
    """Size and modification time of each file (``None`` if missing): a changed file is a
    new model to load."""
    stamps: list[tuple[int, int] | None] = []
    for path in paths:
        try:
            stat = path.stat()
        except OSError:
            stamps.append(None)
        else:
            stamps.append((stat.st_size, stat.st_mtime_ns))
    return tuple(stamps)


_LOADED: dict[tuple[object, ...], TokenModel] = {}
_LOAD_LOCK = threading.Lock()


def load_once(key: tuple[object, ...], load: Callable[[], TokenModel]) -> TokenModel:
    """The model loaded under ``key`` in this process, loading it on first use."""
    with _LOAD_LOCK:
        model = _LOADED.get(key)
        if model is None:
            model = load()
            _LOADED[key] = model
        return model


def _forget_loaded_models() -> None:
    """For tests: the next load reads the files again."""
    with _LOAD_LOCK:
        _LOADED.clear()
