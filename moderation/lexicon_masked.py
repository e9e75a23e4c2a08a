"""Masked dodges: words with letters hidden behind "*", "#", "•" or a dash ("f*n", "j*vla",
"f***ing", "h-vete"), matched against the single words of the ``MASKABLE`` categories."""

from __future__ import annotations

import re
from collections.abc import Iterator

from moderation.categories import Category
from moderation.lexicon_entries import Entry, Match

#: Categories whose words are dodged by hiding letters: "f*n", "j*vla", "f***ing", "idi#t".
MASKABLE = frozenset({Category.PROFANITY, Category.INSULT, Category.SEXUAL, Category.HATE_SLUR})
# A word with one or more masked runs; a dash masks only between letters, within a word of at
# most a few letters each side ("j-a", "f-n", "h-vete"; not "e-post" or "t-bana", which no
# listed word fits anyway).
_MASKED_WORD = re.compile(r"(?<![^\W_])[^\W\d_]{0,12}(?:(?:[*#•]+|-)[^\W\d_]{0,12})+[*#•]*")
# A dash masks the middle of a short word after its first letter or two: "j-a", "f-n",
# "h-vete", "sk-t".
_DASHED_WORD = re.compile(r"(?<![^\W_])[^\W\d_]{1,2}-[^\W\d_]{1,6}(?![^\W_-])")
_MASK_RUN = re.compile(r"[*#•]+|-")
_MIN_MASKED = 3
_MASK_RANK = {Category.PROFANITY: 0, Category.INSULT: 1, Category.SEXUAL: 2, Category.HATE_SLUR: 3}


def _dashed_words(text: str) -> Iterator[re.Match[str]]:
    """``_DASHED_WORD.finditer(text)``, tried only where a dash is: each match holds one
    dash, one or two letters after its start, so the pattern is tried at those two places
    (the earlier first), never before the end of the last match."""
    done = 0
    dash = text.find("-")
    while dash != -1:
        for start in (dash - 2, dash - 1):
            if start >= done and (found := _DASHED_WORD.match(text, start)) is not None:
                yield found
                done = found.end()
                break
        dash = text.find("-", dash + 1)


def _masked(
    text: str,
    words: dict[str, tuple[tuple[str, Entry], ...]],
    tokens: Iterator[re.Match[str]],
) -> Iterator[Match]:
    for found in tokens:
        token = found.group()
        letters = _MASK_RUN.sub("", token)
        if not letters or len(token) < _MIN_MASKED or not _MASK_RUN.search(token):
            continue
        candidates = words.get(token[0], ())
        if not candidates:
            continue
        # Each masked run stands for one to four letters: "f***ing" is "fucking", "j-a"
        # "jävla"; the word must fit whole.
        pattern = re.compile(
            "".join(
                "[^\\W\\d_]{1,4}" if _MASK_RUN.fullmatch(part) else re.escape(part)
                for part in re.split(r"([*#•]+|-)", token)
                if part
            )
        )
        # The closest fit: "f*n" is "fan", not "flata"; "f***ing" is "fucking".
        fits = [
            (abs(len(word) - len(token)), _MASK_RANK.get(entry.category, 9), index, entry)
            for index, (word, entry) in enumerate(candidates)
            if pattern.fullmatch(word)
        ]
        if fits:
            yield Match(found.start(), found.end(), min(fits)[3])
