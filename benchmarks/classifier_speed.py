"""Speed benchmark for Inspel's detoxify classifier (issue 4), with the baseline in the same run.

No real detoxify weights are available offline, so the benchmark builds, in a temporary
directory, FULL-SIZE checkpoints in detoxify's own formats with random weights, the same
compute as the real weights (classifier-notes §2), one per model in ``--models`` (default:
both):

- ``original``: bert-base (hidden 768, 12 layers, 12 heads, intermediate 3072, vocabulary
  30,522, 6 labels). Its tokenizer is a WordPiece vocabulary trained here on the test corpus
  (2,000 pieces, padded to 30,522 entries with unused tokens), which splits Swedish and
  English text about as finely as bert-base-uncased does (~1.6 tokens per word).
- ``multilingual``: XLM-R base (``XLMRobertaForSequenceClassification``, hidden 768,
  12 layers, 12 heads, intermediate 3072, vocabulary 250,002, 514 positions, 16 labels).
  Its tokenizer is ``XLMRobertaTokenizer`` with a sentencepiece model trained here on the
  corpus (as many pieces as the corpus supports, ~2,700; ~1.7 tokens per word); the
  embedding matrix has the real 250,002 rows all the same.

``--small`` builds tiny versions of both instead, for a quick smoke run.

Weights are drawn with ``initializer_range`` 0.02 (BERT's own) at full size: with the 0.2
that the tiny test fixtures need (classifier-notes pitfall 6), a 12-layer network is chaotic,
its scores sit at 0 or 1, and int8 rounding moves them by up to 0.9, which says nothing about
the real weights (``--init-range 0.2`` shows it). Compute is the same either way.

Texts (``--mix``): ``issue`` (the default) builds, for each model with its own tokenizer,
texts whose lengths are spread evenly over 50-400 tokens (the issue's "realistic mix"):
corpus texts (title + body) of ``tests/data/moderation_corpus.jsonl`` in one language run
together and cut at a word to the target length. ``corpus`` takes the corpus rows as they
are (short replies to ~1.5 KB proposals, median ~33 tokens). ``--long N`` adds N long
proposals of > 512 tokens, which Inspel scores in overlapping windows. For each model it
prints the model, the token lengths, then:

1. baseline: ``detoxify.Detoxify(checkpoint=..., huggingface_config_path=...).predict(text)``
   once per item, as most users call it (on a subsample with the same length distribution);
2. Inspel: ``DetoxifyClassifier.predict(texts)`` with all texts in one call (``--chunk N``: N
   per call), windows batched by length, fp32, ``quantize="int8"`` and ``quantize="bf16"``
   (bfloat16 weights: AMX on this machine kind), 1 and 2 threads, with
   the ratio to the baseline at the same thread count, tokens/s, padding and forward passes;
3. the largest score difference int8 - fp32 and bf16 - fp32 per label over the labelled corpus
   rows themselves
   (random weights: this is quantisation error only; re-check on the real weights), plus
   sanity checks.

Then, once, with the first model of ``--models``:

4. end to end: N submissions (same mix) queued in a temporary SQLite database, drained by one
   ``debate.submissions.worker.Worker`` (its batch: ``INSPEL_WORKER_BATCH``'s default, or
   ``--worker-batch``) with the fp32, int8 and bf16 classifiers: total time, items/s (and the
   ratio to the baseline), the time spent in ``predict``, padding, and the p50/p95 time from
   submission to decision. The worker calls ``predict`` once per claim.

A summary table ends the run: per model, baseline and Inspel items/s at the highest thread
count, the ratios, and the queue's p95. Target (issue 4): Inspel >= 3x the baseline's items/s
on the 2-core CPU machine. A miss is printed, never an exit status. Nothing here touches the
network (``HF_HUB_OFFLINE=1``).

    .venv/bin/python benchmarks/classifier_speed.py            # full size, 12-18 min on 2 cores
    .venv/bin/python benchmarks/classifier_speed.py --small    # tiny models, ~40 s
"""

from __future__ import annotations

import argparse
import contextlib
import functools
import gc
import importlib.metadata
import io
import json
import logging
import math
import os
import platform
import random
import re
import shutil
import signal
import statistics
import sys
import tempfile
import time
import traceback
import unicodedata
from collections import Counter, defaultdict
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import timedelta
from pathlib import Path
from typing import Any

# Before transformers, tokenizers or huggingface_hub are imported: never the network, no
# progress bars, and no hidden thread pool in the Rust tokenizer (threads are pinned below).
os.environ["HF_HUB_OFFLINE"] = "1"
os.environ.setdefault("HF_HUB_DISABLE_PROGRESS_BARS", "1")
os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")

REPO = Path(__file__).resolve().parent.parent
CORPUS = REPO / "tests" / "data" / "moderation_corpus.jsonl"

TARGET_RATIO = 3.0
#: fp32 (None), torch dynamic int8, and bfloat16 weights (AMX on this machine kind).
PRECISIONS: list[str | None] = [None, "int8", "bf16"]
#: detoxify's ``original`` classes, in its checkpoint's order (it renames three of them).
ORIGINAL_CLASSES = ("toxic", "severe_toxic", "obscene", "threat", "insult", "identity_hate")
#: detoxify's ``unbiased`` and ``multilingual`` classes: 7 main classes + 9 identities.
MULTILINGUAL_CLASSES = (
    "toxicity",
    "severe_toxicity",
    "obscene",
    "identity_attack",
    "insult",
    "threat",
    "sexual_explicit",
    "male",
    "female",
    "homosexual_gay_or_lesbian",
    "christian",
    "jewish",
    "muslim",
    "black",
    "white",
    "psychiatric_or_mental_illness",
)
#: The real models' vocabularies: rows of their embedding matrices.
BERT_BASE_VOCAB = 30_522
XLMR_BASE_VOCAB = 250_002
SPECIAL_TOKENS = ["[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]"]
#: WordPiece pieces learnt from the corpus; the rest of bert's vocabulary is unused entries.
WORDPIECE_PIECES = 2_000
#: Sentencepiece pieces asked for; the corpus supports fewer (``hard_vocab_limit`` off).
SENTENCEPIECE_PIECES = 8_000
#: Inspel's defaults: tokens per window (512 less the two special tokens) and the overlap.
WINDOW_TOKENS = 510
WINDOW_OVERLAP = 64
#: ``--mix issue``: text lengths in tokens (the model's tokenizer, no special tokens).
MIX_TOKENS = (50, 400)


@dataclass(frozen=True)
class ModelSize:
    name: str
    hidden: int
    layers: int
    heads: int
    intermediate: int
    #: Standard deviation of the random weights.
    init_range: float
    #: The real models' shape, vocabulary (embedding rows) included; False: the vocabulary
    #: is just the pieces the tokenizer learnt.
    full: bool


FULL = ModelSize("full size", 768, 12, 12, 3_072, 0.02, True)
SMALL = ModelSize("--small smoke run", 32, 2, 2, 64, 0.2, False)


# --------------------------------------------------------------------------------------------
# Output
# --------------------------------------------------------------------------------------------


def say(line: str = "") -> None:
    print(line, flush=True)


def heading(title: str) -> None:
    say()
    say(title)
    say("-" * len(title))


@contextlib.contextmanager
def section(name: str, failures: list[str]) -> Iterator[None]:
    """Run one part of the benchmark; a failure is printed and the next part still runs."""
    try:
        yield
    except Exception as exc:  # noqa: BLE001 - a benchmark reports and goes on
        failures.append(f"{name}: {type(exc).__name__}: {exc}")
        say(f"  !! {name} failed: {type(exc).__name__}: {exc}")
        say("  " + "  ".join(traceback.format_exc(limit=4).splitlines(keepends=True)[-6:]))


def fmt_count(value: float | None) -> str:
    return "n/a" if value is None else f"{value:,.0f}"


