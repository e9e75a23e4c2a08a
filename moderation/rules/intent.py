"""LAW-THREAT as a construction of three parts in one clause (issue 16; legal-rules.md §2):

- a **harm**: a violent verb in any inflection ("slakta", "slaktar", "slaktade"; "gut",
  "guts", "gutted"), a particle verb or phrase ("spöa upp", "göra processen kort med",
  "sätta dit"), or an injury to a body part ("krossa skallen på", "break your neck");
- a **modality** before it: the author's plan or promise ("jag ska", "vi kommer att", "I'll",
  "I'm going to"), a wish ("hoppas", "någon borde", "someone should"), a condition with the
  author's verb second ("om de stänger skolan så skjuter jag …"), or a warning to go on
  ("keep this up and I'll …", "fortsätt så och …");
- a **target** after it: the reader ("dig", "er", "you", "your kids"), a person by pronoun,
  role or name ("honom", "den där handläggaren", "hela skolstyrelsen", "that mayor").

Told, quoted or negated uses stay clean ("han hotade att döda henne", "jag ska inte slå
någon"), and so do harms aimed at things ("skjuta upp mötet", "kill the engine", "döda
förslaget"): the target must be a person. Swedish also matches typed without å, ä, ö.
"""

from __future__ import annotations

import re

from moderation.analysis import FieldText
from moderation.lexicon import Category, Match
from moderation.rules.people import ROLE_ENTRY, people_by_role
from moderation.rules.prefilter import gated, gated_finditer, possible
from moderation.rules.wording import Evidence, told

__all__ = ["intended_harm"]


def _folded(pattern: str) -> str:
    """Swedish typed without å, ä, ö ("doda dig", "sla ihjal") matches as well."""
    return pattern.replace("å", "[åa]").replace("ä", "[äa]").replace("ö", "[öo]")


