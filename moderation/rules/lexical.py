"""The word-list rules: hate, incitement, defamation, insults, profanity, sexual content
(SPEC §3; legal-rules.md §2 and §7); threats are in ``threats``.

Each check combines categories of ``moderation.lexicon`` the way a careful reader does: a
group word is hate only beside contempt ("ohyra"); a slur quoted or reported
in order to condemn it is not hate; an insult adjective counts only when aimed at someone.
Scores are severity sums or maxima; the catalogue's thresholds turn them into actions.
"""

from __future__ import annotations

import re

from moderation.analysis import FieldText
from moderation.lexicon import Category, Match
from moderation.rules.base import Finding
from moderation.rules.calls import crowd_crimes
from moderation.rules.campaign import hounding
from moderation.rules.children import abuse_material
from moderation.rules.contempt import expelling, predicated, said_of_them
from moderation.rules.groups import about_groups, coded, disowned
from moderation.rules.insults import check_insult
from moderation.rules.solicit import solicitation
from moderation.rules.wording import (
    CAPITALISED,
    NEGATIONS,
    PARTICLES,
    Evidence,
    condemned,
    finding,
    in_reach,
    joined,
    negated,
    per_span,
    word_after,
    word_before,
    words_after,
)
from moderation.types import PolicyContext

__all__ = [
    "check_hate",
    "check_incite",
    "check_insult",
    "check_profanity",
    "check_sexual",
]

# Words between a call and the crime it calls for: "vi måste nu verkligen bränna ner".
_CALL_REACH = 12
_CALL_CHARS = 120
_WEAPON_REACH = 6


_GROUP_REACH = 8
_GROUP_TIGHT = 3
_SUBJECT_REACH = 20
# Below DECENCY-SEXUAL's review threshold: topic words alone stay a signal.
_TOPIC_ONLY = 1.0
_BODY = frozenset({"bröst", "rumpa", "breasts", "tits"})
_POSSESSIVES = frozenset({"din", "dina", "ditt", "hennes", "your", "her", "those", "de", "dom"})
_LESS = frozenset({"less", "more", "mindre", "mer", "fewer"})
_DETERMINERS_BEFORE = frozenset({"alla", "de", "dessa", "all", "the", "these", "those"})
# A sentence opening just before a match, and the object that makes a verb a command.
_OPENER = re.compile(r"(?:^|[.!?;:\n]|\s[-–—])\s*$")
_DETERMINER = re.compile(r"\s+(?:the|their|his|her|those|all|deras|hans|hennes|alla)\b")
_ECHO = re.compile(r"\(\(\(\s*[^()\n]{1,40}?\s*\)\)\)")
_INSULT_TARGET_REACH = 4
_COMMANDS = frozenset({"ta", "tar", "bring", "grab", "hämta", "fetch", "take", "ha"})
# "spränga budgeten", "bryta mönstret", "smash the record": a crime verb in an idiom.
_SINGULAR = frozenset({"jag", "i", "han", "hon", "he", "she"})
_IDIOM_OBJECTS = frozenset(
    {
        "idea",
        "ideas",
        "idén",
        "show",
        "ljusen",
        "ljus",
        "brasan",
        "grillen",
        "kaminen",
        "kostnaderna",
        "kostnader",
        "väntetiderna",
        "köerna",
        "costs",
        "planer",
        "planerna",
        "plans",
        "budgeten",
        "ramarna",
        "ramen",
        "gränsen",
        "gränserna",
        "mönstret",
        "rekordet",
        "record",
        "records",
        "budget",
        "tystnaden",
        "isen",
        "silence",
        "ice",
    }
) | frozenset(["förslaget", "beslutet", "motionen", "proposal", "bill", "motion"])  # politics
_ACCUSATION_REACH = 16


