"""Normalisation before matching: one folded string plus a map back to the original text.

Rules match on ``NormalizedText.text`` (Unicode NFKC, invisible characters removed, case folded)
so that fullwidth digits, decomposed letters or a zero-width space inside a word cannot dodge a
rule; every hit is then mapped back with ``original_span`` so that a moderator sees, and
``redact`` masks, the exact characters the author typed.

Speed matters: this runs on every submission. Most texts are already NFKC, contain no
invisible characters and keep their length when case folded; they take the fast path, where
the map is the identity and costs three C-level passes. Otherwise only the runs of non-ASCII
characters are examined, long runs are halved until the halves are plain again, and only small
pieces around what changes are folded character by character.

Room for later folds: confusable letters (Cyrillic а → a) and leetspeak ("1d10t") will become
a second, letter-oriented view beside ``text``; they cannot go into ``text`` itself because
digit rules such as PII-PNR need the digits as typed.
"""

from __future__ import annotations

import re
import unicodedata
from bisect import bisect_right
from dataclasses import dataclass
from functools import lru_cache

__all__ = ["INVISIBLE", "NormalizedText", "normalize"]

#: Characters that render as nothing (or as blank filler) and so can hide inside a word:
#: soft hyphen, combining grapheme joiner, Hangul fillers, Mongolian and Khmer invisibles,
#: zero-width space/joiners, bidi marks and overrides, word joiner and invisible operators,
#: variation selectors, BOM, shorthand format controls, musical format controls, tag characters.
INVISIBLE = re.compile(
    "[\u00ad\u034f\u061c\u115f\u1160\u17b4\u17b5\u180b-\u180f\u200b-\u200f\u202a-\u202e"
    "\u2060-\u206f\u3164\ufe00-\ufe0f\ufeff\uffa0\U0001bca0-\U0001bca3\U0001d173-\U0001d17a"
    "\U000e0000-\U000e0fff]"
)

_NON_ASCII = re.compile(r"[^\x00-\x7f]+")
# Below this many characters a changed piece is folded character by character.
_SMALL_PIECE = 32

#: (start in the normalised text, start in the original, end in the original, linear?).
#: A linear segment maps character for character; otherwise every character of the segment
#: maps to the whole original stretch (e.g. "ﬁ" → "fi": both letters map to the ligature).
_Segment = tuple[int, int, int, bool]


@dataclass(frozen=True, slots=True, eq=False)
class NormalizedText:
    """The folded text that rules match on, with a map back to ``original``."""

    original: str
    text: str
    _starts: tuple[int, ...]
    _segments: tuple[_Segment, ...]

    def original_span(self, start: int, end: int) -> tuple[int, int]:
        """The stretch of ``original`` that produced ``text[start:end]``."""
        if start >= end:
            point = self._char(start)[0] if start < len(self.text) else len(self.original)
            return point, point
        return self._char(start)[0], self._char(end - 1)[1]

    def _char(self, index: int) -> tuple[int, int]:
        norm_start, orig_start, orig_end, linear = self._segments[
            bisect_right(self._starts, index) - 1
        ]
        if linear:
            position = orig_start + index - norm_start
            return position, position + 1
        return orig_start, orig_end


def normalize(text: str) -> NormalizedText:
    """Fold ``text`` for matching; see the module docstring for what is folded and why."""
    folded = text.casefold()
    if _is_plain(text, folded):
        return NormalizedText(text, folded, (0,), ((0, 0, len(text), True),))
    return _fold_slowly(text)


def _is_plain(text: str, folded: str) -> bool:
    # casefold never shrinks a character, so equal length means a one-to-one map.
    if len(folded) != len(text):
        return False
    if text.isascii():
        return True  # ASCII is NFKC and holds no invisible character
    return _no_invisible(text) and unicodedata.is_normalized("NFKC", text)


#: The UTF-8 bytes that start every character of ``INVISIBLE`` (U+00AD, U+034F, U+061C,
#: U+1xxx, U+20xx, U+3164, U+FExx–U+FFxx, planes 1 and 14): a text without them has none.
_INVISIBLE_LEADS = (b"\xc2\xad", b"\xcd\x8f", b"\xd8\x9c", b"\xe1", b"\xe2", b"\xe3", b"\xef")
_ASTRAL_LEADS = (b"\xf0", b"\xf3")


