"""Speed benchmark for Inspel's detoxify classifier (issue 4), with the baseline in the same run.

No real detoxify weights are available offline, so the benchmark builds, in a temporary
directory, a FULL-SIZE checkpoint in detoxify's ``original`` format with random weights:
bert-base (hidden 768, 12 layers, 12 heads, intermediate 3072, vocabulary 30,522, 6 labels),
the same compute as the real weights (classifier-notes §2). Its tokenizer is a WordPiece
vocabulary trained here on the test corpus (2,000 pieces, padded to 30,522 entries with
unused tokens), which splits Swedish and English text about as finely as bert-base-uncased
does (~1.6 tokens per word). ``--small`` builds a tiny model instead, for a quick smoke run.

Weights are drawn with ``initializer_range`` 0.02 (BERT's own) for the full-size model: with
the 0.2 that the tiny test fixtures need (classifier-notes pitfall 6), a 12-layer network is
chaotic, its scores sit at 0 or 1, and int8 rounding moves them by up to 0.9, which says
nothing about the real weights (``--init-range 0.2`` shows it). Compute is the same either way.

Texts: the bodies (with their titles) of ``tests/data/moderation_corpus.jsonl``, from short
replies to ~1.5 KB proposals, plus a few long proposals of > 512 tokens that Inspel scores in
overlapping windows. It prints the machine, the model size and the token lengths, then:

1. baseline: ``detoxify.Detoxify(checkpoint=..., huggingface_config_path=...).predict(text)``
   once per item, as most users call it (on a subsample with the same length distribution);
2. Inspel: ``DetoxifyClassifier.predict(texts)`` with all texts in one call (``--chunk N``: N
   per call), windows batched by length, fp32 and ``quantize="int8"``, 1 and 2 threads, with
   the ratio to the baseline at the same thread count, tokens/s, padding and forward passes;
3. the largest score difference int8 − fp32 per label over the corpus texts (random weights:
   this is quantisation error only; re-check on the real weights), plus sanity checks;
4. end to end: N submissions queued in a temporary SQLite database, drained by one
   ``debate.worker.Worker`` (its batch: ``INSPEL_WORKER_BATCH``'s default, or
   ``--worker-batch``) with the fp32 and the int8 classifier: total time, items/s (and the
   ratio to the baseline), the time spent in ``predict``, padding, and the p50/p95 time from
   submission to decision. The worker calls ``predict`` once per claim.

Target (issue 4): Inspel >= 3x the baseline's items/s on the 2-core CPU machine. A miss is
printed, never an exit status. Nothing here touches the network (``HF_HUB_OFFLINE=1``).

    .venv/bin/python benchmarks/classifier_speed.py            # full size, ~2.5 min on 2 cores
    .venv/bin/python benchmarks/classifier_speed.py --small    # tiny model, ~20 s
"""

from __future__ import annotations

import argparse
import contextlib
import gc
import importlib.metadata
import json
import logging
import math
import os
import platform
import random
import shutil
import statistics
import sys
import tempfile
import time
import traceback
import unicodedata
from collections import Counter
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
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
#: detoxify's ``original`` classes, in its checkpoint's order (it renames three of them).
ORIGINAL_CLASSES = ["toxic", "severe_toxic", "obscene", "threat", "insult", "identity_hate"]
SPECIAL_TOKENS = ["[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]"]
#: WordPiece pieces learnt from the corpus; the rest of the vocabulary is unused entries.
TRAINED_PIECES = 2_000
#: Inspel's defaults: tokens per window (512 less [CLS] and [SEP]) and the overlap.
WINDOW_TOKENS = 510
WINDOW_OVERLAP = 64


@dataclass(frozen=True)
class ModelSize:
    name: str
    vocab_size: int | None  # None: just the trained pieces
    hidden: int
    layers: int
    heads: int
    intermediate: int
    #: Standard deviation of the random weights.
    init_range: float


