"""LAW-DEFAMATION: an accusation of a crime or disgraceful conduct, told as fact, about an
identifiable person: a name, or a role with a place (SPEC §3; legal-rules.md §2, BrB 5:1).
``people.people_by_role`` finds the people; "han"/"she" in the next sentence carries the
person on. Questions, denials, the victim's passive form and someone else's crime stay clean
(issue 16).
"""

from __future__ import annotations

import re

from moderation.analysis import FieldText
from moderation.lexicon import Category, Match
from moderation.rules.base import Finding
from moderation.rules.conduct import ANYONE, conduct, innuendo_of_posts
from moderation.rules.insinuation import constructed, framed_sentences, innuendo
from moderation.rules.misconduct import misconduct, vehicle_runs_full
from moderation.rules.people import people_by_role, roles_of_bodies
from moderation.rules.wording import Evidence, condemned, finding, joined
from moderation.types import PolicyContext

__all__ = ["check_defamation"]

_ACCUSATION_REACH = 16


def check_defamation(field: FieldText, context: PolicyContext) -> Finding | None:
    built = [*constructed(field), *misconduct(field), *conduct(field)]
    accusations = [*field.of(Category.ACCUSATION), *built]
    hints = [*innuendo(field), *innuendo_of_posts(field)]
    if not accusations and not hints:
        return None
    # "Alla i byn vet att …", "I'm not saying … but", "bara undrar": a rumour told as
    # knowledge, a question that is none; there innuendo accuses too ("pengarna försvann").
    framed = framed_sentences(field)
    accusations += [hint for hint in hints if field.sentence_index(hint.start) in framed]
    if not accusations:
        return None
    people = [*field.of(Category.PERSON), *people_by_role(field), *roles_of_bodies(field)]
    # "a woman called Lisa Åberg" names someone; it does not report what was called; "skrev
    # ut narkotika" prescribes, it does not write.
    reported = field.sentences_of(
        word
        for word in field.of(Category.REPORTED)
        if not any(p.start <= word.start < p.end for p in [*people, *built])
    )
    evidence: Evidence = []
    for accusation in accusations:
        rumour = field.sentence_index(accusation.start) in framed
        if (not rumour and condemned(field, accusation, reported)) or _not_an_accusation(
            field, accusation, rumour=rumour
        ):
            continue
        for person in people:
            if (
                field.near(person, accusation, words=_ACCUSATION_REACH)
                or _said_of_them(field, person, accusation)
                or (rumour and _pointed_at(field, person, accusation))
                or _across_soft_ends(field, person, accusation)
            ):
                evidence.append((joined(field, person, accusation), accusation.entry.severity))
                break
    return finding(evidence, total=False)


_VICTIM = frozenset(
    {"blev", "blivit", "blir", "fick", "får", "was", "were", "been", "got", "gets", "get"}
)
_SOMEONE_ELSES = frozenset({"hennes", "hans", "deras", "her", "his", "their", "its"})
_DENIAL = re.compile(
    r"(?<![^\W_])(?:är en lögn|är inte sant|stämmer inte|är påhittat|is a lie|is not true|"
    r"isn't true|is false|is made up|är osant)(?![^\W_])"
)


def _not_an_accusation(field: FieldText, accusation: Match, *, rumour: bool) -> bool:
    """Questions ("Vem tror att Lisa Forsberg har tagit mutor?"), denials ("the claim that
    she takes bribes is a lie"), the victim ("fick sin bil stulen", "was robbed") and someone
    else's crime ("hennes mördare") accuse no one. A ``rumour`` (a sentence a frame reaches,
    ``insinuation.framed_sentences``) asks no question: "är det inte hon som … ? Bara undrar"."""
    text = field.letters.text
    end = text.find("?", accusation.end)
    stop = min((i for i in (text.find(c, accusation.end) for c in ".!\n") if i >= 0), default=-1)
    if end >= 0 and (stop < 0 or end < stop) and not rumour:
        return True
    sentence_end = stop if stop >= 0 else len(text)
    start = text.rfind(".", 0, accusation.start) + 1
    if _DENIAL.search(text, start, sentence_end):
        return True
    before = field.words_before(accusation.start, 2)
    if (before and before[-1] in _SOMEONE_ELSES) or tuple(before) in ANYONE:
        return True
    found = text[accusation.start : accusation.end]
    participle = found != accusation.entry.term and not found.startswith(("döm", "convict"))
    # "fick sin bil stulen", "was robbed", "har blivit bestulen".
    if vehicle_runs_full(field, accusation):
        return True
    return participle and bool(set(field.words_before(accusation.start, 4)) & _VICTIM)


_RUMOUR_REACH = 300


def _pointed_at(field: FieldText, person: Match, accusation: Match) -> bool:
    """In a rumour the person may stand farther off, before a description ("en viss
    sjuksköterska på akuten, blond, kör röd Volvo, … har … ") or an aside between dashes
    ("Ordföranden – ni vet vem jag menar – är dömd …")."""
    if not person.end <= accusation.start <= person.end + _RUMOUR_REACH:
        return False
    # "…" or "?!" ends one sentence, not three.
    between = field.letters.text[person.end : accusation.start]
    return len(_ENDS.findall(between)) <= _SENTENCES_BACK


_ENDS = re.compile(r"(?:(?:[.!?;:\n]|\s[-–—]\s)\s*)+")
_SENTENCES_BACK = 2
# What ends a sentence for a reader: not the stop in "22.10" or the colon in "20:an".
_HARD_END = re.compile(r"[!?;\n]|(?<!\d)\.|\.(?!\d)")
_SOFT_REACH = 160


def _across_soft_ends(field: FieldText, person: Match, accusation: Match) -> bool:
    """The person and the accusation in one sentence that the letter view splits at a time
    or a line number ("Busschauffören på 20:an i går 22.10 … körde rattfull")."""
    if not person.end <= accusation.start <= person.end + _SOFT_REACH:
        return False
    if field.sentence_index(person.start) == field.sentence_index(accusation.start):
        return False
    return _HARD_END.search(field.letters.text, person.end, accusation.start) is None


_HE_OR_SHE = frozenset(
    {
        "han",
        "hon",
        "hen",
        "he",
        "she",
        "he's",
        "she's",
        "hes",
        "shes",
        "him",
        "her",
        "honom",
        "henne",
        "henom",
    }
)


def _said_of_them(field: FieldText, person: Match, accusation: Match) -> bool:
    """The accusation said of "han", "she" in the sentence after the one naming the person:
    "… Olle Granström, bribed the officers. He's a crook.", "Hon var full på jobbet"."""
    sentence = field.sentence_index(accusation.start)
    if field.sentence_index(person.start) != sentence - 1:
        return False
    return bool(set(field.words_before(accusation.start, 4)) & _HE_OR_SHE)
