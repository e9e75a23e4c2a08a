"""The policy table: most restrictive wins, then the consultation's mode (policy.py docstring)."""

from __future__ import annotations

import itertools

import pytest

from moderation import (
    ACTION_SEVERITY,
    MODERATION_VERSION,
    Action,
    Detector,
    ModerationMode,
    PolicyContext,
    RuleHit,
    Span,
    TextField,
)
from moderation.policy import decide

pytestmark = pytest.mark.usefixtures("stand_in_rules")

POST, PRE, FLAGGED = ModerationMode.POST, ModerationMode.PRE, ModerationMode.FLAGGED_ONLY
PUBLISH, REDACT, REVIEW, REJECT = Action.PUBLISH, Action.REDACT, Action.REVIEW, Action.REJECT
DEFAULT_ACTION = {
    "PII-PNR": REDACT,
    "SHOUTING": PUBLISH,
    "TEST-LEGAL-REJECT": REJECT,
    "TEST-LEGAL-HOLD": REVIEW,
    "TEST-TERMS-REJECT": REJECT,
    "TEST-TERMS-HOLD": REVIEW,
}


def hit(rule_id: str, start: int = 0) -> RuleHit:
    span = Span(TextField.BODY, start, start + 3, rule_id)
    return RuleHit(rule_id, Detector.PATTERN, MODERATION_VERSION, (span,))


@pytest.mark.parametrize(
    ("rule_ids", "mode", "action", "decisive", "held_by_mode", "deferred"),
    [
        ((), FLAGGED, PUBLISH, (), False, ()),
        ((), POST, PUBLISH, (), False, ()),
        ((), PRE, REVIEW, (), True, ()),
        (("SHOUTING",), FLAGGED, PUBLISH, (), False, ()),
        (("SHOUTING",), PRE, REVIEW, (), True, ()),
        (("PII-PNR",), FLAGGED, REDACT, ("PII-PNR",), False, ()),
        (("PII-PNR",), POST, REDACT, ("PII-PNR",), False, ()),
        (("PII-PNR",), PRE, REVIEW, (), True, ()),
        (("TEST-TERMS-HOLD",), FLAGGED, REVIEW, ("TEST-TERMS-HOLD",), False, ()),
        (("TEST-TERMS-HOLD",), POST, PUBLISH, (), False, ("TEST-TERMS-HOLD",)),
        (("TEST-TERMS-HOLD",), PRE, REVIEW, ("TEST-TERMS-HOLD",), False, ()),
        (("TEST-TERMS-HOLD", "PII-PNR"), POST, REDACT, ("PII-PNR",), False, ("TEST-TERMS-HOLD",)),
        (("TEST-TERMS-REJECT",), POST, REJECT, ("TEST-TERMS-REJECT",), False, ()),
        (("TEST-LEGAL-HOLD",), POST, REVIEW, ("TEST-LEGAL-HOLD",), False, ()),
        (("TEST-LEGAL-HOLD",), FLAGGED, REVIEW, ("TEST-LEGAL-HOLD",), False, ()),
        (("TEST-LEGAL-HOLD", "TEST-TERMS-HOLD"), POST, REVIEW, ("TEST-LEGAL-HOLD",), False,
         ("TEST-TERMS-HOLD",)),
        (("TEST-TERMS-HOLD", "TEST-LEGAL-HOLD"), FLAGGED, REVIEW,
         ("TEST-LEGAL-HOLD", "TEST-TERMS-HOLD"), False, ()),
        (("PII-PNR", "TEST-LEGAL-HOLD"), PRE, REVIEW, ("TEST-LEGAL-HOLD",), False, ()),
        (("TEST-TERMS-HOLD", "TEST-LEGAL-REJECT", "PII-PNR"), FLAGGED, REJECT,
         ("TEST-LEGAL-REJECT",), False, ()),
    ],
)  # fmt: skip
def test_policy_table(
    rule_ids: tuple[str, ...],
    mode: ModerationMode,
    action: Action,
    decisive: tuple[str, ...],
    held_by_mode: bool,
    deferred: tuple[str, ...],
) -> None:
    verdict = decide([hit(rule_id) for rule_id in rule_ids], PolicyContext(mode=mode))
    assert (verdict.action, verdict.decisive) == (action, decisive)
    assert (verdict.held_by_mode, verdict.deferred) == (held_by_mode, deferred)
    assert set(verdict.rule_ids) == set(rule_ids)  # nothing is dropped, deferred or not


@pytest.mark.parametrize("rule_ids", list(itertools.combinations(sorted(DEFAULT_ACTION), 2)))
def test_most_restrictive_action_wins(rule_ids: tuple[str, str]) -> None:
    verdict = decide([hit(rule_id) for rule_id in rule_ids], PolicyContext())
    expected = max((DEFAULT_ACTION[rule_id] for rule_id in rule_ids), key=ACTION_SEVERITY.get)
    assert verdict.action is expected
    assert all(DEFAULT_ACTION[rule_id] is expected for rule_id in verdict.decisive)


def test_hits_are_ordered_law_first_then_by_position() -> None:
    hits = [hit("SHOUTING"), hit("PII-PNR", 9), hit("TEST-TERMS-HOLD"), hit("PII-PNR", 2),
            hit("TEST-LEGAL-REJECT")]  # fmt: skip
    ordered = decide(hits, PolicyContext()).hits
    assert [(h.rule_id, h.spans[0].start) for h in ordered] == [
        ("TEST-LEGAL-REJECT", 0),
        ("PII-PNR", 2),
        ("PII-PNR", 9),
        ("TEST-TERMS-HOLD", 0),
        ("SHOUTING", 0),
    ]


@pytest.mark.parametrize("mode", list(ModerationMode))
def test_redactions_survive_a_hold(mode: ModerationMode) -> None:
    hits = [hit("PII-PNR", 4), hit("TEST-LEGAL-HOLD", 20)]
    verdict = decide(hits, PolicyContext(mode=mode))
    assert verdict.is_held
    assert verdict.redactions == (Span(TextField.BODY, 4, 7, "PII-PNR"),)


def test_notes_tell_the_moderator_why() -> None:
    assert decide([], PolicyContext(mode=PRE)).notes == (
        "held: the consultation pre-moderates every post",
    )
    assert decide([hit("TEST-TERMS-HOLD")], PolicyContext(mode=POST)).notes == (
        "published, for a moderator to look at: TEST-TERMS-HOLD",
    )


def test_unknown_rule_id_is_an_error() -> None:
    with pytest.raises(KeyError, match="NO-SUCH-RULE"):
        decide([hit("NO-SUCH-RULE")], PolicyContext())