def check_hate(field: FieldText, context: PolicyContext) -> Finding | None:
    slurs = field.of(Category.HATE_SLUR)
    # "De är inte lata", "they are not mentally ill": denied, not said.
    contempt = [
        word
        for word in field.of(Category.HATE_CONTEMPT)
        if not set(field.words_before(word.start, 3)) & NEGATIONS
        and not disowned(field, word.start)
    ]
    insults = [match for match in field.of(Category.INSULT) if not match.entry.person]
    needs_context = slurs or contempt or insults
    # "Det är inte rasism att säga att …" denies, it does not condemn.
    reported = (
        field.sentences_of(
            w for w in field.of(Category.REPORTED) if word_before(field, w) not in NEGATIONS
        )
        if needs_context
        else frozenset()
    )
    evidence: Evidence = [
        (field.span(slur), slur.entry.severity)
        for slur in slurs
        if not condemned(field, slur, reported)
    ]
    evidence += coded(field)
    evidence += [(span, 3) for span in _echo_brackets(field.original)]
    evidence += about_groups(field)
    groups = field.of(Category.HATE_GROUP) if contempt or insults else []
    if contempt:
        # "Somalier har ingenting här att göra. De är som en sjukdom …"
        expelled = expelling(field)
        evidence += [
            (field.span(word), max(2, word.entry.severity))
            for word in contempt
            if not condemned(field, word, reported) and said_of_them(field, word, groups, expelled)
        ]
    if groups:
        generalisers = field.of(Category.GENERALISER)
        for group in groups:
            general = field.any_near(group, generalisers, words=3)
            for word in contempt:
                if condemned(field, word, reported) or not _contempt_for(
                    field, group, word, general=general
                ):
                    continue
                evidence.append((joined(field, group, word), max(2, word.entry.severity)))
            for insult in insults:
                if field.near(group, insult, words=4) and not condemned(field, insult, reported):
                    evidence.append((joined(field, group, insult), 2))
    return finding(evidence, total=False)


def check_incite(field: FieldText, context: PolicyContext) -> Finding | None:
    # "Svaret kan inte vara att ta lagen i egna händer" argues against it.
    # "Jag vägrar betala skatt för …" is the author's own protest, not a call on others.
    evidence: Evidence = [
        (field.span(match), match.entry.severity)
        for match in field.of(Category.INCITE)
        if not _negated_call(field, match) and word_before(field, match) not in _SINGULAR
    ]
    verbs = field.of(Category.INCITE_VERB)
    weapons = field.of(Category.WEAPON)
    calls = field.of(Category.INCITE_CALL) if verbs or weapons else []
    # "Ta med er facklor till fullmäktige": a call to bring what a mob brings, to a target.
    if weapons:
        targets = field.of(Category.TARGET, Category.PUBLIC_ROLE)
        for weapon in weapons:
            called = field.any_near(weapon, calls, words=_WEAPON_REACH) or _imperative(
                field, weapon, reach=3
            )
            if called and field.any_near(weapon, targets, words=_WEAPON_REACH):
                evidence.append((field.span(weapon), max(2, weapon.entry.severity + 1)))
    for verb in verbs:
        if (
            negated(field, verb)
            # "lås dörrarna till bygdegården": a phrase has its object; "skjut upp" has not.
            or (word_after(field, verb) in _LESS | PARTICLES and " " not in verb.entry.term)
            or set(words_after(field, verb, 2)) & _IDIOM_OBJECTS
        ):
            continue  # "vi måste sluta förstöra", "we should burn less fuel", "skjut upp"
        if any(_calls_for(field, call, verb) for call in calls):
            evidence.append((field.span(verb), verb.entry.severity))
        elif verb.entry.severity >= 2 and _imperative(field, verb):
            # "Burn the diesel buses in the depot": a command that opens a sentence.
            evidence.append((field.span(verb), verb.entry.severity))
    evidence += crowd_crimes(field, verbs) + hounding(field)
    return finding(evidence, total=False)


def _negated_call(field: FieldText, match: Match) -> bool:
    """ "Svaret kan inte vara att ta lagen i egna händer" argues against it; "Bojkotta inte
    bara valet, bränn valsedlarna" ("not only … but") does not."""
    words = field.words_before(match.start, 4)
    return any(
        word in NEGATIONS and (index + 1 >= len(words) or words[index + 1] not in _ONLY)
        for index, word in enumerate(words)
    )


_ONLY = frozenset({"bara", "only", "just", "enbart"})


