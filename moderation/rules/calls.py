"""LAW-INCITE as constructions (uppvigling, BrB 16:5; legal-rules.md §2), beside the word lists
of ``lexical.check_incite``:

- a crime with a promise of impunity: "kapa kablarna … Polisen hinner aldrig dit", "smash the
  control boxes. If enough of us do it they can't arrest us all";
- a call to stop paying tax: "vi alla slutar betala in skatt", "Don't pay the regional tax";
- blocking emergency services: "ställ bilarna … så ingen ambulans kommer ut";
- hunting a protected animal outside the law: "ta hand om vargarna själva", "shoot it, bury
  it … and keep quiet".

Calls on others in every mood to sabotage, burn or vandalise are ``summons.py``'s, added here.

Negated ("vi ska inte …") and first-person refusals ("jag vägrar betala skatt för det här")
stay clean: they are protest, not a call on others.
"""

from __future__ import annotations

import re

from moderation.analysis import FieldText
from moderation.lexicon import Category, Match
from moderation.rules.intent import _folded
from moderation.rules.people import ROLE_ENTRY
from moderation.rules.sabotage import sabotage
from moderation.rules.summons import summoned_crimes
from moderation.rules.wording import Evidence, negated, told

__all__ = ["crowd_crimes"]

_IMPUNITY = re.compile(
    r"(?<![^\W_])(?:polisen (?:hinner|kommer) (?:aldrig|inte)(?: dit| fram| hit)?|"
    r"polisen har (?:ändå )?inga resurser|de kan inte (?:gripa|ta|stoppa|döma) (?:alla|oss alla)|"
    r"ju fler vi är|ingen (?:kommer att |kommer |kan )?(?:dömas|åka fast|bli dömd)|"
    r"om vi håller ihop|ingen behöver veta|"
    r"(?:they )?(?:can'?t|cannot|can not) arrest (?:us all|everyone|all of us|everybody)|"
    r"nobody will (?:ever )?be (?:convicted|caught)|no one will (?:ever )?(?:know|be caught|be "
    r"convicted)|if we all stick together|the police are (?:two hours|hours|miles|too far) away|"
    r"polisen är (?:två timmar|timmar|mil) bort)(?![^\W_])"
)
_TAX = re.compile(
    r"(?<![^\W_])(?P<who>\w+\s+)?(?:sluta|slutar|vägra|vägrar|strunta i|stop|refuse|don't|do not)"
    r"\s+(?:att\s+|to\s+)?(?:betala|pay|paying)(?:\s+in)?\s+(?:\w+\s+){0,2}?"
    r"(?:\w*skatt\w*|\w*tax(?:es)?)(?![^\W_])"
)
# Paying no tax or fare, asked of all: "Betala inte regionskatten", "stop paying the
# congestion charge", "alla åker utan biljett", "tjuvåk varje dag", "om alla slutar betala".
_FARE = re.compile(
    _folded(
        r"(?<![^\W_])(?:betala (?:inte|ingen|aldrig) (?:\w+ ){0,2}?(?:\w*skatt\w*|\w*biljett\w*)|"
        r"(?:stop|refuse to|don't|do not|quit) pay(?:ing)? (?:for )?(?:\w+ ){0,2}?(?:\w*tax\w*|"
        r"tickets?|fares?|congestion charges?|tolls?)|"
        r"(?P<alone>planka|plankar|plankning|tjuvåk\w*|åk\w* utan (?:biljett|att betala)|"
        r"fare (?:evasion|dodging)|ride without (?:a )?ticket|slutar betala))(?![^\W_])"
    )
)
_FARE_CALL = re.compile(
    _folded(
        r"(?<![^\W_])(?:alla|allihop|vi|ni|tips|everyone|everybody|we|let'?s|you all|borde|"
        r"should|måste|must)(?![^\W_])"
    )
)
# Blocking on purpose: "… så ingen ambulans kommer ut", "make sure no ambulance gets out",
# "don't let the ambulances through".
_EMERGENCY = re.compile(
    r"(?<![^\W_])(?:(?:don't|do not|låt inte|släpp inte)\s+(?:let\s+)?(?:the\s+|någon\s+)?"
    r"(?:ambulans\w*|ambulances?|brandbil\w*|fire engines?)\s+(?:through|past|in|out|fram|förbi|"
    r"komma fram|passera)"
    r"|(?:så att|så|se till att|so that|so|make sure|make sure that)\s+"
    r"(?:ingen|inte en enda|no) (?:ambulans|ambulance|brandbil|fire engine)\w* "
    r"(?:kommer|kan|får|can|gets?|will)(?: get)? (?:in|ut|fram|out|through))(?![^\W_])"
)
# A crowd sent to someone's home at night: "Go to the councillor's house tonight and …".
_MOB_VISIT = re.compile(
    r"(?<![^\W_])(?:go|drive|åk|gå|let's go|vi åker|vi går|alla)\s+(?:\w+\s+){0,2}?"
    r"(?:to (?:the |that )?[\w-]+'s (?:house|home)|to (?:his|her|their) (?:house|home)|"
    r"hem till (?:henne|honom|dem|[\w-]+))(?![^\W_])[^.!?\n]{0,40}?"
    r"(?:tonight|i natt|inatt|ikväll|i kväll|at night|på natten)(?![^\W_])[^.!?\n]{0,20}?"
    r"(?:show|teach|make|give|let|visa|lär|ge|låt)\s+(?:him|her|them|honom|henne|dem)(?![^\W_])"
)
_POACHING = re.compile(
    r"(?<![^\W_])(?:ta hand om|fixa|lösa|skjuta|skjut|deal with|take care of|sort out|shoot|"
    r"get rid of|bli av med|göra oss av med)\s+"
    r"(?:\w+\s+){0,2}?(?:vargen|vargarna|vargar|the wolf|the wolves|wolves|that wolf)\s+"
    r"(?:\w+\s+){0,1}?(?:själva|själv|ourselves|yourselves|themselves)(?![^\W_])"
    r"|(?<![^\W_])(?:shoot|skjut)\w*\b[^.!?\n]{0,40}?(?:bury|gräv|begrav)\w*[^.!?\n]{0,60}?"
    r"(?:keep quiet|shut up|tig|håll tyst|håll käft|say nothing|säg inget|säg ingenting|"
    r"tell no one|tell nobody|don't tell)"
)
# Self-help against predators: "vi löser det själva" beside the wolf, "deal with it ourselves".
_SELF_HELP = re.compile(
    _folded(
        r"(?<![^\W_])(?:löser|lösa|lös|fixar|fixa|tar hand om|ta hand om|sköter|deal with|"
        r"handle|sort out|take care of) (?:det|problemet|saken|dem|den|it|this|the problem|them)"
        r" (?:\w+ )?(?:själva|ourselves|yourselves)(?![^\W_])"
    )
)
_PREDATOR = re.compile(
    _folded(
        r"(?<![^\W_])(?:\w*varg\w*|björn\w*|lo(?:n|en|ar|arna)|\w*rovdjur\w*|järv\w*|wol(?:f|ves)|"
        r"bears?|lynx|predators?)(?![^\W_])"
    )
)
_CONSTRUCTIONS = (
    (_TAX, 2, ("skatt", "tax")),
    (_EMERGENCY, 3, ("ambulan", "brandbil", "fire engine")),
    (_MOB_VISIT, 2, ("house", "home", "hem till")),
    (_POACHING, 2, ("varg", "wol", "bury", "gräv", "begrav")),
)
_SINGULAR = frozenset({"jag", "i", "han", "hon", "he", "she", "many", "många", "people", "folk"})
_CRIME_SENTENCES = 1


