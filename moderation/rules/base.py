"""What a rule is: catalogue data pointing at a small, pure check function."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from enum import StrEnum
from typing import TYPE_CHECKING

from moderation.types import Action, Detector, Ground

if TYPE_CHECKING:
    from moderation.analysis import FieldText
    from moderation.types import PolicyContext

__all__ = ["Check", "Finding", "Mask", "Rule"]


class Mask(StrEnum):
    """How ``redact`` masks a rule's spans in the published copy."""

    #: Letters and digits become "X" and separators stay, so a reader still sees what kind of
    #: number it was: "811218-9876" → "XXXXXX-XXXX", "O7O-123 45 67" → "XXX-XXX XX XX".
    DIGITS = "digits"
    #: Everything but whitespace becomes "X"; also used for spans of unknown rules, such as a
    #: moderator's own redaction, because masking too much is the safe side.
    ALL = "all"


@dataclass(frozen=True, slots=True)
class Finding:
    """What a check found in one field; spans are offsets into the *original* text."""

    spans: tuple[tuple[int, int], ...] = ()
    #: How strong the evidence is (a severity sum, a share, a similarity); the policy
    #: compares it with the rule's thresholds. ``None``: the hit alone decides.
    score: float | None = None
    #: What kind of finding it is, when a moderator must know more than the rule: "child"
    #: for an offer of sexual images of children (reasons.moderator_alerts).
    label: str | None = None


#: A check is pure and fast: it sees one prepared field and the item's context, and returns
#: ``None`` for no hit.
Check = Callable[["FieldText", "PolicyContext"], Finding | None]


@dataclass(frozen=True, slots=True)
class Rule:
    """One entry of the rule catalogue (SPEC §3, legal-rules.md §7)."""

    id: str
    name_sv: str
    name_en: str
    ground: Ground
    #: The legal or contractual basis, cited in the statement of reasons (DSA Art. 17(3)(d, e)).
    basis: str
    default_action: Action
    #: Lower is more severe; orders hits, the queue and reasons so that the law comes first.
    priority: int
    check: Check
    detector: Detector = Detector.PATTERN
    #: A hint rule only advises the author (before posting); it never restricts anything.
    hint: bool = False
    #: An advisory rule's weak signal (a score below ``review_at``; every hit, without one) is
    #: published and listed for a moderator; from ``review_at`` a hit holds like any other.
    advisory: bool = False
    mask: Mask = Mask.ALL
    #: Below this score a hit is kept as a signal but the item is published (mild, isolated
    #: profanity); ``None``: every hit acts.
    review_at: float | None = None
    #: From this score the machine proposes ``reject``: hidden, top of the queue.
    reject_at: float | None = None
    #: The version of the data the check reads (word lists, domain lists), recorded with
    #: every signal beside the engine's own version; ``None`` for code-only rules.
    data_version: Callable[[], str] | None = None