# Violent verbs, every form a clause can use them in (present, infinitive, imperative, past,
# supine, future with "ska"); particles that make them violence are part of the verb.
_SV_HARM = _folded(
    r"(?:döda|dödar|dödade|dödat|mörda|mördar|mördade|slakta|slaktar|slaktade|avrätta|"
    r"avrättar|strypa|stryper|ströp|knivhugga|knivhugger|knivhögg|dränka|dränker|dränkte|"
    r"lyncha|lynchar|våldta|våldtar|misshandla|misshandlar|spöa|spöar|spöa upp|spöar upp|"
    r"skjuta|skjuter|sköt|skjutit|hänga|hänger|hängde|bränna|bränner|brände|tortera|"
    r"torterar|lemlästa|lemlästar|halshugga|halshugger|knäcka|knäcker|krossa|krossar|"
    r"slå ihjäl|slår ihjäl|slog ihjäl|slå ner|slår ner|puckla på|pucklar på|klå upp|"
    r"klår upp|sticka ner|sticker ner|hugga ner|hugger ner|skära|skär|sprätta upp|"
    r"sprättar upp|tända eld på|tänder eld på|tuttar på|tutta på|sätta eld på|sätter eld på|"
    r"tända på|tänder på|ta livet av|tar livet av|göra slut på|gör slut på|"
    r"bryta nacken (?:av|på)|bryter nacken (?:av|på)|krossa skallen på|krossar skallen på|"
    r"slå sönder|slår sönder|sparka ihjäl|sparkar ihjäl|ge (?:\w+ )?en kula|"
    r"sätta en kula i|sätter en kula i|skicka (?:\w+ )?till sjukhuset|"
    r"göra (?:processen|process) kort med|gör (?:processen|process) kort med|"
    r"göra kort process med|gör kort process med|sätta dit|sätter dit|"
    r"ta hand om|tar hand om|plocka|plockar|ta|tar)"
)
_EN_HARM = (
    r"(?:kill|murder|slaughter|butcher|gut|stab|knife|strangle|choke|hang|lynch|shoot|"
    r"burn|torch|firebomb|behead|execute|drown|rape|beat|bash|batter|smash|crush|"
    r"break|snap|slit|cut|maim|cripple|bury|skin|hurt|string up|beat up|"
    r"put a bullet in|blow up|run over|take out|deal with|end)"
)
_EN_INFLECTED = _EN_HARM[:-1] + r")(?:s|es|ed|d|ing|ping|ting|ning|bing)?"
# Who the harm is aimed at, right after the verb.
_SV_TARGET = _folded(
    r"(?:dig|dej|er|eder|honom|henne|hela (?:jävla )?\w+|varenda (?:en|\w+)|"
    r"vareviga (?:en|\w+)|(?:den|det) där \w+|(?:din|ditt|dina|era|ert|hans|hennes) "
    r"(?:\w+ )?\w+|(?:skallen|huvudet|nacken|halsen|strupen|benen|armarna|käken|näsan|knäna) "
    r"(?:av|på) \w+(?: \w+)?|er allihop\w*|dem allihop\w*|"
    r"dom allihop\w*|alla (?:politiker\w*|tjänstem\w+|handläggar\w*|ledamöter\w*|"
    r"poliser\w*|journalister\w*)|(?P<sv_other>(?!(?:upp|ner|ihjäl|sönder|på|hand|dit|"
    r"processen|process|kort)(?![^\W_]))\w+))"
)
_EN_TARGET = (
    r"(?:you|ya|u|yourself|yourselves|him|her|them all|every (?:one|last one) of (?:you|them)|"
    r"that \w+|this \w+|those \w+|your (?:\w+ )?\w+|his (?:\w+ )?\w+|her (?:\w+ )?\w+|"
    r"(?P<en_other>(?:the|our|their) (?:whole |entire |local |new )?\w+))"
)
# The author's plan or promise, a wish, or a warning to go on. The adverbs ("personligen",
# "personally", "nog", "bara") may stand between.
_SV_MODAL = _folded(
    r"(?:(?:jag|ja|vi) (?:\w+ )?(?:ska|skall|kommer att|kommer|tänker|lovar att|svär på att|"
    r"svär att|ska nog|vill|går och|borde|bör|måste)|(?P<bare>jag|ja|vi)|"
    r"(?:ska|skall|kommer|tänker) (?:jag|vi) (?:att )?|"
    r"hoppas (?:att )?(?:nån|någon|ni|du|folk)?|önskar (?:att )?|någon (?:borde|ska|måste|"
    r"bör)|nån (?:borde|ska|måste|bör)|folk (?:borde|ska|måste)|fortsätt (?:så|såhär|"
    r"så här)(?: här)?(?:,)? (?:och|så))(?: \w+)?(?: (?:personligen|nog|bara|själv|gärna|"
    r"snart|garanterat|verkligen))?"
)
_EN_MODAL = (
    r"(?:(?:i|we)(?:'ll| will| shall| am going to|'m going to| are going to|'re going to|"
    r"'m gonna| am gonna| gonna| want to| would love to|'d love to| intend to| promise to|"
    r"'m about to| swear i'll| can't wait to| cant wait to)|ill|imma|ima|i'm gonna|im gonna|"
    r"(?:someone|somebody|people) (?:should|needs? to|ought to|will|has to|must)|"
    r"hope (?:someone|somebody|they|you)(?: \w+)?|wish (?:someone|somebody) would|"
    r"keep (?:this|it|that|talking|posting) up and (?:i'll|we'll|i will|we will))"
    r"(?: (?:personally|just|really|gladly|happily|soon|definitely))?"
)
# A condition before the author's verb second: "om … så skjuter jag", "if … then I'll".
_SV_V2 = _folded(
    r"(?:så|då) (?P<verb>VERB) (?:jag|vi) (?:(?:upp|ihjäl|ner|sönder|eld på|på|skiten ur) )?"
)
# "Någon borde ge kommunalrådet en kula i knäet", "I'll give him a beating".
_GIVE = re.compile(
    _folded(
        r"(?<![^\W_])(?:(?:jag|vi|ja|någon|nån|folk) (?:\w+ )?(?:ska|skall|borde|bör|kommer att|"
        r"måste|tänker) (?:\w+ )?ge|ger (?:jag|vi))"
    )
    + " (?P<target>"
    + _SV_TARGET
    + _folded(
        r") (?P<verb>en kula|en (?:ordentlig |rejäl )?omgång|ett kok stryk|på käften|stryk|"
        r"spö|en kniv|en snyting|en propp|på moppe|på nöten|ett nackskott)"
    )
    + r"|(?<![^\W_])(?:(?:i|we|someone|somebody)(?:'ll| will| should| ought to| needs? to|"
    r"'m going to| am going to| gonna)) give (?P<en_target>"
    + _EN_TARGET.replace("(?P<en_other>", "(?:")
    + r") (?P<en_verb>a (?:good |proper )?(?:beating|hiding|bullet|kicking))(?![^\W_])"
)
_NEGATED = re.compile(
    r"(?<![^\W_])(?:inte|aldrig|ej|not|never|won't|wont|wouldn't|don't|dont|no one|nobody|"
    r"ingen)(?![^\W_])"
)
# "ta"/"tar", "plocka", "take out", "deal with", "end" harm only with a sign of violence in
# the sentence (a dark evening, a weapon), or the reader as the object of the author's plan.
_WEAK = frozenset(
    {
        "ta",
        "tar",
        "ta hand om",
        "tar hand om",
        "plocka",
        "plockar",
        "krossa",
        "krossar",
        "take out",
        "deal with",
        "end",
        "ends",
        "ended",
        "crush",
        "beat",
        "beats",
        "smash",
        "bury",
        "break",
        "cut",
        "cuts",
        "hurt",
        "hurts",
        "burn",
        "burns",
    }
)
_VIOLENCE = re.compile(
    r"(?<![^\W_])(?:mörk kväll|mörker|en natt|i natt|ikväll|i kväll|bakom|kniv|kula|gevär|"
    r"bössa|pistol|"
    r"yxa|knife|gun|bullet|rifle|axe|dark|alley|permanently|for good|for ever|forever)"
    r"(?![^\W_])"
)
# Objects that are not people: "skjuta upp mötet", "kill the engine", "break the news".
_THINGS = re.compile(
    r"(?<![^\W_])(?:the (?:engine|motor|lights?|news|proposal|bill|idea|plan|deal|record|"
    r"ice|rules?|silence|mood|budget|project|vote|law)|this (?:proposal|bill|idea|plan|"
    r"project|law|nonsense)|that (?:proposal|bill|idea|plan|project|law|nonsense)|"
    r"er tid|din tid|dina pengar|era pengar|din chans|er chans|hela (?:förslaget|projektet|"
    r"planen|idén|budgeten|grejen|saken|frågan)|det där (?:förslaget|beslutet)|your (?:time|"
    r"money|chance|point|argument|proposal|idea|bill|case|heart|word|advice|vote)|his "
    r"(?:proposal|idea|bill|argument|point|case|vote|word)|her (?:proposal|idea|bill|"
    r"argument|point|case|vote|word))(?![^\W_])"
)
_SV_CLAUSE = re.compile(
    rf"(?<![^\W_]){_SV_MODAL}(?P<gap>(?: [^\W\d_][\w'-]*){{0,3}}?) (?P<verb>{_SV_HARM}) "
    rf"(?P<target>{_SV_TARGET})(?![^\W_])"
)
_EN_CLAUSE = re.compile(
    rf"(?<![^\W_]){_EN_MODAL}(?P<gap>(?: [^\W\d_][\w'-]*){{0,2}}?) (?P<verb>{_EN_INFLECTED}) "
    rf"(?P<target>{_EN_TARGET})(?![^\W_])"
)
_BOTH = (_SV_CLAUSE, _EN_CLAUSE)
_CONDITIONAL = re.compile(
    _SV_V2.replace("VERB", _SV_HARM)
    + rf"(?P<target>{_SV_TARGET}|{_folded('ihjäl ')}?\w+)(?![^\W_])"
)
_CONDITION_BEFORE = re.compile(_folded(r"(?<![^\W_])(?:om|ifall|när|if|nästa gång)(?![^\W_])"))
# A building that will burn or blow up, said as a plan or prophecy: "kommer varenda moské i
# länet att brinna", "så kommer den att brinna, med eller utan folk i", "their office will go
# up in flames". Not a fire that happened ("brann ner i går") or a risk ("kan brinna").
_BUILDING = _folded(
    r"(?:moské\w*|synagog\w*|kyrk(?:a|an|or|orna)|asyl\w*|boende\w*|barack\w*|kommunhus\w*|"
    r"regionhus\w*|stadshus\w*|kontor(?:et)?|huset|hus|villan|gård(?:en)?|sjukstuga\w*|"
    r"mosques?|synagogues?|churche?s?|office|offices|house|building|home|town hall|"
    r"city hall|den|det|it)"
)
_BURNS = re.compile(
    # "kommer varenda moské i länet att brinna": the modal first, the building after.
    _folded(r"(?<![^\W_])(?:kommer|ska|skall)(?: [\w-]+){0,2}? ")
    + rf"{_BUILDING}(?: [\w-]+){{0,3}}? (?:att )?"
    + _folded(r"(?:brinna|brinna upp|brinna ner|sprängas|gå upp i rök|explodera)(?![^\W_])|")
    + rf"(?<![^\W_]){_BUILDING}(?: [\w-]+){{0,4}}? "
    + _folded(
        r"(?:kommer (?:att )?|ska |skall |will |is going to |are going to |gonna )"
        r"(?:\w+ )?(?:att )?(?:brinna|brinna upp|brinna ner|sprängas|gå upp i rök|"
        r"explodera|burn(?: down)?|go up in (?:flames|smoke)|be torched|be burned|blow up|"
        r"be blown up)"
    )
    + r"(?![^\W_])"
)
# The target is people, or the building stands for them: someone inside, "varenda", a
# mosque or a council's house.
_INSIDE = re.compile(
    _folded(
        r"(?<![^\W_])(?:folk i|människor i|med er i|med dig i|med dem i|de som sitter|"
        r"(?:där|dit)inne|varenda|every single|with (?:you|them|people) (?:in|inside)|"
        r"moské\w*|synagog\w*|asyl\w*|mosques?|synagogues?|regionhus\w*|kommunhus\w*|"
        r"stadshus\w*|town hall|city hall)(?![^\W_])"
    )
)
_KEYS = re.compile(
    _folded(r"ska|skall|kommer|tänker|lovar|svär|hoppas|önskar|borde|måste|bör|fortsätt|så |då ")
    + r"|'ll|will|shall|going to|gonna|want to|love to|intend|promise|about to|can't wait|"
    r"cant wait|ill |imma|ima |should|need|ought|has to|must|hope|wish|keep |jag |vi |ja |"
    r"brinna|burn|spräng|blow|go up"
)


