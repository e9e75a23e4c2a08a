"""The model card of a local model: what it learnt from, how it did held out, and when it
holds, as JSON (``build_card``) and as Markdown for people (``markdown``)."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Mapping, Sequence
from typing import Any

import numpy as np
import numpy.typing as npt

from moderation.learned.data import Example
from moderation.learned.features import lang_key
from moderation.learned.model import GROUP_RULES, HOLD, LABELS

__all__ = ["build_card", "markdown"]


def _share(hits: int, total: int) -> float | None:
    return round(hits / total, 4) if total else None


def _held_out(
    examples: Sequence[Example],
    hold: Sequence[int | None],
    scores: npt.NDArray[np.float64],
    thresholds: Mapping[str, float | None],
) -> dict[str, dict[str, Any]]:
    figures: dict[str, dict[str, Any]] = {}
    keys = [lang_key(example.lang) for example in examples]
    for lang in sorted(set(keys)):
        threshold = thresholds.get(lang, thresholds.get("*"))
        rows = [i for i, key in enumerate(keys) if key == lang and not np.isnan(scores[i])]
        by_model = {i: threshold is not None and float(scores[i]) >= threshold for i in rows}
        by_rules = {i: bool(examples[i].held_by_rules) for i in rows}
        positives = [i for i in rows if hold[i] == 1]
        clean = [i for i in rows if examples[i].clean]
        to_hold = [i for i in rows if not examples[i].clean]
        rejects = [i for i in rows if examples[i].expected == "reject"]
        both = {i: by_model[i] or by_rules[i] for i in rows}
        figures[lang] = {
            "threshold": threshold,
            "hold_examples": len(positives),
            "clean_examples": len(clean),
            "hold_recall_model": _share(sum(by_model[i] for i in positives), len(positives)),
            "clean_held_model": _share(sum(by_model[i] for i in clean), len(clean)),
        }
        if any(example.held_by_rules is not None for example in examples):
            figures[lang].update(
                held_rules=_share(sum(by_rules[i] for i in to_hold), len(to_hold)),
                held_rules_and_model=_share(sum(both[i] for i in to_hold), len(to_hold)),
                reject_held_rules=_share(sum(by_rules[i] for i in rejects), len(rejects)),
                reject_held_rules_and_model=_share(sum(both[i] for i in rejects), len(rejects)),
                clean_held_rules=_share(sum(by_rules[i] for i in clean), len(clean)),
                clean_held_rules_and_model=_share(sum(both[i] for i in clean), len(clean)),
            )
    return figures


def build_card(
    examples: Sequence[Example],
    labels: Sequence[Mapping[str, int | None]],
    *,
    held_out: npt.NDArray[np.float64],
    thresholds: Mapping[str, float | None],
    today: dt.date,
    data_sha256: str,
    settings: Mapping[str, Any],
    sources: Sequence[str],
    cross_validation: Mapping[str, Any],
) -> dict[str, Any]:
    counts: dict[str, dict[str, dict[str, int]]] = {}
    for label in LABELS:
        per_lang: Counter[tuple[str, int]] = Counter(
            (lang_key(example.lang), value)
            for example, row in zip(examples, labels, strict=True)
            if (value := row[label]) is not None
        )
        counts[label] = {
            lang: {"positive": per_lang[lang, 1], "negative": per_lang[lang, 0]}
            for lang in sorted({lang for lang, _ in per_lang})
        }
    languages = Counter(lang_key(example.lang) for example in examples)
    return {
        "name": "inspel-local",
        "version": f"{today.isoformat()}+{data_sha256[:10]}",
        "trained": today.isoformat(),
        "data_sha256": data_sha256,
        "sources": list(sources),
        "examples": len(examples),
        "examples_per_language": dict(sorted(languages.items())),
        "counts": counts,
        "group_rules": {group: list(rules) for group, rules in GROUP_RULES.items()},
        "thresholds": {HOLD: dict(thresholds)},
        "held_out": _held_out(examples, [row[HOLD] for row in labels], held_out, thresholds),
        "cross_validation": dict(cross_validation),
        "settings": dict(settings),
        "may": "hold for review only; never rejects, never publishes what the rules hold",
    }


def _cell(value: Any) -> str:
    if value is None:
        return "–"
    if isinstance(value, float):
        return f"{value:.3f}"
    return str(value)


def markdown(card: Mapping[str, Any]) -> str:
    """The card for people: the same facts as ``card.json``."""
    lines = [
        f"# Model card: {card['name']} {card['version']}",
        "",
        f"- Trained: {card['trained']}, from {card['examples']} examples "
        f"({', '.join(f'{k}: {v}' for k, v in card['examples_per_language'].items())})",
        f"- Sources: {', '.join(card['sources']) or '–'}",
        f"- Data SHA-256: `{card['data_sha256']}`",
        f"- Model file: `{card.get('model_file', '')}`, SHA-256 `{card.get('model_sha256', '')}`",
        f"- May: {card['may']}",
        f"- Settings: {', '.join(f'{k}={v}' for k, v in card['settings'].items())}",
        "",
        "## Training counts (positive / negative per language)",
        "",
        "| label | rules | " + " | ".join(sorted(card["examples_per_language"])) + " |",
        "|---|---|" + "---|" * len(card["examples_per_language"]),
    ]
    for label, per_lang in card["counts"].items():
        rules = ", ".join(card["group_rules"].get(label, ["content rules"]))
        cells = [
            f"{per_lang[lang]['positive']} / {per_lang[lang]['negative']}"
            if lang in per_lang
            else "–"
            for lang in sorted(card["examples_per_language"])
        ]
        lines.append(f"| {label} | {rules} | " + " | ".join(cells) + " |")
    lines += [
        "",
        "## Held out (cross-validated on the training examples)",
        "",
        "The `hold` score of each example comes from a model trained without it.",
        "",
    ]
    folds = card.get("cross_validation", {})
    if folds:
        groups = ", ".join(f"{name} ({size})" for name, size in folds["groups"].items())
        lines += [f"- Cross-validation: {folds['about']}", f"- Groups: {groups}", ""]
    figures = card["held_out"]
    keys = sorted({key for lang in figures.values() for key in lang})
    lines.append("| figure | " + " | ".join(figures) + " |")
    lines.append("|---|" + "---|" * len(figures))
    for key in keys:
        lines.append(
            f"| {key} | " + " | ".join(_cell(figures[lang].get(key)) for lang in figures) + " |"
        )
    lines += ["", "## Thresholds of `hold` (an item is held for review from this score)", ""]
    for lang, value in card["thresholds"][HOLD].items():
        lines.append(f"- {lang}: {_cell(value) if value is not None else 'never holds'}")
    return "\n".join(lines) + "\n"
