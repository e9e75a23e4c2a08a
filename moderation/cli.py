"""``inspel moderation check`` and ``inspel moderation eval`` (SPEC §3, evaluation contract).

``check`` reads JSON Lines on stdin, one item per line, treats them as arriving in that order
(an author's earlier items are their history for SPAM-REPEAT; the first item of a thread is
the thread's text for OFFTOPIC) and writes one JSON line per item. No database, no network.
A line that cannot be read still gets an answer line, held (``review``) with an ``error``,
so output lines match input lines; the exit status is then 1.

``eval`` runs the same over a labelled file and prints a confusion matrix, per-rule
precision and recall, and the targets of the moderation issue.
"""

from __future__ import annotations

import json
import math
from collections import Counter, defaultdict, deque
from collections.abc import Iterable
from dataclasses import dataclass, field
from itertools import islice
from typing import Any, TextIO

from moderation.classifier import (
    Classifier,
    ClassifierUnavailableError,
    classifier_phase,
    load_configured,
)
from moderation.learned import LocalModel, learned_phase
from moderation.pipeline import (
    DEFAULT_PHASES,
    Phase,
    prefetch_languages,
    prepare,
    verdict_of,
)
from moderation.rules import RULES
from moderation.rules.behaviour import field_fingerprint
from moderation.types import Action, ClassifierStatus, Item, PolicyContext, TextField, Verdict

__all__ = [
    "Evaluation",
    "InputError",
    "Scored",
    "Stream",
    "check",
    "evaluate_labelled",
    "make_stream",
    "wilson",
]

_HISTORY = 50
_THREAD_CHARS = 4000
_EXPECTED = ("publish", "review", "reject")
_ACTIONS = tuple(action.value for action in Action)
#: Lines read ahead, so that the languages of their items are detected at once; a person
#: typing at a terminal gets each answer at once instead.
_BATCH = 256


class InputError(ValueError):
    """An input line that is not a valid item; the message says what is wrong."""


@dataclass
class Stream:
    """Items in arrival order: keeps each author's recent fingerprints and each thread's text."""

    phases: tuple[Phase, ...] = DEFAULT_PHASES
    classifier: ClassifierStatus = ClassifierStatus.OFF
    _history: dict[str, deque[str]] = field(
        default_factory=lambda: defaultdict(lambda: deque(maxlen=_HISTORY))
    )
    _threads: dict[str, str] = field(default_factory=dict)

    def judge(self, item: Item) -> Verdict:
        history = tuple(self._history[item.author]) if item.author else ()
        thread_text = self._threads.get(item.thread) if item.thread else None
        context = PolicyContext(
            history=history, thread_text=thread_text, classifier=self.classifier
        )
        prepared = prepare(item, context)
        verdict = verdict_of(prepared, self.phases)
        if item.author:
            # The body's fingerprint from the field the rules saw (an empty body has none).
            body = [field for field in prepared.fields if field.field is TextField.BODY]
            self._history[item.author].append(field_fingerprint(body[0]) if body else "")
        if item.thread and item.thread not in self._threads:
            self._threads[item.thread] = f"{item.title or ''}\n{item.body}"[:_THREAD_CHARS]
        return verdict


def parse_item(line: str) -> tuple[str | None, Item, dict[str, Any]]:
    """The id, the item and the raw object of one input line; raises ``InputError``."""
    try:
        raw = json.loads(line)
    except json.JSONDecodeError as exc:
        raise InputError(f"not JSON: {exc.msg} at column {exc.colno}") from None
    if not isinstance(raw, dict):
        raise InputError("a line must be a JSON object")
    item_id = raw.get("id")
    if not isinstance(item_id, str | int) or isinstance(item_id, bool):
        raise InputError('"id" must be a string')
    body = raw.get("body")
    if not isinstance(body, str):
        raise InputError('"body" must be a string')
    optional = {}
    for key in ("title", "lang", "author", "thread"):
        value = raw.get(key)
        if value is not None and not isinstance(value, str):
            raise InputError(f'"{key}" must be a string or null')
        optional[key] = value
    return str(item_id), Item(body=body, **optional), raw


