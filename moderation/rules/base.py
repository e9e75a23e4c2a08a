"""What a rule is: catalogue data pointing at a small, pure check function."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from enum import StrEnum

from moderation.normalize import NormalizedText
from moderation.types import Action, Detector, Ground

__all__ = ["Check", "Finding", "Mask", "Rule"]


class Mask(StrEnum):
    """How ``redact`` masks a rule's spans in the published copy."""

    #: Digits become "X" and separators stay, so a reader still sees what kind of number it
    #: was: "811218-9876" → "XXXXXX-XXXX".
    DIGITS = "digits"
    #: Everything but whitespace becomes "X"; also used for spans of unknown rules, such as a
    #: moderator's own redaction, because masking too much is the safe side.
    ALL = "all"


@dataclass(frozen=True, slots=True)
class Finding:
    """What a check found in one field; spans are offsets into ``NormalizedText.text``."""

    spans: tuple[tuple[int, int], ...] = ()
    #: For rules that judge the text as a whole (SHOUTING: the share of capitals).
    score: float | None = None


#: A check is pure and fast: it sees one normalised field and returns ``None`` for no hit.
Check = Callable[[NormalizedText], Finding | None]


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
    #: Lower is more severe; orders hits and reasons so that the law comes first.
    priority: int
    check: Check
    detector: Detector = Detector.PATTERN
    #: A hint rule only advises the author (before posting); it never restricts anything.
    hint: bool = False
    mask: Mask = Mask.ALL
