"""LAW-THREAT: threats as phrases and as constructions (SPEC §3; legal-rules.md §2, BrB 4:5).

A violent verb is a threat with a person as its object ("döda dig", not "döda förslaget");
a harm with a wish, plan or prophecy and a target ("hoppas någon tänder eld på regionhuset
när hela ledningen sitter där inne"); a condition and a visit by the author ("om … så
kommer jag hem till dig"); knowing where or when someone is ("jag vet när hon slutar").
Told, negated, idiomatic and consequential uses stay clean.
"""

from __future__ import annotations

import re

from moderation.analysis import FieldText
from moderation.lexicon import Category, Entry, Match
from moderation.rules.base import Finding
from moderation.rules.hints import hints
from moderation.rules.intent import intended_harm
from moderation.rules.menace import menace
from moderation.rules.mishaps import (
    HAPPENINGS,
    REGRETTED_HAPPENINGS,
    VEILED_HARMS,
    VEILED_WISHES,
    mishaps,
    someone_near,
)
from moderation.rules.omens import at_the_ballot, caution_about_things, omens
from moderation.rules.people import ROLE_ENTRY, people_by_role
from moderation.rules.prefilter import gated, gated_finditer
from moderation.rules.veiled import veiled
from moderation.rules.wording import (
    ARTICLES,
    DETERMINERS_AFTER,
    NEGATIONS,
    PARTICLES,
    SENTENCE_WORDS,
    Evidence,
    finding,
    in_reach,
    joined,
    joined_spans,
    negated,
    not_its_object,
    told,
    word_after,
    word_before,
    words_after,
)
from moderation.types import PolicyContext

__all__ = ["check_threat"]


# Words between a violent verb and its object: "döda dig", "slå ihjäl din familj".
_OBJECT_REACH = 3
_MODALS = frozenset({"can", "could", "may", "might", "kan", "kunde", "riskerar", "risk"})
_FIRST = frozenset({"jag", "vi", "i", "we", "i'll", "we'll", "i'm", "we're", "ill"})
# Words between a wish ("hoppas", "den dagen") and the harm, and between the harm and who it
# befalls: "hoppas att någon en dag tänder eld på regionhuset när hela ledningen sitter där".
_WISH_REACH = 8
# After an intransitive harm, these make it a consequence, not a threat: "dör om akuten
# stänger", "will die without care".
_CONSEQUENCE = frozenset(
    {"om", "if", "utan", "without", "eftersom", "because", "av", "of", "unless", "pga"}
)
_NO_DIACRITICS = str.maketrans("åäö", "aao")
# "shoot them down at the next election", "skjuta dem i sank": idioms, not violence.
_IDIOM_AFTER_OBJECT = frozenset({"down", "ut"})


