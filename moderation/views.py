"""Second views of a normalised text that undo the common dodges, with a map back.

``NormalizedText.text`` keeps digits and punctuation as typed, which digit rules (PII-PNR)
need. Word lists need more folding, and phone numbers a little of the opposite:

- ``letter_view`` (lexicons): confusable letters from other scripts folded to Latin (Cyrillic
  "а" → "a", from the Unicode confusables data that ``confusable_homoglyphs`` ships), leetspeak
  inside words ("1d10t" → "idiot", "@ss" → "ass"), spaced or punctuated single letters joined
  ("i d i o t", "i.d.i.o.t" → "idiot"), runs of three or more of a letter shortened to one
  ("idiooooot" → "idiot") and whitespace runs collapsed to one space.
- ``digit_view`` (phone numbers): the letters o, l and i read as digits inside tokens that
  are otherwise digits ("O7O-123 45 67" → "070-123 45 67").

Both views only substitute characters one for one or delete characters, so a view keeps, for
each of its characters, the index of the character of ``NormalizedText.text`` it came from;
``original_span`` composes that with the normalised text's own map to reach what the author
typed. Ordinary text has nothing to undo and gets the identity map for the price of a few
regular-expression scans.
"""

from __future__ import annotations

import json
import re
import unicodedata
from dataclasses import dataclass
from functools import cache
from importlib import resources

from moderation.normalize import NormalizedText

__all__ = ["TextView", "digit_view", "letter_view"]


@dataclass(frozen=True, slots=True, eq=False)
class TextView:
    """A folded view of a normalised text; ``kept[i]`` is the index in ``base.text`` of the
    view's character ``i`` (``None``: the identity)."""

    base: NormalizedText
    text: str
    kept: tuple[int, ...] | None = None
    #: The same view read another way, character for character: leetspeak "4" is "a" in
    #: English but often "ä" in Swedish ("br4nn" → "bränn"). Empty for most texts.
    alternates: tuple[str, ...] = ()

    def base_span(self, start: int, end: int) -> tuple[int, int]:
        if self.kept is None:
            return start, end
        if start >= end:
            point = self.kept[start] if start < len(self.kept) else len(self.base.text)
            return point, point
        return self.kept[start], self.kept[end - 1] + 1

    def original_span(self, start: int, end: int) -> tuple[int, int]:
        """The stretch of what the author typed that produced ``text[start:end]``."""
        return self.base.original_span(*self.base_span(start, end))


_APOSTROPHES = str.maketrans("\u2019\u2018\u02bc\u00b4", "'" * 4)
_LEET = str.maketrans("013457@$€!|", "oieastasei" + "i")
# A letter beside a digit or symbol that leetspeak uses: the only texts that need the slow path.
_LEET_HINT = re.compile(r"[^\W\d_][0-9@$€!|]|[0-9@$€!|][^\W\d_]")
# A word mixing letters with leet characters; symbols count only before a letter, so that
# "idiot!" keeps its exclamation mark and an e-mail address its "@" at the end of a token.
_LEET_TOKEN = re.compile(r"(?:[^\W_]|[@$€!|](?=[^\W\d_]))+")
# Three or more single letters, each followed by the same separator: "i d i o t",
# "i.d.i.o.t"; with spaces, a wider gap separates words ("j a g  v e t"). One separator
# throughout, so that "a s.l.u.t" keeps its article apart.
_SPACED = re.compile(
    r"(?<![^\W_])[^\W\d_](?P<sep> ?[.\-_*·•/] ?| )[^\W\d_](?![^\W_])"
    r"(?:(?:(?P=sep)| {2,3})[^\W\d_](?![^\W_]))+"
)
_GAP = re.compile(r" {2,}")
_SPACED_HINT = re.compile(r"(?<![^\W_])[^\W\d_][ .\-_*·•/]{1,3}[^\W\d_][ .\-_*·•/]")
_REPEAT = re.compile(r"([^\W\d_])\1{2,}")
_OTHER_SPACE = re.compile(r"[^\S ]")
_SPACES = re.compile(r" {2,}")
_DIGITISH = re.compile(r"(?<![^\W_])(?=[oli]*[0-9])[0-9oli]*[oli][0-9oli]*(?![^\W_])")
_DIGIT_HINT = re.compile(r"[oli][0-9]|[0-9][oli]")
_AS_DIGITS = str.maketrans("oli", "011")