def fmt_pct(forwards: Forwards | None) -> str:
    return "n/a" if forwards is None else f"{100 * forwards.padding:.0f}"


def fmt_ratio(value: float | None) -> str:
    return "n/a" if value is None else f"{value:.2f}x"


def fmt_rate(value: float | None) -> str:
    return "n/a" if value is None else f"{value:.2f}"


def verdict(ratio: float | None) -> str:
    return "n/a" if ratio is None else "PASS" if ratio >= TARGET_RATIO else "MISS"


def percentile(values: Sequence[float], q: float) -> float:
    """Nearest-rank percentile (q in 0..100) of a non-empty sequence."""
    ordered = sorted(values)
    rank = max(1, math.ceil(q / 100 * len(ordered)))
    return ordered[rank - 1]


def describe_tokens(label: str, lengths: Sequence[int]) -> str:
    return (
        f"{label}: n {len(lengths)}, min {min(lengths)}, p10 {percentile(lengths, 10)}, "
        f"p50 {percentile(lengths, 50)}, mean {statistics.fmean(lengths):.0f}, "
        f"p90 {percentile(lengths, 90)}, max {max(lengths):,}"
    )


#: Upper bounds (inclusive) of the length histogram's bands; the last band is open.
LENGTH_BANDS = (49, 99, 149, 199, 249, 299, 349, 400, WINDOW_TOKENS)


def describe_bands(lengths: Sequence[int]) -> str:
    """How many texts fall in each band of token lengths (<50, 50-99, ..., 350-400, ...)."""
    counts = Counter(next((b for b in LENGTH_BANDS if n <= b), None) for n in lengths)
    names, low = [], 0
    for bound in LENGTH_BANDS:
        names.append((f"<{bound + 1}" if low == 0 else f"{low}-{bound}", counts[bound]))
        low = bound + 1
    names.append((f">{WINDOW_TOKENS}", counts[None]))
    return "length histogram (tokens): " + ", ".join(f"{name}: {n}" for name, n in names)


# --------------------------------------------------------------------------------------------
# Texts
# --------------------------------------------------------------------------------------------

Row = dict[str, Any]
#: Token counts of texts with a model's own tokenizer (no special tokens, no truncation).
TokenCounter = Callable[[Sequence[str]], list[int]]


@dataclass(frozen=True)
class Sample:
    title: str | None
    body: str
    lang: str
    #: "corpus": one row of the corpus; "mix": corpus texts run together and cut to a target
    #: length (``--mix issue``); "long": several proposals run together (> 512 tokens).
    source: str

    @property
    def text(self) -> str:
        """What the worker scores: title and body, as one text."""
        return join_text(self.title, self.body)


def join_text(*parts: str | None) -> str:
    return "\n\n".join(part for part in parts if part)


def row_sample(row: Row, source: str = "corpus") -> Sample:
    return Sample(row.get("title") or None, row["body"], str(row.get("lang") or "sv"), source)


def fail(message: str) -> SystemExit:
    say(f"classifier_speed: {message}")
    return SystemExit(2)


def read_corpus() -> list[Row]:
    if not CORPUS.is_file():
        raise fail(f"the corpus {CORPUS} is missing")
    rows = []
    with CORPUS.open(encoding="utf-8") as handle:
        for number, line in enumerate(handle, 1):
            if not line.strip():
                continue
            try:
                row = json.loads(line)
            except json.JSONDecodeError as exc:
                raise fail(f"{CORPUS}:{number}: {exc}") from None
            if isinstance(row, dict) and isinstance(row.get("body"), str) and row["body"].strip():
                rows.append(row)
    if not rows:
        raise fail(f"no texts with a 'body' in {CORPUS}")
    return rows


def samples(
    mix: str, rows: Sequence[Row], items: int, long: int, seed: int, count: TokenCounter
) -> list[Sample]:
    """``items`` texts of the mix (``corpus``: that many corpus rows, all of them if fewer)
    and ``long`` long proposals, shuffled."""
    rng = random.Random(seed)
    if mix == "corpus":
        result = [row_sample(row) for row in rng.sample(list(rows), min(items, len(rows)))]
    else:
        result = mixed_samples(rows, items, rng, count)
    proposals = [row for row in rows if row.get("title")] or list(rows)
    for index in range(long):
        target = 2_600 + 600 * (index % 4)  # ~650-1,500 tokens: 2-4 windows
        parts: list[str] = []
        while sum(len(part) + 2 for part in parts) < target:
            parts.append(row_sample(rng.choice(proposals)).text)
        result.append(Sample(f"Långt förslag {index + 1}", join_text(*parts), "sv", "long"))
    rng.shuffle(result)
    return result


def mixed_samples(
    rows: Sequence[Row], items: int, rng: random.Random, count: TokenCounter
) -> list[Sample]:
    """``items`` texts whose token lengths are spread evenly over ``MIX_TOKENS``: one target
    drawn uniformly in each of ``items`` equal slices of the range. Each text starts with a
    corpus row (its title, if any, and its language tag), goes on with other rows of the same
    language (title + body) and is cut at a word to the target."""
    low, high = MIX_TOKENS
    by_lang: defaultdict[str, list[Row]] = defaultdict(list)
    for row in rows:
        by_lang[row_sample(row).lang].append(row)
    result = []
    for k in range(items):
        target = low + int((high - low + 1) * (k + rng.random()) / items)
        first = row_sample(rng.choice(rows), "mix")
        pieces = [first.body]
        while count([join_text(first.title, *pieces)])[0] < target:
            pieces.append(row_sample(rng.choice(by_lang[first.lang])).text)
        body = cut_to_tokens(first.title, join_text(*pieces), target, count)
        result.append(Sample(first.title, body, first.lang, "mix"))
    return result


def cut_to_tokens(title: str | None, body: str, target: int, count: TokenCounter) -> str:
    """The longest prefix of ``body``, ending at a word, whose text (with the title) has at
    most ``target`` tokens, or the next word's prefix where that is nearer the target and
    still inside ``MIX_TOKENS``."""
    ends = [match.end() for match in re.finditer(r"\S+", body)]

    @functools.cache
    def tokens(k: int) -> int:
        return count([join_text(title, body[: ends[k]])])[0]

    low, high = 0, len(ends) - 1  # binary search: the last k with tokens(k) <= target
    while low < high:
        middle = (low + high + 1) // 2
        if tokens(middle) <= target:
            low = middle
        else:
            high = middle - 1
    candidates = [low] + ([low + 1] if low + 1 < len(ends) else [])
    lowest, highest = MIX_TOKENS

    def badness(k: int) -> tuple[bool, int]:
        n = tokens(k)
        return (not lowest <= n <= highest, abs(n - target))

    return body[: ends[min(candidates, key=badness)]]


def stratified(count: int, lengths: Sequence[int]) -> list[int]:
    """Indices of ``count`` items spread evenly over the length order (same distribution)."""
    order = sorted(range(len(lengths)), key=lambda i: (lengths[i], i))
    if count >= len(order):
        return sorted(order)
    step = len(order) / count
    return sorted(order[int(step * k + step / 2)] for k in range(count))


def has_format_chars(text: str) -> bool:
    """Zero-width and other category-Cf characters, which Inspel removes before scoring."""
    return any(unicodedata.category(ch) == "Cf" for ch in text)


def window_count(tokens: int) -> int:
    """How many windows Inspel scores for a text of ``tokens`` tokens (its defaults)."""
    if tokens <= WINDOW_TOKENS:
        return 1
    step = WINDOW_TOKENS - WINDOW_OVERLAP
    starts = len(range(0, tokens - WINDOW_TOKENS + 1, step))
    last = (starts - 1) * step
    return starts + (1 if last + WINDOW_TOKENS < tokens else 0)