def check_threat(field: FieldText, context: PolicyContext) -> Finding | None:
    phrases = field.of(Category.THREAT)
    verbs = [verb for verb in field.of(Category.THREAT_VERB) if not _not_a_threat(field, verb)]
    harms = [harm for harm in field.of(Category.HARM) if not _consequence(field, harm)]
    # A violent verb with its object is a threat as listed ("döda dig", "kill you"); its other
    # forms ("dödade", "killed") tell what happened, and count only with a wish or plan.
    listed = [verb for verb in verbs if _as_listed(field, verb)]
    watched = (
        _watched(field)
        + veiled(field)
        + intended_harm(field)
        + menace(field)
        + omens(field)
        + mishaps(field)
        + hints(field)
    )
    # A crime against property with a person in it: "ska spränga vindkraftverket med dig i".
    crimes = field.of(Category.INCITE_VERB)
    if crimes and not field.of(Category.MODAL):  # a context category: matched on demand
        crimes = []
    if not (phrases or verbs or harms or crimes or watched or field.of(Category.APPROACH)):
        return None
    # Told, not made: "I got an email saying 'we know where your kids go to school'".
    reported = field.of(Category.REPORTED)
    evidence: Evidence = [
        (field.span(match), match.entry.severity)
        for match in phrases
        if not told(field, match, reported)
        and not negated(field, match)
        and not set(words_after(field, match, 3)) & _PHRASE_IDIOMS
        # "I'll find you the minutes": a favour; "you will regret not coming": advice.
        and word_after(field, match) not in DETERMINERS_AFTER
        and not (match.entry.term.endswith("regret") and _advice(word_after(field, match)))
        and not caution_about_things(field, match)
        and not at_the_ballot(field, match)
        and not (
            match.entry.term in REGRETTED_HAPPENINGS
            and not someone_near(field.letters.text, match.start)
        )
    ]
    # The object of a violent verb: "dig", "din familj", or a person by role or name. Looked
    # for only when a construction could use them (most texts with a harm word have no wish).
    needs_targets = bool(listed) or bool(
        ((verbs or harms or crimes) and field.of(Category.MODAL))
        or (field.of(Category.APPROACH) and field.of(Category.CONDITION))
    )
    targets: list[Match] = []
    if needs_targets:
        targets = [*field.of(Category.TARGET, Category.PUBLIC_ROLE, Category.PERSON)]
        targets += people_by_role(field)
        # The reader as the subject of what befalls them: "du kommer att få en kula i huvet";
        # not of what befalls anyone ("om akuten stänger kommer du att dö på vägen").
        targets += [Match(m.start, m.end, _READER_ENTRY) for m in field.of(Category.SECOND_PERSON)]
        # Someone called names is someone: "jag ska knivhugga den jäveln".
        targets += field.of(Category.INSULT)
    for verb in listed:
        for target in targets:
            # "shoot you an email" is not violence.
            ditransitive = word_after(field, target) in ARTICLES | _IDIOM_AFTER_OBJECT
            # Near first: it is cheap, and a long text has many verbs and targets far apart.
            if (
                not ditransitive
                and field.near(verb, target, words=_OBJECT_REACH, ordered=True)
                and not _not_its_object(field, verb, target)
            ):
                if not told(field, verb, reported):
                    evidence.append((joined(field, verb, target), verb.entry.severity))
                break
    evidence += _harm_constructions(field, [*verbs, *harms, *crimes], targets, reported)
    evidence += _conditional_approach(field, targets, reported)
    evidence += watched
    return finding(evidence, total=False)


# "Jag vet var han bor", "I know when she finishes", "vi vet vilken bil du kör", "lots of
# people know where she parks": the author (or people) knows where or when someone is.
_WATCHED = re.compile(
    r"(?<![^\W_])(?P<who>jag|vi|folk|många|i|we|people|everyone|alla)\s+(?:\w+\s+){0,2}?"
    r"(?:vet|känner till|har koll på|har sett|know|knows|have seen|i've seen|saw)\s+"
    r"(?:precis\s+|exactly\s+)?(?P<wh>var|när|vilken|vilket|vilka|where|when|which|what time|"
    r"what (?:car|school|house|street|bus|route|gym))\s+"
    r"(?:\w+\s+){0,2}?(?P<target>du|ni|han|hon|din|ditt|dina|er|ert|hans|hennes|you|your|he|she"
    r"|his|her|they|their|u|ur)(?![^\W_])(?P<rest>\s+\w+)?"
)
gated(_WATCHED)
# "Vi vet var ni står i frågan": knowing someone's position on a question is debate.
_WATCHED_DEBATE = frozenset(
    {"står", "stand", "stands", "tycker", "think", "thinks", "menar", "mean", "means"}
)
# "… should hang their heads in shame", "vi vet var ni står".
_PHRASE_IDIOMS = _WATCHED_DEBATE | {"heads", "head", "huvudet", "huvuden", "huvud"}


def _watched(field: FieldText) -> Evidence:
    text = field.letters.text
    # Cheap tests first: most texts know nothing, and the reported words are context matches
    # (a second pass over the text) looked for only when something was found.
    if "vet" not in text and "know" not in text and "sett" not in text and "seen" not in text:
        return []
    evidence: Evidence = []
    for found in gated_finditer(_WATCHED, text):
        rest = (found.group("rest") or "").strip()
        if rest in _WATCHED_DEBATE:
            continue
        start, end = found.span()
        probe = Match(start, end, ROLE_ENTRY)
        if told(field, probe, field.of(Category.REPORTED)) or negated(field, probe):
            continue
        evidence.append((field.letters.original_span(start, end), 2))
    return evidence


