"""Text → hashed feature indices for the local model: words, word pairs, the language, and the
character n-grams of each word.

Everything is hashed into ``2**bits`` columns with CRC-32 (stable across processes and
machines, unlike Python's ``hash``), so the model needs no vocabulary and an unseen word still
shares n-grams with seen ones ("idioterna" with "idiot", "skitväg" with "skit"). The n-grams of
a word are computed once per process and kept (``_word_columns``), which is what makes scoring
fast: ordinary text repeats its words.

Features of one text (counts; the model weighs them ``(1 + log count) · idf`` and scales the
row to unit length):

- ``w``: each word (lower case, NFKC, letters and digits), and the same word tagged with the
  language (``l``), so that "slut" in Swedish and in English can weigh differently;
- ``b``: each pair of neighbouring words;
- ``c``: the character 3-, 4- and 5-grams of each distinct word, padded as ``<word>``;
- ``lang``: one column for the language (``sv``, ``en``, or ``*`` for any other).
"""

from __future__ import annotations

import re
import unicodedata
import zlib
from collections.abc import Sequence

import numpy as np
import numpy.typing as npt

__all__ = ["DEFAULT_BITS", "Featurizer", "lang_key"]

DEFAULT_BITS = 18
_WORD = re.compile(r"[^\W_]+")
_GRAMS = (3, 4, 5)
#: Distinct words whose columns are kept per process before the cache starts over.
_CACHE_WORDS = 200_000
#: Words of one text that count (about 50 KB of text); the rest is not read.
_MAX_WORDS = 8_000

IntArray = npt.NDArray[np.int64]


def lang_key(lang: str | None) -> str:
    """The language as the model knows it: ``sv``, ``en`` or ``*``."""
    return lang if lang in ("sv", "en") else "*"


def _crc(text: str) -> int:
    return zlib.crc32(text.encode("utf-8", "surrogatepass"))


_MIX = 0x9E3779B1  # Knuth's multiplicative hashing constant (2^32 / golden ratio)
_SALTS = {key: zlib.crc32(f"lang {key}".encode()) for key in ("sv", "en", "*")}


class Featurizer:
    """Hashes texts into column indices; ``bits`` fixes the number of columns (``2**bits``)."""

    def __init__(self, bits: int = DEFAULT_BITS) -> None:
        if not 10 <= bits <= 24:
            raise ValueError("bits must be between 10 and 24")
        self.bits = bits
        self.columns = 1 << bits
        self._mask = self.columns - 1
        self._words: dict[str, tuple[int, IntArray]] = {}

    def _word(self, word: str) -> tuple[int, IntArray]:
        """The word's 32-bit hash, and the columns of the word and its n-grams."""
        found = self._words.get(word)
        if found is not None:
            return found
        if len(self._words) >= _CACHE_WORDS:
            self._words.clear()
        padded = f"<{word}>"
        keys = [f"w {word}"]
        keys.extend(
            "c " + padded[i : i + size]
            for size in _GRAMS
            for i in range(max(len(padded) - size + 1, 0))
        )
        hashes = [_crc(key) for key in keys]
        columns = np.fromiter((value & self._mask for value in hashes), np.int64, len(hashes))
        found = (hashes[0], columns)
        self._words[word] = found
        return found

    def _mixed(self, values: IntArray) -> IntArray:
        """Columns for combined hashes (word pairs, language × word)."""
        return ((values * _MIX) & 0xFFFFFFFF) >> (32 - self.bits)

    def words(self, text: str) -> list[str]:
        folded = unicodedata.normalize("NFKC", text).casefold()
        return _WORD.findall(folded)[:_MAX_WORDS]

    def indices(self, text: str, lang: str | None) -> IntArray:
        """The column of every feature of ``text`` (a column appears once per occurrence)."""
        salt = _SALTS[lang_key(lang)]
        found = [self._word(word) for word in self.words(text)]
        hashes = np.fromiter((value for value, _ in found), np.int64, len(found))
        parts = [columns for _, columns in found]
        parts.append(np.array([salt & self._mask], dtype=np.int64))
        parts.append(self._mixed(hashes ^ salt))
        parts.append(self._mixed((hashes[:-1] * 31 + hashes[1:]) & 0xFFFFFFFF))
        return np.concatenate(parts)

    def batch(
        self, texts: Sequence[str], langs: Sequence[str | None]
    ) -> tuple[IntArray, IntArray, IntArray]:
        """Row, column and count arrays of the distinct (text, column) pairs of a batch."""
        parts = [self.indices(text, lang) for text, lang in zip(texts, langs, strict=True)]
        if not parts:
            empty = np.zeros(0, dtype=np.int64)
            return empty, empty, empty
        rows = np.repeat(np.arange(len(parts), dtype=np.int64), [len(part) for part in parts])
        keys, counts = np.unique(rows * self.columns + np.concatenate(parts), return_counts=True)
        return keys // self.columns, keys % self.columns, counts.astype(np.int64)
