"""Value types shared by every phase of the moderation pipeline.

Everything here is immutable and free of I/O so that the pipeline stays a pure function:
``evaluate(Item, context=PolicyContext) -> Verdict``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum


class Action(StrEnum):
    """What the machine does with an item. A machine never hides anything for good."""

    PUBLISH = "publish"
    REDACT = "redact"
    REVIEW = "review"
    #: "a moderator would almost certainly reject this": held, hidden, top of the queue.
    REJECT = "reject"


#: Higher is more restrictive; the most restrictive action of all phases wins.
ACTION_SEVERITY: dict[Action, int] = {
    Action.PUBLISH: 0,
    Action.REDACT: 1,
    Action.REVIEW: 2,
    Action.REJECT: 3,
}


class ModerationMode(StrEnum):
    """A consultation's moderation mode (SPEC §2)."""

    POST = "post"
    PRE = "pre"
    FLAGGED_ONLY = "flagged_only"


class Ground(StrEnum):
    """The basis a rule rests on: the law, or the terms of use (good debate manners)."""

    LEGAL = "legal"
    TERMS = "terms"


class Detector(StrEnum):
    PATTERN = "pattern"
    LEXICON = "lexicon"
    CLASSIFIER = "classifier"
    BEHAVIOUR = "behaviour"


class TextField(StrEnum):
    TITLE = "title"
    BODY = "body"


@dataclass(frozen=True, slots=True)
class Span:
    """A matched stretch of the *original* text of one field: ``text[start:end]``."""

    field: TextField
    start: int
    end: int
    rule_id: str


@dataclass(frozen=True, slots=True)
class RuleHit:
    """A signal: one rule matched, with the evidence a moderator needs to see why."""

    rule_id: str
    detector: Detector
    detector_version: str
    spans: tuple[Span, ...] = ()
    score: float | None = None


@dataclass(frozen=True, slots=True)
class Item:
    """One text to judge, as received."""

    body: str
    title: str | None = None
    lang: str | None = None
    author: str | None = None
    thread: str | None = None


@dataclass(frozen=True, slots=True)
class PolicyContext:
    """What the policy needs to know beyond the text itself."""

    mode: ModerationMode = ModerationMode.FLAGGED_ONLY


@dataclass(frozen=True, slots=True)
class Verdict:
    """The outcome of the pipeline for one item."""

    action: Action
    hits: tuple[RuleHit, ...] = ()
    #: Rule ids whose hits decided the action (hints such as SHOUTING are not among them).
    decisive: tuple[str, ...] = ()
    #: Rule ids that only produce a hint to the author (the item is still published).
    hints: tuple[str, ...] = ()
    #: True when the item is held only because the consultation pre-moderates everything.
    held_by_mode: bool = False
    notes: tuple[str, ...] = field(default=())
    #: The spans to mask in the published copy (rules whose action is to redact), whatever
    #: the final action: if a held item is approved, it is published with these masked.
    redactions: tuple[Span, ...] = ()
    #: Rule ids published under post-moderation that still await a moderator's look.
    deferred: tuple[str, ...] = ()

    @property
    def rule_ids(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys(hit.rule_id for hit in self.hits))

    @property
    def spans(self) -> tuple[Span, ...]:
        return tuple(span for hit in self.hits for span in hit.spans)

    def redactions_in(self, field: TextField) -> tuple[Span, ...]:
        """The spans to pass to ``redact`` for the published copy of one field."""
        return tuple(span for span in self.redactions if span.field is field)

    @property
    def is_held(self) -> bool:
        return self.action in (Action.REVIEW, Action.REJECT)
