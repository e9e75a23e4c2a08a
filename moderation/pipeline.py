"""``evaluate``: normalise → rules and word lists → classifier (optional) → policy.

Pure: no I/O, no clock, no mutable state, so the same item in the same context always gets
the same verdict and ``inspel moderation check`` can run it over labelled data. Each phase
sees every field of the item, already normalised, plus the context (the author's history for
SPAM-REPEAT), and returns the hits it found; the policy then decides.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass

from moderation.analysis import FieldText
from moderation.language import detect_language, normalize_language, prefetch
from moderation.lexicon import effective_version, lexicon_version
from moderation.normalize import normalize
from moderation.policy import decide
from moderation.rules import Finding, Rule, catalogue
from moderation.types import (
    DEFAULT_SETTINGS,
    Item,
    LexiconOverrides,
    PolicyContext,
    RuleHit,
    Span,
    TextField,
    Verdict,
)
from moderation.version import MODERATION_VERSION

__all__ = [
    "DEFAULT_PHASES",
    "Phase",
    "PreparedItem",
    "evaluate",
    "prefetch_languages",
    "prepare",
    "rule_phase",
    "verdict_of",
]


@dataclass(frozen=True, slots=True)
class PreparedItem:
    """What a phase sees: the item as received, its language, its fields and the context."""

    item: Item
    lang: str | None
    fields: tuple[FieldText, ...]
    context: PolicyContext

    @property
    def text(self) -> str:
        """Title and body as one text, for a classifier."""
        return "\n\n".join(field.original for field in self.fields)


#: A phase returns the hits it found: rules and word lists, then the classifier.
Phase = Callable[[PreparedItem], Iterable[RuleHit]]

_DEFAULT_CONTEXT = PolicyContext(settings=DEFAULT_SETTINGS)


def evaluate(
    item: Item,
    *,
    context: PolicyContext = _DEFAULT_CONTEXT,
    phases: Sequence[Phase] | None = None,
) -> Verdict:
    """The verdict on one item: title and body are normalised, every phase (by default
    ``DEFAULT_PHASES``) adds its hits, and the policy decides under ``context``."""
    return verdict_of(prepare(item, context), phases)


def verdict_of(prepared: PreparedItem, phases: Sequence[Phase] | None = None) -> Verdict:
    """``evaluate`` after ``prepare``: for a caller that also wants the prepared fields (the
    check command keeps each author's fingerprints from them)."""
    chosen = DEFAULT_PHASES if phases is None else phases
    hits = tuple(hit for phase in chosen for hit in phase(prepared))
    return decide(hits, prepared.context, lang=prepared.lang)


def prepare(item: Item, context: PolicyContext = _DEFAULT_CONTEXT) -> PreparedItem:
    lang = normalize_language(item.lang)
    if lang is None:
        lang = detect_language(_detection_text(item))
    fields = [(TextField.TITLE, item.title), (TextField.BODY, item.body)]
    overrides = context.settings.lexicon_overrides
    return PreparedItem(
        item=item,
        lang=lang,
        fields=tuple(
            FieldText(field, normalize(text), lang, overrides) for field, text in fields if text
        ),
        context=context,
    )


def prefetch_languages(items: Iterable[Item]) -> None:
    """Detect the languages of many items at once before they are evaluated one by one
    (``language.prefetch``): the same languages, found faster."""
    prefetch([_detection_text(item) for item in items if normalize_language(item.lang) is None])


def _detection_text(item: Item) -> str:
    return f"{item.title or ''}\n{item.body}"


def rule_phase(prepared: PreparedItem) -> tuple[RuleHit, ...]:
    """Every deterministic rule and word list of the catalogue over every field."""
    # Looked up at call time, like get_rule, so that tests can swap in a larger catalogue.
    hits = []
    context = prepared.context
    for rule in catalogue.RULES.values():
        found = [
            (field, finding)
            for field in prepared.fields
            if (finding := rule.check(field, context)) is not None
        ]
        if found:
            hits.append(_hit(rule, found, context.settings.lexicon_overrides))
    return tuple(hits)


def detector_version(rule: Rule, overrides: LexiconOverrides | None = None) -> str:
    """What a signal records as its detector's version (SPEC §2): the engine's version and,
    for rules that read word or domain lists, those lists' versions, with the tag of an
    admin's word-list additions and exceptions when there are any."""
    if rule.data_version is None:
        return MODERATION_VERSION
    version = rule.data_version()
    if overrides is not None:
        version = version.replace(lexicon_version(), effective_version(overrides))
    return f"{MODERATION_VERSION}/{version}"


def _hit(
    rule: Rule, found: list[tuple[FieldText, Finding]], overrides: LexiconOverrides | None
) -> RuleHit:
    scores = [finding.score for _, finding in found if finding.score is not None]
    return RuleHit(
        rule_id=rule.id,
        detector=rule.detector,
        detector_version=detector_version(rule, overrides),
        spans=tuple(span for field, finding in found for span in _spans(rule, field, finding)),
        # Evidence in title and body adds up for rules with thresholds (profanity in both);
        # a share (SHOUTING) keeps the larger one.
        score=(sum(scores) if rule.review_at is not None else max(scores)) if scores else None,
    )


def _spans(rule: Rule, field: FieldText, finding: Finding) -> Iterable[Span]:
    for start, end in finding.spans:
        yield Span(field.field, start, end, rule.id)


DEFAULT_PHASES: tuple[Phase, ...] = (rule_phase,)
