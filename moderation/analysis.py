"""What a rule check sees: one field of an item, normalised, with its views and word-list
matches computed once, on first use, and shared by every rule.

Positions: ``FieldText.text`` is the normalised text (digits as typed); ``letters`` and
``digits`` are the views of ``moderation.views``; lexicon matches are positions in
``letters``. Rules report spans in the *original* text (``Finding.spans``), so each helper
here that finds something also says where it is in what the author typed.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections.abc import Iterable, Sequence
from functools import cached_property

from moderation.lexicon import CONTEXT, Category, Match, lexicon_for
from moderation.normalize import NormalizedText
from moderation.types import LexiconOverrides, TextField
from moderation.views import TextView, byte_classes, digit_view, letter_view

__all__ = ["FieldText"]

_WORD = re.compile(r"[^\W_]+(?:['’-][^\W_]+)*")
# One word read at a known start, at most as long as any word a rule looks for, so that a
# text that is one enormous "word" is not read again for every match in it.
_WORD_AT = re.compile(r"[^\W_]{1,40}(?:['’-][^\W_]{1,40})?")
# A full stop after a lone letter is an initial ("Johan E. at the health centre"), not an end.
# The first character is read as one class and the branches look behind at it, so that the
# scan skips in C to the next candidate (the class is the pattern's prefix; a branch of
# classes has none). The matches are those of
# ``\.(?<![\s(][^\W\d_]\.)|[!?;:\n]|\s[-–—]\s|\.(?<=^[^\W\d_]\.)``, span for span.
_SENTENCE_END = re.compile(
    r"[.!?;:\s](?:(?<=\.)(?<![\s(][^\W\d_]\.)|(?<=[!?;:\n])|(?<=\s)[-–—]\s|(?<=\.)(?<=^[^\W\d_]\.))"
)
_NOT_DIGITS = bytes(byte for byte in range(256) if not 0x30 <= byte <= 0x39)
#: Characters per word, generously, for the cheap reach test before counting words.
_LONGEST_WORD = 30
_QUOTES = "\"“”„«»'‘’"
_QUOTED = re.compile(
    r"[\"“”„«»]([^\"“”„«»\n]{1,80})[\"“”„«»]|(?<!\w)['‘’]([^'‘’\n]{1,60})['‘’](?!\w)"
)


_NONE: list[Match] = []


def _grouped(matches: Iterable[Match]) -> dict[Category, list[Match]]:
    grouped: dict[Category, list[Match]] = {}
    for match in matches:
        grouped.setdefault(match.entry.category, []).append(match)
    return grouped


class FieldText:
    """One field (title or body) of an item, ready for the rules; see the module docstring."""

    __slots__ = ("__dict__", "field", "lang", "overrides", "text")

    def __init__(
        self,
        field: TextField,
        text: NormalizedText,
        lang: str | None,
        overrides: LexiconOverrides | None = None,
    ) -> None:
        self.field = field
        self.text = text
        self.lang = lang
        #: An admin's word-list additions and exceptions (``PolicySettings``).
        self.overrides = overrides

    @property
    def original(self) -> str:
        return self.text.original

    @cached_property
    def letters(self) -> TextView:
        return letter_view(self.text)

    @cached_property
    def digits(self) -> TextView:
        return digit_view(self.text)

    @cached_property
    def matches(self) -> tuple[Match, ...]:
        """Word-list matches of the evidence categories (``lexicon.CONTEXT`` ones come on
        demand, through ``of``)."""
        return self._matches(context=False)

    @cached_property
    def context_matches(self) -> tuple[Match, ...]:
        return self._matches(context=True)

    def _matches(self, *, context: bool) -> tuple[Match, ...]:
        lexicon = lexicon_for(self.lang, self.overrides)
        view = self.letters
        found = list(lexicon.matches(view.text, view.joined, context=context))
        for alternate in view.alternates:
            seen = {(m.start, m.end, m.entry) for m in found}
            found += [
                m
                for m in lexicon.matches(alternate, view.joined, context=context)
                if (m.start, m.end, m.entry) not in seen
            ]
        if any(m.compound for m in found):
            found = [m for m in found if not m.compound or not self._proper_noun(m)]
        return tuple(found)

    def _proper_noun(self, match: Match) -> bool:
        """A capitalised word inside a sentence is a name, not a compound: "Kukkola",
        "Skitvattnet" (places)."""
        start, _ = self.span(match)
        if not self.original[start : start + 1].isupper():
            return False
        before = self.original[max(0, start - 3) : start].rstrip()
        return bool(before) and before[-1] not in ".!?:\n\"'»”“"

    @cached_property
    def _by_category(self) -> dict[Category, list[Match]]:
        return _grouped(self.matches)

    @cached_property
    def _context_by_category(self) -> dict[Category, list[Match]]:
        return _grouped(self.context_matches)

    def of(self, *categories: Category) -> list[Match]:
        """The matches of these categories, in text order. The list is shared: do not
        change it."""
        if len(categories) == 1:
            (category,) = categories
            grouped = self._context_by_category if category in CONTEXT else self._by_category
            return grouped.get(category, _NONE)
        found = [match for category in categories for match in self.of(category)]
        return sorted(found, key=lambda match: match.start)

    def span(self, match: Match) -> tuple[int, int]:
        """Where a match is in the original text."""
        return self.letters.original_span(match.start, match.end)

    @cached_property
    def classes(self) -> bytes:
        """``views.byte_classes`` of the normalised text, for quick first tests."""
        return byte_classes(self.text.text)

    @cached_property
    def digit_count(self) -> int:
        """How many digits the text has: rules for numbers skip texts with too few."""
        raw = self.text.text.encode("utf-8", "surrogatepass")
        return len(raw.translate(None, _NOT_DIGITS))

    @cached_property
    def _sentence_ends(self) -> list[int]:
        return [found.start() for found in _SENTENCE_END.finditer(self.letters.text)]

    @cached_property
    def _word_starts(self) -> list[int]:
        return [found.start() for found in _WORD.finditer(self.letters.text)]

    def words_before(self, position: int, count: int) -> list[str]:
        """The last ``count`` words of the letter view before ``position``, in order, not
        reaching back past the start of the sentence."""
        starts = self._word_starts
        index = bisect_left(starts, position)
        text = self.letters.text
        sentence = self.sentence_index(position)
        words = []
        for start in starts[max(0, index - count) : index]:
            found = _WORD_AT.match(text, start)
            if found is not None and self.sentence_index(found.end()) == sentence:
                words.append(found.group())
        return words

    def sentence_index(self, position: int) -> int:
        """Which sentence of the letter view a position is in (0, 1, …)."""
        return bisect_right(self._sentence_ends, position - 1)

    def near(self, first: Match, second: Match, *, words: int, ordered: bool = False) -> bool:
        """True when both matches are in one sentence with at most ``words`` words between
        them (``ordered``: and ``second`` comes after ``first``)."""
        if ordered and second.start < first.end:
            return False
        left, right = (first, second) if first.start <= second.start else (second, first)
        if right.start < left.end:
            return True
        ends = self._sentence_ends
        index = bisect_left(ends, left.end)
        if index < len(ends) and ends[index] < right.start:
            return False  # a sentence ends between them
        starts = self._word_starts
        return bisect_left(starts, right.start) - bisect_left(starts, left.end) <= words

    def any_near(
        self, match: Match, others: Sequence[Match], *, words: int, ordered: bool = False
    ) -> bool:
        # Only candidates within reach in characters are tested, so that a long text with
        # many matches stays linear: a word is at least one character and one space.
        reach = (words + 2) * _LONGEST_WORD
        return any(
            other is not match and self.near(match, other, words=words, ordered=ordered)
            for other in others
            if other.start <= match.end + reach and other.end >= match.start - reach
        )

    def sentences_of(self, matches: Iterable[Match]) -> frozenset[int]:
        return frozenset(self.sentence_index(match.start) for match in matches)

    def quoted(self, match: Match) -> bool:
        """True when the match stands inside quotation marks in the original text."""
        start, end = self.span(match)
        original = self.original
        return any(
            quote.start() < start and end < quote.end()
            for quote in _QUOTED.finditer(
                original, max(0, start - 82), min(len(original), end + 82)
            )
        ) or (
            start > 0
            and original[start - 1] in _QUOTES
            and end < len(original)
            and original[end] in _QUOTES
        )

    @cached_property
    def _original_sentence_ends(self) -> list[tuple[int, int]]:
        return [found.span() for found in _SENTENCE_END.finditer(self.original)]

    def sentence_of(self, start: int, end: int) -> tuple[int, int]:
        """The sentence around ``original[start:end]``, in the original text."""
        ends = self._original_sentence_ends
        before = bisect_right(ends, (start, -1)) - 1
        left = ends[before][1] if before >= 0 else 0
        after = bisect_left(ends, (end, -1))
        right = ends[after][0] if after < len(ends) else len(self.original)
        return left, right
