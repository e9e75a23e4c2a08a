"""The command line of the local model: ``inspel model train``, ``inspel moderation
calibrate`` and the ``--local-model DIR`` option of ``check`` and ``eval``.

``debate/cli.py`` only wires these into its parser (``add_commands``,
``add_local_model_option``); the handlers are here, beside the engine, and read and write
files only where the command names them.
"""

from __future__ import annotations

import argparse
import datetime as dt
import sys
from collections.abc import Callable, Iterable, Mapping, Sequence
from pathlib import Path
from typing import Any, TextIO

import numpy as np

from moderation.cli import Stream
from moderation.cli import make_stream as cli_stream
from moderation.learned import builtin
from moderation.learned.data import (
    CONTENT_RULES,
    Example,
    ExampleError,
    examples_from_decisions,
    examples_from_jsonl,
    labels_of,
    mark_rules,
)
from moderation.learned.features import lang_key
from moderation.learned.model import LocalModel, LocalModelError
from moderation.learned.svg import Curve, precision_recall_svg
from moderation.learned.thresholds import curve, grid, pick_threshold
from moderation.learned.train import DEFAULT_MAX_FALSE_HOLD, TrainingError, train

__all__ = ["add_commands", "add_local_model_option", "load_local_model", "make_stream"]

_SVG_CURVES = 18


def _share(raw: str) -> float:
    try:
        value = float(raw)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a number: {raw!r}") from None
    if not 0.0 <= value < 1.0:
        raise argparse.ArgumentTypeError("must be at least 0 and below 1, e.g. 0.03")
    return value


def add_local_model_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--local-model",
        metavar="DIR",
        help="also run a local model (it may hold, never reject): `builtin` for the one Inspel "
        "ships, or the directory `inspel model train` wrote",
    )


#: Reads the deployment's decided items (``examples_from_decisions`` records) for
#: ``train --from-database``; the site passes it in, since the engine knows no database.
DecidedSource = Callable[[argparse.Namespace], Iterable[Mapping[str, Any]]]


def add_commands(moderation: Any, model: Any, *, decided: DecidedSource | None = None) -> None:
    """``calibrate`` under ``inspel moderation`` and ``train`` under ``inspel model`` (with
    ``--from-database`` when ``decided`` is given)."""
    calibrate = moderation.add_parser(
        "calibrate",
        help="pick classifier thresholds per label and language from a labelled file",
    )
    calibrate.add_argument("file", nargs="+", help="labelled JSON Lines (expected, reasons)")
    calibrate.add_argument(
        "--max-false-hold",
        type=_share,
        default=0.03,
        help="share of clean items one label may hold, per language (default 0.03)",
    )
    calibrate.add_argument("--svg", metavar="OUT.svg", help="also draw the precision/recall curves")
    calibrate.add_argument(
        "--no-classifier", action="store_true", help="leave detoxify out (local model only)"
    )
    add_local_model_option(calibrate)
    calibrate.set_defaults(func=run_calibrate)

    trainer = model.add_parser(
        "train", help="train the local model from labelled JSON Lines files (no network)"
    )
    trainer.add_argument("file", nargs="*", help="labelled JSON Lines (expected, reasons)")
    if decided is not None:
        trainer.add_argument(
            "--from-database",
            action="store_true",
            help="also learn from the items decided on this site (docs/moderation.md)",
        )
        trainer.add_argument(
            "--human-only",
            action="store_true",
            help="with --from-database: only what moderators decided, not what the machine "
            "published",
        )
    trainer.set_defaults(decided=decided, from_database=False, human_only=False)
    trainer.add_argument("--out", required=True, metavar="DIR", help="model directory to write")
    trainer.add_argument(
        "--max-false-hold",
        type=_share,
        default=DEFAULT_MAX_FALSE_HOLD,
        help="share of clean items the model may hold beyond those the rules already hold, "
        f"cross-validated over batches (default {DEFAULT_MAX_FALSE_HOLD})",
    )
    trainer.add_argument(
        "--budget-includes-rules",
        action="store_true",
        help="count the clean items the rules hold against --max-false-hold too (the old "
        "meaning: where the rules spend it, the model holds nothing)",
    )
    trainer.set_defaults(func=run_train)


def load_local_model(path: str | None, err: TextIO) -> LocalModel | None:
    """The model in ``path`` (``None`` when no path is given); a model that cannot be used is
    an error that ends the command with status 2."""
    directory = builtin.resolve(path)
    if directory is None:
        return None
    try:
        return LocalModel.load(directory)
    except LocalModelError as exc:
        print(f"inspel: local model unusable: {exc}", file=err)
        raise SystemExit(2) from None


