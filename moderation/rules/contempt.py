"""LAW-HATE: contempt said of a group (hets mot folkgrupp, BrB 16:8; legal-rules.md §2), the
parts ``lexical.check_hate`` combines:

- ``predicated``: a word of contempt said of something, with a copula or "som" before it and
  only fillers between ("samerna e bara ett gäng bidragstörstande snyltare", "Roma beggars
  are all the same, lazy and dirty"), or closed by "allihop" ("djur allihop"); not after a
  preposition ("flyktingarna är rädda för råttor");
- ``said_of_them``: contempt said of "de", "they" when the sentence before names a group
  ("Somalier har ingenting här att göra. De är som en sjukdom …"), or with a call to expel or
  exterminate them ("Send them all home, de är inte människor utan … parasiter").
"""

from __future__ import annotations

from moderation.analysis import FieldText
from moderation.lexicon import Category, Match
from moderation.rules.wording import words_after

__all__ = ["expelling", "predicated", "said_of_them"]

_PREDICATES = frozenset(
    """är e ä va var vara blir som likt are is be were was like as alla all bara just rena
    these such""".split()  # noqa: SIM905
)
# Words that may stand between the copula and the contempt: articles, quantities, hedges.
_FILLERS = frozenset(
    """en ett ett gäng hop bunt samling massa jävla riktiga rena bara inget annat än a an the
    bunch lot of just nothing but all same and och the real total totalt helt fullständigt
    completely utter simply""".split()  # noqa: SIM905
)
_PREPOSITIONS = frozenset(
    """för på i av med om till från mot hos för att of for on in with about from to at by
    against""".split()  # noqa: SIM905
)
_REACH = 6
_UNKNOWN = 2
_CLOSERS = frozenset({"allihop", "allihopa", "alla", "all", "allesammans"})
_THEM = frozenset({"de", "dom", "they", "them", "these", "those", "dessa", "dem"})


def predicated(field: FieldText, word: Match) -> bool:
    """Said of something: "… är råttor", "… är en pest", "they are a plague", "… e bara ett
    gäng bidragstörstande snyltare", "djur allihop"."""
    if set(words_after(field, word, 1)) & _CLOSERS:
        return True
    before = field.words_before(word.start, _REACH)
    unknown = 0
    for token in reversed(before):
        if token in _PREDICATES:
            return True
        if token in _PREPOSITIONS:
            return False
        if token not in _FILLERS:
            unknown += 1
            if unknown > _UNKNOWN:
                return False
    return False


def said_of_them(field: FieldText, word: Match, groups: list[Match], expelled: bool) -> bool:
    """Contempt predicated of "de"/"they", when the sentence before (or this one) names a
    group, or when the text calls for expelling or exterminating them."""
    before = field.words_before(word.start, _REACH)
    if not set(before) & _THEM or not predicated(field, word):
        return False
    if expelled and word.entry.severity >= 3:
        return True
    sentence = field.sentence_index(word.start)
    return any(
        sentence - 1 <= field.sentence_index(group.start) <= sentence and group.end <= word.start
        for group in groups
    )


def expelling(field: FieldText) -> bool:
    """A call to expel or exterminate in the text ("send them all home", "utrotas")."""
    return any(
        match.entry.term in _EXPEL or match.entry.term.startswith(("utrot", "extermin"))
        for match in field.of(Category.HATE_CONTEMPT)
    )


_EXPEL = frozenset(
    """send them back|send them home|send them all home|skicka hem|skickas hem|borde skickas
    hem|deport them all|deportera alla|borde deporteras|should be deported|ska ut ur
    landet|måste ut ur sverige|ska ut ur sverige|go back to where they came from|wipe them
    out|rensa ut|rensas ut|gas them|gasa|gasas""".replace("\n    ", " ").split("|")
)
