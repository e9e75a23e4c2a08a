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
from bisect import bisect_left
from dataclasses import dataclass
from functools import cache
from importlib import resources

import numpy as np

from moderation.normalize import NormalizedText

__all__ = ["TextView", "byte_classes", "confusables", "digit_view", "letter_view"]


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
    #: Stretches of the view joined from spaced-out single letters ("i d i o t i d i o t" →
    #: "idiotidiot", "a m o r o n" → "amoron"): word lists match anywhere inside them.
    joined: tuple[tuple[int, int], ...] = ()

    def base_span(self, start: int, end: int) -> tuple[int, int]:
        if self.kept is None:
            return start, end
        if start >= end:
            point = self.kept[start] if start < len(self.kept) else len(self.base.text)
            return point, point
        last = self.kept[end - 1]
        stop = last + 1
        # Letters repeated at the end of a match were shortened away ("idiottttt"): the span
        # still covers them, so the moderator sees the word as typed.
        base = self.base.text
        limit = self.kept[end] if end < len(self.kept) else len(base)
        while stop < limit and base[stop] == base[last]:
            stop += 1
        return self.kept[start], stop

    def original_span(self, start: int, end: int) -> tuple[int, int]:
        """The stretch of what the author typed that produced ``text[start:end]``."""
        return self.base.original_span(*self.base_span(start, end))


_APOSTROPHES = str.maketrans("\u2019\u2018\u02bc\u00b4", "'" * 4)
_LEET = str.maketrans("013457@$€!|", "oieastasei" + "i")
# A letter beside a digit or symbol that leetspeak uses: the only texts that need the slow path.

# A word mixing letters with leet characters; symbols count only before a letter, so that
# "idiot!" keeps its exclamation mark and an e-mail address its "@" at the end of a token.
_LEET_SPOT = re.compile(r"[^\W\d_][0-9@$€|]|[^\W\d_]!(?=[^\W\d_])|[0-9@$€!|][^\W\d_]")
# Three or more single letters, each followed by the same separator: "i d i o t",
# "i.d.i.o.t"; with spaces, a wider gap separates words ("j a g  v e t"). One separator
# throughout, so that "a s.l.u.t" keeps its article apart.
_SPACED = re.compile(
    r"(?<![^\W_])[^\W\d_](?P<sep> ?[.\-_*·•/] ?| )[^\W\d_](?![^\W_])"
    r"(?:(?:(?P=sep)| {2,3})[^\W\d_](?![^\W_]))+"
)
_GAP = re.compile(r" {2,}")
_OTHER_SPACE = re.compile(r"[^\S \n]")
_SPACES = re.compile(r" {2,}")
_DIGITISH = re.compile(r"(?<![^\W_])(?=[oli]*[0-9])[0-9oli]*[oli][0-9oli]*(?![^\W_])")
_DIGIT_HINT = re.compile(r"[oli][0-9]|[0-9][oli]")
_AS_DIGITS = str.maketrans("oli", "011")


