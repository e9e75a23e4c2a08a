"""The keys of a policy version's data and the thresholds in force they give, over the shipped
defaults."""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType

from moderation import RULES, PolicySettings, Thresholds
from moderation.types import CLASSIFIER_LABEL_RULES

#: Classifier thresholds per language: "*" is every language but Swedish and English.
LABEL_LANGUAGES = ("sv", "en", "*")


#: Keys of ``data`` that ``diff`` and the form leave alone: derived when saving.
DERIVED = frozenset({"lexicon_from"})


LISTS = ("lexicon_additions", "lexicon_exceptions")


#: The parts of a word-list entry, in the order the form and the diff write them.
ENTRY_PARTS = {LISTS[0]: ("term", "category", "lang", "severity"), LISTS[1]: ("term", "lang")}


COUNTS = {"new_account_posts": 0, "report_threshold": 1}  # name: smallest value


KEYS = frozenset({"rule_thresholds", "label_thresholds", *COUNTS, *LISTS, *DERIVED})


WORD_LISTS = ("sv", "en")


def rule_thresholds(
    key: str, stored: Mapping[str, Mapping[str, float]], defaults: PolicySettings
) -> Thresholds:
    """A rule's thresholds in force for ``key`` ("RULE" or "RULE:lang"): a blank step keeps
    the rule-wide value (for a language), then the defaults, then the catalogue's."""
    rule_id, _sep, lang = key.partition(":")
    base = defaults.rule_thresholds.get(rule_id) or catalogue_thresholds(rule_id)
    if lang and rule_id in stored:
        base = fill(stored[rule_id], base)
    return fill(stored.get(key, {}), base)


def catalogue_thresholds(rule_id: str) -> Thresholds:
    """A rule's thresholds as the rule catalogue ships them."""
    rule = RULES[rule_id]
    return Thresholds(rule.review_at, rule.reject_at)


def thresholds_for(
    policy: PolicySettings, lang: str | None, *, rule_id: str, label: str | None = None
) -> Thresholds | None:
    """The thresholds in force for a signal under ``policy``: a classifier label's for the
    language; a rule's for the language, else rule-wide, else the catalogue's (``None`` for a
    rule the catalogue no longer has)."""
    if label is not None:
        return policy.label_threshold(label, lang)
    found = policy.rule_threshold(rule_id, lang)
    if found is None and rule_id in RULES:
        return catalogue_thresholds(rule_id)
    return found


def shipped_label(lang: str, label: str, defaults: PolicySettings) -> Thresholds:
    """A classifier label's default thresholds in one of ``LABEL_LANGUAGES``."""
    per_lang = defaults.label_thresholds.get(lang) or defaults.label_thresholds.get("*", {})
    return per_lang.get(label, Thresholds())


def label_thresholds(
    stored: Mapping[str, Mapping[str, Mapping[str, float]]], defaults: PolicySettings
) -> Mapping[str, Mapping[str, Thresholds]]:
    """Every language of ``LABEL_LANGUAGES`` spelt out, so that Swedish keeps its defaults
    when "*" (every other language) changes."""
    merged = {lang: dict(per_lang) for lang, per_lang in defaults.label_thresholds.items()}
    for lang in LABEL_LANGUAGES:
        base = {label: shipped_label(lang, label, defaults) for label in CLASSIFIER_LABEL_RULES}
        changed = {label: fill(pair, base[label]) for label, pair in stored.get(lang, {}).items()}
        merged[lang] = {**base, **changed}
    return MappingProxyType({lang: MappingProxyType(per) for lang, per in merged.items()})


def fill(pair: Mapping[str, float], base: Thresholds) -> Thresholds:
    return Thresholds(pair.get("review", base.review), pair.get("reject", base.reject))