def result(item_id: str | None, verdict: Verdict) -> dict[str, Any]:
    """The output object of the evaluation contract for one verdict."""
    rules = [*verdict.flagged, *(hint for hint in verdict.hints if hint not in verdict.flagged)]
    spans = sorted(
        {
            (span.start, span.end, span.rule_id)
            for span in verdict.spans
            if span.field is TextField.BODY and span.rule_id in rules
        }
    )
    return {
        "id": item_id,
        "action": verdict.action.value,
        "rules": rules,
        "scores": verdict.scores,
        "spans": [list(span) for span in spans],
    }


def check(lines: Iterable[str], out: TextIO, err: TextIO, *, stream: Stream) -> int:
    """Judge every line and write one answer per line; 1 if some line was unreadable."""
    status = 0
    isatty = getattr(lines, "isatty", None)
    batch = 1 if callable(isatty) and isatty() else _BATCH
    numbered = enumerate(lines, start=1)
    while chunk := list(islice(numbered, batch)):
        parsed = [(number, line, _parsed(line)) for number, line in chunk if line.strip()]
        prefetch_languages(item for _, _, (_, item) in parsed if isinstance(item, Item))
        for number, line, (item_id, item) in parsed:
            if isinstance(item, InputError):
                print(f"line {number}: {item}", file=err)
                status = 1
                answer: dict[str, Any] = {
                    "id": _readable_id(line),
                    "action": "review",
                    "rules": [],
                    "scores": {},
                    "spans": [],
                    "error": str(item),
                }
            else:
                answer = result(item_id, stream.judge(item))
            _write(out, answer)
    return status


def _parsed(line: str) -> tuple[str | None, Item | InputError]:
    try:
        item_id, item, _ = parse_item(line)
    except InputError as exc:
        return None, exc
    return item_id, item


def _readable_id(line: str) -> str | None:
    """The id of a line that is JSON but not a valid item, so the answer can name it."""
    try:
        raw = json.loads(line)
    except ValueError:
        return None
    item_id = raw.get("id") if isinstance(raw, dict) else None
    if isinstance(item_id, bool) or not isinstance(item_id, str | int):
        return None
    return str(item_id)


def _write(out: TextIO, answer: dict[str, Any]) -> None:
    try:
        out.write(json.dumps(answer, ensure_ascii=False) + "\n")
    except UnicodeEncodeError:
        # A lone surrogate (from an escaped "\ud800" in the input) cannot be written as
        # UTF-8; escaped JSON can.
        out.write(json.dumps(answer) + "\n")


def make_stream(
    *, use_classifier: bool, err: TextIO, local_model: LocalModel | None = None
) -> Stream:
    """Rules and word lists, plus the configured classifier unless told not to (if it cannot
    load, say so on ``err`` and fail closed), plus the local model when given."""
    stream = _classifier_stream(use_classifier=use_classifier, err=err)
    if local_model is not None:
        stream.phases = (*stream.phases, learned_phase(local_model))
    return stream


def _classifier_stream(*, use_classifier: bool, err: TextIO) -> Stream:
    if not use_classifier:
        return Stream()
    try:
        classifier: Classifier = load_configured()
    except ClassifierUnavailableError as exc:
        print(
            f"inspel: classifier unavailable ({exc}); items that need it are held (review)",
            file=err,
        )
        return Stream(classifier=ClassifierStatus.UNAVAILABLE)
    return Stream(
        phases=(*DEFAULT_PHASES, classifier_phase(classifier)), classifier=ClassifierStatus.READY
    )


