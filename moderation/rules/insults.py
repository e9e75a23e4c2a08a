"""DECENCY-INSULT: a personal attack on another participant (SPEC §3; legal-rules.md §7).

An insult noun ("idiot", "horunge") counts wherever it stands unless negated, quoted or
reported; an adjective that is an insult only when aimed ("dum", "ful", ``person`` flag)
counts beside "du"/"ni" or said of someone ("Kulturchefen är en mupp"). Public roles are not
someone for such words ("Regionrådet är inkompetent" is criticism in role), except for
words about the body and looks ("regionrådet … fet och ful"): a person's looks are no part of
their role, so that is a personal attack whoever it is aimed at.
"""

from __future__ import annotations

import re

from moderation.analysis import FieldText
from moderation.lexicon import Category, Match
from moderation.rules.base import Finding
from moderation.rules.dimwit import wits_compared
from moderation.rules.people import people_by_role
from moderation.rules.wording import Evidence, finding, in_reach, negated
from moderation.types import PolicyContext

__all__ = ["check_insult"]

_INSULT_TARGET_REACH = 4
_PREDICATE_REACH = 12
_COPULAS = frozenset({"är", "e", "ä", "var", "blir", "are", "is", "was", "were", "you're", "youre"})
_REPORTED_REACH = 3
# Words about the body and looks, by their listed lemma.
_LOOKS = frozenset(
    {"fet", "ful", "tjock", "tjockis", "fetto", "äcklig", "ugly", "fat", "fatso", "disgusting"}
)
# How far (characters) the person named in the sentence before may be.
_LOOKS_CHARS = 100
_COORDINATED = re.compile(r"[^\W\d_]+ (?:och|and) $")
_OPENER = re.compile(r"(?:^|[.!?;:\n]|\s[-–—])\s*$")


def check_insult(field: FieldText, context: PolicyContext) -> Finding | None:
    insults = field.of(Category.INSULT)
    # "du e ju dummer än en rentjur": the reader's wits compared to a thing.
    compared = wits_compared(field)
    if not insults:
        return finding(compared, total=False)
    reported = field.of(Category.REPORTED)
    second_person = field.of(Category.SECOND_PERSON)
    profanity = field.of(Category.PROFANITY)
    found_people: list[Match] = []

    def people() -> list[Match]:
        if not found_people:
            # Not public roles: "Regionrådet är inkompetent" is criticism in role.
            found_people.extend(field.of(Category.PERSON))
            found_people.extend(people_by_role(field))
        return found_people

    evidence: Evidence = list(compared)
    for insult in insults:
        if negated(field, insult):
            continue  # "din fråga är inte alls dum", "du är ingen idiot"
        # Reported right before ("kallade mig idiot", "was called a moron") or quoted: the
        # author tells what someone else said. "Du som skrev det, du är en idiot" is not.
        if field.quoted(insult) or any(
            field.near(verb, insult, words=_REPORTED_REACH, ordered=True) for verb in reported
        ):
            continue
        if (
            insult.entry.person
            and not field.any_near(insult, second_person, words=_INSULT_TARGET_REACH)
            and not _said_of(field, insult, [*second_person, *people()])
            and not _looks_of_someone(field, insult)
        ):
            continue
        # "din jävla idiot": an oath beside the insult makes it worse.
        worse = field.any_near(insult, profanity, words=1)
        evidence.append((field.span(insult), insult.entry.severity + int(worse)))
    return finding(evidence, total=False)


def _said_of(field: FieldText, insult: Match, subjects: list[Match]) -> bool:
    """An insult predicated of someone: "Du som skriver om teatern är en pretentiös snobb",
    "Kulturchefen är en mupp", "The finance chair is a spineless weasel": the subject before
    it in the sentence, a copula between them."""
    text = field.letters.text
    for subject in in_reach(subjects, insult, _PREDICATE_REACH):
        if subject.end > insult.start or not field.near(subject, insult, words=_PREDICATE_REACH):
            continue
        between = text[subject.end : insult.start].split()
        if any(word.strip(",.;:!?") in _COPULAS for word in between):
            return True
    return False


def _looks_of_someone(field: FieldText, insult: Match) -> bool:
    """A word about looks said of anyone, public roles included: "Regionrådet är fet",
    "Har ni sett regionrådet på bilderna? Fet och ful, …" (a sentence that opens with it
    says it of the person just named)."""
    if insult.entry.term not in _LOOKS:
        return False
    subjects = field.of(Category.PUBLIC_ROLE, Category.TARGET, Category.PERSON, Category.FIRST_NAME)
    if not subjects:
        return False
    if _said_of(field, insult, subjects):
        return True
    text = field.letters.text
    # "Fet och ful, …", "Fat and ugly, …": the first of two adjectives may open it.
    before = _COORDINATED.sub("", text[: insult.start])
    if _OPENER.search(before) is None:
        return False
    sentence = field.sentence_index(insult.start)
    return any(
        0 <= sentence - field.sentence_index(subject.start) <= 1
        and abs(insult.start - subject.end) <= _LOOKS_CHARS
        for subject in subjects
    )
