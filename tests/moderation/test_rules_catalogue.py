from __future__ import annotations

import dataclasses
import re

import pytest

from moderation import RULES, Action, Ground, Rule, get_rule
from moderation.rules import Mask


def test_pii_pnr_entry() -> None:
    rule = get_rule("PII-PNR")
    assert (rule.ground, rule.default_action, rule.mask, rule.hint) == (
        Ground.LEGAL,
        Action.REDACT,
        Mask.DIGITS,
        False,
    )
    assert rule.basis == "3 kap. 10 § dataskyddslagen (2018:218)"


def test_shouting_entry_is_a_hint_that_publishes() -> None:
    rule = get_rule("SHOUTING")
    assert (rule.ground, rule.default_action, rule.hint) == (Ground.TERMS, Action.PUBLISH, True)


def test_unknown_rule() -> None:
    with pytest.raises(KeyError, match="unknown moderation rule 'LAW-NOPE'"):
        get_rule("LAW-NOPE")


def test_catalogue_is_read_only_and_rules_are_frozen() -> None:
    with pytest.raises(TypeError):
        RULES["X"] = get_rule("SHOUTING")  # type: ignore[index]
    with pytest.raises(dataclasses.FrozenInstanceError):
        get_rule("SHOUTING").priority = 1  # type: ignore[misc]


@pytest.mark.parametrize("rule", RULES.values(), ids=list(RULES))
def test_entries_are_consistent(rule: Rule) -> None:
    assert re.fullmatch(r"[A-Z]+(-[A-Z]+)*", rule.id)
    assert RULES[rule.id] is rule
    assert rule.name_sv and rule.name_en and rule.basis
    assert not rule.hint or rule.default_action is Action.PUBLISH


def test_law_comes_first() -> None:
    priorities = [rule.priority for rule in RULES.values()]
    assert priorities == sorted(priorities)
    legal = [rule.priority for rule in RULES.values() if rule.ground is Ground.LEGAL]
    terms = [rule.priority for rule in RULES.values() if rule.ground is Ground.TERMS]
    assert max(legal) < min(terms)