def intended_harm(field: FieldText) -> Evidence:
    """Threats as harm × modality × target in one clause; see the module's docstring."""
    text = field.letters.text
    if not (possible(_GATE, text) and possible(_KEYS, text)):
        return []
    if _GATE.search(text) is None or _KEYS.search(text) is None:
        return []
    found = _clauses(field, text)
    if not found:
        return []
    reported = field.of(Category.REPORTED)
    evidence: Evidence = []
    for start, end, severity in found:
        if told(field, Match(start, end, ROLE_ENTRY), reported):
            continue
        evidence.append((field.letters.original_span(start, end), severity))
    return evidence


def _clauses(field: FieldText, text: str) -> list[tuple[int, int, int]]:
    """(start, end, severity) of every construction in the letter view."""
    found: list[tuple[int, int, int]] = []
    # The language decides which clauses to read ("jag ska" is not English); unknown: both.
    patterns = {"sv": (_SV_CLAUSE,), "en": (_EN_CLAUSE,)}.get(field.lang or "", _BOTH)
    for pattern in patterns:
        for clause in gated_finditer(pattern, text):
            if severity := _judge(field, clause, conditional=False):
                found.append((clause.start(), clause.end(), severity))
    for burns in gated_finditer(_BURNS, text):
        window = text[max(0, burns.start() - 120) : burns.end() + 80]
        if _INSIDE.search(window) and not _NEGATED.search(burns.group(0)):
            found.append((burns.start(), burns.end(), 3))
    # Only a clause with one of the keys counts, so a text without any is not read for them.
    if possible(_GIVE_KEYS, text):
        found += [
            (clause.start(), clause.end(), 2)
            for clause in (gated_finditer(_GIVE, text))
            if _GIVE_KEYS.search(clause.group(0))
        ]
    for clause in gated_finditer(_CONDITIONAL, text):
        if severity := _judge(field, clause, conditional=True):
            found.append((clause.start(), clause.end(), severity))
    return found