def _conditional_approach(
    field: FieldText, targets: list[Match], reported: list[Match]
) -> Evidence:
    """A veiled threat as a condition and a visit: "Om skatten höjs en gång till så kommer jag
    hem till dig", "next time he shows up I'll be waiting for him", "If my mother dies in that
    waiting room I will come for the doctor". The author (I, we) goes after a target, on a
    condition stated in the same or the sentence before."""
    approaches = field.of(Category.APPROACH)
    if not approaches or not targets:
        return []
    conditions = field.of(Category.CONDITION)
    if not conditions:
        return []
    evidence: Evidence = []
    for act in approaches:
        if told(field, act, reported) or negated(field, act):
            continue
        sentence = field.sentence_index(act.start)
        conditioned = any(
            c.start < act.start and sentence - 1 <= field.sentence_index(c.start) <= sentence
            for c in in_reach(conditions, act, SENTENCE_WORDS)
        )
        own = field.letters.text[act.start : act.end].split()
        author = any(
            w in _FIRST
            for w in (*field.words_before(act.start, 3), *own, *words_after(field, act, 1))
        )
        if not (conditioned and author):
            continue
        target = next(
            (
                t
                for t in in_reach(targets, act, _OBJECT_REACH)
                if field.near(act, t, words=_OBJECT_REACH, ordered=True)
                # "I can find you the link" is a favour.
                and word_after(field, t) not in DETERMINERS_AFTER
            ),
            None,
        )
        if target is not None:
            evidence.append((joined(field, act, target), act.entry.severity))
    return evidence


def _harm_constructions(
    field: FieldText, harms: list[Match], targets: list[Match], reported: list[Match]
) -> Evidence:
    """A threat as a construction: a harm (a violent verb, or something that befalls its
    subject: "dö", "dingla", "brinna") × a wish, plan or prophecy before it ("hoppas", "ska",
    "den dagen", "deserve") × a target in the same sentence (the reader, "ni", a person by
    role or name, politicians, "hela ledningen", a building with people in it). "Hoppas någon
    tänder eld på regionhuset", "Den dagen folket vaknar dinglar ni från broräcket". Not when
    negated between the wish and the harm ("hoppas ni inte dör"), reported or quoted."""
    if not harms:
        return []
    modals = field.of(Category.MODAL)
    if not modals:
        return []
    evidence: Evidence = []
    for harm in harms:
        if told(field, harm, reported) or negated(field, harm):
            continue
        wish = next(
            (
                m
                for m in in_reach(modals, harm, _WISH_REACH)
                if field.near(m, harm, words=_WISH_REACH, ordered=True)
            ),
            None,
        )
        if wish is None or _negated_between(field, wish, harm):
            continue
        if wish.entry.term in VEILED_WISHES and harm.entry.term in VEILED_HARMS:
            # "Vore tråkigt om era hus råkade ta eld en natt", "Shame if the boathouse went
            # up one night": the wish is the menace, whatever it befalls; something that
            # happens needs someone ("synd om något hände med finansieringen" is budget talk).
            if harm.entry.term in HAPPENINGS and not someone_near(field.letters.text, wish.end):
                continue
            evidence.append((joined(field, wish, harm), 2))
            continue
        # "Jag lovar att du kommer att lida": a promise makes what befalls anyone a threat.
        promised = wish.entry.term in _PROMISES or wish.entry.term in _HOPES
        target = next(
            (
                t
                for t in in_reach(targets, harm, _WISH_REACH)
                if _befalls(field, harm, t, promised=promised)
            ),
            None,
        )
        if target is None:
            continue
        span = joined(field, wish, harm)
        evidence.append((joined_spans(span, field.span(target)), harm.entry.severity))
    return evidence