def crowd_crimes(field: FieldText, verbs: list[Match]) -> Evidence:
    text = field.letters.text
    evidence: Evidence = []
    crimes = [v for v in verbs if v.entry.severity >= 2 and not negated(field, v)]
    if crimes and (markers := list(_IMPUNITY.finditer(text))):
        for crime in crimes:
            sentence = field.sentence_index(crime.start)
            if told(field, crime, field.of(Category.REPORTED)):
                continue
            if any(
                abs(field.sentence_index(m.start()) - sentence) <= _CRIME_SENTENCES for m in markers
            ):
                evidence.append((field.span(crime), crime.entry.severity))
    for pattern, severity, cheap in _CONSTRUCTIONS:
        if not any(word in text for word in cheap):
            continue
        for found in pattern.finditer(text):
            who = (found.groupdict().get("who") or "").strip()
            if who in _SINGULAR or who in {"inte", "not", "never", "aldrig"}:
                continue
            probe = Match(found.start(), found.end(), ROLE_ENTRY)
            if told(field, probe, field.of(Category.REPORTED)):
                continue
            if pattern is _POACHING and not _called(field, probe):
                continue
            evidence.append((field.letters.original_span(found.start(), found.end()), severity))
    evidence += _fares(field, text) + _self_help(field, text)
    return evidence + summoned_crimes(field) + sabotage(field)