# --------------------------------------------------------------------------------------------
# The checkpoints
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Built:
    checkpoint: Path
    config_dir: Path
    model_class: str
    parameters: int
    #: Rows of the embedding matrix, and the pieces the tokenizer actually uses.
    vocab_size: int
    pieces: int
    seconds: float


def encoder_args(size: ModelSize, init_range: float, classes: Sequence[str]) -> dict[str, Any]:
    """The config arguments both architectures share."""
    return {
        "hidden_size": size.hidden,
        "num_hidden_layers": size.layers,
        "num_attention_heads": size.heads,
        "intermediate_size": size.intermediate,
        "num_labels": len(classes),
        "initializer_range": init_range,
    }


def save_checkpoint(
    directory: Path,
    model: Any,
    tokenizer_name: str,
    classes: Sequence[str],
    pieces: int,
    started: float,
) -> Built:
    """The model in detoxify's checkpoint format next to its config/tokenizer directory
    (classifier-notes §1 recipe: ``model_type`` is the local directory, config.json with
    ``num_labels``)."""
    import torch

    model.config.save_pretrained(directory)
    checkpoint = directory.with_suffix(".ckpt")
    torch.save(
        {
            "config": {
                "dataset": {"args": {"classes": list(classes)}},
                "arch": {
                    "args": {
                        "model_type": str(directory),  # local: no hub lookup (pitfall 1)
                        "model_name": type(model).__name__,
                        "tokenizer_name": tokenizer_name,
                        "num_classes": len(classes),
                    }
                },
            },
            "state_dict": model.state_dict(),
        },
        checkpoint,
    )
    return Built(
        checkpoint,
        directory,
        type(model).__name__,
        sum(p.numel() for p in model.parameters()),
        int(model.config.vocab_size),
        pieces,
        time.perf_counter() - started,
    )


def build_bert(
    directory: Path, size: ModelSize, init_range: float, corpus_texts: Sequence[str], seed: int
) -> Built:
    """detoxify ``original``: BERT with a WordPiece vocabulary trained on the corpus, padded
    to bert-base's 30,522 entries at full size; ``model_max_length`` 512."""
    import torch
    import transformers
    from tokenizers import Tokenizer, models, normalizers, pre_tokenizers, trainers

    started = time.perf_counter()
    directory.mkdir(parents=True, exist_ok=True)
    wordpiece = Tokenizer(models.WordPiece(unk_token="[UNK]"))  # noqa: S106 - not a password
    wordpiece.normalizer = normalizers.BertNormalizer(lowercase=True, strip_accents=True)
    wordpiece.pre_tokenizer = pre_tokenizers.BertPreTokenizer()
    trainer = trainers.WordPieceTrainer(
        vocab_size=WORDPIECE_PIECES, special_tokens=SPECIAL_TOKENS, show_progress=False
    )
    wordpiece.train_from_iterator(corpus_texts, trainer)
    trained = sorted(wordpiece.get_vocab().items(), key=lambda item: item[1])
    vocab = [token for token, _ in trained]
    if vocab[: len(SPECIAL_TOKENS)] != SPECIAL_TOKENS:
        raise RuntimeError(f"unexpected special tokens in the trained vocabulary: {vocab[:5]}")
    pieces = len(vocab)
    if size.full:
        vocab += [f"[unused{n}]" for n in range(BERT_BASE_VOCAB - len(vocab))]
    (directory / "vocab.txt").write_text("\n".join(vocab) + "\n", encoding="utf-8")
    (directory / "tokenizer_config.json").write_text(
        json.dumps(
            {"tokenizer_class": "BertTokenizer", "do_lower_case": True, "model_max_length": 512}
        ),
        encoding="utf-8",
    )
    torch.manual_seed(seed)
    config = transformers.BertConfig(
        vocab_size=len(vocab),
        max_position_embeddings=512,
        **encoder_args(size, init_range, ORIGINAL_CLASSES),
    )
    model = transformers.BertForSequenceClassification(config)
    return save_checkpoint(directory, model, "BertTokenizer", ORIGINAL_CLASSES, pieces, started)


def build_xlmr(
    directory: Path, size: ModelSize, init_range: float, corpus_texts: Sequence[str], seed: int
) -> Built:
    """detoxify ``multilingual``: XLM-R with a sentencepiece model trained on the corpus
    (``tests/moderation/checkpoints.py``'s ``tiny_xlmr`` recipe); at full size the embedding
    matrix has XLM-R base's 250,002 rows, of which the tokenizer uses the first few thousand."""
    import sentencepiece as spm
    import torch
    import transformers

    started = time.perf_counter()
    directory.mkdir(parents=True, exist_ok=True)
    buffer = io.BytesIO()
    spm.SentencePieceTrainer.train(
        sentence_iterator=iter(corpus_texts),
        model_writer=buffer,
        vocab_size=SENTENCEPIECE_PIECES,
        model_type="unigram",
        hard_vocab_limit=False,
        character_coverage=1.0,
        minloglevel=2,
        unk_id=0,
        bos_id=1,
        eos_id=2,
        pad_id=-1,  # XLM-R's id layout
    )
    (directory / "sentencepiece.bpe.model").write_bytes(buffer.getvalue())
    (directory / "tokenizer_config.json").write_text(
        json.dumps({"tokenizer_class": "XLMRobertaTokenizer", "model_max_length": 512}),
        encoding="utf-8",
    )
    tokenizer = transformers.XLMRobertaTokenizer.from_pretrained(str(directory))
    if hasattr(tokenizer, "backend_tokenizer"):
        # transformers 5.x: keep tokenizer.json so later loads need no protobuf (pitfall 4);
        # not save_pretrained, which 4.x cannot read (pitfall 5).
        tokenizer.backend_tokenizer.save(str(directory / "tokenizer.json"))
    pieces = len(tokenizer)
    vocab_size = XLMR_BASE_VOCAB if size.full else pieces
    if pieces > vocab_size:
        raise RuntimeError(f"the tokenizer has {pieces} pieces, more than {vocab_size}")
    torch.manual_seed(seed)
    config = transformers.XLMRobertaConfig(
        vocab_size=vocab_size,
        max_position_embeddings=514,
        pad_token_id=1,
        bos_token_id=0,
        eos_token_id=2,
        **encoder_args(size, init_range, MULTILINGUAL_CLASSES),
    )
    model = transformers.XLMRobertaForSequenceClassification(config)
    return save_checkpoint(
        directory, model, "XLMRobertaTokenizer", MULTILINGUAL_CLASSES, pieces, started
    )


@dataclass(frozen=True)
class ModelKind:
    """One detoxify model that ``--models`` can name."""

    #: detoxify's (and Inspel's) name for it.
    name: str
    #: The real model's architecture, which the full-size build has.
    architecture: str
    classes: tuple[str, ...]
    tokenizer: str
    tokenizer_note: str
    build: Callable[[Path, ModelSize, float, Sequence[str], int], Built]


MODELS: dict[str, ModelKind] = {
    "original": ModelKind(
        "original",
        "bert-base",
        ORIGINAL_CLASSES,
        "BertTokenizer",
        "WordPiece trained on the corpus, lowercased, accents stripped",
        build_bert,
    ),
    "multilingual": ModelKind(
        "multilingual",
        "XLM-R base",
        MULTILINGUAL_CLASSES,
        "XLMRobertaTokenizer",
        "sentencepiece (unigram) trained on the corpus, cased",
        build_xlmr,
    ),
}


# --------------------------------------------------------------------------------------------
# Machine
# --------------------------------------------------------------------------------------------


def cpu_model() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or "unknown"


def version(package: str) -> str:
    try:
        return importlib.metadata.version(package)
    except importlib.metadata.PackageNotFoundError:
        return "not installed"


