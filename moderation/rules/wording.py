"""Words and spans for the word-list rules (``lexical``, ``threats``): what stands before or
after a match, whether it is negated, quoted or told, which matches are within reach, and
how evidence becomes one finding."""

from __future__ import annotations

import re

from moderation.analysis import FieldText
from moderation.lexicon import Match
from moderation.rules.base import Finding

__all__ = [
    "ARTICLES",
    "CAPITALISED",
    "DETERMINERS_AFTER",
    "NEGATIONS",
    "NEXT_WORD",
    "PARTICLES",
    "SENTENCE_WORDS",
    "Evidence",
    "condemned",
    "condemning",
    "finding",
    "in_reach",
    "joined",
    "joined_spans",
    "negated",
    "not_its_object",
    "per_span",
    "told",
    "word_after",
    "word_before",
    "words_after",
]


Evidence = list[tuple[tuple[int, int], int]]
NEXT_WORD = re.compile(r"\s+([^\W_][\w'’-]{0,40})")
ARTICLES = frozenset({"a", "an", "en", "ett"})
DETERMINERS_AFTER = ARTICLES | {"the", "this", "that", "some", "den", "det", "de", "lite"}
PARTICLES = frozenset({"upp", "fram", "till", "över", "up", "off", "med", "ut", "along", "out"})
NEGATIONS = frozenset(
    {
        "inte",
        "ej",
        "aldrig",
        "ingen",
        "inget",
        "inga",
        "sluta",
        "slutar",
        "not",
        "never",
        "no",
        "stop",
        "don't",
        "didn't",
        "isn't",
        "aren't",
        "alls",
    }
)
CAPITALISED = re.compile(r"[A-ZÅÄÖÉÜ][a-zåäöéü]+(?:-[A-ZÅÄÖÉÜ][a-zåäöéü]+)?")


def words_after(field: FieldText, match: Match, count: int) -> list[str]:
    words = []
    position = match.end
    for _ in range(count):
        found = NEXT_WORD.match(field.letters.text, position)
        if found is None:
            break
        words.append(found.group(1))
        position = found.end()
    return words


def per_span(field: FieldText, matches: list[Match]) -> Evidence:
    """One piece of evidence per stretch of text: a word that two entries match (the entry
    and an inflected shorter one) counts once, at its highest severity."""
    best: dict[tuple[int, int], int] = {}
    for match in matches:
        span = field.span(match)
        best[span] = max(best.get(span, 0), match.entry.severity)
    return list(best.items())


def negated(field: FieldText, match: Match) -> bool:
    return any(word in NEGATIONS for word in field.words_before(match.start, 2))


def word_before(field: FieldText, match: Match) -> str:
    words = field.words_before(match.start, 1)
    return words[0] if words else ""


def word_after(field: FieldText, match: Match) -> str:
    found = NEXT_WORD.match(field.letters.text, match.end)
    return found.group(1) if found else ""


def condemned(field: FieldText, match: Match, reported: frozenset[int]) -> bool:
    """Quoted, or in a sentence that reports or condemns it ("kallade mig …", "rasistiskt");
    ``reported`` holds the sentences (``FieldText.sentence_index``) with such words."""
    return field.sentence_index(match.start) in reported or field.quoted(match)


def told(field: FieldText, match: Match, reported: list[Match]) -> bool:
    """Quoted, or told by a reporting word before it in its sentence ("fick ett mejl där det
    stod …", "he wrote that …"); "slår jag ihjäl den som skrev förslaget" is not told."""
    if field.quoted(match):
        return True
    sentence = field.sentence_index(match.start)
    return any(
        word.end <= match.start
        and field.sentence_index(word.start) == sentence
        # "det sista du skrev om vargen, du kommer att få en kula": what the reader wrote is
        # the occasion of the threat, not a report of it.
        and word_before(field, word) not in _READER
        for word in in_reach(reported, match, SENTENCE_WORDS)
    )


_READER = frozenset({"du", "ni", "you"})


# Characters per word, generously (as ``analysis``): matches farther apart than this many
# characters per word of reach cannot be near, so long texts stay linear.
_CHARS_PER_WORD = 30
SENTENCE_WORDS = 60


def in_reach(matches: list[Match], match: Match, words: int) -> list[Match]:
    """The matches close enough in characters to be within ``words`` words of ``match``."""
    reach = (words + 2) * _CHARS_PER_WORD
    return [m for m in matches if m.start <= match.end + reach and m.end >= match.start - reach]


def joined_spans(a: tuple[int, int], b: tuple[int, int]) -> tuple[int, int]:
    return min(a[0], b[0]), max(a[1], b[1])


def joined(field: FieldText, first: Match, second: Match) -> tuple[int, int]:
    a, b = field.span(first), field.span(second)
    return min(a[0], b[0]), max(a[1], b[1])


def finding(evidence: Evidence, *, total: bool) -> Finding | None:
    """One finding from all evidence: the score is the sum of severities (``total``: how much
    profanity) or the worst one (how bad the worst threat is)."""
    if not evidence:
        return None
    severities = [severity for _, severity in evidence]
    score = sum(severities) if total else max(severities)
    spans = tuple(sorted(dict.fromkeys(span for span, _ in evidence)))
    return Finding(spans=spans, score=float(score))


# "Kill the engine before you refuel", "burns the midnight oil": the verb has an object of
# its own before the reader.
_OWN_OBJECT = frozenset({"the", "a", "an", "this", "that", "its", "the midnight"})


def not_its_object(
    field: FieldText,
    verb: Match,
    target: Match,
    *,
    consequence: frozenset[str],
    first: frozenset[str],
) -> bool:
    """Whether the target after a violent verb is not its object: the verb has an object of
    its own ("kill the engine before you …"), or the target stands in a consequence ("the
    smoke will kill you slowly if you live near the mine"; not "I'll kill you if …")."""
    if word_after(field, verb) in _OWN_OBJECT and (
        field.letters.text[target.start : target.end] in {"you", "u", "ya", "dig"}
    ):
        return True
    between = field.letters.text[verb.end : target.start].split()
    if set(between) & consequence:
        return True  # "kill you slowly if you live here": the second "you" is another clause
    if not set(words_after(field, target, 2)) & consequence:
        return False
    return not set(field.words_before(verb.start, 4)) & first


_CONDEMNING = re.compile(
    r"(?<![^\W_])(?:nedsättande|kodord|rasistisk\w*|hatisk\w*|anmäl\w*|derogatory|racist|"
    r"slur|hateful|code word|dog whistle)(?![^\W_])"
)


def condemning(field: FieldText, match: Match) -> bool:
    """A word that condemns what is quoted, in its sentence: "ett känt nedsättande kodord"."""
    start, end = field.sentence_of(*field.span(match))
    return _CONDEMNING.search(field.original.lower(), start, end) is not None