def _calls_for(field: FieldText, call: Match, verb: Match) -> bool:
    """A call before the crime in its sentence ("alla som bor runt Pauträsk borde gå ut en natt
    och kapa kablarna"), or closing the sentence before ("Alla som bor längs E12: gå ut i natt
    och kapa kablarna", "Let's go! … vi sabbar dumprarna")."""
    if field.near(call, verb, words=_CALL_REACH, ordered=True):
        return True
    return (
        call.end <= verb.start
        and field.sentence_index(verb.start) - field.sentence_index(call.start) == 1
        and verb.start - call.end < _CALL_CHARS
    )


def check_profanity(field: FieldText, context: PolicyContext) -> Finding | None:
    # A word quoted is mentioned, not used: 'fick frågan "vad är en fitta?"'; a capitalised
    # word before a capitalised one is a name: "Dick Harrison".
    used = [
        m for m in field.of(Category.PROFANITY) if not field.quoted(m) and not _a_name(field, m)
    ]
    if not used:
        return None
    # A mild interjection that opens a sentence ("Damn, the roads …", "Bloody hell, the bus
    # …", "Hell no to this budget", "Shit happens, men …") is what people say for "oj": half
    # a word, so it holds only with more profanity ("Goddamn it … This shit is …").
    text = field.letters.text
    interjections = [
        found.span()
        for found in _INTERJECTION.finditer(text)
        if any(found.start() <= m.start and m.end <= found.end() for m in used)
    ]
    rest = [m for m in used if not any(a <= m.start and m.end <= b for a, b in interjections)]
    found = finding(per_span(field, rest), total=True)
    if not interjections:
        return found
    spans = tuple(
        sorted(
            {
                *(found.spans if found else ()),
                *(field.letters.original_span(a, b) for a, b in interjections),
            }
        )
    )
    score = (found.score or 0.0 if found else 0.0) + _INTERJECTION_WEIGHT * len(interjections)
    return Finding(spans=spans, score=score)


_INTERJECTION = re.compile(
    r"(?:^|(?<=[.!?\n]) *)(?:damn(?: it)?|bloody hell|hell no|hell yes|oh hell|shit happens)"
    r"(?=[\s,.!]|$)"
)
_INTERJECTION_WEIGHT = 0.5


def check_sexual(field: FieldText, context: PolicyContext) -> Finding | None:
    # An offer of sexual images of children is the gravest case (rules/children.py).
    material = abuse_material(field)
    if material is not None:
        return material
    # Asking the reader for pictures of themselves, to meet or about sex (rules/solicit.py).
    # The stronger of that and the word lists.
    asked, listed = solicitation(field), _listed_sexual(field)
    if asked is None or (listed is not None and (listed.score or 0) > (asked.score or 0)):
        return listed
    return asked


def _listed_sexual(field: FieldText) -> Finding | None:
    # "Knulla inte med oss" (don't mess with us) is an oath, counted as profanity.
    sexual = [m for m in field.of(Category.SEXUAL) if word_after(field, m) not in NEGATIONS]
    if not sexual:
        return None
    # Sexual words about children are always grave (BrB 6 kap.; legal-rules.md §7):
    # "those 13 y/o girls … so s3xy", "flickorna i nian är så sexiga".
    minors = field.of(Category.MINOR)
    grave = [
        (joined(field, m, minor), 3)
        for m in sexual
        # Topic words ("barnporrbrott", "porr") are how the crime is debated.
        if m.entry.severity >= 2 or m.entry.person
        for minor in in_reach(minors, m, _ACCUSATION_REACH)
        if field.near(m, minor, words=_ACCUSATION_REACH)
    ]
    if grave:
        return finding(grave, total=False)
    # Words that are sexual only when aimed at someone ("slicka", "sexig", "sexy").
    second_person = field.of(Category.SECOND_PERSON, Category.TARGET)
    sexual = [
        m
        for m in sexual
        if (not m.entry.person or field.any_near(m, second_person, words=_INSULT_TARGET_REACH))
        # "en knöl i ena bröstet, du ska veta": a body word is aimed only as "dina bröst";
        # praise of it ("stora bröst") is rules/advances.py's.
        and not (m.entry.term in _BODY and word_before(field, m) not in _POSSESSIVES)
    ]
    aimed = [m for m in sexual if m.entry.person]
    found = finding([*per_span(field, sexual), *((field.span(m), 3) for m in aimed)], total=True)
    if found is not None and found.score is not None and not _any_explicit(field):
        # Topic words alone ("porr", "nakenbilder", "nudes") are how people discuss sexual
        # health and safety: a signal, never a hold.
        return Finding(spans=found.spans, score=min(found.score, _TOPIC_ONLY))
    return found