def make_stream(args: argparse.Namespace, err: TextIO) -> Stream:
    """``moderation.cli.make_stream`` for ``check`` and ``eval``, with ``--local-model``."""
    return cli_stream(
        use_classifier=not args.no_classifier,
        err=err,
        local_model=load_local_model(args.local_model, err),
    )


def _read(names: Sequence[str], err: TextIO) -> list[Example] | None:
    examples: list[Example] = []
    for name in names:
        try:
            with Path(name).open(encoding="utf-8") as handle:
                # A row without a batch belongs to its file's group.
                examples.extend(examples_from_jsonl(handle, group=Path(name).name))
        except OSError as exc:
            print(f"inspel: cannot read {name}: {exc.strerror}", file=err)
            return None
        except (ExampleError, UnicodeDecodeError) as exc:
            print(f"inspel: {name}: {exc}", file=err)
            return None
    if not examples:
        print("inspel: no labelled items in " + ", ".join(names), file=err)
        return None
    return examples


def _training_set(args: argparse.Namespace, err: TextIO) -> tuple[list[Example], list[str]] | None:
    """The examples ``train`` learns from and the names of their sources."""
    if not args.file and not args.from_database:
        print("inspel: name labelled files, or --from-database, or both", file=err)
        return None
    examples = _read(args.file, err) if args.file else []
    if examples is None:
        return None
    sources = [Path(name).name for name in args.file]
    if args.from_database:
        try:
            decided = list(examples_from_decisions(args.decided(args)))
        except ExampleError as exc:
            print(f"inspel: the database: {exc}", file=err)
            return None
        print(f"{len(decided)} decided items from the database", file=err)
        examples += decided
        sources.append(f"database ({len(decided)} decided items)")
    if not examples:
        print("inspel: nothing to learn from", file=err)
        return None
    return examples, sources


def run_train(args: argparse.Namespace) -> int:
    out, err = sys.stdout, sys.stderr
    found = _training_set(args, err)
    if found is None:
        return 2
    examples, sources = found
    try:
        model = train(
            mark_rules(examples),
            today=dt.datetime.now(dt.UTC).date(),
            max_false_hold=args.max_false_hold,
            budget_includes_rules=args.budget_includes_rules,
            sources=sources,
        )
    except TrainingError as exc:
        print(f"inspel: cannot train: {exc}", file=err)
        return 2
    target = Path(args.out)
    try:
        model.save(target)
    except OSError as exc:
        print(f"inspel: cannot write {target}: {exc.strerror}", file=err)
        return 2
    out.write((target / "card.md").read_text(encoding="utf-8"))
    out.write(f"\nModel written to {target}; use it with --local-model {target}\n")
    return 0


# --- calibrate ------------------------------------------------------------------------------

#: A scorer's name, its labels with the test that makes an example a positive, and its scores.
Scorer = tuple[str, dict[str, Callable[[Example], bool]], Callable[[list[Example]], Any]]


def _local_scorer(model: LocalModel) -> Scorer:
    def positive(label: str) -> Callable[[Example], bool]:
        return lambda example: labels_of(example)[label] == 1

    def scores(examples: list[Example]) -> list[dict[str, float]]:
        return model.predict([e.text for e in examples], [e.lang for e in examples])

    return model.detector_version, {label: positive(label) for label in model.labels}, scores


def _detoxify_scorer(err: TextIO) -> Scorer | None:
    from moderation.classifier import ClassifierUnavailableError, load_configured
    from moderation.types import CLASSIFIER_LABEL_RULES

    try:
        classifier: Any = load_configured()
    except ClassifierUnavailableError as exc:
        print(f"inspel: detoxify unavailable ({exc}); calibrating without it", file=err)
        return None

    def positive(label: str) -> Callable[[Example], bool]:
        if label in ("toxicity", "severe_toxicity"):
            return lambda example: bool(example.rules & CONTENT_RULES)
        rule = CLASSIFIER_LABEL_RULES[label]
        return lambda example: rule in example.rules

    def scores(examples: list[Example]) -> list[dict[str, float]]:
        return list(
            classifier.predict([e.text for e in examples], langs=[e.lang for e in examples])
        )

    labels = {label: positive(label) for label in CLASSIFIER_LABEL_RULES}
    return f"{classifier.name}@{classifier.version}", labels, scores


def _fmt(value: float | None) -> str:
    return "   –  " if value is None or value != value else f"{value:6.3f}"


def _scorers(args: argparse.Namespace, err: TextIO) -> list[Scorer]:
    scorers: list[Scorer] = []
    model = load_local_model(args.local_model, err)
    if model is not None:
        scorers.append(_local_scorer(model))
    if not args.no_classifier and (detoxify := _detoxify_scorer(err)) is not None:
        scorers.append(detoxify)
    return scorers