FULL = ModelSize("bert-base (detoxify 'original' architecture)", 30_522, 768, 12, 12, 3_072, 0.02)
SMALL = ModelSize("tiny BERT (--small smoke run)", None, 32, 2, 2, 64, 0.2)


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


def percentile(values: Sequence[float], q: float) -> float:
    """Nearest-rank percentile (q in 0..100) of a non-empty sequence."""
    ordered = sorted(values)
    rank = max(1, math.ceil(q / 100 * len(ordered)))
    return ordered[rank - 1]


# --------------------------------------------------------------------------------------------
# Texts
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Sample:
    title: str | None
    body: str
    lang: str
    #: "corpus": one row of the corpus; "long": several proposals run together (> 512 tokens).
    source: str

    @property
    def text(self) -> str:
        """What the worker scores: title and body, as one text."""
        return "\n\n".join(part for part in (self.title, self.body) if part)


def fail(message: str) -> SystemExit:
    say(f"classifier_speed: {message}")
    return SystemExit(2)


def read_corpus() -> list[dict[str, Any]]:
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


def samples(rows: Sequence[dict[str, Any]], items: int, long: int, seed: int) -> list[Sample]:
    """``items`` corpus rows (all of them if fewer) and ``long`` long proposals, shuffled."""
    rng = random.Random(seed)
    picked = rng.sample(list(rows), min(items, len(rows)))
    result = [
        Sample(row.get("title") or None, row["body"], str(row.get("lang") or "sv"), "corpus")
        for row in picked
    ]
    proposals = [row for row in rows if row.get("title")] or list(rows)
    for index in range(long):
        target = 2_600 + 600 * (index % 4)  # ~650-1,500 tokens: 2-4 windows
        parts: list[str] = []
        while sum(len(part) + 2 for part in parts) < target:
            row = rng.choice(proposals)
            parts.append("\n\n".join(p for p in (row.get("title"), row["body"]) if p))
        result.append(Sample(f"Långt förslag {index + 1}", "\n\n".join(parts), "sv", "long"))
    rng.shuffle(result)
    return result


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
# The checkpoint
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Built:
    checkpoint: Path
    config_dir: Path
    parameters: int
    seconds: float


