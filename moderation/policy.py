"""Policy: from the hits of all phases to one action, under the consultation's mode and the
settings an admin chose (``PolicySettings``).

How hits combine:

- Each hit proposes an action. A rule hit with a score is compared with the rule's thresholds
  (the catalogue's ``review_at``/``reject_at``, or an admin's per-rule, per-language override):
  below ``review_at`` it is kept as a signal and proposes ``publish`` (one mild oath); from
  ``reject_at`` it proposes ``reject``; otherwise the rule's default action. A classifier hit
  is compared with the thresholds for its label and language and proposes at most ``review``:
  detoxify is not calibrated on Swedish and never hides anything alone.
- Hint rules (SHOUTING, and DECENCY-PROFANITY in a consultation that makes swearing a hint:
  ``PolicyContext.profanity_hint``) propose ``publish`` and are listed in ``Verdict.hints``;
  an advisory rule's weak signal (OFFTOPIC's "shares no word stem with its thread": a score
  below the rule's ``review_at``) proposes ``publish`` and is listed in ``Verdict.deferred``
  for a moderator, while its clear constructions (a sale ad, a declared aside) hold.
- The most restrictive proposal wins (``ACTION_SEVERITY``); ``Verdict.decisive`` lists the
  rules that proposed it. ``Verdict.redactions`` holds the spans of every redacting rule,
  whatever the final action, so that a held item that a moderator approves is still masked.

How the context changes that, in this order (``Verdict.hold_reason``):

- ``PRE`` mode: every item waits for a person; ``POST`` mode: a terms-of-use hit that would
  hold (``review``) is published and deferred for the after-the-fact queue, while legal hits
  and ``reject`` still hold.
- A signed-in author with fewer than ``new_account_posts`` approved posts is pre-moderated; one
  whose recent posts were mostly rejected (``rejection_rate``) is held.
- Fail closed: when the classifier is configured but unavailable, an item in a language that
  needs it is held and marked ``classifier_unavailable``, to be re-scored when it returns.

Machines never reject for good: ``reject`` means "hidden, top of the queue".
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from moderation.rules import Rule, get_rule
from moderation.types import (
    ACTION_SEVERITY,
    Action,
    ClassifierStatus,
    Detector,
    Ground,
    HoldReason,
    ModerationMode,
    PolicyContext,
    RuleHit,
    Span,
    Thresholds,
    Verdict,
)

__all__ = ["decide", "proposed_action"]

_HOLD = ACTION_SEVERITY[Action.REVIEW]

_NOTES = {
    HoldReason.MODE: "held: the consultation pre-moderates every post",
    HoldReason.NEW_ACCOUNT: "held: new account, pre-moderated until its first posts are approved",
    HoldReason.REJECTION_RATE: "held: most of the author's recent posts were rejected",
    HoldReason.CLASSIFIER_UNAVAILABLE: "held: classifier unavailable",
}


def decide(hits: Sequence[RuleHit], context: PolicyContext, *, lang: str | None = None) -> Verdict:
    """Combine the hits of all phases into the verdict; pure, see the module docstring."""
    ordered = tuple(sorted(hits, key=_hit_order))
    asked = [(hit, proposed_action(hit, context, lang)) for hit in ordered]
    deferred = _unique(
        hit.rule_id for hit, asked_for in asked if _is_deferred(hit, asked_for, context)
    )
    # A deferred hit is published now and looked at later, so it proposes "publish".
    proposals = [
        (hit, Action.PUBLISH if hit.rule_id in deferred else asked_for) for hit, asked_for in asked
    ]
    action = max((proposed for _, proposed in proposals), key=_severity, default=Action.PUBLISH)
    flagged = _unique(
        hit.rule_id
        for hit, asked_for in asked
        if asked_for is not Action.PUBLISH or hit.rule_id in deferred
    )
    decisive = _unique(hit.rule_id for hit, proposed in proposals if proposed is action)
    needs_classifier = context.classifier is ClassifierStatus.UNAVAILABLE and (
        context.settings.classifier_languages is None
        or lang in context.settings.classifier_languages
    )
    hold_reason = _hold_reason(context, needs_classifier) if _severity(action) < _HOLD else None
    notes = [_NOTES[hold_reason]] if hold_reason is not None else []
    if needs_classifier and hold_reason is not HoldReason.CLASSIFIER_UNAVAILABLE:
        notes.append("classifier unavailable: to be re-scored")
    if deferred:
        notes.append("published, for a moderator to look at: " + ", ".join(deferred))
    return Verdict(
        action=Action.REVIEW if hold_reason is not None else action,
        hits=ordered,
        decisive=() if hold_reason is not None or action is Action.PUBLISH else decisive,
        hints=_unique(
            hit.rule_id
            for hit in ordered
            if get_rule(hit.rule_id).hint or _hint_here(hit.rule_id, context)
        ),
        hold_reason=hold_reason,
        notes=tuple(notes),
        redactions=_redactions(ordered, context, lang),
        deferred=deferred,
        flagged=tuple(rule_id for rule_id in flagged if not get_rule(rule_id).hint),
        classifier_unavailable=needs_classifier,
        lang=lang,
    )


def proposed_action(hit: RuleHit, context: PolicyContext, lang: str | None) -> Action:
    """What one hit asks for on its own, before the mode and the author are considered."""
    rule = get_rule(hit.rule_id)
    if rule.hint or _hint_here(rule.id, context) or _weak_signal(hit, rule, context, lang):
        return Action.PUBLISH
    if hit.detector is Detector.CLASSIFIER and hit.label is not None:
        thresholds = context.settings.label_threshold(hit.label, lang)
        action = _by_thresholds(hit.score, thresholds, Action.REVIEW)
        return Action.REVIEW if action is Action.REJECT else action
    thresholds = context.settings.rule_threshold(rule.id, lang) or _rule_thresholds(rule)
    return _by_thresholds(hit.score, thresholds, rule.default_action)


#: The rule a consultation may turn into a hint (``PolicyContext.profanity_hint``).
PROFANITY = "DECENCY-PROFANITY"


def _hint_here(rule_id: str, context: PolicyContext) -> bool:
    """Whether the consultation makes this rule a hint: swearing is published, its signal
    kept and listed in ``Verdict.hints`` (SPEC §3)."""
    return context.profanity_hint and rule_id == PROFANITY


def _by_thresholds(score: float | None, thresholds: Thresholds, default: Action) -> Action:
    if score is None:
        return default
    if thresholds.review is not None and score < thresholds.review:
        return Action.PUBLISH
    if thresholds.reject is not None and score >= thresholds.reject:
        return Action.REJECT
    return default


def _rule_thresholds(rule: Rule) -> Thresholds:
    return Thresholds(review=rule.review_at, reject=rule.reject_at)


def _weak_signal(hit: RuleHit, rule: Rule, context: PolicyContext, lang: str | None) -> bool:
    """An advisory rule's hit below its ``review_at`` (any hit of one without it)."""
    if not rule.advisory:
        return False
    thresholds = context.settings.rule_threshold(rule.id, lang) or _rule_thresholds(rule)
    return thresholds.review is None or hit.score is None or hit.score < thresholds.review