_READER_ENTRY = Entry("reader", Category.SECOND_PERSON, 1, "*")
#: What befalls anyone, the reader included ("du kommer att dö i kön"): no threat with "du".
_NATURAL = frozenset(
    {
        "dö",
        "die",
        "lida",
        "suffer",
        "ruttna",
        "rot",
        "bleed",
        "försvinna",
        "regret",
        "ångra sig",
        "pray",
        "få betala",
        "brinna",
        "burn in hell",
        "få sitt",
        "ta eld",
        "brinna upp",
        "brinna ner",
        "burn down",
        "burned down",
    }
)
_PEOPLE_INSIDE = frozenset(
    {
        "dig",
        "er",
        "honom",
        "henne",
        "dem",
        "med dig i",
        "med er i",
        "med dig inne",
        "med er inne",
        "with you in it",
        "with you inside",
        "you",
        "him",
        "her",
        "them",
    }
)
_SUFFERING = frozenset(
    {"lida", "suffer", "dö", "die", "bleed", "ruttna", "rot", "plågas", "burn in hell", "brinna"}
)
# "Hoppas du får cancer och dör": a death wish aimed at the reader.
_HOPES = frozenset({"hoppas", "hope", "hoping", "wish", "önskar", "måtte"})
_PROMISES = frozenset(
    {
        "jag lovar att",
        "det lovar jag",
        "jag svär att",
        "räkna med det",
        "i promise",
        "i swear",
        "count on it",
    }
)


def _not_a_threat(field: FieldText, verb: Match) -> bool:
    """ "Skjut upp mötet" (postpone), "rökning kan döda dig" (a risk, not a threat)."""
    if word_after(field, verb) in PARTICLES:
        return True
    words = field.words_before(verb.start, 2)
    return bool(words) and words[-1] in _MODALS and (len(words) < 2 or words[0] not in _FIRST)


def _not_its_object(field: FieldText, verb: Match, target: Match) -> bool:
    return not_its_object(field, verb, target, consequence=_CONSEQUENCE, first=_FIRST)


def _negated_between(field: FieldText, first: Match, second: Match) -> bool:
    """A negation between a wish and its harm: "hoppas att ni aldrig behöver dö i kön"."""
    between = field.letters.text[first.end : second.start].split()
    return any(word.strip(",.;:!?") in NEGATIONS for word in between)


def _consequence(field: FieldText, harm: Match) -> bool:
    """ "Patienter dör om akuten stänger", "people will die without it": a harm followed by
    its cause or condition is a warning, not a threat; "you will regret not coming" is
    advice."""
    after = word_after(field, harm)
    if harm.entry.term in {"regret", "ångra sig"} and _advice(after):
        return True
    return after in _CONSEQUENCE


def _advice(after: str) -> bool:
    return after in {"not", "missing", "att", "inte", "that"} or after.endswith("ing")


def _as_listed(field: FieldText, match: Match) -> bool:
    """Whether the match is the listed term (or it typed without å, ä, ö), not one of the
    forms that ``wordforms`` adds."""
    found = field.letters.text[match.start : match.end]
    term = match.entry.term
    return found == term or found == term.translate(_NO_DIACRITICS) or " _ " in term


def _befalls(field: FieldText, harm: Match, target: Match, *, promised: bool = False) -> bool:
    """Whether the harm is aimed at the target: the subject of something that befalls it
    ("… dinglar ni"), the object of a violent verb ("tänder eld på regionhuset"), or the
    subject of a passive one ("ni borde hängas", "they should be shot"). "We should kill
    this bill before it reaches the council" aims at the bill."""
    if (
        target.entry is _READER_ENTRY
        and harm.entry.term in _NATURAL
        and not (promised and harm.entry.term in _SUFFERING)
    ):
        return False
    if harm.entry.category is Category.INCITE_VERB and not (
        target.entry is _READER_ENTRY or target.entry.term in _PEOPLE_INSIDE
    ):
        return False
    if harm.entry.category is Category.HARM:
        return field.near(harm, target, words=_WISH_REACH)
    if field.near(harm, target, words=_OBJECT_REACH, ordered=True):
        # "förslaget borde dödas i nämnden": a passive's object is its subject.
        if field.letters.text[harm.start : harm.end].endswith("as"):
            return False
        return not _not_its_object(field, harm, target) and (
            word_after(field, target) not in _IDIOM_AFTER_OBJECT
        )
    text = field.letters.text
    passive = text[harm.start : harm.end].endswith("s") or word_before(field, harm) in {
        "be",
        "get",
        "bli",
    }
    return passive and field.near(target, harm, words=_WISH_REACH, ordered=True)
