"""Which language an item is in, when the caller does not say (py3langid, offline).

Only the language decides which word lists' ``local`` entries apply and which classifier
thresholds are used, so a wrong guess costs little; short texts that py3langid cannot place
with confidence get ``None`` (all word lists, the stricter thresholds).

Speed: py3langid counts its byte n-gram features by walking its automaton one byte at a time
in Python (~50 µs for the 400 bytes read, half the cost of detecting a language). A caller
with many texts at hand (``inspel moderation check``) calls ``prefetch`` first: it walks all of
them at once, one numpy step per byte position, and keeps the counts, which
``detect_language`` then uses instead of walking again. The counts are the same, in the same
order, so the language and its confidence are too, bit for bit.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from functools import cache
from itertools import islice
from typing import Any

import numpy as np
from py3langid.langid import MODEL_FILE, RAW_FLOOR, LanguageIdentifier

__all__ = ["detect_language", "normalize_language", "prefetch"]

# Swedish, English and the languages most often confused with Swedish or written here.
_CANDIDATES = ["sv", "en", "no", "da", "fi", "de", "nn", "es", "fr", "ar", "so", "fa"]
_MIN_CONFIDENCE = 0.8
_MIN_LETTERS = 12
_SAMPLE = 400
_MIN_BATCH = 16


def normalize_language(lang: str | None) -> str | None:
    """ "sv-SE", "SV", "en_GB" → "sv", "en"; empty → ``None``."""
    if not lang:
        return None
    code = lang.strip().lower().replace("_", "-").split("-")[0]
    return code or None


def detect_language(text: str) -> str | None:
    """The language of ``text`` from its first few hundred characters (enough for the
    identifier, and its cost grows with the length), or ``None`` when unsure."""
    sample = _sample(text)
    if sample is None:
        return None
    lang, confidence = _identifier().classify(sample)
    return str(lang) if confidence >= _MIN_CONFIDENCE else None


def prefetch(texts: Sequence[str]) -> None:
    """Walk the identifier's automaton over many texts at once, so that ``detect_language``
    on each of them afterwards skips its own walk. Only the last call's texts are kept."""
    identifier = _identifier()
    samples = {identifier._encode(sample) for sample in map(_sample, texts) if sample}
    # One numpy step per byte costs as much for one text as for hundreds: walking a few
    # texts this way is slower than walking each in Python.
    batched = len(samples) >= _MIN_BATCH
    identifier.walked = identifier.walk(sorted(samples)) if batched else {}


def _sample(text: str) -> str | None:
    """What the identifier reads: the first characters, if at least _MIN_LETTERS of the
    first 200 are letters (counted in C, and only until there are enough)."""
    sample = text[:_SAMPLE]
    if len(list(islice(filter(str.isalpha, sample[:200]), _MIN_LETTERS))) < _MIN_LETTERS:
        return None
    return sample


class _Identifier(LanguageIdentifier):  # type: ignore[misc]
    """py3langid's identifier, which can walk many texts at once (``walk``) and then use the
    counts of a text already walked."""

    __slots__ = ("_arrays", "walked")

    def _raw_score(self, text: bytes) -> Any:
        walked = getattr(self, "walked", None)
        visits = walked.get(text, _NOT_WALKED) if walked else _NOT_WALKED
        if visits is _NOT_WALKED:
            visits = self._visit_counts(text)
        # py3langid's own _raw_score after its walk.
        if visits:
            return self._sparse_score(visits, self.nb_ptc)
        fill = 0.0 if self._norm_probs else RAW_FLOOR
        return np.full(len(self.nb_classes), fill, dtype=np.float32)

    def _visit_counts(self, text: bytes) -> Counter[int] | None:
        """py3langid's ``visit_counts``, a word at a time: the walk over a word (with the
        space after it) from a given state always ends in the same state with the same
        features, so each (state, word) is walked once and then looked up."""
        memo = _WORD_WALKS
        if len(memo) > _MOST_WORD_WALKS:
            memo.clear()
        moves, rows, outputs = self.tk_nextmove, self._rowbase, self.tk_output
        state = 0
        features: list[int] = []
        words = text.split(b" ")
        last = len(words) - 1
        for index, word in enumerate(words):
            key = (state, word if index == last else word + b" ")
            walked = memo.get(key)
            if walked is None:
                found: list[int] = []
                for letter in key[1]:
                    state = moves[rows[state] + letter]
                    feature = outputs[state]
                    if feature >= 0:
                        found.append(feature)
                walked = memo[key] = (state, tuple(found))
            state = walked[0]
            features += walked[1]
        return Counter(features) if features else None

    def walk(self, encoded: Sequence[bytes]) -> dict[bytes, Counter[int] | None]:
        """py3langid's ``visit_counts`` of each text: the features of the states the walk
        visits, counted in the order of their first visit; ``None`` for none."""
        if not hasattr(self, "_arrays"):
            self._arrays = (
                np.frombuffer(self.tk_nextmove, dtype=np.uint32).astype(np.int64),
                np.asarray(self._rowbase, dtype=np.int64),
                np.asarray(self.tk_output, dtype=np.int64),
            )
        moves, rows, outputs = self._arrays
        lengths = [len(text) for text in encoded]
        columns = np.zeros((max(lengths), len(encoded)), dtype=np.int64)
        for index, text in enumerate(encoded):
            columns[: len(text), index] = np.frombuffer(text, dtype=np.uint8)
        # Every text one byte further per step; after its end a text walks on over zeros,
        # which are cut off below.
        states = np.empty_like(columns)
        state = np.zeros(len(encoded), dtype=np.int64)
        for position, column in enumerate(columns):
            state = moves[rows[state] + column]
            states[position] = state
        features = outputs[states].T
        walked: dict[bytes, Counter[int] | None] = {}
        for text, length, row in zip(encoded, lengths, features, strict=True):
            found = row[:length]
            found = found[found >= 0]
            walked[text] = Counter(found.tolist()) if len(found) else None
        return walked


_NOT_WALKED = object()
#: (state, word) → (state after it, its features), shared by every text (``_visit_counts``).
_WORD_WALKS: dict[tuple[int, bytes], tuple[int, tuple[int, ...]]] = {}
#: About 300 bytes each: at most some 15 MB, then it starts again.
_MOST_WORD_WALKS = 50_000


@cache
def _identifier() -> _Identifier:
    from py3langid import langid

    identifier: _Identifier = _Identifier.from_modelpath(
        langid.MODEL_DIR / MODEL_FILE, norm_probs=True
    )
    identifier.set_languages(_CANDIDATES)
    return identifier
