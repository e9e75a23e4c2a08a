"""Speed of the local model (moderation/learned) on ~1 KB texts, one pinned core, beside
alt-profanity-check in the same run.

Measures (a) ``LocalModel.predict`` over the whole list, (b) ``score_one`` per item (what the
pipeline phase does), (c) ``evaluate`` with the rules and the local model's phase, and the
baseline's ``predict(list)`` and ``predict([text])``, over the deterministic texts of
``benchmarks/moderation_speed.py``. The model is trained first from the repository's corpus
and dev split (not timed), or read with ``--local-model DIR``.

Target: the local model >= 2,000 items/s on one core. A miss is printed, never an exit status.

    .venv/bin/python benchmarks/learned_speed.py [--items N] [--local-model DIR]
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import platform
import statistics
import sys
import time
from collections.abc import Callable, Sequence
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import moderation_speed as bench  # the sibling benchmark's texts and timers

REPO = bench.REPO
TARGET_ITEMS_PER_S = 2_000
TRAINING = ("moderation_corpus.jsonl", "moderation_dev.jsonl")


def _model(directory: str | None) -> object:
    from moderation.learned import LocalModel, examples_from_jsonl
    from moderation.learned.data import mark_rules
    from moderation.learned.train import train

    if directory:
        return LocalModel.load(Path(directory))
    examples = []
    for name in TRAINING:
        with (REPO / "tests" / "data" / name).open(encoding="utf-8") as handle:
            examples.extend(examples_from_jsonl(handle))
    return train(mark_rules(examples), today=dt.datetime.now(dt.UTC).date())


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--items", type=int, default=2000, help="texts to generate (2000)")
    parser.add_argument("--seconds", type=float, default=1.0, help="seconds per repetition")
    parser.add_argument("--repeats", type=int, default=5, help="repetitions per measurement")
    parser.add_argument("--per-item", type=int, default=500, help="texts for per-item baseline")
    parser.add_argument("--local-model", metavar="DIR", help="a trained model (default: train)")
    args = parser.parse_args(argv)

    pinned = bench.pin_one_core()
    if str(REPO) not in sys.path:
        sys.path.insert(0, str(REPO))
    from moderation import Item, evaluate
    from moderation.learned import LocalModel, learned_phase
    from moderation.pipeline import rule_phase

    start = time.perf_counter()
    model = _model(args.local_model)
    assert isinstance(model, LocalModel)
    ready_s = time.perf_counter() - start
    predict, apc_version = bench.baseline()

    print("== Machine")
    print(f"platform          {platform.platform()}")
    print(f"CPU model         {bench.cpu_model()}")
    print(f"Python            {platform.python_version()}")
    print(f"cores             1 used, {os.cpu_count()} present; {pinned}")
    print(f"local model       {model.detector_version} ({ready_s:.1f} s to train or load)")
    print(f"alt-profanity-chk {apc_version}")

    samples = bench.generate(args.items)
    texts = [f"{s.title}\n\n{s.body}" if s.title else s.body for s in samples]
    langs = [s.lang for s in samples]
    items = [Item(body=s.body, title=s.title, lang=s.lang) for s in samples]
    sizes = sorted(len(text.encode()) for text in texts)
    print(f"\n== Texts: {len(texts)}, median {statistics.median(sizes):.0f} bytes")

    start = time.perf_counter()
    first = model.predict(texts, langs)
    cold_s = time.perf_counter() - start
    held = sum(
        scores["hold"] >= model.threshold(lang) for scores, lang in zip(first, langs, strict=True)
    )
    print(f"first pass (cold word cache): {len(texts) / cold_s:,.0f} items/s; {held} held")
    phases = (rule_phase, learned_phase(model))
    if predict is not None:
        predict(texts)

    def run_batch() -> int:
        model.predict(texts, langs)
        return len(texts)

    def run_one() -> int:
        for text, lang in zip(texts, langs, strict=True):
            model.score_one(text, lang)
        return len(texts)

    def run_pipeline() -> int:
        for item in items:
            evaluate(item, phases=phases)
        return len(items)

    subset = texts[: args.per_item]

    def run_apc_batch() -> int:
        assert predict is not None
        predict(texts)
        return len(texts)

    def run_apc_one() -> int:
        assert predict is not None
        for text in subset:
            predict([text])
        return len(subset)

    measured: dict[str, Callable[[], int] | None] = {
        "(a) local model predict(list)": run_batch,
        "(b) local model score_one per item": run_one,
        "(c) evaluate: rules + local model": run_pipeline,
        "alt-profanity-check predict(list)": run_apc_batch if predict else None,
        f"alt-profanity-check predict([text]) ×{len(subset)}": run_apc_one if predict else None,
    }
    print(f"\n== Throughput: median of {args.repeats} runs of >= {args.seconds} s")
    medians = {
        name: statistics.median(bench.rates(run, args.seconds, args.repeats)) if run else None
        for name, run in measured.items()
    }
    names = list(medians)
    apc = medians[names[3]]
    for name, median in medians.items():
        ratio = f"{median / apc:.2f}×" if median and apc else "—"
        rate = f"{median:,.0f}" if median else "not installed"
        print(f"{name:48} {rate:>10} items/s   ÷apc-batch {ratio}")
    best = medians[names[1]] or 0.0
    verdict = "met" if best >= TARGET_ITEMS_PER_S else "MISSED"
    print(f"\nTarget (b) >= {TARGET_ITEMS_PER_S:,} items/s on one core: {verdict}")


if __name__ == "__main__":
    main()