def build_checkpoint(
    out: Path, size: ModelSize, init_range: float, corpus_texts: Sequence[str], seed: int
) -> Built:
    """A detoxify ``original``-style checkpoint with random weights, and its config/tokenizer
    directory (classifier-notes §1 recipe: ``model_type`` is the local directory,
    ``model_max_length`` 512, config.json with ``num_labels``)."""
    import torch
    import transformers
    from tokenizers import Tokenizer, models, normalizers, pre_tokenizers, trainers

    started = time.perf_counter()
    directory = out / "bert"
    directory.mkdir(parents=True, exist_ok=True)

    wordpiece = Tokenizer(models.WordPiece(unk_token="[UNK]"))  # noqa: S106 - not a password
    wordpiece.normalizer = normalizers.BertNormalizer(lowercase=True, strip_accents=True)
    wordpiece.pre_tokenizer = pre_tokenizers.BertPreTokenizer()
    trainer = trainers.WordPieceTrainer(
        vocab_size=TRAINED_PIECES, special_tokens=SPECIAL_TOKENS, show_progress=False
    )
    wordpiece.train_from_iterator(corpus_texts, trainer)
    trained = sorted(wordpiece.get_vocab().items(), key=lambda item: item[1])
    vocab = [token for token, _ in trained]
    if vocab[: len(SPECIAL_TOKENS)] != SPECIAL_TOKENS:
        raise RuntimeError(f"unexpected special tokens in the trained vocabulary: {vocab[:5]}")
    if size.vocab_size is not None:
        vocab += [f"[unused{n}]" for n in range(size.vocab_size - len(vocab))]
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
        hidden_size=size.hidden,
        num_hidden_layers=size.layers,
        num_attention_heads=size.heads,
        intermediate_size=size.intermediate,
        max_position_embeddings=512,
        num_labels=len(ORIGINAL_CLASSES),
        initializer_range=init_range,
    )
    model = transformers.BertForSequenceClassification(config)
    model.config.save_pretrained(directory)
    parameters = sum(p.numel() for p in model.parameters())
    checkpoint = directory.with_suffix(".ckpt")
    torch.save(
        {
            "config": {
                "dataset": {"args": {"classes": ORIGINAL_CLASSES}},
                "arch": {
                    "args": {
                        "model_type": str(directory),  # local: no hub lookup (pitfall 1)
                        "model_name": type(model).__name__,
                        "tokenizer_name": "BertTokenizer",
                        "num_classes": len(ORIGINAL_CLASSES),
                    }
                },
            },
            "state_dict": model.state_dict(),
        },
        checkpoint,
    )
    del model
    gc.collect()
    return Built(checkpoint, directory, parameters, time.perf_counter() - started)


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

    from debate import actions
    from debate.db import create_db_engine, migrate, session_scope
    from debate.models import (
        Consultation,
        ModerationDecision,
        ModerationJob,
        Proposal,
        Submission,
        utcnow,
    )
    from debate.worker import Worker, queue_status

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
                actions.screen_submission(session, submission_id=receipt.submission_id, queue=True)
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
    parser.add_argument("--small", action="store_true", help="tiny model: a quick smoke run")
    parser.add_argument("--items", type=int, default=200, help="corpus texts (200)")
    parser.add_argument("--long", type=int, default=8, help="extra texts > 512 tokens (8)")
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
    parser.add_argument("--keep", action="store_true", help="keep the built checkpoint")
    parser.add_argument("--skip-queue", action="store_true", help="skip the queue run")
    args = parser.parse_args(argv)
    try:
        args.thread_counts = sorted({int(t) for t in args.threads.split(",") if t.strip()})
    except ValueError:
        parser.error(f"--threads: whole numbers separated by commas, not {args.threads!r}")
    if not args.thread_counts or min(args.thread_counts) < 1:
        parser.error("--threads: at least one thread count of 1 or more")
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
    for module in ("torch", "transformers", "tokenizers", "detoxify", "sqlmodel", "moderation"):
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

    transformers.utils.logging.set_verbosity_error()
    transformers.utils.logging.disable_progress_bar()
    return torch, detoxify


def default_worker_batch() -> tuple[int, str]:
    """The worker batch ``inspel serve``/``inspel worker`` use unless told otherwise."""
    try:
        from debate.settings import SETTINGS

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

    work = args.work_dir or Path(tempfile.mkdtemp(prefix="inspel-clf-bench-"))
    work.mkdir(parents=True, exist_ok=True)
    try:
        return benchmark(args, torch, detoxify, work, rows)
    finally:
        if args.keep or args.work_dir:
            say(f"kept {work}")
        else:
            shutil.rmtree(work, ignore_errors=True)


