"""DECENCY-INSULT without an insult word: the reader's wits compared to a thing.

"Du e ju dummer än en rentjur i brunsten", "du är ungefär lika snabb i huvudet som
bredbandet i Fredrika", "en hjärna i klass med en snöskyffel", "you're dumber than a bag of
rocks", "as sharp as a bowling ball": a comparison whose point is that the person is slow.
It is an attack when aimed at the reader ("du", "you") in the same sentence; said of a
thing ("bussen är långsammare än tåget") or as praise ("lika smart som sin mamma") it is
not one of these shapes. Gated by literal anchors: most texts run no pattern.
"""

from __future__ import annotations

import re

from moderation.analysis import FieldText
from moderation.lexicon import Category
from moderation.rules.wording import Evidence

__all__ = ["wits_compared"]

_B, _E = r"(?<![^\W_])", r"(?![^\W_])"
_ANCHORS = ("dummare", "dummer", "dumare", "i huvudet", "i skallen", "i knoppen", "i klass med")
_ANCHORS_EN = ("dumber than", "thicker than", "as sharp as", "as bright as", "in the head")
_COMPARED = re.compile(
    # Slower-witted than a thing: "dummare än en rentjur", "dumber than a bag of rocks".
    rf"{_B}(?:dummare|dummer|dumare|korkadare|trögare|dumber|thicker)\s+(?:än|than)\s+"
    rf"(?:en|ett|a|an|the)\s+[^\W\d_]+"
    # As quick in the head as something: "lika snabb i huvudet som bredbandet".
    rf"|{_B}(?:lika|ungefär lika|about as|as)\s+(?:snabb|kvick|vass|skarp|smart|klok|begåvad"
    rf"|quick|sharp|bright|smart)\s+(?:i huvudet|i skallen|i knoppen|in the head)\s+(?:som|as)"
    rf"{_E}"
    # "en hjärna i klass med en snöskyffel", "as sharp as a bowling ball".
    rf"|{_B}(?:hjärna|intelligens|iq|intellekt)\s+i klass med\s+(?:en|ett)\s+[^\W\d_]+"
    rf"|{_B}as\s+(?:sharp|bright)\s+as\s+a\s+(?:bowling ball|marble|brick|spoon|rock|potato"
    rf"|plank|sack of)"
)
# The reader or a person in the same sentence.
_SEVERITY = 2


def wits_compared(field: FieldText) -> Evidence:
    text = field.letters.text
    if not any(anchor in text for anchor in (*_ANCHORS, *_ANCHORS_EN)):
        return []
    matches = list(_COMPARED.finditer(text))
    if not matches:
        return []
    aimed = field.of(Category.SECOND_PERSON, Category.FIRST_NAME)
    evidence: Evidence = []
    for match in matches:
        start, end = field.letters.original_span(*match.span())
        low, high = field.sentence_of(start, end)
        if any(low <= field.span(person)[0] < high for person in aimed):
            evidence.append(((start, end), _SEVERITY))
    return evidence