@dataclass
class Evaluation:
    """Counts over a labelled file; ``report`` prints them."""

    confusion: Counter[tuple[str, str]] = field(default_factory=Counter)
    rule_tp: Counter[str] = field(default_factory=Counter)
    rule_fp: Counter[str] = field(default_factory=Counter)
    rule_fn: Counter[str] = field(default_factory=Counter)
    misses: list[str] = field(default_factory=list)
    #: One row per item, for the breakdowns by language, kind and batch.
    rows: list[Scored] = field(default_factory=list)

    def add(self, item_id: str, raw: dict[str, Any], verdict: Verdict) -> None:
        expected = raw.get("expected")
        if expected not in _EXPECTED:
            raise InputError(f'"expected" must be one of {", ".join(_EXPECTED)}')
        reasons = raw.get("reasons") or []
        if not isinstance(reasons, list) or not all(isinstance(r, str) for r in reasons):
            raise InputError('"reasons" must be a list of rule ids')
        action = verdict.action.value
        self.confusion[expected, action] += 1
        got = set(result(item_id, verdict)["rules"])
        self.rows.append(
            Scored(
                expected=expected,
                action=action,
                reasons=frozenset(reasons),
                got=frozenset(got),
                lang=str(raw.get("lang") or verdict.lang or "?"),
                kind=str(raw.get("kind") or "?"),
                batch=str(raw.get("batch") or "?"),
            )
        )
        for rule_id in got & set(reasons):
            self.rule_tp[rule_id] += 1
        for rule_id in got - set(reasons):
            self.rule_fp[rule_id] += 1
        for rule_id in set(reasons) - got:
            self.rule_fn[rule_id] += 1
        wrong = (expected == "publish" and action in ("review", "reject")) or (
            expected != "publish" and action == "publish"
        )
        if wrong:
            body = " ".join(str(raw.get("body", "")).split())[:110]
            self.misses.append(
                f"{item_id}: expected {expected} {reasons}, got {action} {sorted(got)}: {body}"
            )

    def targets(self) -> dict[str, float]:
        def share(expected: Iterable[str], actions: Iterable[str]) -> float:
            wanted = list(expected)
            total = sum(self.confusion[e, a] for e in wanted for a in _ACTIONS)
            hits = sum(self.confusion[e, a] for e in wanted for a in actions)
            return hits / total if total else float("nan")

        return {
            "not_published_as_is": share(("review", "reject"), ("redact", "review", "reject")),
            "reject_caught": share(("reject",), ("review", "reject")),
            "false_hold_rate": share(("publish",), ("review", "reject")),
        }

    def report(self, out: TextIO, *, by_batch: bool = False) -> None:
        out.write("Confusion matrix (rows: expected, columns: action)\n")
        out.write(f"{'':>10}" + "".join(f"{a:>9}" for a in _ACTIONS) + f"{'total':>9}\n")
        for expected in _EXPECTED:
            row = [self.confusion[expected, a] for a in _ACTIONS]
            out.write(f"{expected:>10}" + "".join(f"{n:>9}" for n in row) + f"{sum(row):>9}\n")
        out.write("\nPer rule (tp, fp, fn, precision, recall)\n")
        for rule_id in RULES:
            tp, fp, fn = self.rule_tp[rule_id], self.rule_fp[rule_id], self.rule_fn[rule_id]
            if tp + fp + fn == 0:
                continue
            precision = f"{tp / (tp + fp):.2f}" if tp + fp else "-"
            recall = f"{tp / (tp + fn):.2f}" if tp + fn else "-"
            out.write(f"  {rule_id:<18}{tp:>5}{fp:>5}{fn:>5}{precision:>8}{recall:>8}\n")
        targets = self.targets()
        out.write("\nTargets\n")
        lines = [
            ("review/reject items not published as-is", "not_published_as_is", ">= 95 %"),
            ("reject items held (review or reject)", "reject_caught", ">= 99 %"),
            ("clean items held (false-hold rate)", "false_hold_rate", "<= 5 %"),
        ]
        for label, key, target in lines:
            value = targets[key]
            shown = "n/a" if value != value else f"{value:.1%}"  # NaN: no items of that kind
            out.write(f"  {label + ':':<42}{shown:>7}  (target {target})\n")
        self._report_breakdowns(out, by_batch=by_batch)

    def _report_breakdowns(self, out: TextIO, *, by_batch: bool) -> None:
        """The targets per language (and batch), the false holds of hard negatives, and each
        rule's recall per language, with Wilson 95 % intervals: the sets are small."""
        if not self.rows:
            return
        groups = ["lang"] + (["batch"] if by_batch else [])
        out.write("\nTargets by group, with 95 % intervals\n")
        out.write(f"  {'group':<14}{'caught':>24}{'reject caught':>24}{'clean held':>24}\n")
        keys: list[tuple[str, str]] = [("all", "all")]
        for group in groups:
            keys += [(group, value) for value in sorted({getattr(r, group) for r in self.rows})]
        for group, value in keys:
            rows = [r for r in self.rows if group == "all" or getattr(r, group) == value]
            figures = [
                _share(rows, lambda r: r.expected != "publish", lambda r: r.action != "publish"),
                _share(rows, lambda r: r.expected == "reject", lambda r: r.held),
                _share(rows, lambda r: r.expected == "publish", lambda r: r.held),
            ]
            label = value if group != "batch" else f"batch {value}"
            out.write(f"  {label:<14}" + "".join(f"{f:>24}" for f in figures) + "\n")
        hard = _share(self.rows, lambda r: r.kind == "hard-negative", lambda r: r.held)
        out.write(f"  {'hard negatives held':<38}{hard:>24}\n")
        out.write("\nRecall per rule and language (items labelled with the rule that were not\n")
        out.write("published as is / flagged with that rule), with 95 % intervals\n")
        langs = sorted({r.lang for r in self.rows})
        for rule_id in RULES:
            labelled = [r for r in self.rows if rule_id in r.reasons]
            if not labelled:
                continue
            cells = []
            for lang in langs:
                rows = [r for r in labelled if r.lang == lang]
                cells.append(
                    f"{lang} "
                    + _share(rows, lambda r: True, lambda r: r.action != "publish")
                    + " / "
                    + _share(rows, lambda r: True, lambda r, rid=rule_id: rid in r.got)
                )
            out.write(f"  {rule_id:<18}" + "   ".join(cells) + "\n")


