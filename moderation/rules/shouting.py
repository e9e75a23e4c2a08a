"""SHOUTING: mostly capitals (legal-rules.md, DECENCY-SHOUTING). A hint to the author only."""

from __future__ import annotations

from typing import TYPE_CHECKING

from moderation.rules.base import Finding

if TYPE_CHECKING:
    from moderation.analysis import FieldText
    from moderation.types import PolicyContext

__all__ = ["check_shouting"]

_MIN_LETTERS = 20
_MIN_SHARE = 0.7
_ASCII_CAPITALS = bytes(range(ord("A"), ord("Z") + 1))
_ASCII_SMALL = bytes(range(ord("a"), ord("z") + 1))
_UTF8_LEAD_BYTES = bytes(range(0xC0, 0x100))
_SMALL_SWEDISH = "åäöé"


def check_shouting(field: FieldText, context: PolicyContext) -> Finding | None:
    # Case is gone from the normalised text, so count on what the author typed.
    original = field.original
    if not _may_shout(original):
        return None
    letters = [char for char in original if char.isalpha()]
    capitals = sum(map(str.isupper, letters))
    if len(letters) < _MIN_LETTERS or capitals <= _MIN_SHARE * len(letters):
        return None
    return Finding(score=round(capitals / len(letters), 3))


def _may_shout(text: str) -> bool:
    # Bounds computed in C, so that ordinary text skips the per-character count. Capitals
    # are at most the ASCII capitals plus every non-ASCII character but the common small
    # Swedish letters; small letters are at least the ASCII ones plus those. With at least
    # 3 small letters for every 7 capitals, capitals cannot be more than 70 % of the letters.
    raw = text.encode("utf-8", "surrogatepass")
    # First a looser bound from one count: every byte that is not a small ASCII letter a
    # capital (ordinary text stops here).
    ascii_small = len(raw) - len(raw.translate(None, _ASCII_SMALL))
    if ascii_small * _MIN_SHARE >= (len(raw) - ascii_small) * (1 - _MIN_SHARE):
        return False
    swedish_small = sum(map(text.count, _SMALL_SWEDISH))
    non_ascii = len(raw) - len(raw.translate(None, _UTF8_LEAD_BYTES))
    capitals_at_most = len(raw) - len(raw.translate(None, _ASCII_CAPITALS)) + non_ascii
    capitals_at_most -= swedish_small
    small_at_least = len(raw) - len(raw.translate(None, _ASCII_SMALL)) + swedish_small
    return capitals_at_most > _MIN_LETTERS * _MIN_SHARE and (
        small_at_least * _MIN_SHARE < capitals_at_most * (1 - _MIN_SHARE)
    )