def _self_help(field: FieldText, text: str) -> Evidence:
    """ "Vi löser det själva" with a predator in the sentence or the next."""
    evidence: Evidence = []
    if not any(word in text for word in ("själv", "ourselves", "yourselves")):
        return evidence
    for found in _SELF_HELP.finditer(text):
        sentence = field.sentence_index(found.start())
        if any(
            abs(field.sentence_index(m.start()) - sentence) <= 1
            for m in _PREDATOR.finditer(text, max(0, found.start() - 300), found.end() + 300)
        ) and not negated(field, Match(found.start(), found.end(), ROLE_ENTRY)):
            evidence.append((field.letters.original_span(found.start(), found.end()), 2))
    return evidence


def _fares(field: FieldText, text: str) -> Evidence:
    """Tax or fare refusal asked of others; see ``_FARE``."""
    evidence: Evidence = []
    if not any(word in text for word in ("betal", "pay", "plank", "tjuv", "fare", "biljett")):
        return evidence
    for found in _FARE.finditer(text):
        probe = Match(found.start(), found.end(), ROLE_ENTRY)
        clause = re.split(r"[.!?\n]", text[max(0, found.start() - 80) : found.start()])[-1]
        if found.group("alone"):
            called = _FARE_CALL.search(clause) is not None or (
                _CLAUSE.search(text, 0, found.start()) is not None
                and found.group("alone").startswith(("planka", "tjuvåk", "åk "))
            )
        else:
            called = _called(field, probe) or _FARE_CALL.search(clause) is not None
        if not called or told(field, probe, field.of(Category.REPORTED)):
            continue
        if negated(field, probe) and not found.group(0).startswith("betala"):
            continue
        evidence.append((field.letters.original_span(found.start(), found.end()), 2))
    return evidence


_CALLING = frozenset(
    {
        "should",
        "must",
        "borde",
        "bör",
        "måste",
        "ska",
        "let's",
        "lets",
        "vi",
        "we",
        "alla",
        "everyone",
        "every",
    }
)
_CLAUSE = re.compile(r"(?:^|[.!?:;\n])\s*$")


def _called(field: FieldText, match: Match) -> bool:
    """Asked of someone: a command that opens its clause ("Alla med vapenlicens: ta hand om
    vargarna själva") or after a modal or a call ("every hunter … should shoot it"); not a
    report ("farmers asked to deal with the wolves themselves")."""
    if _CLAUSE.search(field.letters.text, 0, match.start):
        return True
    return bool(set(field.words_before(match.start, 4)) & _CALLING)
