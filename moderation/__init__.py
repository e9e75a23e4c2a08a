"""Inspel's moderation: pure rules and policy, no web and no database (those live in debate/).

``evaluate(item, context=...)`` turns a submission into a ``Verdict``; ``redact`` makes the
published copy; ``reasons`` turns a verdict into what the author reads.
"""

from __future__ import annotations

from moderation.normalize import NormalizedText, normalize
from moderation.pipeline import evaluate
from moderation.reasons import (
    FlaggedBy,
    ModeratorAction,
    alerts_for,
    citizen_explanation,
    hint_texts,
    moderator_alerts,
    moderator_statement,
    statement_of_reasons,
)
from moderation.redact import redact
from moderation.rules import RULES, Rule, get_rule
from moderation.rules.behaviour import fingerprint
from moderation.types import (
    ACTION_SEVERITY,
    DEFAULT_SETTINGS,
    Action,
    AuthorStanding,
    ClassifierStatus,
    Detector,
    Ground,
    HoldReason,
    Item,
    ModerationMode,
    PolicyContext,
    PolicySettings,
    RuleHit,
    Span,
    TextField,
    Thresholds,
    Verdict,
)
from moderation.version import MODERATION_VERSION

__all__ = [
    "ACTION_SEVERITY",
    "DEFAULT_SETTINGS",
    "MODERATION_VERSION",
    "RULES",
    "Action",
    "AuthorStanding",
    "ClassifierStatus",
    "Detector",
    "FlaggedBy",
    "Ground",
    "HoldReason",
    "Item",
    "ModerationMode",
    "ModeratorAction",
    "NormalizedText",
    "PolicyContext",
    "PolicySettings",
    "Rule",
    "RuleHit",
    "Span",
    "TextField",
    "Thresholds",
    "Verdict",
    "alerts_for",
    "citizen_explanation",
    "evaluate",
    "fingerprint",
    "get_rule",
    "hint_texts",
    "moderator_alerts",
    "moderator_statement",
    "normalize",
    "redact",
    "statement_of_reasons",
]