@dataclass(frozen=True, slots=True)
class Scored:
    """One labelled item and what the engine did with it."""

    expected: str
    action: str
    reasons: frozenset[str]
    got: frozenset[str]
    lang: str
    kind: str
    batch: str

    @property
    def held(self) -> bool:
        return self.action in ("review", "reject")


def wilson(hits: int, total: int, z: float = 1.96) -> tuple[float, float]:
    """The Wilson score interval of a proportion (95 % by default)."""
    if total == 0:
        return float("nan"), float("nan")
    p = hits / total
    denominator = 1 + z * z / total
    centre = (p + z * z / (2 * total)) / denominator
    half = z * math.sqrt(p * (1 - p) / total + z * z / (4 * total * total)) / denominator
    return max(0.0, centre - half), min(1.0, centre + half)


def _share(rows: Iterable[Scored], of: Any, hit: Any) -> str:
    chosen = [r for r in rows if of(r)]
    if not chosen:
        return "n/a"
    hits = sum(1 for r in chosen if hit(r))
    low, high = wilson(hits, len(chosen))
    return f"{hits / len(chosen):.2f} [{low:.2f}-{high:.2f}] n={len(chosen)}"


def evaluate_labelled(
    lines: Iterable[str], *, stream: Stream, evaluation: Evaluation | None = None
) -> Evaluation:
    """Judge labelled lines in order and count them (into ``evaluation`` when given, so that
    several files add up)."""
    evaluation = evaluation if evaluation is not None else Evaluation()
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        try:
            item_id, item, raw = parse_item(line)
            evaluation.add(item_id or "", raw, stream.judge(item))
        except InputError as exc:
            raise InputError(f"line {number}: {exc}") from None
    return evaluation
