"""``evaluate``: normalise → phases (rules now; lexicons, classifier later) → policy.

Pure: no I/O, no clock, no mutable state, so the same item always gets the same verdict and
the evaluation command can run it over labelled data. Each phase sees every field of the item,
already normalised, and returns the hits it found; the policy then decides.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass

from moderation.normalize import NormalizedText, normalize
from moderation.policy import decide
from moderation.rules import Finding, Rule, catalogue
from moderation.types import Item, PolicyContext, RuleHit, Span, TextField, Verdict
from moderation.version import MODERATION_VERSION

__all__ = ["DEFAULT_PHASES", "FieldText", "Phase", "PreparedItem", "evaluate", "rule_phase"]


@dataclass(frozen=True, slots=True)
class FieldText:
    field: TextField
    text: NormalizedText


@dataclass(frozen=True, slots=True)
class PreparedItem:
    """What a phase sees: the item as received (lang, author for later phases) and its fields."""

    item: Item
    fields: tuple[FieldText, ...]


#: A phase returns the hits it found. Lexicon and classifier phases plug in after the rules.
Phase = Callable[[PreparedItem], Iterable[RuleHit]]

_DEFAULT_CONTEXT = PolicyContext()


def evaluate(
    item: Item,
    *,
    context: PolicyContext = _DEFAULT_CONTEXT,
    phases: Sequence[Phase] | None = None,
) -> Verdict:
    """The verdict on one item: title and body are normalised, every phase (by default
    ``DEFAULT_PHASES``) adds its hits, and the policy decides under ``context``."""
    prepared = prepare(item)
    chosen = DEFAULT_PHASES if phases is None else phases
    hits = tuple(hit for phase in chosen for hit in phase(prepared))
    return decide(hits, context)


def prepare(item: Item) -> PreparedItem:
    fields = [(TextField.TITLE, item.title), (TextField.BODY, item.body)]
    return PreparedItem(
        item=item,
        fields=tuple(FieldText(field, normalize(text)) for field, text in fields if text),
    )


def rule_phase(prepared: PreparedItem) -> tuple[RuleHit, ...]:
    """Every deterministic rule of the catalogue over every field."""
    # Looked up at call time, like get_rule, so that tests can swap in a larger catalogue.
    hits = (_run_rule(rule, prepared.fields) for rule in catalogue.RULES.values())
    return tuple(hit for hit in hits if hit is not None)


def _run_rule(rule: Rule, fields: Sequence[FieldText]) -> RuleHit | None:
    found = [
        (field, finding) for field in fields if (finding := rule.check(field.text)) is not None
    ]
    if not found:
        return None
    scores = [finding.score for _, finding in found if finding.score is not None]
    return RuleHit(
        rule_id=rule.id,
        detector=rule.detector,
        detector_version=MODERATION_VERSION,
        spans=tuple(span for field, finding in found for span in _spans(rule, field, finding)),
        score=max(scores) if scores else None,
    )


def _spans(rule: Rule, field: FieldText, finding: Finding) -> Iterable[Span]:
    for start, end in finding.spans:
        original_start, original_end = field.text.original_span(start, end)
        yield Span(field.field, original_start, original_end, rule.id)


DEFAULT_PHASES: tuple[Phase, ...] = (rule_phase,)
