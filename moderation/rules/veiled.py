"""LAW-THREAT, veiled: threats that name no violence (legal-rules.md §2: "olaga hot" covers
what a reader understands as a threat). Constructions, not phrases:

- a person will not leave on their own legs: "you will not walk out of that care home on your
  own legs", "han går inte därifrån på egna ben";
- a visit with something more than words: "så kommer jag dit med något mer än papper", "jag tar
  med mig nåt som smäller";
- a warning that ends its sentence: "ni har blivit varnade.", "consider yourself warned";
- an accident with an innuendo or a warning to keep away: "Det sker ju jaktolyckor ibland, om
  ni förstår", "better stay out of the forest. Accidents happen."

Told or quoted uses stay clean (``wording.told``).
"""

from __future__ import annotations

import re

from moderation.analysis import FieldText
from moderation.lexicon import Category, Match
from moderation.rules.people import ROLE_ENTRY
from moderation.rules.prefilter import found_literals, literals
from moderation.rules.wording import Evidence, told

__all__ = ["veiled"]

_NOT_WALKING = re.compile(
    r"(?<![^\W_])(?:won'?t|will not|not|never|inte|aldrig)\s+(?:be\s+)?"
    r"(?:walk(?:ing)?|leav(?:e|ing)|gå|går|komma|kommer|åka|åker)\s+"
    r"(?:out|därifrån|härifrån|ut|hem)(?![^\W_])[^.!?\n]{0,60}?"
    r"(?:on (?:his|her|your|their) own(?: legs| feet)?|på (?:egna|sina|dina) ben|levande|alive)"
    # "… så att du aldrig kan gå igen", "you will never walk again".
    r"|(?<![^\W_])(?:du|ni|you)\s+(?:\w+\s+)?(?:aldrig|never)\s+(?:mer\s+)?"
    r"(?:kan\s+|kommer att\s+|will\s+|be able to\s+)?"
    r"(?:gå|walk)\s+(?:igen|again)(?![^\W_])"
    # Verb second: "så går du inte härifrån på egna ben".
    r"|(?<![^\W_])(?:gå|går|komma|kommer|åka|åker)\s+(?:du|ni|han|hon|de|dom)\s+"
    r"(?:inte|aldrig)\s+(?:därifrån|härifrån|ut|hem)(?![^\W_])[^.!?\n]{0,60}?"
    r"(?:on (?:his|her|your|their) own(?: legs| feet)?|på (?:egna|sina|dina) ben|levande|alive)"
)
_ARMED_VISIT = re.compile(
    r"(?<![^\W_])(?:(?:kommer|komma|åker|går|dyker upp|come|coming|show up|turn up|i'll be)"
    r"(?![^\W_])[^.!?\n]{0,60}?(?:med|with)\s+(?:något|nåt|mer|more|something)\s+"
    r"(?:mer\s+|annat\s+|more\s+|other\s+|else\s+|stronger\s+|starkare\s+)?(?:än|than)"
    r"|(?:tar|ta|bring|bringing|i'll bring)\s+(?:jag\s+|vi\s+)?(?:med\s+)?(?:mig\s+|oss\s+)?"
    r"(?:nåt|något|something)\s+(?:som\s+smäller|som\s+brinner|that\s+goes\s+(?:bang|boom)))"
    r"(?![^\W_])"
)
_WARNED = re.compile(
    r"(?<![^\W_])(?:ni har blivit varnade|du har blivit varnad|ni är varnade|du är varnad|"
    r"you have been warned|you've been warned|consider (?:yourself|yourselves) warned)"
    r"\s*(?:[.!]|$)"
)
# "Vi hittar henne.", "We'll find you!": a search that ends its sentence ("vi hittar henne
# alltid i biblioteket" is where she is).
_FOUND = re.compile(
    r"(?<![^\W_])(?:vi|we'll|we will|vi kommer att|vi ska|we're going to|i'm going to|i will|"
    r"i'll|jag ska|jag kommer att)\s+"
    r"(?:hittar|hitta|find|track down|leta upp)\s+(?:dig|er|honom|henne|dem|you|him|her|them)"
    r"\s*(?:[.!]|$|(?:,\s*)?(?:and|och)\s)"
)
# "Du ska veta att jag har vapenlicens", "just so you know, I own a rifle".
_ARMED = re.compile(
    r"(?<![^\W_])(?:du ska veta|ni ska veta|bara så du vet|bara så ni vet|just so you know|"
    r"you should know)(?![^\W_])[^.!?\n]{0,30}?(?:jag har|vi har|i have|i own|i've got|we have)"
    r"\s+(?:\w+\s+)?(?:vapenlicens|vapen|gevär|bössa|bössor|pistol|revolver|kniv|guns?|rifles?|"
    r"shotguns?|knife|knives|a licence for)(?![^\W_])"
)
_HUNTING = re.compile(r"jagar|jaga|jägare|jakt\w*|älg\w*|hunt\w*|moose|deer|rådjur")
# "Du vet vad som väntar.", "Om du inte … så vet du vad som händer": not a question, not
# "vad som händer med budgeten".
_KNOWS_WHAT = re.compile(
    r"(?<![^\W_])(?:(?:du|ni) vet|vet (?:du|ni)|you know|(?:and|och|så får (?:du|ni)) see?) "
    r"(?:vad som|what(?:'s| is)?) "
    r"(?:väntar|händer|kommer|coming|happens|will happen|is coming)(?=\s*(?:[.!,…\n]|$))"
)
# "You won't see Christmas", "Enjoy your last summer", "people like you end up in the river".
_LAST = re.compile(
    r"(?<![^\W_])(?:(?:you|du|ni)\s+(?:won'?t|will not|kommer inte att|kommer inte|ska inte)\s+"
    r"(?:see|live to see|få se|uppleva|överleva)\s+(?:christmas|the summer|next year|the new year|"
    r"julen|sommaren|nästa år|midsommar|våren)|(?:enjoy|njut av)\s+(?:your|din|ditt|er|ert)\s+"
    r"(?:last|sista)\s+(?:summer|christmas|day|days|week|sommar|jul|dag|dagar|vecka)"
    r"(?=\s*(?:[.!,…\n]|$))|(?:people like you|folk som du|sådana som du|såna som du|your kind)\s+"
    r"(?:end up|hamnar|brukar hamna|tend to end up)\s+(?:in|i|på)\s+(?:the river|a ditch|the "
    r"lake|älven|sjön|diket|en grav|the morgue|hospital|the hospital|bårhuset|sjukhus\w*|"
    r"skogen|the woods))(?![^\W_])"
)
# "Ni borde flytta innan det är för sent", "you and your family should move before it's too
# late", "räkna med att det smäller", "det blir din sista vinter".
_BEFORE_TOO_LATE = re.compile(
    r"(?<![^\W_])(?:(?:should|better|borde|bör|ska|får)\s+(?:\w+\s+)?(?:move|leave|flytta|lämna|"
    r"sticka|dra)(?:\s+(?:härifrån|away|out|from here|hem|home))?\s+(?:before it'?s too late|"
    r"while you still can|innan det är för sent|medan ni kan|medan du kan|medan ni fortfarande kan)"
    r"(?!\s+(?:att|to|för|for))|(?:får ni|får du|kan ni|kan du)"
    r" räkna med att det (?:smäller|brinner)|(?:det blir|this will be|this is) (?:din|er|your) "
    r"sista (?:vinter|sommar|jul|dag|vecka|winter|summer|christmas|day|week))(?![^\W_])"
)
# "Dra tillbaka förslaget, annars …", "Withdraw the proposal or else.": the threat left out
# ("Allt väl annars." has no comma).
_OR_ELSE = re.compile(r"(?:,\s*(?:or else|annars|annars så)|\sor else)\s*(?:[.!…]|\.\.\.|$)")
# "Your kids walk home alone, don't they?"
_FAMILY_ALONE = re.compile(
    r"(?<![^\W_])(?:your (?:kids|children|daughter|son|wife)|dina (?:barn|ungar)|"
    r"din (?:dotter|son|fru)|ditt barn)(?![^\W_])[^.!?\n]{0,50}?(?:alone|ensam|ensamma|själv|"
    r"själva|by (?:themselves|herself|himself))[^.!?\n]{0,10}?(?:don't they|doesn't she|"
    r"doesn't he|right|eller hur|va|inte sant)\s*\?"
)
_ACCIDENT = re.compile(
    r"(?<![^\W_])(?:\w*olyck(?:a|or|an|orna)|accidents?(?: can| do)? happen|"
    r"det händer så mycket|things happen)(?![^\W_])"
)
# A wink that closes its clause ("om ni förstår.", "bara så du vet."; not "om ni förstår hur …"),
# or a warning to keep away.
_HINT = re.compile(
    r"(?<![^\W_])(?:(?:om ni förstår|om du förstår|om ni fattar|om du fattar|fattar ni|"
    r"fattar du|if you know what i mean|just saying|bara så ni vet|bara så du vet|"
    r"säger bara)(?=\s*(?:[.,!?…\n]|$))|better stay (?:out|away)|borde undvika|"
    r"borde hålla sig borta|håll er borta|håll dig borta|stay away from|keep away from)"
    r"(?![^\W_])|[\U0001f3af\U0001f609]"
)
# Literal words each construction needs, tested before its pattern runs: most texts have none.
_KEYS: tuple[tuple[re.Pattern[str], tuple[str, ...]], ...] = (
    (
        _NOT_WALKING,
        (
            " ben",
            "on his own",
            "on her own",
            "on your own",
            "on their own",
            "levande",
            "alive",
            "gå igen",
            "walk again",
        ),
    ),
    (
        _BEFORE_TOO_LATE,
        (
            "för sent",
            "too late",
            "still can",
            "räkna med att det",
            "sista vinter",
            "sista sommar",
            "sista jul",
            "sista dag",
            "sista vecka",
            "last winter",
            "last summer",
            "last christmas",
            "last day",
            "last week",
        ),
    ),
    (
        _ARMED_VISIT,
        (
            "något mer än",
            "nåt mer än",
            "med mer än",
            "annat än",
            "with more than",
            "something more",
            "something other",
            "smäller",
            "brinner",
            "goes b",
        ),
    ),
    (_WARNED, ("varnad", "warned")),
    (
        _FOUND,
        (
            "hittar dig",
            "hitta dig",
            "hittar er",
            "hitta er",
            "hittar henne",
            "hitta henne",
            "hittar honom",
            "hitta honom",
            "hittar dem",
            "find you",
            "find him",
            "find her",
            "find them",
            "leta upp",
            "track down",
        ),
    ),
    (_ARMED, ("ska veta", "så du vet", "så ni vet", "so you know", "should know")),
    (
        _KNOWS_WHAT,
        (
            "vad som väntar",
            "vad som händer",
            "vad som kommer",
            "what's coming",
            "what is coming",
            "what happens",
            "what will happen",
        ),
    ),
    (
        _LAST,
        (
            "won't see",
            "wont see",
            "will not see",
            "live to see",
            "inte att se",
            "inte se",
            "uppleva",
            "överleva",
            "enjoy your",
            "njut av",
            "like you",
            "som du",
            "your kind",
        ),
    ),
    (_OR_ELSE, ("or else", "annars")),
    (_FAMILY_ALONE, ("don't they", "doesn't", "right?", "eller hur", "va?", "inte sant")),
)
_ACCIDENT_KEYS = ("olyck", "accident", "händer så", "things happen")


