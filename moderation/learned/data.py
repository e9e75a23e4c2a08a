"""Training examples for the local model: from labelled JSON Lines files and from the
deployment's own decided items.

The mapping (also in docs/moderation.md):

- labelled file: ``expected`` ``publish`` → clean; ``review``/``reject`` → its ``reasons``;
- decided item: ``published`` or ``approved`` → clean; ``rejected`` or ``masked`` → the rules
  recorded with the decision (``masked``: published with spans masked, for example a phone
  number); any other state (waiting, withdrawn, …) is not a decision and is left out.

From the rules an example gets its labels (``labels_of``): ``hold`` for an item not published
as is for a content reason — a threat, incitement, hate, defamation, an insult, sexual content,
profanity, or no rule named at all — and one label per rule group. An item held only for what
the rules find exactly (personal numbers, phone numbers, e-mail and home addresses, links,
repeats, shouting) teaches ``hold`` nothing and is left out of it: the rules catch those.

Every example also names the **group** it came from — the ``batch`` of a labelled row (one
writer's or one team's batch), else the file it was read from; for a decided item the month it
was decided (``decided 2026-11``). Thresholds are cross-validated over groups, so that each
example is scored by a model that never saw text of its batch (``train``).
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from typing import Any

from moderation.learned.model import GROUP_RULES, HOLD

__all__ = [
    "CLEAN_STATES",
    "CONTENT_RULES",
    "HELD_STATES",
    "Example",
    "ExampleError",
    "data_hash",
    "examples_from_decisions",
    "examples_from_jsonl",
    "labels_of",
    "mark_rules",
]

CONTENT_RULES: frozenset[str] = frozenset(rule for rules in GROUP_RULES.values() for rule in rules)
#: Decided states of a deployment's items and what they teach.
CLEAN_STATES = frozenset({"published", "approved"})
HELD_STATES = frozenset({"rejected", "masked"})
_EXPECTED = ("publish", "review", "reject")


class ExampleError(ValueError):
    """A record that cannot be a training example; the message says why."""


@dataclass(frozen=True, slots=True)
class Example:
    """One labelled text. ``expected`` is ``publish``, ``review`` or ``reject``; ``rules`` the
    rule ids it was held for; ``held_by_rules`` whether the rules alone hold it (``None``:
    not known), so that thresholds can count only the clean items the model adds; ``group``
    the batch, file or month it came from (``None``: not known)."""

    text: str
    lang: str | None
    expected: str
    rules: frozenset[str] = frozenset()
    held_by_rules: bool | None = None
    group: str | None = None

    @property
    def clean(self) -> bool:
        return self.expected == "publish"


def labels_of(example: Example) -> dict[str, int | None]:
    """1 or 0 per label, or ``None`` where the example teaches that label nothing."""
    groups = {group: int(bool(example.rules & set(rules))) for group, rules in GROUP_RULES.items()}
    if example.clean:
        hold: int | None = 0
    elif example.rules & CONTENT_RULES or not example.rules:
        hold = 1
    else:
        hold = None
    return {HOLD: hold, **groups}


def _text(title: Any, body: Any) -> str:
    return "\n\n".join(part for part in (title, body) if isinstance(part, str) and part)


def _rules(raw: Any, key: str) -> frozenset[str]:
    if raw is None:
        return frozenset()
    if not isinstance(raw, list) or not all(isinstance(rule, str) for rule in raw):
        raise ExampleError(f'"{key}" must be a list of rule ids')
    return frozenset(raw)


def _lang(raw: Mapping[str, Any]) -> str | None:
    lang = raw.get("lang")
    if lang is not None and not isinstance(lang, str):
        raise ExampleError('"lang" must be a string or null')
    return lang


def _group(raw: Mapping[str, Any], key: str, default: str | None) -> str | None:
    group = raw.get(key)
    if group is None or group == "":
        return default
    if not isinstance(group, str):
        raise ExampleError(f'"{key}" must be a string or null')
    return group


def examples_from_jsonl(lines: Iterable[str], *, group: str | None = None) -> Iterator[Example]:
    """Examples from labelled JSON Lines (``body``, ``title``, ``lang``, ``expected``,
    ``reasons``, ``batch``); ``ExampleError`` names the line of a bad one. A row's group is
    its ``batch``, else ``group`` (the file's name, say)."""
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        try:
            raw = json.loads(line)
            if not isinstance(raw, dict):
                raise ExampleError("a line must be a JSON object")
            if not isinstance(raw.get("body"), str):
                raise ExampleError('"body" must be a string')
            expected = raw.get("expected")
            if expected not in _EXPECTED:
                raise ExampleError(f'"expected" must be one of {", ".join(_EXPECTED)}')
            rules = _rules(raw.get("reasons"), "reasons")
            yield Example(
                text=_text(raw.get("title"), raw["body"]),
                lang=_lang(raw),
                expected=str(expected),
                rules=frozenset() if expected == "publish" else rules,
                group=_group(raw, "batch", group),
            )
        except json.JSONDecodeError as exc:
            raise ExampleError(f"line {number}: not JSON: {exc.msg}") from None
        except ExampleError as exc:
            raise ExampleError(f"line {number}: {exc}") from None


def examples_from_decisions(records: Iterable[Mapping[str, Any]]) -> Iterator[Example]:
    """Examples from a deployment's decided items, as plain records with ``body``, ``title``,
    ``lang``, ``state``, ``rules`` and ``group`` (the month decided, say; the mapping is in the
    module docstring)."""
    for raw in records:
        state = raw.get("state")
        if state not in CLEAN_STATES and state not in HELD_STATES:
            continue
        if not isinstance(raw.get("body"), str):
            raise ExampleError('a decided item needs a "body" string')
        clean = state in CLEAN_STATES
        yield Example(
            text=_text(raw.get("title"), raw["body"]),
            lang=_lang(raw),
            expected="publish" if clean else ("reject" if state == "rejected" else "review"),
            rules=frozenset() if clean else _rules(raw.get("rules"), "rules"),
            group=_group(raw, "group", None),
        )


def data_hash(examples: Iterable[Example]) -> str:
    """SHA-256 of what the model learns from (texts, languages, labels, and the groups its
    thresholds are cross-validated over), in order."""
    digest = hashlib.sha256()
    for example in examples:
        record: list[Any] = [example.text, example.lang, example.expected, sorted(example.rules)]
        if example.group is not None:
            record.append(example.group)
        digest.update(json.dumps(record, ensure_ascii=False).encode("utf-8", "surrogatepass"))
        digest.update(b"\n")
    return digest.hexdigest()


def mark_rules(examples: Iterable[Example]) -> list[Example]:
    """The examples with ``held_by_rules`` set: whether the rules and word lists alone hold
    each (``review`` or ``reject``), judged in the example's language."""
    from dataclasses import replace

    from moderation.pipeline import evaluate
    from moderation.types import Item

    return [
        replace(example, held_by_rules=evaluate(Item(body=example.text, lang=example.lang)).is_held)
        for example in examples
    ]
