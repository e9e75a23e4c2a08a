"""The word-list rules: threats, hate, incitement, defamation, insults, profanity, sexual
content (SPEC §3; legal-rules.md §2 and §7).

Each check combines categories of ``moderation.lexicon`` the way a careful reader does: a
violent verb is a threat only with a person as its object ("döda dig", not "döda
förslaget"); a group word is hate only beside contempt ("ohyra"); a slur quoted or reported
in order to condemn it is not hate; an insult adjective counts only when aimed at someone.
Scores are severity sums or maxima; the catalogue's thresholds turn them into actions.
"""

from __future__ import annotations

import re

from moderation.analysis import FieldText
from moderation.lexicon import Category, Entry, Match, first_names
from moderation.rules.base import Finding
from moderation.types import PolicyContext
from moderation.wordforms import is_lemma

__all__ = [
    "check_defamation",
    "check_hate",
    "check_incite",
    "check_insult",
    "check_profanity",
    "check_sexual",
    "check_threat",
]

_Evidence = list[tuple[tuple[int, int], int]]

# Words between a violent verb and its object: "döda dig", "slå ihjäl din familj".
_OBJECT_REACH = 3
# Words between a call and the crime it calls for: "vi måste nu verkligen bränna ner".
_CALL_REACH = 6
_GROUP_REACH = 8
_GROUP_TIGHT = 3
# Below DECENCY-SEXUAL's review threshold: topic words alone stay a signal.
_TOPIC_ONLY = 1.0
_NEXT_WORD = re.compile(r"\s+([^\W_][\w'’-]{0,40})")
_ARTICLES = frozenset({"a", "an", "en", "ett"})
_DETERMINERS_AFTER = _ARTICLES | {"the", "this", "that", "some", "den", "det", "de", "lite"}
_LESS = frozenset({"less", "more", "mindre", "mer", "fewer"})
_PARTICLES = frozenset({"upp", "fram", "till", "över", "up", "off", "med", "ut", "along", "out"})
_MODALS = frozenset({"can", "could", "may", "might", "kan", "kunde", "riskerar", "risk"})
_FIRST = frozenset({"jag", "vi", "i", "we", "i'll", "we'll", "i'm", "we're", "ill"})
_NEGATIONS = frozenset(
    {
        "inte",
        "ej",
        "aldrig",
        "ingen",
        "inget",
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
_PREDICATES = frozenset(
    {
        "är",
        "e",
        "ä",
        "var",
        "vara",
        "blir",
        "som",
        "likt",
        "are",
        "is",
        "be",
        "were",
        "was",
        "like",
        "as",
        "alla",
        "all",
        "bara",
        "just",
        "rena",
        "these",
        "such",
    }
)
_DETERMINERS_BEFORE = frozenset({"alla", "de", "dessa", "all", "the", "these", "those"})
# A sentence opening just before a match, and the object that makes a verb a command.
_OPENER = re.compile(r"(?:^|[.!?;:\n]|\s[-–—])\s*$")
_DETERMINER = re.compile(r"\s+(?:the|their|his|her|those|all|deras|hans|hennes|alla)\b")
_ECHO = re.compile(r"\(\(\(\s*[^()\n]{1,40}?\s*\)\)\)")
_INSULT_TARGET_REACH = 4
_PREDICATE_REACH = 12
_COPULAS = frozenset({"är", "e", "ä", "var", "blir", "are", "is", "was", "were", "you're", "youre"})
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
_COMMANDS = frozenset({"ta", "tar", "bring", "grab", "hämta", "fetch", "take", "ha"})
_REPORTED_REACH = 3
_ACCUSATION_REACH = 12
_CAPITALISED = re.compile(r"[A-ZÅÄÖÉÜ][a-zåäöéü]+(?:-[A-ZÅÄÖÉÜ][a-zåäöéü]+)?")


def check_threat(field: FieldText, context: PolicyContext) -> Finding | None:
    phrases = field.of(Category.THREAT)
    verbs = [verb for verb in field.of(Category.THREAT_VERB) if not _not_a_threat(field, verb)]
    harms = [harm for harm in field.of(Category.HARM) if not _consequence(field, harm)]
    # A violent verb with its object is a threat as listed ("döda dig", "kill you"); its other
    # forms ("dödade", "killed") tell what happened, and count only with a wish or plan.
    listed = [verb for verb in verbs if _as_listed(field, verb)]
    watched = _watched(field, field.of(Category.REPORTED))
    if not (phrases or verbs or harms or watched or field.of(Category.APPROACH)):
        return None
    # Told, not made: "I got an email saying 'we know where your kids go to school'".
    reported = field.of(Category.REPORTED)
    evidence: _Evidence = [
        (field.span(match), match.entry.severity)
        for match in phrases
        if not _told(field, match, reported)
        and not set(_words_after(field, match, 2)) & _WATCHED_DEBATE
    ]
    # The object of a violent verb: "dig", "din familj", or a person by role or name.
    targets = [*field.of(Category.TARGET, Category.PUBLIC_ROLE, Category.PERSON)]
    targets += _people_by_role(field)
    for verb in listed:
        for target in targets:
            # "shoot you an email" is not violence.
            ditransitive = _word_after(field, target) in _ARTICLES | _IDIOM_AFTER_OBJECT
            if not ditransitive and field.near(verb, target, words=_OBJECT_REACH, ordered=True):
                if not _told(field, verb, reported):
                    evidence.append((_joined(field, verb, target), verb.entry.severity))
                break
    evidence += _harm_constructions(field, [*verbs, *harms], targets, reported)
    evidence += _conditional_approach(field, targets, reported)
    evidence += watched
    return _finding(evidence, total=False)


# "Jag vet var han bor", "I know when she finishes", "vi vet vilken bil du kör", "lots of
# people know where she parks": the author (or people) knows where or when someone is.
_WATCHED = re.compile(
    r"(?<![^\W_])(?P<who>jag|vi|folk|många|i|we|people|everyone|alla)\s+(?:\w+\s+){0,2}?"
    r"(?:vet|känner till|har koll på|har sett|know|knows|have seen|i've seen|saw)\s+"
    r"(?:precis\s+|exactly\s+)?(?P<wh>var|när|vilken|vilket|vilka|where|when|which|what time)\s+"
    r"(?:\w+\s+){0,2}?(?P<target>du|ni|han|hon|din|ditt|dina|er|ert|hans|hennes|you|your|he|she"
    r"|his|her|they|their)(?![^\W_])(?P<rest>\s+\w+)?"
)
# "Vi vet var ni står i frågan": knowing someone's position on a question is debate.
_WATCHED_DEBATE = frozenset({"står", "stand", "stands", "tycker", "think", "thinks"})


def _watched(field: FieldText, reported: list[Match]) -> _Evidence:
    text = field.letters.text
    if "vet" not in text and "know" not in text and "sett" not in text and "seen" not in text:
        return []
    evidence: _Evidence = []
    for found in _WATCHED.finditer(text):
        rest = (found.group("rest") or "").strip()
        if rest in _WATCHED_DEBATE:
            continue
        start, end = found.span()
        probe = Match(start, end, _ROLE_ENTRY)
        if _told(field, probe, reported) or _negated(field, probe):
            continue
        evidence.append((field.letters.original_span(start, end), 2))
    return evidence


def _conditional_approach(
    field: FieldText, targets: list[Match], reported: list[Match]
) -> _Evidence:
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
    evidence: _Evidence = []
    for act in approaches:
        if _told(field, act, reported) or _negated(field, act):
            continue
        sentence = field.sentence_index(act.start)
        conditioned = any(
            c.start < act.start and sentence - 1 <= field.sentence_index(c.start) <= sentence
            for c in _in_reach(conditions, act, _SENTENCE_WORDS)
        )
        own = field.letters.text[act.start : act.end].split()
        author = any(
            w in _FIRST
            for w in (*field.words_before(act.start, 3), *own, *_words_after(field, act, 1))
        )
        if not (conditioned and author):
            continue
        target = next(
            (
                t
                for t in _in_reach(targets, act, _OBJECT_REACH)
                if field.near(act, t, words=_OBJECT_REACH, ordered=True)
                # "I can find you the link" is a favour.
                and _word_after(field, t) not in _DETERMINERS_AFTER
            ),
            None,
        )
        if target is not None:
            evidence.append((_joined(field, act, target), act.entry.severity))
    return evidence


def _words_after(field: FieldText, match: Match, count: int) -> list[str]:
    words = []
    position = match.end
    for _ in range(count):
        found = _NEXT_WORD.match(field.letters.text, position)
        if found is None:
            break
        words.append(found.group(1))
        position = found.end()
    return words


def _harm_constructions(
    field: FieldText, harms: list[Match], targets: list[Match], reported: list[Match]
) -> _Evidence:
    """A threat as a construction: a harm (a violent verb, or something that befalls its
    subject: "dö", "dingla", "brinna") × a wish, plan or prophecy before it ("hoppas", "ska",
    "den dagen", "deserve") × a target in the same sentence (the reader, "ni", a person by
    role or name, politicians, "hela ledningen", a building with people in it). "Hoppas någon
    tänder eld på regionhuset", "Den dagen folket vaknar dinglar ni från broräcket". Not when
    negated between the wish and the harm ("hoppas ni inte dör"), reported or quoted."""
    if not harms or not targets:
        return []
    modals = field.of(Category.MODAL)
    if not modals:
        return []
    evidence: _Evidence = []
    for harm in harms:
        if _told(field, harm, reported) or _negated(field, harm):
            continue
        wish = next(
            (
                m
                for m in _in_reach(modals, harm, _WISH_REACH)
                if field.near(m, harm, words=_WISH_REACH, ordered=True)
            ),
            None,
        )
        if wish is None or _negated_between(field, wish, harm):
            continue
        target = next(
            (t for t in _in_reach(targets, harm, _WISH_REACH) if _befalls(field, harm, t)), None
        )
        if target is None:
            continue
        span = _joined(field, wish, harm)
        evidence.append((_joined_spans(span, field.span(target)), harm.entry.severity))
    return evidence


def check_hate(field: FieldText, context: PolicyContext) -> Finding | None:
    slurs = field.of(Category.HATE_SLUR)
    contempt = field.of(Category.HATE_CONTEMPT)
    insults = [match for match in field.of(Category.INSULT) if not match.entry.person]
    needs_context = slurs or contempt or insults
    reported = field.sentences_of(field.of(Category.REPORTED)) if needs_context else frozenset()
    evidence: _Evidence = [
        (field.span(slur), slur.entry.severity)
        for slur in slurs
        if not _condemned(field, slur, reported)
    ]
    evidence += [(field.span(code), code.entry.severity) for code in field.of(Category.HATE_CODE)]
    evidence += [(span, 3) for span in _echo_brackets(field.original)]
    groups = field.of(Category.HATE_GROUP) if contempt or insults else []
    if groups:
        generalisers = field.of(Category.GENERALISER)
        for group in groups:
            general = field.any_near(group, generalisers, words=3)
            for word in contempt:
                if _condemned(field, word, reported) or not _contempt_for(
                    field, group, word, general=general
                ):
                    continue
                evidence.append((_joined(field, group, word), max(2, word.entry.severity)))
            for insult in insults:
                if field.near(group, insult, words=4) and not _condemned(field, insult, reported):
                    evidence.append((_joined(field, group, insult), 2))
    return _finding(evidence, total=False)


def check_incite(field: FieldText, context: PolicyContext) -> Finding | None:
    # "Svaret kan inte vara att ta lagen i egna händer" argues against it.
    evidence: _Evidence = [
        (field.span(match), match.entry.severity)
        for match in field.of(Category.INCITE)
        if not any(w in _NEGATIONS for w in field.words_before(match.start, 4))
    ]
    verbs = field.of(Category.INCITE_VERB)
    weapons = field.of(Category.WEAPON)
    calls = field.of(Category.INCITE_CALL) if verbs or weapons else []
    # "Ta med er facklor till fullmäktige": a call to bring what a mob brings, to a target.
    if weapons:
        targets = field.of(Category.TARGET, Category.PUBLIC_ROLE)
        for weapon in weapons:
            called = field.any_near(weapon, calls, words=_CALL_REACH) or _imperative(
                field, weapon, reach=3
            )
            if called and field.any_near(weapon, targets, words=_CALL_REACH):
                evidence.append((field.span(weapon), max(2, weapon.entry.severity + 1)))
    for verb in verbs:
        if _negated(field, verb) or _word_after(field, verb) in _LESS | _PARTICLES:
            continue  # "vi måste sluta förstöra", "we should burn less fuel", "skjut upp"
        if any(field.near(call, verb, words=_CALL_REACH, ordered=True) for call in calls):
            evidence.append((field.span(verb), verb.entry.severity))
        elif verb.entry.severity >= 2 and _imperative(field, verb):
            # "Burn the diesel buses in the depot": a command that opens a sentence.
            evidence.append((field.span(verb), verb.entry.severity))
    return _finding(evidence, total=False)


def check_defamation(field: FieldText, context: PolicyContext) -> Finding | None:
    accusations = field.of(Category.ACCUSATION)
    if not accusations:
        return None
    people = [*field.of(Category.PERSON), *_people_by_role(field)]
    # "a woman called Lisa Åberg" names someone; it does not report what was called.
    reported = field.sentences_of(
        word
        for word in field.of(Category.REPORTED)
        if not any(p.start <= word.start < p.end for p in people)
    )
    evidence: _Evidence = []
    for accusation in accusations:
        if _condemned(field, accusation, reported):
            continue
        for person in people:
            if field.near(person, accusation, words=_ACCUSATION_REACH):
                evidence.append((_joined(field, person, accusation), accusation.entry.severity))
                break
    return _finding(evidence, total=False)


def check_insult(field: FieldText, context: PolicyContext) -> Finding | None:
    insults = field.of(Category.INSULT)
    if not insults:
        return None
    reported = field.of(Category.REPORTED)
    second_person = field.of(Category.SECOND_PERSON)
    profanity = field.of(Category.PROFANITY)
    found_people: list[Match] = []

    def people() -> list[Match]:
        if not found_people:
            # Not public roles: "Regionrådet är inkompetent" is criticism in role.
            found_people.extend(field.of(Category.PERSON))
            found_people.extend(_people_by_role(field))
        return found_people

    evidence: _Evidence = []
    for insult in insults:
        if _negated(field, insult):
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
        ):
            continue
        # "din jävla idiot": an oath beside the insult makes it worse.
        worse = field.any_near(insult, profanity, words=1)
        evidence.append((field.span(insult), insult.entry.severity + int(worse)))
    return _finding(evidence, total=False)


def check_profanity(field: FieldText, context: PolicyContext) -> Finding | None:
    # A word quoted is mentioned, not used: 'fick frågan "vad är en fitta?"'; a capitalised
    # word before a capitalised one is a name: "Dick Harrison".
    used = [
        m for m in field.of(Category.PROFANITY) if not field.quoted(m) and not _a_name(field, m)
    ]
    return _finding(_per_span(field, used), total=True)


def check_sexual(field: FieldText, context: PolicyContext) -> Finding | None:
    # "Knulla inte med oss" (don't mess with us) is an oath, counted as profanity.
    sexual = [m for m in field.of(Category.SEXUAL) if _word_after(field, m) not in _NEGATIONS]
    if not sexual:
        return None
    # Sexual words about children are always grave (BrB 6 kap.; legal-rules.md §7):
    # "those 13 y/o girls … so s3xy", "flickorna i nian är så sexiga".
    minors = field.of(Category.MINOR)
    grave = [
        (_joined(field, m, minor), 3)
        for m in sexual
        for minor in _in_reach(minors, m, _ACCUSATION_REACH)
        if field.near(m, minor, words=_ACCUSATION_REACH)
    ]
    if grave:
        return _finding(grave, total=False)
    # Words that are sexual only when aimed at someone ("slicka", "sexig", "sexy").
    second_person = field.of(Category.SECOND_PERSON, Category.TARGET)
    sexual = [
        m
        for m in sexual
        if not m.entry.person or field.any_near(m, second_person, words=_INSULT_TARGET_REACH)
    ]
    aimed = [m for m in sexual if m.entry.person]
    found = _finding([*_per_span(field, sexual), *((field.span(m), 3) for m in aimed)], total=True)
    if found is not None and found.score is not None and not _any_explicit(field):
        # Topic words alone ("porr", "nakenbilder", "nudes") are how people discuss sexual
        # health and safety: a signal, never a hold.
        return Finding(spans=found.spans, score=min(found.score, _TOPIC_ONLY))
    return found


def _said_of(field: FieldText, insult: Match, subjects: list[Match]) -> bool:
    """An insult predicated of someone: "Du som skriver om teatern är en pretentiös snobb",
    "Kulturchefen är en mupp", "The finance chair is a spineless weasel": the subject before
    it in the sentence, a copula between them."""
    text = field.letters.text
    for subject in _in_reach(subjects, insult, _PREDICATE_REACH):
        if subject.end > insult.start or not field.near(subject, insult, words=_PREDICATE_REACH):
            continue
        between = text[subject.end : insult.start].split()
        if any(word.strip(",.;:!?") in _COPULAS for word in between):
            return True
    return False


def _a_name(field: FieldText, match: Match) -> bool:
    start, end = field.span(match)
    original = field.original
    if not original[start : start + 1].isupper() or original[start:end].isupper():
        return False
    return original[end : end + 1] == " " and _CAPITALISED.match(original, end + 1) is not None


def _any_explicit(field: FieldText) -> bool:
    return any(
        (match.entry.severity >= 2 or match.entry.person)
        and _word_after(field, match) not in _NEGATIONS
        for match in field.of(Category.SEXUAL)
    )


def _per_span(field: FieldText, matches: list[Match]) -> _Evidence:
    """One piece of evidence per stretch of text: a word that two entries match (the entry
    and an inflected shorter one) counts once, at its highest severity."""
    best: dict[tuple[int, int], int] = {}
    for match in matches:
        span = field.span(match)
        best[span] = max(best.get(span, 0), match.entry.severity)
    return list(best.items())


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
    if word.entry.person and not _predicated(field, word):
        return False
    if not field.near(group, word, words=_GROUP_REACH):
        return False
    severity = word.entry.severity
    if severity >= 3 or general:
        return True
    if severity == 2:
        return field.near(group, word, words=_GROUP_TIGHT) or _opens_sentence(field, group)
    return False


def _predicated(field: FieldText, word: Match) -> bool:
    """Said of something: "… är råttor", "… är en pest", "they are a plague"."""
    before = field.words_before(word.start, 2)
    if not before:
        return False
    if before[-1] in _PREDICATES:
        return True
    return len(before) == 2 and before[-1] in _ARTICLES and before[0] in _PREDICATES


def _opens_sentence(field: FieldText, match: Match) -> bool:
    text = field.letters.text
    before = text[: match.start].rstrip()
    return (
        not before
        or _OPENER.search(before + " ") is not None
        or (_word_before(field, match) in _DETERMINERS_BEFORE and len(before) < 2)
    )


def _not_a_threat(field: FieldText, verb: Match) -> bool:
    """ "Skjut upp mötet" (postpone), "rökning kan döda dig" (a risk, not a threat)."""
    if _word_after(field, verb) in _PARTICLES:
        return True
    words = field.words_before(verb.start, 2)
    return bool(words) and words[-1] in _MODALS and (len(words) < 2 or words[0] not in _FIRST)


def _negated(field: FieldText, match: Match) -> bool:
    return any(word in _NEGATIONS for word in field.words_before(match.start, 2))


def _negated_between(field: FieldText, first: Match, second: Match) -> bool:
    """A negation between a wish and its harm: "hoppas att ni aldrig behöver dö i kön"."""
    between = field.letters.text[first.end : second.start].split()
    return any(word.strip(",.;:!?") in _NEGATIONS for word in between)


def _consequence(field: FieldText, harm: Match) -> bool:
    """ "Patienter dör om akuten stänger", "people will die without it": a harm followed by
    its cause or condition is a warning, not a threat."""
    return _word_after(field, harm) in _CONSEQUENCE


def _word_before(field: FieldText, match: Match) -> str:
    words = field.words_before(match.start, 1)
    return words[0] if words else ""


def _word_after(field: FieldText, match: Match) -> str:
    found = _NEXT_WORD.match(field.letters.text, match.end)
    return found.group(1) if found else ""


def _echo_brackets(original: str) -> list[tuple[int, int]]:
    """The antisemitic "echo" (((name))) marks a person or group as Jewish."""
    if "(((" not in original:
        return []
    return [match.span() for match in _ECHO.finditer(original)]


# A person by role: a Swedish agent noun in the definite form ("tandläkaren", "handläggaren",
# "vägingenjören", "barnmorskan") whose indefinite form is an ordinary word; an English role
# noun after a determiner ("the night nurse", "that surgeon"); a given name with a surname or
# its initial ("Tomas B", "Maja S."), or a title with a name ("Mr. Sandberg", "nurse Hanna").
_SV_ROLE = re.compile(
    r"(?<![^\W_])([a-zåäö]{0,25}(?:ar|ör|är|ist|ent|ant|arie|iker|log|man|"
    r"(?P<agent>kvinn|chef|ledar|läkar|skötersk|ingenjör|direktör|lärar|rektor|doktor|tolk|"
    r"barnmorsk|polis|vakt|ägar|förar|chaufför|bond|präst|assistent|biträd|handläggar|"
    r"inspektör|tekniker|kock|kassörsk)))(en|n|an)(?![^\W_])"
)
_EN_ROLES = frozenset(
    """nurse doctor surgeon teacher principal driver officer director manager boss ceo
    engineer herder landlord landlady treasurer worker biologist inspector official
    caseworker dentist midwife priest coach janitor caretaker librarian receptionist clerk
    guard ranger hunter farmer owner pastor therapist consultant contractor plumber
    electrician secretary administrator supervisor planner interpreter paramedic physician
    psychiatrist psychologist pharmacist counsellor counselor councillor councilor chairman
    chairwoman headteacher headmaster instructor trainer coordinator social-worker carer
    cashier neighbour neighbor conductor inspector warden vet""".split()  # noqa: SIM905
)
_EN_DETERMINERS = frozenset({"the", "that", "this", "our", "my", "your", "their", "his", "her"})
_TITLES = frozenset(
    "mr mrs ms miss dr herr fru nurse doctor councillor principal teacher syster doktor".split()  # noqa: SIM905
)
_CAPITALISED_OR_INITIAL = re.compile(
    r"[A-ZÅÄÖÉÜ](?:[a-zåäöéü]+(?:-[A-ZÅÄÖÉÜ][a-zåäöéü]+)?|\.|(?![\w]))"
)
_ROLE_ENTRY = Entry("role", Category.PERSON, 1, "*")


def _people_by_role(field: FieldText) -> list[Match]:
    """People a reader can identify without their full name; see ``_SV_ROLE``. Found once
    per field: three rules ask."""
    cached: list[Match] | None = field.__dict__.get("_people_by_role")
    if cached is None:
        cached = field.__dict__["_people_by_role"] = _find_people_by_role(field)
    return cached


def _find_people_by_role(field: FieldText) -> list[Match]:
    found = _named_people(field)
    text = field.letters.text
    if field.lang != "en":
        for role in _SV_ROLE.finditer(text):
            stem = role.group(1)
            # A role word ending ("fritidsledaren") is enough; a bare agent ending ("-aren")
            # must make an ordinary word ("läkare"), so "sommaren" is no person.
            if (
                role.group("agent")
                or is_lemma(stem + "e")
                or is_lemma(stem)
                or is_lemma(stem + "a")
            ):
                found.append(Match(role.start(), role.end(), _ROLE_ENTRY))
    for word in _WORDS.finditer(text):
        token = word.group()
        if token in _EN_ROLES:
            before = field.words_before(word.start(), 3)
            if any(b in _EN_DETERMINERS for b in before):
                found.append(Match(word.start(), word.end(), _ROLE_ENTRY))
        elif token in _TITLES:
            after = _NEXT_WORD.match(text, word.end())
            if after is not None:
                start, _ = field.letters.original_span(after.start(1), after.end(1))
                if field.original[start : start + 1].isupper():
                    found.append(Match(word.start(), after.end(1), _ROLE_ENTRY))
    return found


_WORDS = re.compile(r"[^\W\d_]{2,30}")


def _named_people(field: FieldText) -> list[Match]:
    """Given names written with a capital and followed by a capitalised surname."""
    original = field.original
    found = []
    names = first_names()
    for match in field.of(Category.FIRST_NAME):
        start, end = field.span(match)
        if match.entry.term not in names or not original[start : start + 1].isupper():
            continue
        surname = (
            _CAPITALISED_OR_INITIAL.match(original, end + 1)
            if original[end : end + 1] == " "
            else None
        )
        if surname is not None:
            found.append(match)
    return found


def _condemned(field: FieldText, match: Match, reported: frozenset[int]) -> bool:
    """Quoted, or in a sentence that reports or condemns it ("kallade mig …", "rasistiskt");
    ``reported`` holds the sentences (``FieldText.sentence_index``) with such words."""
    return field.sentence_index(match.start) in reported or field.quoted(match)


def _as_listed(field: FieldText, match: Match) -> bool:
    """Whether the match is the listed term (or it typed without å, ä, ö), not one of the
    forms that ``wordforms`` adds."""
    found = field.letters.text[match.start : match.end]
    term = match.entry.term
    return found == term or found == term.translate(_NO_DIACRITICS) or " _ " in term


def _befalls(field: FieldText, harm: Match, target: Match) -> bool:
    """Whether the harm is aimed at the target: the subject of something that befalls it
    ("… dinglar ni"), the object of a violent verb ("tänder eld på regionhuset"), or the
    subject of a passive one ("ni borde hängas", "they should be shot"). "We should kill
    this bill before it reaches the council" aims at the bill."""
    if harm.entry.category is Category.HARM:
        return field.near(harm, target, words=_WISH_REACH)
    if field.near(harm, target, words=_OBJECT_REACH, ordered=True):
        return _word_after(field, target) not in _IDIOM_AFTER_OBJECT
    text = field.letters.text
    passive = text[harm.start : harm.end].endswith("s") or _word_before(field, harm) in {
        "be",
        "get",
        "bli",
    }
    return passive and field.near(target, harm, words=_WISH_REACH, ordered=True)


def _told(field: FieldText, match: Match, reported: list[Match]) -> bool:
    """Quoted, or told by a reporting word before it in its sentence ("fick ett mejl där det
    stod …", "he wrote that …"); "slår jag ihjäl den som skrev förslaget" is not told."""
    if field.quoted(match):
        return True
    sentence = field.sentence_index(match.start)
    return any(
        word.end <= match.start and field.sentence_index(word.start) == sentence
        for word in _in_reach(reported, match, _SENTENCE_WORDS)
    )


# Characters per word, generously (as ``analysis``): matches farther apart than this many
# characters per word of reach cannot be near, so long texts stay linear.
_CHARS_PER_WORD = 30
_SENTENCE_WORDS = 60


def _in_reach(matches: list[Match], match: Match, words: int) -> list[Match]:
    """The matches close enough in characters to be within ``words`` words of ``match``."""
    reach = (words + 2) * _CHARS_PER_WORD
    return [m for m in matches if m.start <= match.end + reach and m.end >= match.start - reach]


def _joined_spans(a: tuple[int, int], b: tuple[int, int]) -> tuple[int, int]:
    return min(a[0], b[0]), max(a[1], b[1])


def _joined(field: FieldText, first: Match, second: Match) -> tuple[int, int]:
    a, b = field.span(first), field.span(second)
    return min(a[0], b[0]), max(a[1], b[1])


def _finding(evidence: _Evidence, *, total: bool) -> Finding | None:
    """One finding from all evidence: the score is the sum of severities (``total``: how much
    profanity) or the worst one (how bad the worst threat is)."""
    if not evidence:
        return None
    severities = [severity for _, severity in evidence]
    score = sum(severities) if total else max(severities)
    spans = tuple(sorted(dict.fromkeys(span for span, _ in evidence)))
    return Finding(spans=spans, score=float(score))