# The literal words, scanned with every other module's in the shared Aho-Corasick pass
# (``prefilter.literals``): one scan in C tells which patterns may match (a regular expression
# of many alternatives tries each at every position). Each key names the patterns it
# unlocks; ``_ACCIDENT`` is ``None``.
def _unlocks() -> dict[str, tuple[re.Pattern[str] | None, ...]]:
    unlocks: dict[str, list[re.Pattern[str] | None]] = {}
    for pattern, keys in _KEYS:
        for key in keys:
            unlocks.setdefault(key, []).append(pattern)
    for key in _ACCIDENT_KEYS:
        unlocks.setdefault(key, []).append(None)
    return {key: tuple(patterns) for key, patterns in unlocks.items()}


_UNLOCKS = _unlocks()
_KEY_WORDS = frozenset(_UNLOCKS)
literals(_KEY_WORDS)
_PATTERN_ORDER = tuple(pattern for pattern, _ in _KEYS)


def veiled(field: FieldText) -> Evidence:
    text = field.letters.text
    unlocked: set[re.Pattern[str] | None] = set()
    for key in found_literals(text, _KEY_WORDS):
        unlocked.update(_UNLOCKS[key])
    if not unlocked:
        return []
    found_spans = _pattern_spans(field, text, unlocked)
    if None in unlocked and (accidents := list(_ACCIDENT.finditer(text))):
        hints = [field.sentence_index(h.start()) for h in _HINT.finditer(text)]
        for accident in accidents:
            sentence = field.sentence_index(accident.start())
            if any(abs(sentence - hint) <= 1 for hint in hints):
                found_spans.append(accident.span())
    if not found_spans:
        return []
    # The reported words are context matches (a second pass): looked for only now.
    reported = field.of(Category.REPORTED)
    evidence: Evidence = []
    for start, end in found_spans:
        _add(field, start, end, reported, evidence)
    return evidence