@cache
def _confusables() -> dict[int, str]:
    """Characters from other scripts that look like one Latin letter, from the Unicode
    confusables data shipped with ``confusable_homoglyphs``; Latin letters such as å, ä, ö
    and é are never folded."""
    source = resources.files("confusable_homoglyphs").joinpath("confusables.json")
    data: dict[str, list[dict[str, str]]] = json.loads(source.read_text(encoding="utf-8"))
    table: dict[int, str] = {}
    for char, homoglyphs in data.items():
        if len(char) != 1 or char.isascii() or "LATIN" in unicodedata.name(char, ""):
            continue
        latin = next(
            (
                glyph["c"].lower()
                for glyph in homoglyphs
                if len(glyph["c"]) == 1 and glyph["c"].isascii() and glyph["c"].isalpha()
            ),
            None,
        )
        if latin is not None:
            table[ord(char)] = latin
            # Case is folded before this view, so a small letter whose capital looks Latin
            # ("т", capital "Т") folds as its capital does.
            table.setdefault(ord(char.lower()), latin)
    return table


def letter_view(text: NormalizedText) -> TextView:
    """The view that word lists match on; see the module docstring."""
    folded = text.text
    if not folded.isascii():
        folded = folded.translate(_confusables()).translate(_APOSTROPHES)
    if _LEET_HINT.search(folded):
        folded = _LEET_TOKEN.sub(_unleet, folded)
    deletions: list[tuple[int, int]] = []
    if _SPACED_HINT.search(folded):
        for match in _SPACED.finditer(folded):
            deletions += _spaced_deletions(match)
    for match in _REPEAT.finditer(folded):
        deletions.append((match.start() + 1, match.end()))
    if _OTHER_SPACE.search(folded):
        # A newline or a tab counts as a space, so that phrases match across line breaks.
        folded = _OTHER_SPACE.sub(" ", folded)
    deletions += [(match.start() + 1, match.end()) for match in _SPACES.finditer(folded)]
    view = TextView(text, folded) if not deletions else _delete(text, folded, deletions)
    if "4" in text.text and view.text != text.text:
        alternate = _swedish_fours(view)
        if alternate != view.text:
            return TextView(view.base, view.text, view.kept, (alternate,))
    return view


def _swedish_fours(view: TextView) -> str:
    base = view.base.text
    kept = view.kept if view.kept is not None else range(len(view.text))
    return "".join(
        "ä" if base[index] == "4" and char == "a" else char
        for char, index in zip(view.text, kept, strict=True)
    )


def _spaced_deletions(match: re.Match[str]) -> list[tuple[int, int]]:
    # "j a g  v e t": one separator joins letters, a wider gap separates words.
    region, offset = match.group(), match.start()
    wide = [(gap.start() + 1, gap.end()) for gap in _GAP.finditer(region)]
    keep = {start - 1 for start, _ in wide}
    return [
        (offset + index, offset + index + 1)
        for index, char in enumerate(region)
        if not char.isalpha() and index not in keep
    ]


def _unleet(match: re.Match[str]) -> str:
    token = match.group()
    if not any(char.isalpha() for char in token) or token.isalpha():
        return token
    if token.startswith("@") and not token.startswith("@ss"):
        # A mention ("@anna"), not a letter; "@ss" is the one common word that starts so.
        return "@" + token[1:].translate(_LEET)
    return token.translate(_LEET)


def _delete(base: NormalizedText, folded: str, deletions: list[tuple[int, int]]) -> TextView:
    removed = bytearray(len(folded))
    for start, end in deletions:
        removed[start:end] = b"\x01" * (end - start)
    kept = tuple(index for index, flag in enumerate(removed) if not flag)
    return TextView(base, "".join(folded[index] for index in kept), kept)


def digit_view(text: NormalizedText) -> TextView:
    """The view that phone numbers match on: "O7O" reads "070"."""
    if not _DIGIT_HINT.search(text.text):
        return TextView(text, text.text)
    return TextView(text, _DIGITISH.sub(lambda m: m.group().translate(_AS_DIGITS), text.text))
