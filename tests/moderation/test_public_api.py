"""The names debate/ relies on; changing them is a breaking change."""

from __future__ import annotations

import inspect

import moderation

EXPORTED = {
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
    "citizen_explanation",
    "evaluate",
    "fingerprint",
    "get_rule",
    "hint_texts",
    "alerts_for",
    "moderator_alerts",
    "moderator_statement",
    "normalize",
    "redact",
    "statement_of_reasons",
}


def test_exported_members() -> None:
    assert set(moderation.__all__) == EXPORTED
    assert all(hasattr(moderation, name) for name in moderation.__all__)


def keyword_only(function: object) -> set[str]:
    parameters = inspect.signature(function).parameters.values()  # type: ignore[arg-type]
    return {p.name for p in parameters if p.kind is inspect.Parameter.KEYWORD_ONLY}


def test_signatures() -> None:
    assert keyword_only(moderation.evaluate) >= {"context"}
    assert keyword_only(moderation.statement_of_reasons) >= {
        "lang",
        "item_ref",
        "date",
        "appeal_url",
    }
    assert keyword_only(moderation.citizen_explanation) == {"lang"}
    assert keyword_only(moderation.hint_texts) == {"lang"}
    assert list(inspect.signature(moderation.redact).parameters) == ["text", "spans"]


def test_version_names_the_rules_release() -> None:
    assert moderation.MODERATION_VERSION.startswith("rules-")


CLASSIFIER_EXPORTED = {
    "MODEL_FILES",
    "MODEL_NAMES",
    "MODEL_URLS",
    "Classifier",
    "ClassifierConfig",
    "ClassifierUnavailableError",
    "DetoxifyClassifier",
    "LocalClassifier",
    "ModelFetchError",
    "NotScorableError",
    "classifier_phase",
    "fetch",
    "format_info",
    "hits_from_scores",
    "info",
    "load_configured",
    "resolve_precision",
}


def test_classifier_exported_members() -> None:
    """What debate/, the CLI and the benchmarks use of the classifier package."""
    from moderation import classifier

    assert set(classifier.__all__) == CLASSIFIER_EXPORTED
    assert all(hasattr(classifier, name) for name in classifier.__all__)
    assert classifier.DetoxifyClassifier is classifier.LocalClassifier