def _no_invisible(text: str) -> bool:
    raw = text.encode("utf-8", "surrogatepass")
    if any(lead in raw for lead in _INVISIBLE_LEADS) or any(lead in raw for lead in _ASTRAL_LEADS):
        return INVISIBLE.search(text) is None
    return True


def _fold_slowly(text: str) -> NormalizedText:
    # ASCII is NFKC already, holds no invisible characters and case folds one to one, so
    # only the runs of other characters (a Swedish letter, a word in another script, an
    # invisible character) need a closer look.
    builder = _Builder()
    position = 0
    for run in _NON_ASCII.finditer(text):
        start = run.start()
        if start > 0 and unicodedata.combining(text[start]):
            start -= 1  # a decomposed "a" + ring: the ASCII letter belongs to the run
        builder.add(text[position:start].lower(), position, start, linear=True)
        _fold_piece(text[start : run.end()], start, builder)
        position = run.end()
    builder.add(text[position:].lower(), position, len(text), linear=True)
    return builder.build(text)


def _fold_piece(piece: str, offset: int, out: _Builder) -> None:
    # Halve a changed piece until the halves are plain or small: a few odd characters in a
    # long run cost a few dozen C-level checks, not a Python loop over every character.
    folded = piece.casefold()
    if _is_plain(piece, folded):
        out.add(folded, offset, offset + len(piece), linear=True)
        return
    middle = len(piece) // 2
    # Never cut a letter from its combining marks: they must fold together.
    while middle < len(piece) and unicodedata.combining(piece[middle]):
        middle += 1
    if len(piece) <= _SMALL_PIECE or middle == len(piece):
        _fold_chars(piece, offset, out)
    else:
        _fold_piece(piece[:middle], offset, out)
        _fold_piece(piece[middle:], offset + middle, out)


def _fold_chars(piece: str, offset: int, out: _Builder) -> None:
    # A base character and its combining marks fold together, so that a decomposed
    # "a" + U+030A composes to "å" and both characters map to the one folded letter.
    # Unchanged characters are gathered into one linear run to keep the map small.
    run: list[str] = []
    run_start = index = 0
    while index < len(piece):
        end = index + 1
        while end < len(piece) and unicodedata.combining(piece[end]):
            end += 1
        folded, linear = _fold_group(piece[index:end])
        if not linear:
            out.add("".join(run), offset + run_start, offset + index, linear=True)
            out.add(folded, offset + index, offset + end, linear=False)
            run, run_start = [], end
        else:
            run.append(folded)
        index = end
    out.add("".join(run), offset + run_start, offset + len(piece), linear=True)


@lru_cache(maxsize=4096)
def _fold_group(group: str) -> tuple[str, bool]:
    """The folded form of one letter with its marks, and whether it maps character for
    character; cached because texts repeat the same few hundred letters."""
    visible = INVISIBLE.sub("", group)
    folded = unicodedata.normalize("NFKC", unicodedata.normalize("NFKC", visible).casefold())
    # Only an unchanged group or a single letter for a single letter maps one to one; a
    # changed group (marks composed or reordered) maps as a whole.
    one_to_one = folded == group or len(group) == len(folded) == 1
    return folded, one_to_one and len(visible) == len(group)


class _Builder:
    """Collects folded pieces and merges neighbouring linear segments into one."""

    def __init__(self) -> None:
        self._parts: list[str] = []
        self._segments: list[_Segment] = []
        self._length = 0

    def add(self, folded: str, orig_start: int, orig_end: int, *, linear: bool) -> None:
        if not folded:
            return
        last = self._segments[-1] if self._segments else None
        if linear and last is not None and last[3] and last[2] == orig_start:
            # The last segment ends where this one starts, in both texts: extend it.
            self._segments[-1] = (last[0], last[1], orig_end, True)
        else:
            self._segments.append((self._length, orig_start, orig_end, linear))
        self._parts.append(folded)
        self._length += len(folded)

    def build(self, original: str) -> NormalizedText:
        segments = tuple(self._segments) or ((0, 0, len(original), True),)
        starts = tuple(segment[0] for segment in segments)
        return NormalizedText(original, "".join(self._parts), starts, segments)
