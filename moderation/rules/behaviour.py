"""Behaviour rules: SPAM-REPEAT (the same author again) and OFFTOPIC (a weak signal).

Both need more than the text: ``PolicyContext.history`` holds fingerprints of the author's
own recent posts (``fingerprint``), ``PolicyContext.thread_text`` the text of the proposal or
article a reply belongs to. The pipeline stays pure: the caller (the web app, or
``inspel moderation check`` over a stream) gathers them.

SPAM-REPEAT compares fingerprints (letters and digits only, dodges undone, case folded) with
``rapidfuzz``'s normalised Indel similarity, so a copy with a changed word or different
punctuation is still a repeat. The same text from *different* authors is never compared: a
campaign is legitimate participation (legal-rules.md §7.5).

OFFTOPIC is for a human (SPEC §3: "hold (moderator)", "a weak signal at most"). Its clear
constructions, whatever the thread (a private sale ad with its terms, an aside the writer
declares off topic) or about something else than it (a question to the crowd on a private
matter), score ``OFFTOPIC_CLEAR`` and hold for a moderator; the weak signal, a long reply that
shares no content word with its thread, scores ``OFFTOPIC_WEAK``: published, and listed for a
moderator.
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

__all__ = [
    "OFFTOPIC_CLEAR",
    "OFFTOPIC_WEAK",
    "check_offtopic",
    "check_repeat",
    "field_fingerprint",
    "fingerprint",
]

#: Similarity (0–100) from which a post repeats an earlier one of the same author.
REPEAT_SIMILARITY = 85.0
# Short posts are only repeats when identical, and the shortest never: "Håller med om
# allt!" under two proposals is agreement, not spam.
_MIN_NEAR_LENGTH = 40
_MIN_EXACT_LENGTH = 30
_NON_WORD = re.compile(r"[\W_]+")
_CONTENT_WORD = re.compile(r"[^\W\d_]{6,}")
_MIN_CONTENT_WORDS = 12
#: OFFTOPIC's scores: a clear construction holds (the catalogue's review_at), the weak
#: "no shared word stem" signal is advisory.
OFFTOPIC_CLEAR = 1.0
OFFTOPIC_WEAK = 0.5


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
    if field.field is not TextField.BODY:
        return None
    text = field.letters.text
    # What is off topic whatever the thread: a private sale ad, a reply that says so itself.
    # A question to the crowd about something else ("kan någon rekommendera en bra
    # rörmokare?") is off topic when it shares no word with its thread.
    aside = _aside(text)
    if aside is not None and (aside[1] or not _shares_words(text, context.thread_text)):
        return Finding(spans=(field.letters.original_span(*aside[0]),), score=OFFTOPIC_CLEAR)
    if not context.thread_text:
        return None
    words = set(_CONTENT_WORD.findall(text))
    if len(words) < _MIN_CONTENT_WORDS:
        return None
    thread = _thread_words(context.thread_text)
    if len(thread) < _MIN_CONTENT_WORDS or not words.isdisjoint(thread):
        return None
    # A reply in the other language shares no words with its thread, and is on topic.
    if _language(text) != _language(fingerprint(context.thread_text)):
        return None
    if not _stems(words).isdisjoint(_stems(thread)):
        return None
    return Finding(spans=((0, len(field.original)),), score=OFFTOPIC_WEAK)


# A private sale: "Säljer en snöslunga … 9000 kr", "Säljes: vinterdäck, hör av er i pm",
# "Selling my old bike, 500 kr or best offer".
_SALE = re.compile(
    r"(?<![^\W_])(?:säljer|säljes|till salu|köpes|köper gärna|bortskänkes|skänkes|hyr ut"
    r"|for sale|selling|wtb|wts)(?![^\W_])"
)
_SALE_TERMS = re.compile(
    r"(?<![^\W_])(?:\d[\d  .]*\s?(?:kr|kronor|:-|sek|€|euro)|bästa bud|högsta bud|best offer"
    r"|or offer|hör av er|hör av dig|i pm|pm:a|dm me|swish|hämtas|pick ?up|knappt använd"
    r"|barely used|nyskick|like new|fraktas)(?![^\W_])"
)
# The writer says it is off topic: "Off topic kanske men …", "Random question though: …".
_SAID_ASIDE = re.compile(
    r"(?<![^\W_])(?:off[- ]?topic|offtopic|ot:|utanför ämnet|ur ämnet|vid sidan av ämnet"
    r"|helt annan fråga|en annan fråga bara|lite sidospår|random question|unrelated question"
    r"|unrelated,? but|slightly unrelated|apropå ingenting|inte relaterat)(?![^\W_])"
)
# A question to the crowd for a private matter: "Vet någon var man kan lämna in däck?",
# "Does anyone know a good mechanic?", "Kan någon rekommendera en bra rörmokare?".
_ASK_CROWD = re.compile(
    r"(?<![^\W_])(?:(?:vet|känner)\s+(?:någon|nån|ni)\s+(?:en bra|någon bra|nån bra|var man|var jag"
    r"|om en|om (?:det|man)|hur man)|(?:kan|har)\s+(?:någon|nån)\s+(?:rekommendera"
    r"|tipsa om)|(?:är det|finns det)\s+(?:någon|nån)\s+som\s+(?:kan rekommendera|vet var|har sett"
    r"|tittar)|(?:^|(?<=[.!?]\s))(?:någon|nån)\s+som\s+(?:vet om|vet var|kan rekommendera"
    r"|har tips|vill köpa)|(?:does|do|can|could)\s+(?:anyone|anybody|someone)\s+(?:know (?:a good"
    r"|any good|a decent|where i|where to|someone who)|recommend|suggest|have (?:a good|any good"
    r"|a recipe|tips))|(?:^|(?<=[.!?]\s))(?:anyone|anybody)\s+know\s+(?:a good|any good|a decent"
    r"|where)|anyone\s+(?:watching|selling|got a)"
    r"|har (?:någon|nån) sett (?:vilken|en|ett|min|mitt|vår|vårt)|has anyone seen (?:a|my|our)"
    # "Är det nån som vet hur man får bort mögel?", "Har ni sett att Björklöven vann?", "Vem
    # vinner Melodifestivalen tror ni?", "Tycker nån annan att vintern …", "ngn som vill köpa
    # mina skidor?" ("någon som vet hur lång handläggningstiden är" asks the public body).
    r"|(?:är det|finns det)\s+(?:någon|nån|ngn)\s+som\s+vet\s+(?:hur man|var man)"
    r"|(?:^|(?<=[.!?,]\s)|(?<=\w\s))(?:ngn|nån|någon)\s+som\s+(?:vill köpa|vet hur man)"
    r"|har (?:ni|någon|nån|ngn) sett att|(?:vem|vilken|vilket|vilka)\s+[^.!?]{1,60}\s+tror ni"
    r"(?=\s*\?)|tycker (?:nån|någon|ngn) annan att)"
    r"(?![^\W_])"
)


# Literals each construction needs: cheap tests before its pattern runs. A question to the
# crowd is a question.
_SAID_MARKERS = (
    *("topic", "ot:", "ämnet", "annan fråga", "sidospår", "random", "unrelated", "apropå"),
    "relaterat",
)
_SALE_MARKERS = (
    *("sälj", "salu", "köpes", "köper gärna", "skänk", "hyr ut", "sale", "selling", "wtb"),
    "wts",
)
_ASK_MARKERS = (
    *("någon", "nån", "ngn", "anyone", "anybody", "someone", "vet ni", "känner ni"),
    *("sett att", "tror ni"),
)


def _aside(text: str) -> tuple[tuple[int, int], bool] | None:
    """The span of an off-topic construction, and whether it is off topic whatever the
    thread (a sale, a said aside) or only when the thread is about something else."""
    said = _SAID_ASIDE.search(text) if any(m in text for m in _SAID_MARKERS) else None
    if said is not None:
        return said.span(), True
    sale = _SALE.search(text) if any(m in text for m in _SALE_MARKERS) else None
    if sale is not None and _SALE_TERMS.search(text) is not None:
        return sale.span(), True
    asking = "?" in text and any(m in text for m in _ASK_MARKERS)
    asked = _ASK_CROWD.search(text) if asking else None
    return (asked.span(), False) if asked is not None else None


def _shares_words(text: str, thread_text: str | None) -> bool:
    if not thread_text:
        return False
    words = _stems(frozenset(_CONTENT_WORD.findall(text)) | frozenset(_SHORT_WORD.findall(text)))
    thread = _thread_words(thread_text) | frozenset(_SHORT_WORD.findall(fingerprint(thread_text)))
    # One shared word may be the place both are in ("universitetet"): two make a topic.
    return len(words & _stems(thread)) >= _SHARED


_SHORT_WORD = re.compile(r"(?<![^\W\d_])[^\W\d_]{5}(?![^\W\d_])")
_STEM = 5
_SHARED = 2
_SWEDISH = frozenset(
    [
        "och",
        "att",
        "det",
        "som",
        "för",
        "inte",
        "är",
        "jag",
        "på",
        "med",
        "har",
        "till",
        "av",
        "den",
        "de",
        "om",
        "kan",
    ]
)
_ENGLISH = frozenset(
    [
        "the",
        "and",
        "that",
        "for",
        "not",
        "is",
        "of",
        "to",
        "in",
        "it",
        "you",
        "are",
        "this",
        "with",
        "have",
        "be",
    ]
)


def _stems(words: frozenset[str] | set[str]) -> frozenset[str]:
    """Word beginnings, so that inflections and compounds meet: "vårdcentralen",
    "vårdcentralerna"."""
    return frozenset(word[:_STEM] for word in words)


def _language(text: str) -> str:
    words = text.split()
    swedish = sum(word in _SWEDISH for word in words)
    english = sum(word in _ENGLISH for word in words)
    return "sv" if swedish >= english else "en"


# Every reply in a thread has the same thread text: its words are read once.
@lru_cache(maxsize=1024)
def _thread_words(thread_text: str) -> frozenset[str]:
    return frozenset(_CONTENT_WORD.findall(fingerprint(thread_text)))
