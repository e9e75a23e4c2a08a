"""Checking a policy version's data before it is saved: every problem at once, keyed by setting."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from debate.core.errors import ConflictError
from debate.core.i18n import _
from debate.policy.data import (
    COUNTS,
    KEYS,
    LABEL_LANGUAGES,
    LISTS,
    WORD_LISTS,
    fill,
    rule_thresholds,
    shipped_label,
)
from moderation import RULES, PolicySettings, Thresholds
from moderation.lexicon import Category, LexiconError, parse_addition
from moderation.types import CLASSIFIER_LABEL_RULES, LexiconAddition

# Rule scores are severity sums (or a similarity); classifier scores are probabilities.
_RULE_MAX, _LABEL_MAX, _COUNT_MAX, _ENTRIES_MAX = 1000.0, 1.0, 1000, 500


TERM_MAX = 80


#: Categories an admin may add terms to; given names feed a list of their own.
CATEGORIES = tuple(c.value for c in Category if c is not Category.FIRST_NAME)


class PolicyError(ValueError):
    """The data cannot be saved; ``errors`` maps each setting (a dotted path such as
    ``rule_thresholds.LAW-THREAT.review``, or ``mode-<consultation id>``) to its message."""

    def __init__(self, errors: Mapping[str, str]) -> None:
        super().__init__("; ".join(f"{key}: {message}" for key, message in errors.items()))
        self.errors = dict(errors)


class PolicyConflictError(PolicyError, ConflictError):
    """Someone saved a newer version since the form was built."""

    def __init__(self, version: int, message: str) -> None:
        super().__init__({"base_version": message})
        self.version = version


def check(data: Mapping[str, Any], defaults: PolicySettings) -> dict[str, Any]:
    """``data`` cleaned (thresholds as floats, terms folded, lists sorted, blanks dropped);
    raises ``PolicyError`` with every problem at once, keyed like ``PolicyError.errors``."""
    errors: dict[str, str] = {}
    for key in sorted(set(data) - KEYS):
        errors[key] = _("Unknown setting: {key}.").format(key=key)
    clean: dict[str, Any] = {
        "rule_thresholds": _check_rules(data.get("rule_thresholds") or {}, defaults, errors),
        "label_thresholds": _check_labels(data.get("label_thresholds") or {}, defaults, errors),
        LISTS[0]: _check_list(data.get(LISTS[0]) or [], LISTS[0], _addition, errors),
        LISTS[1]: _check_list(data.get(LISTS[1]) or [], LISTS[1], _exception, errors),
    }
    for name, minimum in COUNTS.items():
        clean[name] = _check_count(data.get(name), name, minimum, errors)
    if errors:
        raise PolicyError(errors)
    return {key: value for key, value in clean.items() if value not in (None, {}, [])}


def _check_rules(
    value: Any, defaults: PolicySettings, errors: dict[str, str]
) -> dict[str, dict[str, float]]:
    clean = {}
    for key, pair in _mapping(value, "rule_thresholds", errors).items():
        rule_id, _sep, lang = str(key).partition(":")
        path = f"rule_thresholds.{key}"
        if rule_id not in RULES:
            errors[path] = _("Unknown rule: {rule}.").format(rule=rule_id)
        elif lang and lang not in WORD_LISTS:
            errors[path] = _("Unknown language: {lang}.").format(lang=lang)
        elif checked := _check_pair(pair, path, _RULE_MAX, errors):
            clean[str(key)] = checked
    for key in clean:
        _check_order(rule_thresholds(key, clean, defaults), f"rule_thresholds.{key}", errors)
    return clean


def _check_labels(
    value: Any, defaults: PolicySettings, errors: dict[str, str]
) -> dict[str, dict[str, dict[str, float]]]:
    clean: dict[str, dict[str, dict[str, float]]] = {}
    for lang, labels in _mapping(value, "label_thresholds", errors).items():
        path = f"label_thresholds.{lang}"
        if lang not in LABEL_LANGUAGES:
            errors[path] = _("Unknown language: {lang}.").format(lang=lang)
            continue
        for label, pair in _mapping(labels, path, errors).items():
            where = f"{path}.{label}"
            if label not in CLASSIFIER_LABEL_RULES:
                errors[where] = _("Unknown classifier label: {label}.").format(label=label)
            elif checked := _check_pair(pair, where, _LABEL_MAX, errors):
                clean.setdefault(lang, {})[label] = checked
                _check_order(fill(checked, shipped_label(lang, label, defaults)), where, errors)
    return clean


def _mapping(value: Any, path: str, errors: dict[str, str]) -> Mapping[str, Any]:
    if isinstance(value, Mapping):
        return value
    errors[path] = _("This setting has the wrong shape.")
    return {}


def _check_pair(value: Any, path: str, maximum: float, errors: dict[str, str]) -> dict[str, float]:
    pair: dict[str, float] = {}
    for step, number in _mapping(value, path, errors).items():
        if step not in ("review", "reject"):
            errors[f"{path}.{step}"] = _("Unknown setting: {key}.").format(key=step)
        elif number is None:
            continue
        elif not _is_number(number) or not 0 <= number <= maximum:
            errors[f"{path}.{step}"] = _("Enter a number from 0 to {max}.").format(
                max=f"{maximum:g}"
            )
        else:
            pair[step] = float(number)
    return pair


def _is_number(value: Any) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)


def _check_order(thresholds: Thresholds, path: str, errors: dict[str, str]) -> None:
    review, reject = thresholds.review, thresholds.reject
    if review is not None and reject is not None and review > reject:
        errors.setdefault(
            f"{path}.review", _("The review threshold must not be above the reject threshold.")
        )


def _check_count(value: Any, name: str, minimum: int, errors: dict[str, str]) -> int | None:
    if value is None:
        return None
    # The range first: int() of NaN or infinity raises.
    if not _is_number(value) or not minimum <= value <= _COUNT_MAX or value != int(value):
        errors[name] = _("Enter a whole number from {min} to {max}.").format(
            min=minimum, max=_COUNT_MAX
        )
        return None
    return int(value)


_CheckItem = Callable[[Mapping[str, Any]], tuple[dict[str, Any] | None, str | None]]


def _check_list(
    value: Any, name: str, check_item: _CheckItem, errors: dict[str, str]
) -> list[dict[str, Any]]:
    items = value if isinstance(value, list | tuple) else []
    if len(items) > _ENTRIES_MAX:
        errors[name] = _("At most {max} entries.").format(max=_ENTRIES_MAX)
        return []
    problems: list[str] = []
    clean = {}
    for item in items:
        entry, problem = check_item(item) if isinstance(item, Mapping) else (None, None)
        if entry is None:
            problems.append(problem or _("Each entry needs a term and a language."))
        else:
            clean[tuple(entry.values())] = entry
    if problems:
        errors[name] = " ".join(dict.fromkeys(problems))
    return [clean[key] for key in sorted(clean)]


def _term(item: Mapping[str, Any]) -> tuple[str, str, str | None]:
    """The folded term, its language and the first problem with either."""
    term = " ".join(str(item.get("term") or "").casefold().split())
    lang = str(item.get("lang") or "")
    if not term:
        return term, lang, _("A term is empty.")
    if len(term) > TERM_MAX:
        return (
            term,
            lang,
            _("{term}: at most {max} characters.").format(term=term[:TERM_MAX], max=TERM_MAX),
        )
    if lang not in WORD_LISTS:
        return term, lang, _("{term}: the language must be sv or en.").format(term=term)
    return term, lang, None


def _addition(item: Mapping[str, Any]) -> tuple[dict[str, Any] | None, str | None]:
    term, lang, problem = _term(item)
    category, severity = str(item.get("category") or ""), item.get("severity", 2)
    if problem is None and category not in CATEGORIES:
        problem = _("{term}: unknown category {category}.").format(term=term, category=category)
    if problem is None and severity not in (1, 2, 3):
        problem = _("{term}: the severity must be 1, 2 or 3.").format(term=term)
    if problem is None:
        try:
            parse_addition(LexiconAddition(term, category, lang, int(severity)))
        except LexiconError:
            problem = _(
                "{term}: a term starts with a letter or a digit, and _ stands between two words."
            ).format(term=term)
    if problem is not None:
        return None, problem
    return {"term": term, "category": category, "lang": lang, "severity": int(severity)}, None


def _exception(item: Mapping[str, Any]) -> tuple[dict[str, Any] | None, str | None]:
    term, lang, problem = _term(item)
    return (None, problem) if problem else ({"term": term, "lang": lang}, None)
