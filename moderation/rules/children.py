"""DECENCY-SEXUAL, gravest case: an offer of sexual images of children (barnpornografibrott,
BrB 16:10 a; legal-rules.md, LAW-CSAM). Text can only offer, ask for or point to such
material, so the construction is an offer ("säljer", "byter", "DM me") × images ("bilder",
"pics", "mappen") × nudity ("nakna", "naked") × children ("barn", "young girls", "12-åringar"),
or an offer of the material by name ("säljer barnporr"). Told ("polisen hittade bilder på
nakna barn hos läraren") and negated it stays for the other rules: news and debate about the
crime are lawful. A finding is labelled ``CHILD`` so that the moderator is told to report it to
the police (``reasons.moderator_alerts``).
"""

from __future__ import annotations

import re

from moderation.analysis import FieldText
from moderation.lexicon import Category, Entry, Match
from moderation.rules.base import Finding
from moderation.rules.wording import Evidence, in_reach, joined, negated, told

__all__ = ["CHILD", "abuse_material"]

#: The label of a finding that the moderator must report to the police.
CHILD = "child"
# Words between the parts: "säljer en mapp med bilder på helt nakna 12-åringar".
_REACH = 8
# Children by age: "12-åringar", "13 åriga", "11 y/o", "twelve year olds" are in the lists.
_AGE = re.compile(
    r"(?<![\w-])(?:[1-9]|1[0-7])\s?-?\s?(?:åring\w*|årig\w*|år gamla|y/?o|yo|year[- ]olds?)(?!\w)"
)
_AGE_ENTRY = Entry("age", Category.MINOR, 1, "*")
# The material by name needs no image word: "säljer barnporr".
_BY_NAME = 3
# "had been sharing", "för att ha sålt": what someone did, told.
_PAST = frozenset({"been", "was", "were", "had", "hade", "ha", "för"})


def abuse_material(field: FieldText) -> Finding | None:
    nudity = [*field.of(Category.NUDITY), *field.of(Category.SEXUAL)]
    if not nudity:
        return None
    minors = [*field.of(Category.MINOR), *_ages(field)]
    offers = field.of(Category.OFFER)
    if not offers:
        return None
    reported = field.of(Category.REPORTED)
    images = field.of(Category.IMAGE)
    evidence: Evidence = []
    for word in nudity:
        if told(field, word, reported) or negated(field, word):
            continue
        named = word.entry.category is Category.NUDITY and word.entry.severity >= _BY_NAME
        minor = named or any(
            field.near(word, m, words=_REACH) for m in in_reach(minors, word, _REACH)
        )
        image = named or any(
            field.near(word, i, words=_REACH) for i in in_reach(images, word, _REACH)
        )
        if not (minor and image):
            continue
        sentence = field.sentence_index(word.start)
        offer = next(
            (
                o
                for o in offers
                if abs(field.sentence_index(o.start) - sentence) <= 1
                and not told(field, o, reported)
                and not negated(field, o)
                and not set(field.words_before(o.start, 2)) & _PAST
            ),
            None,
        )
        if offer is not None:
            evidence.append((joined(field, offer, word), 3))
    if not evidence:
        return None
    spans = tuple(sorted(dict.fromkeys(span for span, _ in evidence)))
    return Finding(spans=spans, score=3.0, label=CHILD)


def _ages(field: FieldText) -> list[Match]:
    text = field.letters.text
    if "år" not in text and "y" not in text:
        return []
    return [Match(m.start(), m.end(), _AGE_ENTRY) for m in _AGE.finditer(text)]
