"""Stand-in rules for tiers that later issues fill (law, decency), so that the policy, the
pipeline and the reasons can be tested on every action today."""

from __future__ import annotations

from collections.abc import Iterator
from types import MappingProxyType

import pytest

from moderation import Action, Ground, PolicyContext, Rule
from moderation.analysis import FieldText
from moderation.rules import Check, Finding, catalogue


def word_check(word: str) -> Check:
    def check(field: FieldText, context: PolicyContext) -> Finding | None:
        start = field.original.find(word)
        return None if start < 0 else Finding(spans=((start, start + len(word)),))

    return check


def stand_in(rule_id: str, ground: Ground, action: Action, priority: int, word: str) -> Rule:
    return Rule(
        rule_id, rule_id, rule_id, ground, f"basis of {rule_id}", action, priority, word_check(word)
    )


STAND_INS = (
    stand_in("TEST-LEGAL-REJECT", Ground.LEGAL, Action.REJECT, 10, "hotordet"),
    stand_in("TEST-LEGAL-HOLD", Ground.LEGAL, Action.REVIEW, 30, "uppviglingen"),
    stand_in("TEST-TERMS-REJECT", Ground.TERMS, Action.REJECT, 505, "grovordet"),
    stand_in("TEST-TERMS-HOLD", Ground.TERMS, Action.REVIEW, 510, "fulordet"),
)


@pytest.fixture
def stand_in_rules(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    rules = {**catalogue.RULES, **{rule.id: rule for rule in STAND_INS}}
    ordered = dict(sorted(rules.items(), key=lambda item: item[1].priority))
    monkeypatch.setattr(catalogue, "RULES", MappingProxyType(ordered))
    yield