def _judge(field: FieldText, clause: re.Match[str], *, conditional: bool) -> int:
    """0 when the clause is not a threat, else its severity (3: the author's own plan)."""
    text = field.letters.text
    verb = clause.group("verb")
    target = clause.group("target")
    if _NEGATED.search(clause.group(0)) or _THINGS.match(text, clause.start("target")):
        return 0
    other = _group(clause, "sv_other") or _group(clause, "en_other")
    if other and not _person(field, clause.start("target"), target, generic=True):
        return 0
    if conditional:
        sentence_start = text.rfind(".", 0, clause.start()) + 1
        if not _CONDITION_BEFORE.search(text, sentence_start, clause.start()):
            return 0
        if not _person(field, clause.start("target"), target):
            return 0
    violent = _BODY.search(target) is not None or (
        _VIOLENCE.search(text, max(0, clause.start() - 80), clause.end() + 80) is not None
    )
    after = _WORD_AFTER.match(text, clause.end())
    if after is not None and after.group(1) in _NOT_AN_OBJECT and not violent:
        return 0
    if verb in _WEAK and not violent:
        return 0
    # "Vi tar dig en mörk kväll", "jag dödar dig": the present is a plan; "jag dödade" a story.
    if _group(clause, "bare") and not verb.split(" ", 1)[0].endswith("r"):
        return 0
    head = text[clause.start() : clause.start("verb")]
    own = head.startswith(("jag", "ja ", "vi", "i", "we", "ill", "imma", "ima")) or conditional
    return 3 if own else 2