def _is_deferred(hit: RuleHit, proposed: Action, context: PolicyContext) -> bool:
    rule = get_rule(hit.rule_id)
    if rule.advisory and proposed is Action.PUBLISH:
        return True
    return (
        context.mode is ModerationMode.POST
        and rule.ground is Ground.TERMS
        and proposed is Action.REVIEW
    )


def _hold_reason(context: PolicyContext, needs_classifier: bool) -> HoldReason | None:
    settings, author = context.settings, context.author
    if context.mode is ModerationMode.PRE:
        return HoldReason.MODE
    if author is not None and author.approved < settings.new_account_posts:
        return HoldReason.NEW_ACCOUNT
    if (
        author is not None
        and author.decided >= settings.rejection_min_decided
        and author.rejected >= settings.rejection_rate * author.decided
    ):
        return HoldReason.REJECTION_RATE
    if needs_classifier:
        return HoldReason.CLASSIFIER_UNAVAILABLE
    return None


def _redactions(
    hits: Iterable[RuleHit], context: PolicyContext, lang: str | None
) -> tuple[Span, ...]:
    return tuple(
        span
        for hit in hits
        if get_rule(hit.rule_id).default_action is Action.REDACT
        and proposed_action(hit, context, lang) is not Action.PUBLISH
        for span in hit.spans
    )


def _hit_order(hit: RuleHit) -> tuple[int, int]:
    first = min((span.start for span in hit.spans), default=0)
    return get_rule(hit.rule_id).priority, first


def _severity(action: Action) -> int:
    return ACTION_SEVERITY[action]


def _unique(rule_ids: Iterable[str]) -> tuple[str, ...]:
    return tuple(dict.fromkeys(rule_ids))
