"""The overturn rate (the transparency report's error rate): only a machine decision that a
moderator changed counts as an error (debate/reporting/accuracy.py)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from debate.core.models import ModerationDecision, Visibility
from debate.reporting.accuracy import overturn_rate, overturned

START = datetime(2026, 11, 1, tzinfo=UTC)
END = START + timedelta(days=30)
HELD, HIDDEN, MASKED = Visibility.HELD, Visibility.HIDDEN, Visibility.PUBLISHED_REDACTED
PUBLISHED, RESTORED = Visibility.PUBLISHED, Visibility.RESTORED


def machine(visibility: Visibility, *rules: str, action: str = "review") -> ModerationDecision:
    return ModerationDecision(
        submission_id=1, action=action, visibility=visibility, rule_ids=list(rules)
    )


def person(visibility: Visibility, *rules: str, action: str = "decide") -> ModerationDecision:
    return ModerationDecision(
        submission_id=1,
        action=action,
        visibility=visibility,
        rule_ids=list(rules),
        automated_detection=False,
        automated_decision=False,
    )


@pytest.mark.parametrize(
    ("before", "after", "changed"),
    [
        # A hold for a rule: upheld by rejecting or masking, overturned by publishing as written.
        (machine(HELD, "LAW-THREAT", action="reject"), person(HIDDEN, "LAW-THREAT"), False),
        (machine(HELD, "DECENCY-INSULT"), person(HIDDEN, "LAW-HATE"), False),
        (machine(HELD, "PII-PHONE"), person(MASKED, "PII-PHONE", action="redact"), False),
        (machine(HELD, "SPAM-LINK"), person(PUBLISHED, action="approve"), True),
        (machine(HELD, "LAW-THREAT", action="reject"), person(PUBLISHED), True),
        # Masking by the machine: kept, or masked again for the same rule, is correct.
        (machine(MASKED, "PII-PNR", action="redact"), person(MASKED, action="keep"), False),
        (machine(MASKED, "PII-PNR", action="redact"), person(MASKED, "PII-PNR"), False),
        (machine(MASKED, "PII-PNR", action="redact"), person(PUBLISHED, action="approve"), True),
        (machine(MASKED, "PII-PNR", action="redact"), person(HIDDEN, "LAW-THREAT"), True),
        (machine(MASKED, "PII-PNR", action="redact"), person(MASKED, "PII-ADDRESS"), True),
        # Published by the machine: a moderator who keeps it agrees, one who hides it does not.
        (machine(PUBLISHED, action="publish"), person(PUBLISHED, action="keep"), False),
        (machine(PUBLISHED, action="publish"), person(HIDDEN, "DECENCY-INSULT"), True),
        (machine(PUBLISHED, action="publish"), person(MASKED, "PII-PHONE"), True),
    ],
)
def test_a_moderator_decision_overturns_only_what_it_changes(before, after, changed):
    assert overturned(before, after) is changed


def _history(*decisions: ModerationDecision, at: datetime = START) -> list[ModerationDecision]:
    for n, decision in enumerate(decisions, 1):
        decision.id = n
        decision.created_at = at + timedelta(hours=n)
    return list(decisions)


def test_a_policy_hold_without_a_rule_is_not_counted():
    """Pre-moderation holds everything: approving such a hold unchanged is no machine error."""
    hold = machine(HELD, action="review")
    hold.policy_reason = "mode"
    rate = overturn_rate(_history(hold, person(PUBLISHED, action="approve")), start=START, end=END)
    assert (rate.count, rate.of) == (0, 0)


def test_a_second_decision_by_a_person_is_not_the_machines():
    history = _history(
        machine(HELD, "DECENCY-INSULT"),
        person(HIDDEN, "DECENCY-INSULT"),
        person(RESTORED, action="restore"),  # an appeal reversed the moderator, not the machine
    )
    rate = overturn_rate(history, start=START, end=END)
    assert (rate.count, rate.of, rate.percent) == (0, 1, 0.0)


def test_the_rate_over_several_submissions_and_the_period():
    items = [
        (machine(HELD, "SPAM-LINK"), person(PUBLISHED, action="approve")),  # changed
        (machine(MASKED, "PII-PHONE", action="redact"), person(MASKED, action="keep")),  # kept
        (machine(HELD, "LAW-THREAT"), person(HIDDEN, "LAW-THREAT")),  # upheld
        (machine(HELD, "PII-PHONE"), person(MASKED, "PII-PHONE")),  # upheld by masking
    ]
    history = []
    for n, (before, after) in enumerate(items, 1):
        before.submission_id = after.submission_id = n
        history += [before, after]
    history = _history(*history)
    rate = overturn_rate(history, start=START, end=END)
    assert (rate.count, rate.of, rate.percent) == (1, 4, 25.0)
    # Decided before the period: the machine decisions stay context, nothing is counted.
    later = overturn_rate(history, start=END, end=END + timedelta(days=30))
    assert (later.count, later.of, later.percent) == (0, 0, None)


def test_a_machine_decision_before_the_period_still_counts_its_review_in_the_period():
    hold = machine(HELD, "SPAM-LINK")
    approve = person(PUBLISHED, action="approve")
    _history(hold, approve)
    hold.created_at = START - timedelta(days=3)
    rate = overturn_rate([hold, approve], start=START, end=END)
    assert (rate.count, rate.of) == (1, 1)