@cache
def confusables() -> dict[int, str]:
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
    raw = folded.encode("utf-8", "surrogatepass")
    # Each dodge is looked for only when a cheap C-level test says it may be there: a
    # regular-expression scan costs tens of microseconds per kilobyte, these tests one.
    if not raw.isascii():
        if raw.translate(None, _PLAIN_BYTES) or (
            b"\xe2" in raw and any(pair in raw for pair in _LETTERLIKE)
        ):
            folded = folded.translate(confusables())
        if "\u2019" in folded or "\u2018" in folded or "\u02bc" in folded or "\u00b4" in folded:
            folded = folded.translate(_APOSTROPHES)
    classes = raw.translate(_CLASSES)
    fours = False
    # Leetspeak puts digits or symbols inside a word, or a symbol first ("h0ra", "1d107",
    # "4kt4", "@ss", "$hit"), not only at its edge as road names and units do ("E4", "10km").
    if _may_be_leet(classes):
        folded, fours = _unleet_text(folded)
    deletions: list[tuple[int, int]] = []
    regions: list[tuple[int, int]] = []
    if b" a a a" in b" " + classes:
        for match in _SPACED.finditer(folded):
            deletions += _spaced_deletions(match)
            regions.append(match.span())
    deletions += _repeats(folded)
    if "  " in folded:
        # Words spaced wide apart ("vet  var  du  bor") still make a phrase. Line breaks are
        # left alone (a paragraph break is a sentence break), and so are the spaces they make.
        deletions += [(match.start() + 1, match.end()) for match in _SPACES.finditer(folded)]
    if "\n" in folded:
        # A line break inside a sentence is a space ("vet var\ndu bor" is one phrase); a
        # blank line stays, and ends the sentence.
        folded = folded.replace("\n\n", "\x1e\x1e").replace("\n", " ").replace("\x1e", "\n")
    if "\t" in folded or "\r" in folded or "\f" in folded or "\v" in folded:
        folded = _OTHER_SPACE.sub(" ", folded)
    view = TextView(text, folded) if not deletions else _delete(text, folded, deletions)
    if not fours and not regions:
        return view
    alternates = (_swedish_fours(view),) if fours else ()
    return TextView(view.base, view.text, view.kept, alternates, _in_view(view, regions))


def _in_view(view: TextView, regions: list[tuple[int, int]]) -> tuple[tuple[int, int], ...]:
    if view.kept is None:
        return tuple(regions)
    return tuple(
        (bisect_left(view.kept, start), bisect_left(view.kept, end)) for start, end in regions
    )


def _may_be_leet(classes: bytes) -> bool:
    """On ``byte_classes``: a digit between letters, a letter between digits ("1d107",
    "4kt4"), or a symbol first ("@ss"). Plain ``in`` tests: a pattern that starts with a
    letter class would be tried at every letter."""
    # A single byte is found far faster than a pair (memchr): each test is made only when the
    # byte it needs is there.
    if b"!" in classes and b"a!a" in classes:
        return True
    # Every other pattern has a letter beside a digit: most texts have none and stop here.
    if b"0" not in classes or (b"a0" not in classes and b"0a" not in classes):
        return False
    return (
        b"a0a" in classes
        or b"0a0" in classes
        or b"a00a" in classes
        or b"0aa0" in classes
        or b" 0aa" in classes
        or classes.startswith(b"0aa")
    )


def _repeats(folded: str) -> list[tuple[int, int]]:
    """Deletions that shorten runs of three or more of a letter to one ("idiooooot")."""
    runs: list[tuple[int, int]] = []
    if not _has_triple(folded):
        return runs
    for match in _TRIPLE.finditer(folded):
        char = match.group(1)
        if not char.isalpha() or (runs and match.start() < runs[-1][1]):
            continue
        end = match.end()
        while end < len(folded) and folded[end] == char:
            end += 1
        runs.append((match.start() + 1, end))
    return runs


def _has_triple(text: str) -> bool:
    """Whether some character is repeated three times in a row: a quick test in numpy,
    before the regular expression (tens of microseconds per kilobyte) runs."""
    if len(text) < 3:
        return False
    codes = np.frombuffer(text.encode("utf-32-le", "surrogatepass"), dtype=np.uint32)
    return bool(((codes[:-2] == codes[1:-1]) & (codes[1:-1] == codes[2:])).any())


def _byte_classes() -> tuple[bytes, bytes]:
    classes = bytearray(b"#" * 256)
    for byte in range(256):
        char = chr(byte)
        if byte >= 0x80 or char.isalpha():
            classes[byte] = ord("a")  # letters, and every byte of a non-ASCII character
        elif char.isdigit() or char in "@$|":
            classes[byte] = ord("0")
        elif char in " .-_*/\n\t\r":
            classes[byte] = ord(" ")
        elif char == "!":
            classes[byte] = ord("!")
    # UTF-8 bytes of ASCII, Latin letters (lead bytes C3-C5), general punctuation such as
    # dashes and quotes (E2, but see _LETTERLIKE) and continuation bytes: text made only of
    # these holds no look-alike letter from another script.
    plain = bytes(range(0x80)) + bytes(range(0x80, 0xC0)) + bytes((0xC3, 0xC4, 0xC5, 0xE2))
    return bytes(classes), plain