def _pattern_spans(
    field: FieldText, text: str, unlocked: set[re.Pattern[str] | None]
) -> list[tuple[int, int]]:
    """The spans of the patterns whose key words are in the text (``_UNLOCKS``)."""
    found_spans: list[tuple[int, int]] = []
    for pattern in _PATTERN_ORDER:
        if pattern not in unlocked:
            continue
        for found in pattern.finditer(text):
            # "Jag kommer till mötet med mer än klagomål: ett förslag" is debate; the visit
            # threatens on a condition ("om skolan läggs ner så …").
            if pattern is _ARMED_VISIT and not _conditioned(field, found.start()):
                continue
            # "Bara så du vet, jag har vapenlicens och jagar älg": a hunter, not a threat.
            if pattern is _ARMED and _HUNTING.search(text, found.end(), found.end() + 60):
                continue
            found_spans.append(found.span())
    return found_spans


def _add(field: FieldText, start: int, end: int, reported: list[Match], evidence: Evidence) -> None:
    if told(field, Match(start, end, ROLE_ENTRY), reported):
        return
    evidence.append((field.letters.original_span(start, end), 2))


def _conditioned(field: FieldText, position: int) -> bool:
    sentence = field.sentence_index(position)
    return any(
        c.start < position and sentence - 1 <= field.sentence_index(c.start) <= sentence
        for c in field.of(Category.CONDITION)
    )
