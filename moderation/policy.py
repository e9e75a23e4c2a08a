"""Policy: from the hits of all phases to one action, under the consultation's mode.

How hits combine:

- Each hit proposes its rule's default action. The most restrictive action wins
  (``ACTION_SEVERITY``); ``Verdict.decisive`` lists the rule ids whose hits proposed it.
- Hint rules (SHOUTING) propose ``PUBLISH``: they are listed in ``Verdict.hints`` and never
  decide anything.
- ``Verdict.redactions`` holds the spans of every redacting rule, whatever the final action,
  so that a held item that a moderator approves is still published masked.

How the moderation mode (SPEC §2) changes that:

- ``FLAGGED_ONLY`` (default): hold whatever a rule would hold; publish or redact the rest.
- ``POST``: publish what passes. A hit on a terms-of-use rule (``Ground.TERMS``) whose action is
  ``REVIEW`` does not hold the item: it is published and the hit is kept, with its rule id in
  ``Verdict.deferred`` for the after-the-fact review queue. Legal-ground hits still hold, and a
  terms-of-use ``REJECT`` still holds, because publishing first would expose what a moderator
  would almost certainly hide.
- ``PRE``: every item waits for a person, so the action is at least ``REVIEW`` (a ``REDACT``
  becomes ``REVIEW``). When no rule would have held the item, ``held_by_mode`` is true and
  ``decisive`` is empty: the mode, not a rule, holds it.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from moderation.rules import get_rule
from moderation.types import (
    ACTION_SEVERITY,
    Action,
    Ground,
    ModerationMode,
    PolicyContext,
    RuleHit,
    Span,
    Verdict,
)

__all__ = ["decide"]

_HOLD = ACTION_SEVERITY[Action.REVIEW]


def decide(hits: Sequence[RuleHit], context: PolicyContext) -> Verdict:
    """Combine the hits of all phases into the verdict; pure, see the module docstring."""
    ordered = tuple(sorted(hits, key=_hit_order))
    deferred = _unique(hit.rule_id for hit in ordered if _is_deferred(hit, context))
    proposals = [(hit.rule_id, _proposed_action(hit, context)) for hit in ordered]
    action = max((proposed for _, proposed in proposals), key=_severity, default=Action.PUBLISH)
    held_by_mode = context.mode is ModerationMode.PRE and _severity(action) < _HOLD
    decisive = _unique(rule_id for rule_id, proposed in proposals if proposed is action)
    return Verdict(
        action=Action.REVIEW if held_by_mode else action,
        hits=ordered,
        decisive=() if held_by_mode or action is Action.PUBLISH else decisive,
        hints=_unique(hit.rule_id for hit in ordered if get_rule(hit.rule_id).hint),
        held_by_mode=held_by_mode,
        notes=_notes(held_by_mode=held_by_mode, deferred=deferred),
        redactions=_redactions(ordered),
        deferred=deferred,
    )


def _proposed_action(hit: RuleHit, context: PolicyContext) -> Action:
    # The plug-in point for per-rule and per-label thresholds (hit.score) in a later issue.
    if _is_deferred(hit, context):
        return Action.PUBLISH
    return get_rule(hit.rule_id).default_action


def _is_deferred(hit: RuleHit, context: PolicyContext) -> bool:
    rule = get_rule(hit.rule_id)
    return (
        context.mode is ModerationMode.POST
        and rule.ground is Ground.TERMS
        and rule.default_action is Action.REVIEW
    )


def _redactions(hits: Iterable[RuleHit]) -> tuple[Span, ...]:
    return tuple(
        span
        for hit in hits
        if get_rule(hit.rule_id).default_action is Action.REDACT
        for span in hit.spans
    )


def _notes(*, held_by_mode: bool, deferred: tuple[str, ...]) -> tuple[str, ...]:
    # Internal, for the moderator's "held because …" line; citizens get reasons.py instead.
    notes = ["held: the consultation pre-moderates every post"] if held_by_mode else []
    if deferred:
        notes.append("published under post-moderation, to review: " + ", ".join(deferred))
    return tuple(notes)


def _hit_order(hit: RuleHit) -> tuple[int, int]:
    first = min((span.start for span in hit.spans), default=0)
    return get_rule(hit.rule_id).priority, first


def _severity(action: Action) -> int:
    return ACTION_SEVERITY[action]


def _unique(rule_ids: Iterable[str]) -> tuple[str, ...]:
    return tuple(dict.fromkeys(rule_ids))
