"""Behaviour rules: SPAM-REPEAT (the same author again) and OFFTOPIC (a weak signal).

Both need more than the text: ``PolicyContext.history`` holds fingerprints of the author's
own recent posts (``fingerprint``), ``PolicyContext.thread_text`` the text of the proposal or
article a reply belongs to. The pipeline stays pure: the caller (the web app, or
``inspel moderation check`` over a stream) gathers them.

SPAM-REPEAT compares fingerprints (letters and digits only, dodges undone, case folded) with
``rapidfuzz``'s normalised Indel similarity, so a copy with a changed word or different
punctuation is still a repeat. The same text from *different* authors is never compared: a
campaign is legitimate participation (legal-rules.md §7.5).

OFFTOPIC is for a human (SPEC §3: "a weak signal at most"): a long reply that shares no
content word with its thread is listed for a moderator, and published meanwhile.
"""

from __future__ import annotations

import re
from functools import lru_cache

from rapidfuzz import fuzz, process

from moderation.analysis import FieldText
from moderation.normalize import normalize
from moderation.rules.base import Finding
from moderation.types import PolicyContext, TextField
from moderation.views import letter_view

__all__ = ["check_offtopic", "check_repeat", "field_fingerprint", "fingerprint"]

#: Similarity (0–100) from which a post repeats an earlier one of the same author.
REPEAT_SIMILARITY = 85.0
# Short posts are only repeats when identical, and the shortest never: "Håller med om
# allt!" under two proposals is agreement, not spam.
_MIN_NEAR_LENGTH = 40
_MIN_EXACT_LENGTH = 30
_NON_WORD = re.compile(r"[\W_]+")
_CONTENT_WORD = re.compile(r"[^\W\d_]{6,}")
_MIN_CONTENT_WORDS = 12


def fingerprint(body: str) -> str:
    """What SPAM-REPEAT compares: the folded letters and digits of a body, one space apart."""
    return _NON_WORD.sub(" ", letter_view(normalize(body)).text).strip()


def field_fingerprint(field: FieldText) -> str:
    """``fingerprint`` of a prepared body, from its letter view; computed once per field
    (SPAM-REPEAT compares it, the check command keeps it as the author's history)."""
    cached: str | None = field.__dict__.get("_fingerprint")
    if cached is None:
        cached = field.__dict__["_fingerprint"] = _NON_WORD.sub(" ", field.letters.text).strip()
    return cached


def check_repeat(field: FieldText, context: PolicyContext) -> Finding | None:
    if field.field is not TextField.BODY or not context.history:
        return None
    current = field_fingerprint(field)
    if len(current) < _MIN_EXACT_LENGTH:
        return None
    best = _best_similarity(current, context.history)
    if best < REPEAT_SIMILARITY:
        return None
    return Finding(spans=((0, len(field.original)),), score=round(best / 100, 3))


def _best_similarity(current: str, history: tuple[str, ...]) -> float:
    """The highest similarity (0–100) of ``current`` to an earlier post: 100 for a copy,
    else the best ``fuzz.ratio`` from ``REPEAT_SIMILARITY`` up among posts long enough to
    compare (0 below it), found by rapidfuzz in one call with the query's bit masks built
    once."""
    if current in history:
        return 100.0
    if len(current) < _MIN_NEAR_LENGTH:
        return 0.0
    earlier = [post for post in history if len(post) >= _MIN_NEAR_LENGTH]
    found = process.extractOne(current, earlier, scorer=fuzz.ratio, score_cutoff=REPEAT_SIMILARITY)
    return float(found[1]) if found is not None else 0.0


def check_offtopic(field: FieldText, context: PolicyContext) -> Finding | None:
    if field.field is not TextField.BODY or not context.thread_text:
        return None
    words = set(_CONTENT_WORD.findall(field.letters.text))
    if len(words) < _MIN_CONTENT_WORDS:
        return None
    thread = _thread_words(context.thread_text)
    if len(thread) < _MIN_CONTENT_WORDS or not words.isdisjoint(thread):
        return None
    return Finding(spans=((0, len(field.original)),), score=1.0)


# Every reply in a thread has the same thread text: its words are read once.
@lru_cache(maxsize=1024)
def _thread_words(thread_text: str) -> frozenset[str]:
    return frozenset(_CONTENT_WORD.findall(fingerprint(thread_text)))
