"""The learning loop, measured: a region that starts from the repository's corpus and then
learns from its moderators, 100 decisions at a time.

Step 0 trains the local model on ``tests/data/moderation_corpus.jsonl``. Each further step
adds the next ``--batch`` items of ``tests/data/moderation_dev.jsonl`` (in file order, as if
moderators had decided them), retrains, and scores the blind split
(``tests/data/moderation_sealed.jsonl``, never trained on, never printed) with the rules alone
and with the rules plus the local model. Printed per step: caught (items to hold that were not
published as is), reject caught (``reject`` items held), clean held (``publish`` items held),
overall and per language, and the model's thresholds ("never": the rules alone already hold
the clean share allowed in that language, so the model holds nothing there).

    .venv/bin/python benchmarks/learning_loop.py [--batch 100] [--eval FILE]

Eleven trainings with 5-fold cross-validation: a few minutes on a quiet core (15 minutes on
a shared, loaded 2-core machine).
"""

from __future__ import annotations

import argparse
import datetime as dt
import sys
import time
from collections.abc import Sequence
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
DATA = REPO / "tests" / "data"


def figures(rows: Sequence[object], lang: str | None = None) -> tuple[float, float, float]:
    """Caught, reject caught and clean held over ``Scored`` rows (one language or all)."""
    chosen = [r for r in rows if lang is None or r.lang == lang]  # type: ignore[attr-defined]

    def share(of: str | tuple[str, ...], held: bool) -> float:
        wanted = (of,) if isinstance(of, str) else of
        base = [r for r in chosen if r.expected in wanted]  # type: ignore[attr-defined]
        if not base:
            return float("nan")
        if held:
            return sum(r.held for r in base) / len(base)  # type: ignore[attr-defined]
        return sum(r.action != "publish" for r in base) / len(base)  # type: ignore[attr-defined]

    return share(("review", "reject"), False), share("reject", True), share("publish", True)


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--batch", type=int, default=100, help="decisions per step (100)")
    parser.add_argument(
        "--eval", default=str(DATA / "moderation_sealed.jsonl"), help="the set scored each step"
    )
    parser.add_argument("--folds", type=int, default=5, help="cross-validation folds (5)")
    args = parser.parse_args(argv)
    if str(REPO) not in sys.path:
        sys.path.insert(0, str(REPO))
    from moderation.cli import Evaluation, Stream, evaluate_labelled
    from moderation.learned import examples_from_jsonl, learned_phase
    from moderation.learned.data import mark_rules
    from moderation.learned.train import train
    from moderation.pipeline import DEFAULT_PHASES

    def read(path: Path) -> list[str]:
        return [line for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]

    def labelled(name: str) -> list[object]:
        # Grouped as ``inspel model train`` groups them: by batch, else by file.
        return mark_rules(examples_from_jsonl(read(DATA / name), group=name))

    corpus = labelled("moderation_corpus.jsonl")
    dev = labelled("moderation_dev.jsonl")
    scored = read(Path(args.eval))
    langs = ("sv", "en")

    def score(phases: tuple[object, ...]) -> list[object]:
        stream = Stream(phases=phases)  # type: ignore[arg-type]
        return list(evaluate_labelled(scored, stream=stream, evaluation=Evaluation()).rows)

    rules_rows = score(tuple(DEFAULT_PHASES))
    rules = [figures(rules_rows, lang) for lang in (None, *langs)]

    def cells(values: list[tuple[float, float, float]]) -> str:
        return " | ".join(" ".join(f"{v:6.3f}" for v in triple) for triple in values)

    print(f"Scored on {Path(args.eval).name} ({len(scored)} items): caught, reject caught and")
    print("clean held, for all items | Swedish | English\n")
    group = f"{'caught':>6} {'reject':>6} {'clean':>6}"
    print(f"{'':36}{'all':^20} | {'sv':^20} | {'en':^20}")
    print(
        f"{'step':>4} {'trained':>8} {'thr sv':>6} {'thr en':>6}       {group} | {group} | {group}"
    )
    print(f"{'rules alone':<36}{cells(rules)}")
    start = time.perf_counter()
    step = 0
    while True:
        training = corpus + dev[: step * args.batch]
        model = train(training, today=dt.date(2026, 12, 7), folds=args.folds)
        rows = score((*DEFAULT_PHASES, learned_phase(model)))
        both = [figures(rows, lang) for lang in (None, *langs)]
        thresholds = model.card["thresholds"]["hold"]
        shown = [
            "never" if thresholds.get(lang) is None else f"{thresholds[lang]:.3f}" for lang in langs
        ]
        print(
            f"{step:>4} {len(training):>8} {shown[0]:>6} {shown[1]:>6} +model {cells(both)}",
            flush=True,
        )
        if step * args.batch >= len(dev):
            break
        step += 1
    print(f"\n{time.perf_counter() - start:.0f} s")


if __name__ == "__main__":
    main()