#: One label in one language: its scores, positives, clean items and the threshold chosen.
Row = tuple[str, str, Any, Any, Any, float | None]


def _calibrate_scorer(
    out: TextIO, scorer: Scorer, examples: list[Example], langs: Any, clean: Any, limit: float
) -> list[Curve]:
    """One scorer's table: a threshold per label and language, what the labels hold together
    and the precision/recall grid; its precision/recall curves for the SVG."""
    name, labels, score = scorer
    table = score(examples)
    out.write(f"\n== {name}\n")
    out.write(
        f"  {'label':<16}{'lang':<6}{'threshold':>10}{'precision':>11}{'recall':>8}"
        f"{'clean held':>12}{'positives':>11}{'clean':>7}\n"
    )
    rows: list[Row] = []
    curves: list[Curve] = []
    for label, is_positive in labels.items():
        values = np.array([row.get(label, np.nan) for row in table], dtype=np.float64)
        positive = np.array([is_positive(example) for example in examples])
        for lang in sorted(set(langs)):
            mine = (langs == lang) & ~np.isnan(values)
            if not positive[mine].any() or not clean[mine].any():
                continue
            chosen = pick_threshold(values[mine], clean[mine], limit)
            point = curve(values[mine], positive[mine], clean[mine], [chosen or 2.0])[0]
            out.write(
                f"  {label:<16}{lang:<6}{_fmt(chosen):>10}{_fmt(point.precision):>11}"
                f"{_fmt(point.recall):>8}{_fmt(point.false_hold):>12}"
                f"{int(positive[mine].sum()):>11}{int(clean[mine].sum()):>7}\n"
            )
            rows.append((label, lang, values[mine], positive[mine], clean[mine], chosen))
            fine = np.unique(np.quantile(values[mine], np.linspace(0, 1, 101)))
            points = curve(values[mine], positive[mine], clean[mine], list(fine))
            curves.append(
                Curve(
                    f"{name.split('@')[0]} {label} {lang}",
                    [(p.recall, p.precision) for p in points],
                    (point.recall, point.precision) if chosen is not None else None,
                )
            )
    _together(out, rows, table, examples, langs, clean)
    out.write("\n  Per threshold: precision / recall / clean held\n")
    for label, lang, values, positive, clean_rows, _ in rows:
        cells = "  ".join(
            f"{p.threshold:.1f}: {_fmt(p.precision).strip()}/{_fmt(p.recall).strip()}"
            f"/{_fmt(p.false_hold).strip()}"
            for p in curve(values, positive, clean_rows, grid(0.1))
        )
        out.write(f"  {label:<16}{lang:<4}{cells}\n")
    return curves


def _together(
    out: TextIO, rows: list[Row], table: Any, examples: list[Example], langs: Any, clean: Any
) -> None:
    """What all labels at their chosen thresholds hold of the clean items, per language."""
    for lang in sorted(set(langs)):
        mine = (langs == lang) & clean
        held = np.zeros(len(examples), bool)
        for label, row_lang, *_, chosen in rows:
            if row_lang == lang and chosen is not None:
                values = np.array([row.get(label, np.nan) for row in table])
                held |= np.nan_to_num(values, nan=-1.0) >= chosen
        together = float(held[mine].mean()) if mine.any() else None
        out.write(f"  all labels at these thresholds, {lang}: clean held {_fmt(together)}\n")


def run_calibrate(args: argparse.Namespace) -> int:
    out, err = sys.stdout, sys.stderr
    examples = _read(args.file, err)
    if examples is None:
        return 2
    scorers = _scorers(args, err)
    if not scorers:
        print(
            "inspel: nothing to calibrate: give --local-model DIR or configure detoxify", file=err
        )
        return 2
    limit = args.max_false_hold
    langs = np.array([lang_key(example.lang) for example in examples])
    clean = np.array([example.clean for example in examples])
    out.write(
        f"Calibration on {len(examples)} items ("
        + ", ".join(f"{lang}: {int((langs == lang).sum())}" for lang in sorted(set(langs)))
        + f"); each label may hold at most {limit:.3f} of the clean items of a language\n"
    )
    curves: list[Curve] = []
    for scorer in scorers:
        curves += _calibrate_scorer(out, scorer, examples, langs, clean, limit)
    if args.svg:
        shown = (
            curves
            if len(curves) <= _SVG_CURVES
            else [c for c in curves if " hold " in c.name or " toxicity " in c.name]
        )
        svg = precision_recall_svg(shown[:_SVG_CURVES], "Precision / recall per label and language")
        try:
            Path(args.svg).write_text(svg, encoding="utf-8")
        except OSError as exc:
            print(f"inspel: cannot write {args.svg}: {exc.strerror}", file=err)
            return 2
        out.write(f"\nCurves written to {args.svg}\n")
    return 0