def benchmark(args: argparse.Namespace, torch: Any, detoxify: Any, work: Path, rows: Any) -> int:
    """Everything after the setup; ``work`` is where the checkpoint and databases go."""
    from moderation.classifier import ClassifierConfig, DetoxifyClassifier

    size = SMALL if args.small else FULL
    init_range = args.init_range if args.init_range is not None else size.init_range
    failures: list[str] = []
    wall = time.perf_counter()
    bench = samples(rows, args.items, args.long, args.seed)
    texts = [s.text for s in bench]
    langs = [s.lang for s in bench]
    free_gb = shutil.disk_usage(work).free / 1e9
    if free_gb < 1.5 and not args.small:
        say(f"warning: only {free_gb:.1f} GB free in {work}; the checkpoint needs ~0.45 GB")

    say("Inspel classifier speed (issue 4): detoxify, random weights, offline")
    say("=" * 78)
    for line in machine_lines(torch, args.device):
        say(line)
    say(f"device:      {args.device}; thread counts measured: {args.thread_counts}")
    say(f"start:       {load_note()}")

    try:
        built = build_checkpoint(work, size, init_range, [r_text(r) for r in rows], args.seed)
    except Exception as exc:  # noqa: BLE001 - nothing else can run without it
        say(f"classifier_speed: cannot build the checkpoint in {work}: {type(exc).__name__}: {exc}")
        traceback.print_exc()
        return 2

    heading("Model")
    ckpt_mb = built.checkpoint.stat().st_size / 2**20
    say(
        f"{size.name}: hidden {size.hidden}, {size.layers} layers, {size.heads} heads, "
        f"intermediate {size.intermediate}, vocabulary "
        f"{size.vocab_size or TRAINED_PIECES:,}, {len(ORIGINAL_CLASSES)} labels"
    )
    say(
        f"parameters {built.parameters:,} ({built.parameters / 1e6:.1f} M); checkpoint "
        f"{ckpt_mb:,.1f} MiB; built in {built.seconds:.1f} s at {built.checkpoint}"
    )
    say(
        f"random weights (initializer_range {init_range}): the real model's compute, arbitrary "
        "scores; tokenizer: WordPiece trained on the corpus, lowercased, accents stripped"
    )

    # Token lengths, with the model's own tokenizer (no special tokens, no truncation).
    import transformers

    tokenizer = transformers.BertTokenizer.from_pretrained(str(built.config_dir))

    def token_lengths(items: Sequence[str]) -> list[int]:
        return [len(ids) for ids in tokenizer(list(items), add_special_tokens=False)["input_ids"]]

    lengths = token_lengths(texts)
    chars = sum(len(t) for t in texts)
    words = sum(len(t.split()) for t in texts)
    windows = [window_count(n) for n in lengths]
    baseline_idx = stratified(args.baseline_items, lengths)

    heading("Texts")
    kinds = Counter(s.source for s in bench)
    say(
        f"{len(bench)} texts: {kinds['corpus']} corpus rows (title + body, as the worker scores"
        f" them; {Counter(langs)['sv']} sv, {Counter(langs)['en']} en) + {kinds['long']} long"
    )
    say(
        f"characters: min {min(len(t) for t in texts)}, median "
        f"{int(statistics.median(len(t) for t in texts))}, max {max(len(t) for t in texts):,}; "
        f"{chars / sum(lengths):.2f} chars/token, {sum(lengths) / words:.2f} tokens/word"
    )
    say(describe_tokens("tokens, all", lengths))
    say(describe_tokens("tokens, baseline", [lengths[i] for i in baseline_idx]))
    say(describe_bands(lengths))
    over = sum(n > WINDOW_TOKENS for n in lengths)
    say(
        f"texts > {WINDOW_TOKENS} tokens: {over}; Inspel scores them in "
        f"{sum(w for w in windows if w > 1)} overlapping windows, detoxify truncates them to "
        "512 tokens"
        if over
        else f"no text is over {WINDOW_TOKENS} tokens (no windows)"
    )

    device = args.device
    baseline_rate: dict[int, float] = {}
    baseline_tok_rate: dict[int, float] = {}
    baseline_scores: dict[int, Scores] = {}
    #: Thread counts at which a timed row got clearly less CPU than it asked for.
    disturbed: set[int] = set()
    warm = [texts[i] for i in stratified(3, lengths)]
    warm_langs = ["sv"] * len(warm)

    # 1. Baseline -----------------------------------------------------------------------------
    heading(f"1. Baseline: Detoxify(...).predict(text), once per item, {len(baseline_idx)} texts")
    with section("baseline", failures):
        started = time.perf_counter()
        detector = detoxify.Detoxify(
            checkpoint=str(built.checkpoint),
            huggingface_config_path=str(built.config_dir),
            device=device,
        )
        say(f"loaded in {time.perf_counter() - started:.1f} s; {load_note()}")
        subset = [texts[i] for i in baseline_idx]
        subset_tokens = baseline_tokens([lengths[i] for i in baseline_idx])
        say(
            f"{'threads':>7} {'texts':>6} {'seconds':>8} {'items/s':>8} {'ms/item':>8} "
            f"{'tokens/s':>8} {'cpu/wall':>8}"
        )
        for threads in args.thread_counts:
            used = set_threads(torch, threads)
            time_baseline(detector, warm)
            run = time_baseline(detector, subset)
            baseline_rate[threads] = len(subset) / run.seconds
            baseline_tok_rate[threads] = subset_tokens / run.seconds
            baseline_scores[threads] = run.scores
            say(
                f"{used:>7} {len(subset):>6} {run.seconds:>8.2f} {baseline_rate[threads]:>8.2f} "
                f"{1000 * run.seconds / len(subset):>8.1f} {baseline_tok_rate[threads]:>8.0f} "
                f"{run.cpu_per_wall:>8.2f}{flag(run, threads)}"
            )
            if contended(run, threads):
                disturbed.add(threads)
        say(
            f"{subset_tokens:,} tokens computed (with [CLS]/[SEP]; long texts cut at 512, no "
            "padding at batch 1)"
        )
        del detector
        gc.collect()

    # 2. Inspel ---------------------------------------------------------------------------------
    chunk_text = f"{args.chunk} texts per call" if args.chunk else "all texts in one call"
    heading(
        f"2. Inspel: DetoxifyClassifier.predict(list), {chunk_text}, {len(texts)} texts, "
        "windows batched by length (at most 16 per forward pass)"
    )
    precisions: list[str | None] = [None] if device != "cpu" else [None, "int8"]
    classifiers: dict[str, Any] = {}
    inspel_scores: dict[tuple[str, int], Scores] = {}
    rates: dict[tuple[str, int], float] = {}
    tok_rates: dict[tuple[str, int], float] = {}
    counters: dict[str, Forwards | None] = {}
    say(
        f"{'precision':>9} {'threads':>7} {'texts':>6} {'seconds':>8} {'items/s':>8} "
        f"{'tokens/s':>8} {'pad %':>5} {'fwd':>4} {'cpu/wall':>8} {'vs base':>7} "
        f"{'tok/s vs base':>13}"
    )
    for quantize in precisions:
        name = quantize or "fp32"
        with section(f"Inspel {name}", failures):
            started = time.perf_counter()
            classifier = DetoxifyClassifier(
                ClassifierConfig(
                    models={"*": "original"},
                    device=device,
                    threads=max(args.thread_counts),
                    checkpoint=built.checkpoint,
                    config_dir=built.config_dir,
                    quantize=quantize,
                )
            )
            classifiers[name] = classifier
            counters[name] = count_forwards(classifier)
            say(
                f"{name:>9} loaded in {time.perf_counter() - started:.1f} s "
                f"({classifier.version}); {load_note()}"
            )
            counter = counters[name]
            for threads in args.thread_counts:
                used = set_threads(torch, threads)
                classifier.predict(warm, langs=warm_langs)
                before = counter.snapshot() if counter else None
                run = time_inspel(classifier, texts, langs, args.chunk)
                done = counter.since(before) if counter and before else None
                rate = len(texts) / run.seconds
                rates[(name, threads)] = rate
                inspel_scores[(name, threads)] = run.scores
                base, base_tok = baseline_rate.get(threads), baseline_tok_rate.get(threads)
                tok_rate = done.real / run.seconds if done else None
                if tok_rate:
                    tok_rates[(name, threads)] = tok_rate
                say(
                    f"{name:>9} {used:>7} {len(texts):>6} {run.seconds:>8.2f} {rate:>8.2f} "
                    f"{fmt_count(tok_rate):>8} {fmt_pct(done):>5} "
                    f"{done.passes if done else 'n/a':>4} {run.cpu_per_wall:>8.2f} "
                    f"{fmt_ratio(rate / base if base else None):>7} "
                    f"{fmt_ratio(tok_rate / base_tok if tok_rate and base_tok else None):>13}"
                    f"{flag(run, threads)}"
                )
                if contended(run, threads):
                    disturbed.add(threads)
                if done and threads == args.thread_counts[-1]:
                    say(
                        f"{'':>9} {done.real:,} tokens in windows (with [CLS]/[SEP]), "
                        f"{done.padded:,} computed with padding, {done.passes} forward passes"
                    )

    # 3. Scores ---------------------------------------------------------------------------------
    top = max(args.thread_counts)
    corpus_idx = [i for i, s in enumerate(bench) if s.source == "corpus"]
    heading(
        f"3. Score difference int8 vs fp32 over {len(corpus_idx)} corpus texts, {top} threads "
        "(random weights: quantisation error only)"
    )
    with section("score difference", failures):
        fp32, int8 = inspel_scores.get(("fp32", top)), inspel_scores.get(("int8", top))
        if fp32 is None or int8 is None:
            say("n/a: the fp32 or the int8 run did not complete")
        else:
            say(f"{'label':>16} {'max |diff|':>10} {'mean |diff|':>11} {'fp32 range':>15}")
            for label in sorted(set(fp32[0]) & set(int8[0])):
                diffs = [abs(fp32[i][label] - int8[i][label]) for i in corpus_idx]
                low = min(fp32[i][label] for i in corpus_idx)
                high = max(fp32[i][label] for i in corpus_idx)
                say(
                    f"{label:>16} {max(diffs):>10.5f} {statistics.fmean(diffs):>11.5f} "
                    f"{f'{low:.3f}-{high:.3f}':>15}"
                )
        say("checks:")
        low_threads = min(args.thread_counts)
        if fp32 is not None and low_threads != top and ("fp32", low_threads) in inspel_scores:
            other = inspel_scores[("fp32", low_threads)]
            say(
                f"  fp32 at {low_threads} vs {top} threads, max |diff| over all labels: "
                f"{max(max_diff(fp32, other).values(), default=0.0):.1e}"
            )
        same = [
            k
            for k, i in enumerate(baseline_idx)
            if lengths[i] <= WINDOW_TOKENS and not has_format_chars(texts[i])
        ]
        if fp32 is not None and top in baseline_scores and same:
            ours = [fp32[i] for i in baseline_idx]
            diff = max_diff(ours, baseline_scores[top], same)
            say(
                f"  Inspel fp32 vs detoxify per item on the {len(same)} baseline texts of <= "
                f"{WINDOW_TOKENS} tokens, max |diff|: {max(diff.values(), default=0.0):.1e} "
                "(same model; only padding differs)"
            )

    # 4. Queue ----------------------------------------------------------------------------------
    worker_rate: dict[str, float] = {}
    if not args.skip_queue:
        if args.worker_batch is None:
            args.worker_batch, batch_source = default_worker_batch()
        else:
            batch_source = "--worker-batch"
        extra = round(args.queue_items * args.long / max(1, args.items + args.long))
        queue_samples = samples(rows, args.queue_items - extra, extra, args.seed + 1)
        heading(
            f"4. End to end: {len(queue_samples)} submissions queued in SQLite, then one Worker"
            f" (batch {args.worker_batch}: {batch_source}) drains them, {top} threads"
        )
        say(
            f"{sum(1 for s in queue_samples if s.title)} proposals ({extra} of them long), "
            f"{sum(1 for s in queue_samples if not s.title)} replies; a burst: all are queued "
            "before the worker starts"
        )
        say(describe_tokens("tokens", token_lengths([s.text for s in queue_samples])))
        say(
            f"{'classifier':>10} {'fill s':>7} {'drain s':>8} {'predict s':>9} {'items/s':>8} "
            f"{'vs base':>7} {'p50 s':>6} {'p95 s':>6} {'max s':>6} {'cpu/wall':>8}"
        )
        for name, classifier in classifiers.items():
            with section(f"queue {name}", failures):
                set_threads(torch, top)
                result = queue_run(
                    name,
                    classifier,
                    queue_samples,
                    args.worker_batch,
                    work,
                    args.seed,
                    counters.get(name),
                )
                lat = result.latencies or [float("nan")]
                rate = result.items / result.drain_s
                worker_rate[name] = rate
                base = baseline_rate.get(top)
                say(
                    f"{name:>10} {result.fill_s:>7.1f} {result.drain_s:>8.1f} "
                    f"{result.predict_s:>9.1f} {rate:>8.2f} "
                    f"{fmt_ratio(rate / base if base else None):>7} {percentile(lat, 50):>6.1f} "
                    f"{percentile(lat, 95):>6.1f} {max(lat):>6.1f} "
                    f"{result.drain_cpu_per_wall:>8.2f}{flag(result.drain_cpu_per_wall, top)}"
                )
                if contended(result.drain_cpu_per_wall, top):
                    disturbed.add(top)
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

    # Summary ---------------------------------------------------------------------------------
    heading(f"Summary (target: >= {TARGET_RATIO:.0f}x the baseline's items/s)")
    for threads in args.thread_counts:
        base = baseline_rate.get(threads)
        if base is None:
            say(f"{threads} thread(s): n/a (the baseline did not run)")
            continue
        if threads in disturbed:
            say(
                f"{threads} thread(s): !! a row got less CPU than its threads (cpu/wall under "
                f"{CONTENDED_SHARE:.0%} of {threads}): other work was running; do not trust "
                "these ratios, run again on a quiet machine"
            )
        for name in classifiers:
            parts = []
            if (name, threads) in rates:
                ratio = rates[(name, threads)] / base
                tokens = tok_rates.get((name, threads))
                base_tok = baseline_tok_rate.get(threads)
                per_token = f" (tokens/s {tokens / base_tok:.2f}x)" if tokens and base_tok else ""
                parts.append(
                    f"predict(list) {rates[(name, threads)]:.2f}/s = {ratio:.2f}x "
                    f"{'PASS' if ratio >= TARGET_RATIO else 'MISS'}{per_token}"
                )
            if threads == top and name in worker_rate:
                ratio = worker_rate[name] / base
                parts.append(
                    f"worker {worker_rate[name]:.2f}/s = {ratio:.2f}x "
                    f"{'PASS' if ratio >= TARGET_RATIO else 'MISS'}"
                )
            say(f"{threads} thread(s), baseline {base:.2f}/s, {name}: " + "; ".join(parts))
    say(f"total wall time {time.perf_counter() - wall:.0f} s; end: {load_note()}")
    if failures:
        say("failed parts: " + "; ".join(failures))
    return 0


def r_text(row: dict[str, Any]) -> str:
    return "\n\n".join(part for part in (row.get("title"), row["body"]) if part)


def describe_bands(lengths: Sequence[int]) -> str:
    bands = Counter(
        "<50" if n < 50 else "50-400" if n <= 400 else "401-510" if n <= 510 else ">510"
        for n in lengths
    )
    order = ("<50", "50-400", "401-510", ">510")
    return "length bands (tokens): " + ", ".join(f"{band}: {bands[band]}" for band in order)


def describe_tokens(label: str, lengths: Sequence[int]) -> str:
    return (
        f"{label}: n {len(lengths)}, min {min(lengths)}, p10 {percentile(lengths, 10)}, "
        f"p50 {percentile(lengths, 50)}, mean {statistics.fmean(lengths):.0f}, "
        f"p90 {percentile(lengths, 90)}, max {max(lengths):,}"
    )


if __name__ == "__main__":
    sys.exit(main())