_WORD_AFTER = re.compile(r"\s+(\w+)")
# "shoot you an email", "skjuta dem i sank", "burn the bridges down": not violence.
_NOT_AN_OBJECT = frozenset({"a", "an", "en", "ett", "the", "down", "ut", "out", "off", "sank"})
_GIVE_KEYS = re.compile(
    r"kula|omgång|stryk|käften|spö|kniv|snyting|propp|moppe|nöten|nackskott|beating|hiding|"
    r"bullet|kicking"
)
_PRONOUNS = frozenset({"dig", "dej", "er", "honom", "henne", "you", "him", "her"})


def _group(clause: re.Match[str], name: str) -> str | None:
    return clause.groupdict().get(name)


_BODY = re.compile(
    _folded(
        r"(?<![^\W_])(?:skalle\w*|huvud\w*|nacke\w*|ben(?:en)?|armar\w*|käk\w*|näsa\w*|"
        r"hals(?:en)?|strupe\w*|knä\w*|revben\w*|tänder\w*|skull|head|neck|legs?|arms?|"
        r"jaw|nose|throat|knees?|kneecaps?|ribs|teeth|face|fingers|spine)(?![^\W_])"
    )
)


def _person(field: FieldText, start: int, target: str, *, generic: bool = False) -> bool:
    """Whether the object after a harm is a person: a pronoun, "hela nämnden", or a person
    by role or name."""
    first = target.split(" ", 1)[0]
    if not generic and (first in _PRONOUNS or first in {"hela", "varenda", "alla"}):
        return True
    return any(
        m.start < start + len(target) and m.end > start
        for m in (
            *people_by_role(field),
            *field.of(Category.PUBLIC_ROLE, Category.PERSON, Category.TARGET),
        )
    )


# One scan for what every construction needs: a violent verb that is never ordinary ("ta",
# "cut", "end" are, and need a weapon, a dark evening or a body part), a fire, or a beating.
_GATE = re.compile(
    r"(?<![^\W_])(?:"
    + _SV_HARM.removesuffix("|ta hand om|tar hand om|plocka|plockar|ta|tar)")
    + ")|"
    + _EN_HARM.replace("|cut|", "|").replace("|take out|deal with|end)", ")")
    + "|"
    + _VIOLENCE.pattern.removeprefix(r"(?<![^\W_])").removesuffix(r"(?![^\W_])")
    + "|"
    + _BODY.pattern.removeprefix(r"(?<![^\W_])").removesuffix(r"(?![^\W_])")
    + "|"
    + _folded(
        r"brinna|brinner|spräng|explod|blow up|go up|kula|omgång|stryk|käften|beating|hiding|"
        r"snyting|propp|moppe|nöten|nackskott"
    )
    + ")"
)

for _pattern in (_GATE, _KEYS, _SV_CLAUSE, _EN_CLAUSE, _BURNS, _GIVE, _GIVE_KEYS, _CONDITIONAL):
    gated(_pattern)