def _a_name(field: FieldText, match: Match) -> bool:
    start, end = field.span(match)
    original = field.original
    if not original[start : start + 1].isupper() or original[start:end].isupper():
        return False
    return original[end : end + 1] == " " and CAPITALISED.match(original, end + 1) is not None


def _any_explicit(field: FieldText) -> bool:
    return any(
        (match.entry.severity >= 2 or match.entry.person)
        and word_after(field, match) not in NEGATIONS
        for match in field.of(Category.SEXUAL)
    )


def _imperative(field: FieldText, verb: Match, *, reach: int = 0) -> bool:
    """A command that opens a sentence: "Vägra betala skatten", "Burn the buses". English
    imperatives look like infinitives, so there an object must follow ("the", "their").
    With ``reach``, a command verb ("ta med", "bring") up to that many words before the
    match opens the sentence instead: "Ta med er facklor"."""
    if reach:
        # The command opens the sentence, or follows one word that names who is called on:
        # "Ta med er facklor", "Everyone bring torches", "Alla tar med facklor".
        words = field.words_before(verb.start, reach + 2)
        return len(words) <= reach + 1 and any(
            word in _COMMANDS and index <= 1 for index, word in enumerate(words)
        )
    text = field.letters.text
    opens_sentence = not text[: verb.start].strip() or _OPENER.search(text, 0, verb.start)
    if not opens_sentence:
        return False
    return verb.entry.lang == "sv" or _DETERMINER.match(text, verb.end) is not None


def _contempt_for(field: FieldText, group: Match, word: Match, *, general: bool) -> bool:
    """Gross contempt ("ohyra") anywhere near a group word counts; clear contempt ("ska
    bort") right beside it, about the whole group, or said of a group that opens the
    sentence; mild words ("djur") only about the whole group ("alla invandrare är djur").
    Words that are also literal (``person`` flag: "råttor", "terrorister") count only when
    said of the group ("… är råttor"), not "flyktingarna klagar på råttor i källaren"."""
    if word.entry.person and not predicated(field, word):
        return False
    if not field.near(group, word, words=_GROUP_REACH):
        # The group that opens a long sentence is what it says things of: "Bögarna på Pride
        # får skattepengar för att sprida sin sjukdom … degenererade djur allihop".
        return (
            word.entry.severity >= 2
            and group.start < word.start
            and field.near(group, word, words=_SUBJECT_REACH)
            and _opens_sentence(field, group)
            and (word.entry.severity >= 3 or predicated(field, word))
        )
    severity = word.entry.severity
    if severity >= 3 or general:
        return True
    if severity == 2:
        if field.near(group, word, words=_GROUP_TIGHT):
            return True
        # "Samerna … är ett gäng snyltare", not "Samerna har kämpat mot att staten snyltar":
        # the group is the subject only when no new clause begins between them.
        between = field.letters.text[min(group.end, word.start) : word.start].split()
        return _opens_sentence(field, group) and not set(between) & _NEW_CLAUSE
    return False


_NEW_CLAUSE = frozenset(
    """att som när där eftersom medan fast than that who when where because while
    although""".split()  # noqa: SIM905
)


def _opens_sentence(field: FieldText, match: Match) -> bool:
    text = field.letters.text
    before = text[: match.start].rstrip()
    return (
        not before
        or _OPENER.search(before + " ") is not None
        or (word_before(field, match) in _DETERMINERS_BEFORE and len(before) < 2)
    )


def _echo_brackets(original: str) -> list[tuple[int, int]]:
    """The antisemitic "echo" (((name))) marks a person or group as Jewish."""
    if "(((" not in original:
        return []
    return [match.span() for match in _ECHO.finditer(original)]