def machine_lines(torch: Any, device: str) -> list[str]:
    usable = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    try:
        capability = torch.backends.cpu.get_cpu_capability()
    except Exception:  # noqa: BLE001 - older torch: not essential
        capability = "unknown"
    lines = [
        f"CPU:         {cpu_model()} ({os.cpu_count()} logical cores, {usable} usable; "
        f"torch kernels: {capability})",
        f"Python:      {platform.python_version()} on {platform.platform()}",
        f"torch:       {torch.__version__} (interop threads {torch.get_num_interop_threads()}, "
        f"intra-op threads pinned per row below)",
        f"transformers {version('transformers')}, tokenizers {version('tokenizers')}, "
        f"detoxify {version('detoxify')}; TOKENIZERS_PARALLELISM="
        f"{os.environ.get('TOKENIZERS_PARALLELISM')}",
    ]
    if device.startswith("cuda"):
        lines.append(f"GPU:         {torch.cuda.get_device_name(device)}")
    return lines


def set_threads(torch: Any, threads: int) -> int:
    torch.set_num_threads(threads)
    return int(torch.get_num_threads())


# --------------------------------------------------------------------------------------------
# Timing
# --------------------------------------------------------------------------------------------

Scores = list[dict[str, float]]


@dataclass(frozen=True)
class Timed:
    seconds: float
    #: CPU seconds of this process per wall second: about the thread count when the cores are
    #: ours alone (idle torch threads spin); clearly less means other processes took CPU.
    cpu_per_wall: float
    scores: Scores


#: A row whose ``cpu_per_wall`` is under this share of its thread count was contended.
CONTENDED_SHARE = 0.8


def contended(run: Timed | float, threads: int) -> bool:
    cpu_per_wall = run.cpu_per_wall if isinstance(run, Timed) else run
    return cpu_per_wall < CONTENDED_SHARE * threads


def flag(run: Timed | float, threads: int) -> str:
    return "  << CPU contended" if contended(run, threads) else ""


def timed(run: Callable[[], Scores]) -> Timed:
    cpu, started = time.process_time(), time.perf_counter()
    scores = run()
    seconds = time.perf_counter() - started
    return Timed(seconds, (time.process_time() - cpu) / seconds, scores)


def time_baseline(detector: Any, texts: Sequence[str]) -> Timed:
    """detoxify as most users call it: ``predict(text)`` once per item."""

    def run() -> Scores:
        return [
            {label: float(value) for label, value in detector.predict(text).items()}
            for text in texts
        ]

    return timed(run)


def time_inspel(classifier: Any, texts: Sequence[str], langs: Sequence[str], chunk: int) -> Timed:
    """Inspel's path: ``predict`` on ``chunk`` items per call (0: all in one call)."""
    size = chunk or len(texts)

    def run() -> Scores:
        scores: Scores = []
        for start in range(0, len(texts), size):
            scores.extend(
                classifier.predict(texts[start : start + size], langs=langs[start : start + size])
            )
        return scores

    return timed(run)


@dataclass
class Forwards:
    """Forward passes of Inspel's models, counted at ``_Model.score_windows``: tokens the
    windows hold (with [CLS] and [SEP]) and tokens computed (padded to the longest)."""

    passes: int = 0
    real: int = 0
    padded: int = 0

    def snapshot(self) -> tuple[int, int, int]:
        return self.passes, self.real, self.padded

    def since(self, before: tuple[int, int, int]) -> Forwards:
        passes, real, padded = before
        return Forwards(self.passes - passes, self.real - real, self.padded - padded)

    @property
    def padding(self) -> float:
        return 1 - self.real / self.padded if self.padded else 0.0


def count_forwards(classifier: Any) -> Forwards | None:
    """Wrap each loaded model's ``score_windows`` to count its forward passes; ``None`` when
    the classifier does not have that shape (the counts are then left out)."""
    counter = Forwards()
    try:
        for model in classifier.models.values():
            inner = model.score_windows

            def counted(windows: Sequence[Sequence[int]], _inner: Any = inner) -> Any:
                lengths = [len(window) + 2 for window in windows]  # + [CLS], [SEP]
                counter.passes += 1
                counter.real += sum(lengths)
                counter.padded += len(lengths) * max(lengths, default=0)
                return _inner(windows)

            model.score_windows = counted
    except AttributeError:
        return None
    return counter


def baseline_tokens(lengths: Sequence[int]) -> int:
    """Tokens detoxify computes for these texts one by one: truncated to 512, no padding."""
    return sum(min(n, WINDOW_TOKENS) + 2 for n in lengths)


class TimedClassifier:
    """The classifier as the worker sees it, adding up the time spent in ``predict``."""

    def __init__(self, inner: Any) -> None:
        self.inner = inner
        self.name = inner.name
        self.version = inner.version
        self.seconds = 0.0
        self.calls: list[int] = []

    def predict(
        self, texts: Sequence[str], langs: Sequence[str | None] | None = None
    ) -> list[dict[str, float]]:
        started = time.perf_counter()
        try:
            return list(self.inner.predict(texts, langs=langs))
        finally:
            self.seconds += time.perf_counter() - started
            self.calls.append(len(texts))

    def detector_version(self, lang: str | None) -> str:
        return str(self.inner.detector_version(lang))


def max_diff(a: Scores, b: Scores, indices: Sequence[int] | None = None) -> dict[str, float]:
    picked = range(len(a)) if indices is None else indices
    labels = sorted(set(a[0]) & set(b[0])) if a and b else []
    return {
        label: max((abs(a[i][label] - b[i][label]) for i in picked), default=0.0)
        for label in labels
    }


# --------------------------------------------------------------------------------------------
# End to end through the queue
# --------------------------------------------------------------------------------------------


@dataclass
class QueueResult:
    label: str
    items: int
    fill_s: float
    drain_s: float
    drain_cpu_per_wall: float
    predict_s: float
    predict_calls: list[int]
    forwards: Forwards | None
    latencies: list[float]
    status: dict[str, int]
    visibility: Counter[str]


def queue_run(
    label: str,
    classifier: Any,
    queue_samples: Sequence[Sample],
    batch: int,
    directory: Path,
    seed: int,
    forwards: Forwards | None,
) -> QueueResult:
    """Queue every sample as a proposal or a reply in a fresh SQLite database, then drain the
    queue with one worker; latency is job ``created_at`` -> the decision's ``created_at``."""
    from sqlmodel import col, select

    from debate.core.db import create_db_engine, migrate, session_scope
    from debate.core.models import (
        Consultation,
        ModerationDecision,
        ModerationJob,
        Proposal,
        Submission,
        utcnow,
    )
    from debate.submissions import actions, screening
    from debate.submissions.worker import Worker, queue_status

    path = directory / f"queue-{label}.db"
    path.unlink(missing_ok=True)
    engine = create_db_engine(f"sqlite:///{path}")
    try:
        migrate(engine)
        now = utcnow()
        with session_scope(engine) as session:
            consultation = Consultation(
                slug=f"bench-{label}",
                title="Benchmark",
                opens_at=now - timedelta(days=1),
                closes_at=now + timedelta(days=30),
            )
            session.add(consultation)
            session.flush()
        # A reply needs a proposal to answer: put the first proposal first.
        ordered = list(queue_samples)
        first = next((i for i, s in enumerate(ordered) if s.title), None)
        if first is not None:
            ordered.insert(0, ordered.pop(first))
        rng = random.Random(seed)
        proposal_ids: list[int] = []
        started = time.perf_counter()
        for sample in ordered:
            with session_scope(engine) as session:
                if sample.title or not proposal_ids:
                    receipt = actions.submit_proposal(
                        session,
                        actor=None,
                        consultation=consultation,
                        title=sample.title or "Förslag",
                        body=sample.body,
                        topic_id=None,
                        municipality=None,
                        author_name="",
                        lang=sample.lang,
                    )
                    session.flush()
                    proposal = session.exec(
                        select(Proposal).where(Proposal.submission_id == receipt.submission_id)
                    ).one()
                    assert proposal.id is not None
                    proposal_ids.append(proposal.id)
                else:
                    receipt = actions.submit_reply(
                        session,
                        actor=None,
                        consultation_id=consultation.id,
                        proposal_id=rng.choice(proposal_ids),
                        article_id=None,
                        parent=None,
                        body=sample.body,
                        stance=None,
                        author_name="",
                        lang=sample.lang,
                    )
            with session_scope(engine) as session:
                screening.screen_submission(
                    session, submission_id=receipt.submission_id, queue=True
                )
        fill_s = time.perf_counter() - started

        timed_classifier = TimedClassifier(classifier)
        worker = Worker(engine, lambda: timed_classifier, batch=batch, name=f"bench-{label}")
        before = forwards.snapshot() if forwards else None
        cpu, started = time.process_time(), time.perf_counter()
        while worker.run_once():
            pass
        drain_s = time.perf_counter() - started
        drain_cpu = (time.process_time() - cpu) / drain_s

        with session_scope(engine) as session:
            decided: dict[int, Any] = {}
            for decision in session.exec(
                select(ModerationDecision).order_by(col(ModerationDecision.id))
            ).all():
                decided[decision.submission_id] = decision.created_at  # the latest wins
            latencies = []
            for job in session.exec(select(ModerationJob)).all():
                at = decided.get(job.submission_id) or job.decided_at
                if at is not None:
                    latencies.append((at - job.created_at).total_seconds())
            status = dict(queue_status(session))
            visibility = Counter(
                str(getattr(v, "value", v))
                for v in session.exec(select(Submission.visibility)).all()
            )
        return QueueResult(
            label,
            len(ordered),
            fill_s,
            drain_s,
            drain_cpu,
            timed_classifier.seconds,
            timed_classifier.calls,
            forwards.since(before) if forwards and before else None,
            latencies,
            status,
            visibility,
        )
    finally:
        engine.dispose()


