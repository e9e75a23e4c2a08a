"""Value types shared by every phase of the moderation pipeline.

Everything here is immutable and free of I/O so that the pipeline stays a pure function:
``evaluate(Item, context=PolicyContext) -> Verdict``.
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from types import MappingProxyType


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
    #: For a classifier signal: the model's label ("threat") that the score is for; for a
    #: rule, what kind of finding it is when that matters ("child": reasons.moderator_alerts).
    label: str | None = None


@dataclass(frozen=True, slots=True)
class Item:
    """One text to judge, as received."""

    body: str
    title: str | None = None
    lang: str | None = None
    author: str | None = None
    thread: str | None = None


class ClassifierStatus(StrEnum):
    """Whether the classifier takes part in this evaluation."""

    #: Not used (``--no-classifier``, or no model configured): rules and word lists decide.
    OFF = "off"
    #: Used; its scores are among the hits.
    READY = "ready"
    #: Configured but cannot load or keeps failing: items that need it are held (fail closed).
    UNAVAILABLE = "unavailable"


class HoldReason(StrEnum):
    """Why the policy holds an item that no rule would have held."""

    MODE = "mode"  # the consultation pre-moderates everything
    NEW_ACCOUNT = "new_account"  # pre-moderated until N approved posts
    REJECTION_RATE = "rejection_rate"  # the author's recent posts were mostly rejected
    CLASSIFIER_UNAVAILABLE = "classifier_unavailable"  # fail closed


@dataclass(frozen=True, slots=True)
class Thresholds:
    """When a score acts: from ``review`` the item is held, from ``reject`` it is proposed
    for rejection (hidden, top of the queue). ``None`` disables that step."""

    review: float | None = None
    reject: float | None = None


#: Classifier labels (detoxify) and the rule each one is evidence for.
CLASSIFIER_LABEL_RULES: Mapping[str, str] = MappingProxyType(
    {
        "threat": "LAW-THREAT",
        "identity_attack": "LAW-HATE",
        "insult": "DECENCY-INSULT",
        "toxicity": "DECENCY-INSULT",
        "severe_toxicity": "DECENCY-INSULT",
        "obscene": "DECENCY-PROFANITY",
        "sexual_explicit": "DECENCY-SEXUAL",
    }
)

# detoxify is not trained on Swedish (legal-rules.md §0.6): higher thresholds there, and no
# classifier score alone ever proposes "reject" until it is calibrated on local data.
_LABEL_THRESHOLDS: Mapping[str, Mapping[str, Thresholds]] = MappingProxyType(
    {
        "en": MappingProxyType(
            {
                "threat": Thresholds(review=0.5),
                "identity_attack": Thresholds(review=0.5),
                "insult": Thresholds(review=0.7),
                "toxicity": Thresholds(review=0.9),
                "severe_toxicity": Thresholds(review=0.5),
                "obscene": Thresholds(review=0.8),
                "sexual_explicit": Thresholds(review=0.6),
            }
        ),
        "*": MappingProxyType(
            {
                "threat": Thresholds(review=0.7),
                "identity_attack": Thresholds(review=0.7),
                "insult": Thresholds(review=0.9),
                "toxicity": Thresholds(review=0.97),
                "severe_toxicity": Thresholds(review=0.7),
                "obscene": Thresholds(review=0.95),
                "sexual_explicit": Thresholds(review=0.8),
            }
        ),
    }
)


@dataclass(frozen=True, slots=True)
class LexiconAddition:
    """A word-list entry an admin adds at run time; it matches like a shipped entry of the
    ``lang`` list (word boundaries, inflections, ``*`` and ``_``)."""

    term: str
    category: str
    lang: str
    severity: int = 2


@dataclass(frozen=True, slots=True)
class LexiconException:
    """A term or word that never matches: not as an entry of the ``lang`` list, and not in
    texts in ``lang`` whatever list has it ("idioterna" alone, or every "idiot" entry)."""

    term: str
    lang: str


@dataclass(frozen=True, slots=True)
class LexiconOverrides:
    """Additions and exceptions as one hashable key: the lexicon compiles one automaton per
    key and looks it up per field, so the hash is computed once, not on every lookup."""

    additions: tuple[LexiconAddition, ...] = ()
    exceptions: tuple[LexiconException, ...] = ()
    #: Appended to the word lists' version in every signal ("p7"); default: a content hash.
    tag: str = ""
    _hash: int = field(default=0, init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        if not self.tag:
            digest = hashlib.sha256(repr((self.additions, self.exceptions)).encode()).hexdigest()
            object.__setattr__(self, "tag", f"x{digest[:8]}")
        object.__setattr__(self, "_hash", hash((self.additions, self.exceptions, self.tag)))

    def __hash__(self) -> int:
        return self._hash


@dataclass(frozen=True, slots=True)
class PolicySettings:
    """The knobs an admin turns (SPEC §3 "Policy"); the defaults are the shipped policy."""

    #: Per rule id, overriding the catalogue's ``review_at``/``reject_at``; a key
    #: ``"RULE-ID:lang"`` applies to one language only.
    rule_thresholds: Mapping[str, Thresholds] = field(default_factory=dict)
    #: Per language ("*": any other) and classifier label.
    label_thresholds: Mapping[str, Mapping[str, Thresholds]] = field(
        default_factory=lambda: _LABEL_THRESHOLDS
    )
    #: New accounts are pre-moderated until this many of their posts were approved.
    new_account_posts: int = 3
    #: An author with at least ``rejection_min_decided`` recent decisions, of which at least
    #: this share were rejections, is held.
    rejection_rate: float = 0.5
    rejection_min_decided: int = 4
    #: Languages whose items need the classifier when it is configured (``None``: all).
    classifier_languages: frozenset[str] | None = None
    #: Word-list entries added and terms excepted at run time (see ``LexiconOverrides``).
    lexicon_additions: tuple[LexiconAddition, ...] = ()
    lexicon_exceptions: tuple[LexiconException, ...] = ()
    #: Names this set of additions and exceptions in signals ("p7"); empty: a content hash.
    lexicon_tag: str = ""
    #: Built from the three fields above; ``None`` when there are no additions or exceptions.
    lexicon_overrides: LexiconOverrides | None = field(
        default=None, init=False, repr=False, compare=False
    )

    def __post_init__(self) -> None:
        if self.lexicon_additions or self.lexicon_exceptions:
            overrides = LexiconOverrides(
                self.lexicon_additions, self.lexicon_exceptions, self.lexicon_tag
            )
            object.__setattr__(self, "lexicon_overrides", overrides)

    def rule_threshold(self, rule_id: str, lang: str | None) -> Thresholds | None:
        if lang is not None and (specific := self.rule_thresholds.get(f"{rule_id}:{lang}")):
            return specific
        return self.rule_thresholds.get(rule_id)

    def label_threshold(self, label: str, lang: str | None) -> Thresholds:
        per_lang = self.label_thresholds.get(lang or "*") or self.label_thresholds.get("*", {})
        return per_lang.get(label, Thresholds())


DEFAULT_SETTINGS = PolicySettings()


@dataclass(frozen=True, slots=True)
class AuthorStanding:
    """What the policy knows of a signed-in author; ``None`` in the context for anyone else."""

    #: Posts of this account that are public after moderation (published or approved).
    approved: int = 0
    #: Recent posts a moderator decided, and how many of them were rejected.
    decided: int = 0
    rejected: int = 0


@dataclass(frozen=True, slots=True)
class PolicyContext:
    """What the pipeline needs to know beyond the text itself."""

    mode: ModerationMode = ModerationMode.FLAGGED_ONLY
    settings: PolicySettings = field(default_factory=lambda: DEFAULT_SETTINGS)
    author: AuthorStanding | None = None
    #: ``rules.behaviour.fingerprint`` of the author's own recent posts (SPAM-REPEAT).
    history: tuple[str, ...] = ()
    #: The proposal or article a reply belongs to (OFFTOPIC).
    thread_text: str | None = None
    classifier: ClassifierStatus = ClassifierStatus.OFF
    #: The consultation makes swearing a hint (SPEC §3, an admin's choice per consultation):
    #: DECENCY-PROFANITY publishes and is listed in ``Verdict.hints``, its signal kept.
    profanity_hint: bool = False


@dataclass(frozen=True, slots=True)
class Verdict:
    """The outcome of the pipeline for one item."""

    action: Action
    hits: tuple[RuleHit, ...] = ()
    #: Rule ids whose hits decided the action (hints such as SHOUTING are not among them).
    decisive: tuple[str, ...] = ()
    #: Rule ids that only produce a hint to the author (the item is still published).
    hints: tuple[str, ...] = ()
    #: Set when the policy, not a rule, holds the item (the mode, a new account, …).
    hold_reason: HoldReason | None = None
    notes: tuple[str, ...] = field(default=())
    #: The spans to mask in the published copy (rules whose action is to redact), whatever
    #: the final action: if a held item is approved, it is published with these masked.
    redactions: tuple[Span, ...] = ()
    #: Rule ids published under post-moderation, or advisory, that await a moderator's look.
    deferred: tuple[str, ...] = ()
    #: Rules whose hits reached their thresholds (hints excluded): what the item was
    #: flagged for, whether or not it is held. Signals below a threshold are in ``hits`` only.
    flagged: tuple[str, ...] = ()
    #: The classifier was needed but unavailable: the item is held until it is re-scored.
    classifier_unavailable: bool = False
    #: The language the item was judged in ("sv", "en", another code, or ``None``).
    lang: str | None = None

    @property
    def held_by_mode(self) -> bool:
        return self.hold_reason is HoldReason.MODE

    @property
    def scores(self) -> dict[str, float]:
        """Classifier scores by label (the highest, if a label was scored more than once)."""
        scores: dict[str, float] = {}
        for hit in self.hits:
            if hit.label is not None and hit.score is not None:
                scores[hit.label] = max(hit.score, scores.get(hit.label, 0.0))
        return scores

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