#: Each byte's class for the quick tests: "a" letter, "0" digit or leet symbol, " " space or
#: separator, "!" and "#" other.
_CLASSES, _PLAIN_BYTES = _byte_classes()
_TRIPLE = re.compile(r"(.)\1\1")
_INNER_FOUR = re.compile(r"[^\W\d_]4[^\W\d_]")
#: Letter-like symbols and enclosed letters (U+2100–U+214F, U+2460–U+24FF) in UTF-8.
_LETTERLIKE = (b"\xe2\x84", b"\xe2\x85", b"\xe2\x91", b"\xe2\x92", b"\xe2\x93")


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


def _unleet_text(folded: str) -> tuple[str, bool]:
    """Leetspeak read as letters in the words that mix letters with digits or symbols; and
    whether a "4" was read (Swedish writers use it for "ä" as well as "a")."""
    parts: list[str] = []
    position = 0
    fours = False
    for spot in _LEET_SPOT.finditer(folded):
        if spot.start() < position:
            continue
        start, end = spot.start(), spot.end()
        while start > 0 and _in_leet_word(folded, start - 1):
            start -= 1
        while end < len(folded) and _in_leet_word(folded, end):
            end += 1
        token = folded[start:end]
        read = _unleet(token)
        # A "4" between letters may be "ä" ("br4nn"); "e4" is a road.
        fours = fours or (read != token and _INNER_FOUR.search(token) is not None)
        parts += (folded[position:start], read)
        position = end
    if not parts:
        return folded, False
    parts.append(folded[position:])
    return "".join(parts), fours


def _in_leet_word(text: str, index: int) -> bool:
    # Symbols belong to a word only before a letter, so "idiot!" keeps its exclamation mark.
    char = text[index]
    if char.isalnum():
        return True
    return char in "@$€!|" and index + 1 < len(text) and text[index + 1].isalpha()


def _unleet(token: str) -> str:
    if not any(char.isalpha() for char in token) or token.isalpha():
        return token
    if token.startswith("@") and not token.startswith("@ss"):
        # A mention ("@anna"), not a letter; "@ss" is the one common word that starts so.
        return "@" + token[1:].translate(_LEET)
    return token.translate(_LEET)


def _delete(base: NormalizedText, folded: str, deletions: list[tuple[int, int]]) -> TextView:
    pieces: list[str] = []
    kept: list[int] = []
    position = 0
    for start, end in sorted(deletions):
        if start > position:
            pieces.append(folded[position:start])
            kept.extend(range(position, start))
        position = max(position, end)
    pieces.append(folded[position:])
    kept.extend(range(position, len(folded)))
    return TextView(base, "".join(pieces), tuple(kept))


def byte_classes(text: str) -> bytes:
    """One byte per UTF-8 byte of ``text``: "a" letter, "0" digit (or "@$|"), " " space or
    separator, "!" and "#" other. Searching these with ``in`` or a bytes pattern is a fast,
    approximate first test before a slow Unicode pattern runs on the text itself."""
    return text.encode("utf-8", "surrogatepass").translate(_CLASSES)


def digit_view(text: NormalizedText) -> TextView:
    """The view that phone numbers match on: "O7O" reads "070"."""
    classes = text.text.encode("utf-8", "surrogatepass").translate(_CLASSES)
    if (b"a0" not in classes and b"0a" not in classes) or not _DIGIT_HINT.search(text.text):
        return TextView(text, text.text)
    return TextView(text, _DIGITISH.sub(lambda m: m.group().translate(_AS_DIGITS), text.text))