# --------------------------------------------------------------------------------------------
# Main
# --------------------------------------------------------------------------------------------


def parse_args(argv: Sequence[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=(__doc__ or "").split("\n\n")[0])
    parser.add_argument("--small", action="store_true", help="tiny models: a quick smoke run")
    parser.add_argument(
        "--models",
        default=",".join(MODELS),
        help=f"detoxify models to build and measure, comma-separated ({','.join(MODELS)}); "
        "the queue run uses the first",
    )
    parser.add_argument(
        "--mix",
        choices=("issue", "corpus"),
        default="issue",
        help="issue (default): texts spread evenly over 50-400 tokens, built from the corpus; "
        "corpus: the corpus rows as they are",
    )
    parser.add_argument("--items", type=int, default=200, help="texts (200)")
    parser.add_argument("--long", type=int, default=0, help="extra texts > 512 tokens (0)")
    parser.add_argument(
        "--baseline-items", type=int, default=60, help="texts for the per-item baseline (60)"
    )
    parser.add_argument("--threads", default="1,2", help="thread counts to measure (1,2)")
    parser.add_argument(
        "--chunk",
        type=int,
        default=0,
        help="texts per predict call in part 2 (0, the default: all in one call; the worker "
        "calls it once per claim, which part 4 measures)",
    )
    parser.add_argument(
        "--queue-items", type=int, default=200, help="submissions in the queue run (200)"
    )
    parser.add_argument(
        "--worker-batch",
        type=int,
        default=None,
        help="jobs the worker claims per batch (default: INSPEL_WORKER_BATCH's default)",
    )
    parser.add_argument(
        "--init-range",
        type=float,
        default=None,
        help="std of the random weights (default 0.02 full size, 0.2 with --small)",
    )
    parser.add_argument("--device", default="cpu", help="cpu (default) or cuda")
    parser.add_argument("--seed", type=int, default=20240601)
    parser.add_argument(
        "--work-dir", type=Path, default=None, help="where to build (default: a temp dir)"
    )
    parser.add_argument("--keep", action="store_true", help="keep the built checkpoints")
    parser.add_argument("--skip-queue", action="store_true", help="skip the queue run")
    parser.add_argument(
        "--queue-with",
        default="",
        help="precisions for the queue run, e.g. bf16 or fp32,int8 (default: every one)",
    )
    args = parser.parse_args(argv)
    args.queue_with = [p.strip() for p in args.queue_with.split(",") if p.strip()]
    if bad := sorted(set(args.queue_with) - {"fp32", "int8", "bf16"}):
        parser.error(f"--queue-with: fp32, int8 or bf16, not {', '.join(bad)}")
    try:
        args.thread_counts = sorted({int(t) for t in args.threads.split(",") if t.strip()})
    except ValueError:
        parser.error(f"--threads: whole numbers separated by commas, not {args.threads!r}")
    if not args.thread_counts or min(args.thread_counts) < 1:
        parser.error("--threads: at least one thread count of 1 or more")
    names = [name.strip() for name in args.models.split(",") if name.strip()]
    unknown = [name for name in names if name not in MODELS]
    if not names or unknown:
        parser.error(f"--models: one or more of {', '.join(MODELS)}, not {args.models!r}")
    args.model_kinds = [MODELS[name] for name in dict.fromkeys(names)]
    for name in ("items", "baseline_items", "queue_items", "worker_batch"):
        if getattr(args, name) is not None and getattr(args, name) < 1:
            parser.error(f"--{name.replace('_', '-')} must be at least 1")
    if args.long < 0 or args.chunk < 0:
        parser.error("--long and --chunk cannot be negative")
    if args.init_range is not None and not 0 < args.init_range < 10:
        parser.error("--init-range: a standard deviation such as 0.02")
    if args.device != "cpu" and not args.device.startswith("cuda"):
        parser.error("--device: cpu or cuda (cuda:N)")
    return args


def import_stack() -> tuple[Any, Any]:
    """torch and detoxify, or a clear message and exit status 2."""
    if str(REPO) not in sys.path:  # the working tree's moderation/ and debate/
        sys.path.insert(0, str(REPO))
    missing = []
    for module in (
        "torch",
        "transformers",
        "tokenizers",
        "sentencepiece",
        "detoxify",
        "sqlmodel",
        "moderation",
    ):
        try:
            __import__(module)
        except ImportError as exc:
            missing.append(f"{module} ({exc})")
    if missing:
        say("classifier_speed: cannot run, missing: " + "; ".join(missing))
        say("run it with the project's venv from the repository root, after")
        say("  .venv/bin/pip install -e '.[dev]'")
        raise SystemExit(2)
    import detoxify
    import torch
    import transformers

    hf_logging: Any = transformers.utils.logging
    hf_logging.set_verbosity_error()
    hf_logging.disable_progress_bar()
    return torch, detoxify


def default_worker_batch() -> tuple[int, str]:
    """The worker batch ``inspel serve``/``inspel worker`` use unless told otherwise."""
    try:
        from debate.core.registry import SETTINGS

        (setting,) = (s for s in SETTINGS if s.name == "worker_batch")
        return int(setting.default), "INSPEL_WORKER_BATCH's default"
    except Exception:  # noqa: BLE001 - the registry moved or changed: use the old default
        return 16, "fallback; INSPEL_WORKER_BATCH's default not found"


def load_note() -> str:
    """The 1-minute load average, with a warning when other work is running."""
    if not hasattr(os, "getloadavg"):
        return "load average: unknown"
    load = os.getloadavg()[0]
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    note = f"load average (1 min) {load:.2f}"
    if load > 0.5:
        note += f" on {cores} cores: other processes may be using the CPU; figures may be low"
    return note


def main(argv: Sequence[str] | None = None) -> int:
    args = parse_args(argv)
    logging.basicConfig(level=logging.WARNING, format="  log %(levelname)s %(name)s: %(message)s")
    torch, detoxify = import_stack()
    if args.device.startswith("cuda") and not torch.cuda.is_available():
        say(f"classifier_speed: --device {args.device}, but torch sees no CUDA device")
        return 2
    with contextlib.suppress(RuntimeError):  # only possible before any parallel work
        torch.set_num_interop_threads(1)
    set_threads(torch, max(args.thread_counts))
    rows = read_corpus()

    # A plain ``kill`` ends the run through ``finally``: no 1.5 GB of checkpoints left behind.
    signal.signal(signal.SIGTERM, lambda signum, frame: sys.exit(128 + signum))
    work = args.work_dir or Path(tempfile.mkdtemp(prefix="inspel-clf-bench-"))
    work.mkdir(parents=True, exist_ok=True)
    size = SMALL if args.small else FULL
    init_range = args.init_range if args.init_range is not None else size.init_range
    bench = Bench(args, torch, detoxify, work, rows, size, init_range)
    try:
        return benchmark(bench)
    finally:
        if args.keep or args.work_dir:
            say(f"kept {work}")
        else:
            shutil.rmtree(work, ignore_errors=True)


@dataclass
class Bench:
    """What every part needs: the options, the libraries, where to build, the corpus."""

    args: argparse.Namespace
    torch: Any
    detoxify: Any
    work: Path
    rows: list[Row]
    size: ModelSize
    init_range: float
    failures: list[str] = field(default_factory=list)

    @property
    def top(self) -> int:
        """The highest thread count: the one the target, part 3 and the queue use."""
        return int(max(self.args.thread_counts))


@dataclass
class ModelRun:
    """One model's checkpoint, texts and figures (parts 1-3)."""

    kind: ModelKind
    built: Built
    count_tokens: TokenCounter
    samples: list[Sample]
    lengths: list[int]
    baseline_idx: list[int]
    baseline_rate: dict[int, float] = field(default_factory=dict)
    baseline_tok_rate: dict[int, float] = field(default_factory=dict)
    baseline_scores: dict[int, Scores] = field(default_factory=dict)
    classifiers: dict[str, Any] = field(default_factory=dict)
    counters: dict[str, Forwards | None] = field(default_factory=dict)
    #: Keyed by (precision, threads).
    scores: dict[tuple[str, int], Scores] = field(default_factory=dict)
    rates: dict[tuple[str, int], float] = field(default_factory=dict)
    tok_rates: dict[tuple[str, int], float] = field(default_factory=dict)
    #: Largest score difference against fp32 on the labelled corpus, per precision.
    diffs: dict[str, float] = field(default_factory=dict)
    #: Thread counts at which a timed row got clearly less CPU than it asked for.
    disturbed: set[int] = field(default_factory=set)

    @property
    def texts(self) -> list[str]:
        return [s.text for s in self.samples]

    @property
    def langs(self) -> list[str]:
        return [s.lang for s in self.samples]

    def warm(self) -> list[str]:
        """Three texts over the length range, for a warm-up call before each timed row."""
        texts = self.texts
        return [texts[i] for i in stratified(3, self.lengths)]


@dataclass(frozen=True)
class QueueFigures:
    rate: float
    p95: float | None


def benchmark(bench: Bench) -> int:
    """Everything after the setup: parts 1-3 per model, the queue with the first, a summary."""
    args, torch = bench.args, bench.torch
    wall = time.perf_counter()
    free_gb = shutil.disk_usage(bench.work).free / 1e9
    if free_gb < 3 and not args.small:
        say(f"warning: only {free_gb:.1f} GB free in {bench.work}; the checkpoints need ~1.5 GB")

    say("Inspel classifier speed (issue 4): detoxify, random weights, offline")
    say("=" * 78)
    for line in machine_lines(torch, args.device):
        say(line)
    say(f"device:      {args.device}; thread counts measured: {args.thread_counts}")
    say(
        f"models:      {', '.join(k.name for k in args.model_kinds)} ({bench.size.name}); "
        f"texts: --mix {args.mix}, {args.items} texts + {args.long} long"
    )
    say(f"start:       {load_note()}")

    runs: list[ModelRun] = []
    for kind in args.model_kinds:
        run = prepare_model(bench, kind)
        if run is None:
            continue
        runs.append(run)
        part_baseline(bench, run)
        part_inspel(bench, run)
        part_scores(bench, run)

    queue: dict[str, QueueFigures] = {}
    if not args.skip_queue and runs:
        queue = part_queue(bench, runs[0])
    summary(bench, runs, queue)
    say(f"total wall time {time.perf_counter() - wall:.0f} s; end: {load_note()}")
    if bench.failures:
        say("failed parts: " + "; ".join(bench.failures))
    return 0 if runs else 2


def prepare_model(bench: Bench, kind: ModelKind) -> ModelRun | None:
    """Build the model's checkpoint and its texts, and describe both; ``None`` (and a
    failure) when the checkpoint cannot be built."""
    import transformers

    args, size = bench.args, bench.size
    heading(f"Model: {kind.name}")
    corpus_texts = [row_sample(row).text for row in bench.rows]
    try:
        built = kind.build(bench.work / kind.name, size, bench.init_range, corpus_texts, args.seed)
    except Exception as exc:  # noqa: BLE001 - nothing else can run for this model
        bench.failures.append(f"{kind.name} checkpoint: {type(exc).__name__}: {exc}")
        say(f"  !! cannot build the checkpoint in {bench.work}: {type(exc).__name__}: {exc}")
        traceback.print_exc()
        return None
    ckpt_mb = built.checkpoint.stat().st_size / 2**20
    shape = kind.architecture if size.full else "tiny model"
    say(
        f"{shape} ({built.model_class}, {size.name}): hidden {size.hidden}, {size.layers} layers, "
        f"{size.heads} heads, intermediate {size.intermediate}, vocabulary "
        f"{built.vocab_size:,} ({built.pieces:,} used by the tokenizer), "
        f"{len(kind.classes)} labels"
    )
    say(
        f"parameters {built.parameters:,} ({built.parameters / 1e6:.1f} M); checkpoint "
        f"{ckpt_mb:,.1f} MiB; built in {built.seconds:.1f} s at {built.checkpoint}"
    )
    say(
        f"random weights (initializer_range {bench.init_range}): the real model's compute, "
        f"arbitrary scores; tokenizer: {kind.tokenizer}, {kind.tokenizer_note}"
    )

    tokenizer = getattr(transformers, kind.tokenizer).from_pretrained(str(built.config_dir))

    def count_tokens(items: Sequence[str]) -> list[int]:
        encoded = tokenizer(list(items), add_special_tokens=False, verbose=False)
        return [len(ids) for ids in encoded["input_ids"]]

    started = time.perf_counter()
    texts = samples(args.mix, bench.rows, args.items, args.long, args.seed, count_tokens)
    built_s = time.perf_counter() - started
    lengths = count_tokens([s.text for s in texts])
    run = ModelRun(
        kind, built, count_tokens, texts, lengths, stratified(args.baseline_items, lengths)
    )
    describe_texts(bench, run, built_s)
    return run


def describe_texts(bench: Bench, run: ModelRun, built_s: float) -> None:
    texts, lengths = run.texts, run.lengths
    heading(f"{run.kind.name}: texts")
    kinds = Counter(s.source for s in run.samples)
    langs = Counter(run.langs)
    if bench.args.mix == "issue":
        low, high = MIX_TOKENS
        say(
            f"{kinds['mix']} texts (--mix issue, built in {built_s:.1f} s): corpus texts (title "
            f"+ body) in one language run together and cut at a word to a target length drawn "
            f"evenly over {low}-{high} tokens of this model's tokenizer (no special tokens); "
            f"{langs['sv']} sv, {langs['en']} en; + {kinds['long']} long"
        )
    else:
        say(
            f"{kinds['corpus']} corpus rows (--mix corpus: title + body, as the worker scores "
            f"them; {langs['sv']} sv, {langs['en']} en) + {kinds['long']} long"
        )
    chars = sum(len(t) for t in texts)
    words = sum(len(t.split()) for t in texts)
    say(
        f"characters: min {min(len(t) for t in texts)}, median "
        f"{int(statistics.median(len(t) for t in texts))}, max {max(len(t) for t in texts):,}; "
        f"{chars / sum(lengths):.2f} chars/token, {sum(lengths) / words:.2f} tokens/word"
    )
    say(describe_tokens("tokens, all", lengths))
    say(describe_tokens("tokens, baseline", [lengths[i] for i in run.baseline_idx]))
    say(describe_bands(lengths))
    over = [n for n in lengths if n > WINDOW_TOKENS]
    say(
        f"texts > {WINDOW_TOKENS} tokens: {len(over)}; Inspel scores them in "
        f"{sum(window_count(n) for n in over)} overlapping windows, detoxify truncates them "
        "to 512 tokens"
        if over
        else f"no text is over {WINDOW_TOKENS} tokens (no windows)"
    )


def part_baseline(bench: Bench, run: ModelRun) -> None:
    """1. detoxify's own ``predict(text)``, once per item, at each thread count."""
    args, torch = bench.args, bench.torch
    texts, lengths, indices = run.texts, run.lengths, run.baseline_idx
    heading(
        f"{run.kind.name}: 1. Baseline: Detoxify(...).predict(text), once per item, "
        f"{len(indices)} texts"
    )
    with section(f"{run.kind.name} baseline", bench.failures):
        started = time.perf_counter()
        detector = bench.detoxify.Detoxify(
            checkpoint=str(run.built.checkpoint),
            huggingface_config_path=str(run.built.config_dir),
            device=args.device,
        )
        say(f"loaded in {time.perf_counter() - started:.1f} s; {load_note()}")
        subset = [texts[i] for i in indices]
        subset_tokens = baseline_tokens([lengths[i] for i in indices])
        warm = run.warm()
        say(
            f"{'threads':>7} {'texts':>6} {'seconds':>8} {'items/s':>8} {'ms/item':>8} "
            f"{'tokens/s':>8} {'cpu/wall':>8}"
        )
        for threads in args.thread_counts:
            used = set_threads(torch, threads)
            time_baseline(detector, warm)
            timing = time_baseline(detector, subset)
            run.baseline_rate[threads] = len(subset) / timing.seconds
            run.baseline_tok_rate[threads] = subset_tokens / timing.seconds
            run.baseline_scores[threads] = timing.scores
            say(
                f"{used:>7} {len(subset):>6} {timing.seconds:>8.2f} "
                f"{run.baseline_rate[threads]:>8.2f} "
                f"{1000 * timing.seconds / len(subset):>8.1f} "
                f"{run.baseline_tok_rate[threads]:>8.0f} "
                f"{timing.cpu_per_wall:>8.2f}{flag(timing, threads)}"
            )
            if contended(timing, threads):
                run.disturbed.add(threads)
        say(
            f"{subset_tokens:,} tokens computed (with the 2 special tokens; long texts cut at "
            "512, no padding at batch 1)"
        )
        del detector
        gc.collect()


def part_inspel(bench: Bench, run: ModelRun) -> None:
    """2. ``DetoxifyClassifier.predict(list)``, fp32, int8 and bf16, at each thread count."""
    from moderation.classifier import ClassifierConfig, DetoxifyClassifier

    args, torch = bench.args, bench.torch
    texts, langs = run.texts, run.langs
    chunk_text = f"{args.chunk} texts per call" if args.chunk else "all texts in one call"
    defaults = ClassifierConfig()
    heading(
        f"{run.kind.name}: 2. Inspel: DetoxifyClassifier.predict(list), {chunk_text}, "
        f"{len(texts)} texts, windows batched by length (at most {defaults.batch_size} windows "
        f"and {defaults.batch_tokens:,} tokens per forward pass)"
    )
    precisions: list[str | None] = [None, "bf16"] if args.device != "cpu" else PRECISIONS
    warm = run.warm()
    warm_langs = ["sv"] * len(warm)
    say(
        f"{'precision':>9} {'threads':>7} {'texts':>6} {'seconds':>8} {'items/s':>8} "
        f"{'tokens/s':>8} {'pad %':>5} {'fwd':>4} {'cpu/wall':>8} {'vs base':>7} "
        f"{'tok/s vs base':>13}"
    )
    for quantize in precisions:
        name = quantize or "fp32"
        with section(f"{run.kind.name} Inspel {name}", bench.failures):
            started = time.perf_counter()
            classifier = DetoxifyClassifier(
                ClassifierConfig(
                    models={"*": run.kind.name},
                    device=args.device,
                    threads=bench.top,
                    checkpoint=run.built.checkpoint,
                    config_dir=run.built.config_dir,
                    quantize=quantize,
                )
            )
            run.classifiers[name] = classifier
            counter = run.counters[name] = count_forwards(classifier)
            say(
                f"{name:>9} loaded in {time.perf_counter() - started:.1f} s "
                f"({classifier.version}); {load_note()}"
            )
            for threads in args.thread_counts:
                used = set_threads(torch, threads)
                classifier.predict(warm, langs=warm_langs)
                before = counter.snapshot() if counter else None
                timing = time_inspel(classifier, texts, langs, args.chunk)
                done = counter.since(before) if counter and before else None
                rate = len(texts) / timing.seconds
                run.rates[(name, threads)] = rate
                run.scores[(name, threads)] = timing.scores
                base = run.baseline_rate.get(threads)
                base_tok = run.baseline_tok_rate.get(threads)
                tok_rate = done.real / timing.seconds if done else None
                if tok_rate:
                    run.tok_rates[(name, threads)] = tok_rate
                say(
                    f"{name:>9} {used:>7} {len(texts):>6} {timing.seconds:>8.2f} {rate:>8.2f} "
                    f"{fmt_count(tok_rate):>8} {fmt_pct(done):>5} "
                    f"{done.passes if done else 'n/a':>4} {timing.cpu_per_wall:>8.2f} "
                    f"{fmt_ratio(rate / base if base else None):>7} "
                    f"{fmt_ratio(tok_rate / base_tok if tok_rate and base_tok else None):>13}"
                    f"{flag(timing, threads)}"
                )
                if contended(timing, threads):
                    run.disturbed.add(threads)
                if done and threads == args.thread_counts[-1]:
                    say(
                        f"{'':>9} {done.real:,} tokens in windows (with the special tokens), "
                        f"{done.padded:,} computed with padding, {done.passes} forward passes"
                    )


def part_scores(bench: Bench, run: ModelRun) -> None:
    """3. int8 and bf16 vs fp32 on the labelled corpus rows, and two sanity checks."""
    top = bench.top
    corpus = [row_sample(row) for row in bench.rows]
    heading(
        f"{run.kind.name}: 3. Score difference int8 and bf16 vs fp32 over the {len(corpus)} "
        f"labelled corpus rows, {top} threads (random weights: rounding error only)"
    )
    with section(f"{run.kind.name} score difference", bench.failures):
        fp32_model = run.classifiers.get("fp32")
        others = {k: v for k, v in run.classifiers.items() if k != "fp32"}
        if fp32_model is None or not others:
            say("n/a: the fp32 classifier or the faster ones did not load")
        else:
            set_threads(bench.torch, top)
            texts, langs = [s.text for s in corpus], [s.lang for s in corpus]
            fp32_run = time_inspel(fp32_model, texts, langs, 0)
            for name, model in others.items():
                fast = time_inspel(model, texts, langs, 0)
                say(
                    f"{name} vs fp32: rows as the worker scores them (title + body), scored in "
                    f"{fp32_run.seconds:.1f} s (fp32) and {fast.seconds:.1f} s ({name})"
                )
                say(f"{'label':>29} {'max |diff|':>10} {'mean |diff|':>11} {'fp32 range':>15}")
                fp32, other = fp32_run.scores, fast.scores
                for label in sorted(set(fp32[0]) & set(other[0])):
                    diffs = [abs(a[label] - b[label]) for a, b in zip(fp32, other, strict=True)]
                    low, high = min(s[label] for s in fp32), max(s[label] for s in fp32)
                    say(
                        f"{label:>29} {max(diffs):>10.5f} {statistics.fmean(diffs):>11.5f} "
                        f"{f'{low:.3f}-{high:.3f}':>15}"
                    )
                run.diffs[name] = max(max_diff(fp32, other).values(), default=0.0)
        say("checks:")
        low_threads = min(bench.args.thread_counts)
        fp32_top = run.scores.get(("fp32", top))
        fp32_low = run.scores.get(("fp32", low_threads))
        if fp32_top is not None and fp32_low is not None and low_threads != top:
            say(
                f"  part 2's fp32 at {low_threads} vs {top} threads, max |diff| over all "
                f"labels: {max(max_diff(fp32_top, fp32_low).values(), default=0.0):.1e}"
            )
        same = [
            k
            for k, i in enumerate(run.baseline_idx)
            if run.lengths[i] <= WINDOW_TOKENS and not has_format_chars(run.samples[i].text)
        ]
        if fp32_top is not None and top in run.baseline_scores and same:
            ours = [fp32_top[i] for i in run.baseline_idx]
            diff = max_diff(ours, run.baseline_scores[top], same)
            say(
                f"  Inspel fp32 vs detoxify per item on the {len(same)} baseline texts of <= "
                f"{WINDOW_TOKENS} tokens, max |diff|: {max(diff.values(), default=0.0):.1e} "
                "(same model; only padding differs)"
            )


def part_queue(bench: Bench, run: ModelRun) -> dict[str, QueueFigures]:
    """4. A burst of submissions through the real worker, with ``run``'s classifiers."""
    args, top = bench.args, bench.top
    figures: dict[str, QueueFigures] = {}
    if args.worker_batch is None:
        args.worker_batch, batch_source = default_worker_batch()
    else:
        batch_source = "--worker-batch"
    extra = round(args.queue_items * args.long / max(1, args.items + args.long))
    queue_samples = samples(
        args.mix, bench.rows, args.queue_items - extra, extra, args.seed + 1, run.count_tokens
    )
    heading(
        f"4. End to end ({run.kind.name}, the first of --models): {len(queue_samples)} "
        f"submissions queued in SQLite, then one Worker (batch {args.worker_batch}: "
        f"{batch_source}) drains them, {top} threads"
    )
    say(
        f"{sum(1 for s in queue_samples if s.title)} proposals ({extra} of them long), "
        f"{sum(1 for s in queue_samples if not s.title)} replies (--mix {args.mix}); a burst: "
        "all are queued before the worker starts"
    )
    say(describe_tokens("tokens", run.count_tokens([s.text for s in queue_samples])))
    say(
        f"{'classifier':>10} {'fill s':>7} {'drain s':>8} {'predict s':>9} {'items/s':>8} "
        f"{'vs base':>7} {'p50 s':>6} {'p95 s':>6} {'max s':>6} {'cpu/wall':>8}"
    )
    wanted = [n for n in run.classifiers if not args.queue_with or n in args.queue_with]
    for name in wanted:
        classifier = run.classifiers[name]
        with section(f"queue {name}", bench.failures):
            set_threads(bench.torch, top)
            result = queue_run(
                name,
                classifier,
                queue_samples,
                args.worker_batch,
                bench.work,
                args.seed,
                run.counters.get(name),
            )
            lat = result.latencies or [float("nan")]
            rate = result.items / result.drain_s
            figures[name] = QueueFigures(
                rate, percentile(result.latencies, 95) if result.latencies else None
            )
            base = run.baseline_rate.get(top)
            say(
                f"{name:>10} {result.fill_s:>7.1f} {result.drain_s:>8.1f} "
                f"{result.predict_s:>9.1f} {rate:>8.2f} "
                f"{fmt_ratio(rate / base if base else None):>7} {percentile(lat, 50):>6.1f} "
                f"{percentile(lat, 95):>6.1f} {max(lat):>6.1f} "
                f"{result.drain_cpu_per_wall:>8.2f}{flag(result.drain_cpu_per_wall, top)}"
            )
            if contended(result.drain_cpu_per_wall, top):
                run.disturbed.add(top)
            outcome = ", ".join(f"{k} {v}" for k, v in sorted(result.status.items()) if v)
            shown = ", ".join(f"{k} {v}" for k, v in sorted(result.visibility.items()))
            calls = Counter(result.predict_calls)
            say(
                f"{'':>10} jobs: {outcome}; submissions: {shown}; predict calls: "
                + ", ".join(f"{n} x {size_}" for size_, n in sorted(calls.items()))
            )
            done = result.forwards
            if done:
                say(
                    f"{'':>10} {done.passes} forward passes, {done.real:,} tokens in windows, "
                    f"{done.padded:,} computed with padding ({fmt_pct(done)} % padding)"
                )
            if len(result.latencies) != result.items:
                say(f"  !! only {len(result.latencies)} of {result.items} were decided")
    say(
        "latency: job created_at -> decision created_at (includes the fill time for the "
        "first items); predict s: time inside DetoxifyClassifier.predict"
    )
    return figures


def summary(bench: Bench, runs: Sequence[ModelRun], queue: dict[str, QueueFigures]) -> None:
    """Per model at the highest thread count: baseline and Inspel items/s, the ratios, and the
    target on the fastest precision measured; then the queue's figures."""
    top = bench.top
    heading(
        f"Summary at {top} thread(s) (target: Inspel's fastest precision >= "
        f"{TARGET_RATIO:.0f}x the baseline's items/s, same thread count)"
    )
    names = ["fp32", *(p for p in PRECISIONS if p)] if bench.args.device == "cpu" else ["fp32"]
    say(
        f"{'model':>12} {'baseline/s':>10} "
        + " ".join(f"{n + '/s':>8} {'ratio':>6}" for n in names)
        + f" {'fastest':>8} {'max |diff| vs fp32':>24} {'target':>6}"
    )
    for run in runs:
        base = run.baseline_rate.get(top)
        rates = {n: run.rates.get((n, top)) for n in names}
        measured = {n: r for n, r in rates.items() if r}
        fastest = max(measured, key=lambda n: measured[n]) if measured else None
        rate = measured.get(fastest) if fastest else None
        diffs = ", ".join(f"{n} {d:.4f}" for n, d in run.diffs.items()) or "n/a"
        say(
            f"{run.kind.name:>12} {fmt_rate(base):>10} "
            + " ".join(
                f"{fmt_rate(r):>8} {fmt_ratio(r / base if r and base else None):>6}"
                for r in rates.values()
            )
            + f" {fastest or 'n/a':>8} {diffs:>24} "
            f"{verdict(rate / base if rate and base else None):>6}"
        )
        if top in run.disturbed:
            say(
                f"{'':>12} !! a row got less CPU than its threads (cpu/wall under "
                f"{CONTENDED_SHARE:.0%} of {top}): other work was running; do not trust these "
                "ratios, run again on a quiet machine"
            )
    if queue:
        base = runs[0].baseline_rate.get(top)
        say(
            f"queue ({runs[0].kind.name}, {bench.args.queue_items} submissions, worker batch "
            f"{bench.args.worker_batch}): "
            + "; ".join(
                f"{name} {q.rate:.2f}/s = {fmt_ratio(q.rate / base if base else None)} "
                f"{verdict(q.rate / base if base else None)}, p95 submit-to-decision "
                f"{'n/a' if q.p95 is None else f'{q.p95:.1f} s'}"
                for name, q in queue.items()
            )
        )
    elif bench.args.skip_queue:
        say("queue: skipped (--skip-queue)")


if __name__ == "__main__":
    sys.exit(main())
