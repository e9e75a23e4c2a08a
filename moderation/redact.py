"""``redact``: the published copy of a text with spans masked; the original never changes."""

from __future__ import annotations

from collections.abc import Iterable

from moderation.rules import Mask, catalogue
from moderation.types import Span

__all__ = ["redact"]

_MASK_CHAR = "X"
# Letters typed for digits in a number ("O7O-123 45 67").
_DIGIT_LOOKALIKES = frozenset("OoIl")


def redact(text: str, spans: Iterable[Span]) -> str:
    """Mask ``spans`` (all of one field) in ``text``, keeping its length.

    Each span is masked as its rule says (numbers keep their separators, so "19811218-9876"
    becomes "XXXXXXXX-XXXX"); spans of unknown rules, such as a moderator's own, mask every
    non-space character. Overlapping spans are fine: masking is idempotent.
    """
    chars: list[str] | None = None
    for span in spans:
        start, end = max(span.start, 0), min(span.end, len(text))
        if start >= end:
            continue
        chars = chars if chars is not None else list(text)
        rule = catalogue.RULES.get(span.rule_id)
        # A number keeps its separators ("XXXXXX-XXXX"); its digits, and letters typed for
        # digits ("O7O") or digits written as words, are masked.
        number = rule is not None and rule.mask is Mask.DIGITS
        spelled = number and not any(char.isdigit() for char in text[start:end])
        for index in range(start, end):
            char = chars[index]
            if number and not spelled:
                masked = char.isdigit() or char in _DIGIT_LOOKALIKES
            else:
                masked = char.isalnum() if spelled else not char.isspace()
            if masked:
                chars[index] = _MASK_CHAR
    return text if chars is None else "".join(chars)
