"""LAW-INCITE as a call on others to commit a crime (uppvigling, BrB 16:5; legal-rules.md §2),
told by its mood rather than by a list of phrases. Two parts in one clause:

- a **call** in any mood that asks others to act: a command that opens its clause ("Gå dit i
  natt och …", "…: spräng dem", "Burn …"), a first-person plural or a call on anyone ("låt
  oss", "dags att", "nu får folk", "någon borde", "ni som …", "let's", "time to", "someone
  should"), a rhetorical question that no one has done it yet ("varför är det ingen som …",
  "why has nobody …"), a passive wish ("asylboendet borde brännas ner");
- a **crime** against things or order: blowing up, burning, sabotage, smashing, cutting power
  lines, spiking roads, pouring sugar in a tank; verbs that are ordinary on their own
  ("krossa", "kapa", "välta", "cut", "smash") only with a physical object ("rutorna",
  "kablarna", "snurrorna", "the turbines"); violence against the police ("slå tillbaka mot
  polisen", "kasta sten på snuten").

A **recipe** is a call too: a tool for the crime, an installation and a night or a wink in two
sentences ("Lite tips: en vinkelslip, en mörk novembernatt och kablarna till
transformatorstationen"). Negated calls ("låt oss inte …", "ingen borde …"), protest within
the law ("bojkotta", "strejka", "demonstrera", "rösta bort"), news and history (past tenses,
reporting verbs) and the author's refusal stay clean.
"""

from __future__ import annotations

import re

from moderation.analysis import FieldText
from moderation.lexicon import Category, Match
from moderation.rules.intent import _folded
from moderation.rules.people import ROLE_ENTRY
from moderation.rules.prefilter import gated, gated_finditer, possible
from moderation.rules.wording import Evidence, told

__all__ = ["THING", "summoned_crimes"]

_B = r"(?<![^\W_])"
_E = r"(?![^\W_])"
# Installations, buildings and machines: the objects of sabotage and vandalism.
_THING = (
    r"(?:\w*vindkraft\w*|\w*snurr(?:a|or|orna|an)|\w*turbin\w*|\w*kraftverk\w*|"
    r"\w*ledning(?:ar|arna|en)?|\w*stolp(?:e|ar|arna|en)|\w*kabl(?:ar|arna)|\w*kabel\w*|"
    r"\w*transformator\w*|\w*ställverk\w*|gruv\w*|\w*maskin(?:er|erna|en)?|\w*dumpr\w*|"
    r"\w*lastbil\w*|\w*bil(?:ar|arna|en)|\w*skördar\w*|vägen|vägarna|\w*bro(?:n|ar|arna)|"
    r"\w*räls\w*|\w*spår(?:en|et)?|\w*flagg(?:a|an|or|orna)|\w*fönst\w*|\w*rut(?:a|or|orna|an)|\w*dörr(?:ar|arna|en)|"
    r"\w*kontor\w*|\w*hus(?:et|ets|en)|\w*boende\w*|moské\w*|synagog\w*|\w*kyrk(?:a|an|or)|"
    r"\w*mast(?:er|erna|en)?|\w*kamer(?:a|or|orna|an)|\w*damm(?:en|ar)|\w*tank(?:en)?|"
    r"\w*däck(?:en)?|\w*väggar(?:na)?|\w*hall(?:en|ar|arna)|\w*anläggning\w*|\w*station(?:en|er|erna)?|"
    r"\w*turbines?|wind ?farms?|windmills?|power ?lines?|pylons?|cables?|wires?|"
    r"substations?|transformers?|mines?|machines?|machinery|diggers?|excavators?|trucks?|"
    r"lorr(?:y|ies)|cars?|roads?|bridges?|rails?|railway|tracks|windows?|doors?|offices?|"
    r"buildings?|town hall|city hall|mosques?|synagogues?|churche?s?|masts?|cameras?|"
    r"dams?|pipelines?|tanks?|tyres?|tires?|walls?|site|plant|centres?|centers?|shelters?|hostels?)"
)
THING = _THING
# Crimes that need no object to be crimes: the imperative, then the other forms.
_SV_GRAVE_IMP = (
    r"vandalisera|häll socker i|strö (?:ut )?spik|spika vägen|lägg (?:ut )?spikmattor|"
    r"(?:kasta|släng) (?:\w+ )?(?:brandbomb\w*|molotov\w*)|(?:ställ|ställa) ut spikmatt\w*|"
    r"kasta sten på (?:polis\w*|snuten|vakterna)|slå tillbaka mot (?:polis\w*|snuten)|"
    r"ge igen på (?:polis\w*|snuten)|släpp ut luften ur|bryt (?:er|dig) in i"
)
_SV_GRAVE = (
    _SV_GRAVE_IMP + r"|vandaliserar|hälla socker i|släppa ut luften ur|sten(?:ar)? mot (?:polis\w*|"
    r"snuten)|bryta sig in i|bryter oss in i"
)
_EN_GRAVE = (
    r"vandali[sz]e|pour sugar in|slash the tyres|slash the tires|spike the roads?|"
    r"throw stones at the police|fight the police|attack the police|"
    r"throw (?:\w+ )?(?:molotovs?|firebombs?|petrol bombs?)|key (?:the|their|those|all the) cars?|"
    r"let the air out of|let (?:the|their) (?:tyres|tires) down|break into|kick in the \w+ doors?"
)
# Verbs that are crimes with a physical object after them ("spräng budgeten" is not one).
_SV_WITH_THING_IMP = (
    r"spräng|sabotera|plundra|bränn ner|bränn upp|sätt eld på|tänd eld på|tänd på|tutta på|"
    r"krossa|slå sönder|förstör|vält|välta|kapa|såga ner|såga av|skär sönder|klottra ner|"
    r"klotter ner|klottra på|spraya ner|punktera|bränn|sänk|demolera|riv ner|fäll|klipp|"
    r"kör sönder|tagga ner"
)
_SV_WITH_THING = (
    _SV_WITH_THING_IMP + r"|spränga|spränger|saboterar|plundrar|bränna ner|bränner ner|"
    r"bränna upp|sätta eld på|sätter eld på|tända eld på|tänder eld på|tända på|tuttar på|"
    r"krossar|slår sönder|förstöra|välter|kapar|sågar ner|skära sönder|punkterar|bränna|"
    r"demolerar|fälla|fäller|klipper|klippa|kör sönder|köra sönder|tagga ner|"
    r"sprängt|saboterat|bränt ner|satt eld på|tänt på|kapat|skurit av|skurit sönder|"
    r"krossat|förstört|vält|punkterat|sågat ner|sågat av|elda upp|eldar upp|eldat upp"
)
_EN_WITH_THING = (
    r"blow up|sabotage|loot|torch|firebomb|set fire to|burn down|smash|smash up|wreck|trash|"
    r"cut|burn|topple|tear down|destroy|damage|spray paint|deface|blown up|sabotaged|torched|"
    r"burned down|burnt down|smashed|wrecked|trashed|burned|burnt"
)
# Arson and explosives are the gravest.
_FIRE = re.compile(_folded(r"spräng|bränn|bränt|eld|tänd|tänt|tutta|blow|torch|fire|burn"))
_OBJECT = (
    rf" (?:(?:the|those|these|their|all|every|de|dom|alla|deras|era|några|ett par|a few|"
    rf"some of|the \w+'s|\w+s) )?(?:(?!(?:i|på|vid|till|från|med|för|om|in|at|on|of|to|"
    rf"from|with|for|och|and)\s)\w+ ){{0,2}}?{_THING}"
)


def _crime(grave: str, with_thing: str) -> str:
    return _folded(rf"(?:(?:{grave})|(?:{with_thing}){_OBJECT})")


# The call, right before the crime (a few words may stand between).
_CALL = _folded(
    r"(?:låt oss|dags att|det är dags att|hög tid att|nu får (?:folk|ni|vi|alla|man)|"
    r"(?:någon|nån|folk|ni|alla|vi|man|ni andra|någon av er|nån av er) (?:\w+ )?(?:borde|bör|"
    r"måste|ska|skall|får|kan|behöver)|"
    r"varför är det ingen som|varför har ingen|varför har inte nån|varför har inte någon|"
    r"hur kommer det sig att ingen|uppmanar (?:\w+ ){0,3}att|"
    r"(?:den |det )?enda (?:lösningen|sättet|svaret|utvägen)(?: är)?(?: att)?:?|"
    r"let's|lets|let us|time to|it's time to|(?:someone|somebody|everyone|everybody|people|we|"
    r"you all|you lot|y'all|one of you|anyone|anybody) (?:\w+ )?(?:should|must|needs? to|"
    r"have to|has to|"
    r"ought to|can)|why has(?:n't)? (?:nobody|no one|anyone)|why (?:is|are) (?:nobody|no one)|"
    r"why doesn't anyone|i urge (?:\w+ ){0,3}to)"
)
# A command that opens a clause: after a stop, a colon, a comma or "och"/"and" (and after
# "gå dit och", "go out tonight and").
_OPENER = r"(?:^|(?<=[.!?:;,\n…])|(?<=\boch)|(?<=\band)|(?<=\bså))"
_CALLED_CRIME = gated(
    re.compile(
        rf"{_B}{_CALL}(?: [\w'-]+){{0,4}}? "
        + _crime(f"{_SV_GRAVE}|{_EN_GRAVE}", f"{_SV_WITH_THING}|{_EN_WITH_THING}")
        + _E
    )
)
# A command opens on its verb alone, so the verbs common outside crimes ("cut" costs, "burn"
# calories, "brännvin") are commanded only with their object's determiner ("cut the cables")
# or as the bare Swedish imperative ("bränn bilarna"): the gate opens on those, not on "cut".
_SV_COMMAND = _SV_WITH_THING_IMP.replace("|bränn|", "|")
_EN_COMMAND = _EN_WITH_THING.replace("|cut|burn|", "|")
_EN_COMMON_COMMAND = r"(?:cut|burn) (?:the|their|all|every|those|these|his|her)"
_COMMANDED_CRIME = gated(
    re.compile(
        rf"{_OPENER}\s*"
        + _folded(
            r"(?:(?:gå|åk|gå ut|åk ut|go|go out|get out|head out|get down there)"
            r"(?: [\w'-]+){0,3}? (?:och|o|and) )?"
        )
        + r"(?:"
        + _crime(f"{_SV_GRAVE_IMP}|{_EN_GRAVE}", f"{_SV_COMMAND}|{_EN_COMMAND}")
        + "|"
        + _folded(rf"(?:bränn|{_EN_COMMON_COMMAND}){_OBJECT}")
        + r")"
        + _E
    )
)
# Force against the police on a call: "Om polisen kommer, slå tillbaka", "fight back if the
# police try to move you".
_RESIST = gated(
    re.compile(
        rf"{_OPENER}\s*"
        + _folded(r"(?:slå tillbaka|gör motstånd|ge igen|slåss|fight back|hit back|resist)")
        + _E
    )
)
_POLICE = re.compile(
    _folded(r"(?<![^\W_])(?:polis\w*|snut\w*|kronofogde\w*|vakt\w*|police|cops?|bailiffs?)")
)
# "Asylboendet borde brännas ner": a passive wish for a crime against a thing.
_PASSIVE = gated(
    re.compile(
        _folded(
            rf"{_B}{_THING}(?: [\w-]+){{0,3}}? (?:borde|bör|ska|måste|skall|should|must|needs to)"
            r" (?:\w+ )?(?:brännas ner|brännas upp|sprängas|saboteras|vandaliseras|jämnas med "
            r"marken|sättas eld på|sabbas|slås sönder|"
            r"be burned down|be burnt down|be blown up|be torched|"
            r"be sabotaged)"
        )
        + _E
    )
)
# A recipe: a tool, an installation, a night or a wink, within two sentences.
_TOOL = gated(
    re.compile(
        _B
        + _folded(
            r"(?:vinkelslip\w*|bultsax\w*|motorsåg\w*|tändvätska\w*|bensin\w*|diesel|dunk\w*|"
            r"kanister\w*|molotov\w*|dynamit\w*|sprängdeg|avbitartång\w*|spikmatt\w*|"
            r"angle grinders?|bolt ?cutters?|chainsaws?|petrol|gasoline|lighter fluid|"
            r"jerry ?cans?|molotovs?|thermite|sugar in the tank)"
        )
        + _E
    )
)
_NIGHT_OR_WINK = re.compile(
    _B
    + _folded(
        r"(?:\w*natt(?:en)?|nätter|mörk\w*|i kväll|ikväll|tips(?:et)?|bara säger|säger bara|"
        r"inte för att jag säger|night|tonight|dark|just saying|not that i'm saying|a tip|"
        r"accident|olycka|olyckor)"
    )
    + _E
    + r"|[\U0001f643\U0001f609\U0001f525\U0001f60f]"
)
_THING_ALONE = re.compile(_B + _folded(_THING) + _E)
# News and history: what happened, who reported it.
_NEWS = re.compile(
    _folded(
        r"(?<![^\W_])(?:polisen|police|greps|gripits|arrested|stal|stulit|stole|stolen|"
        r"rapporter\w*|reported|anmäl\w*|dömdes|convicted|i går|yesterday|förra (?:veckan|året)|"
        r"last (?:week|year))(?![^\W_])"
    )
)
_NEGATION = re.compile(
    r"(?<![^\W_])(?:inte|aldrig|ingen|ej|sluta|slutar|not|never|don't|dont|no one|nobody|stop)"
    r"(?![^\W_])"
)
_QUESTION_CALLS = ("ingen", "nobody", "no one", "anyone")


def summoned_crimes(field: FieldText) -> Evidence:
    """Calls on others to commit a crime, and recipes; see the module's docstring."""
    text = field.letters.text
    spans: list[tuple[int, int, int]] = []
    for pattern in (_CALLED_CRIME, _COMMANDED_CRIME, _PASSIVE):
        for hit in gated_finditer(pattern, text):
            if not _negated(text, hit):
                spans.append((hit.start(), hit.end(), 3 if _FIRE.search(hit.group(0)) else 2))
    for hit in gated_finditer(_RESIST, text):
        if _POLICE.search(text, max(0, hit.start() - 120), hit.end() + 60):
            spans.append((hit.start(), hit.end(), 2))
    if possible(_TOOL, text):
        spans += [(s, e, 3) for s, e in _recipes(field, text)]
    if not spans:
        return []
    reported = field.of(Category.REPORTED)
    evidence: Evidence = []
    for start, end, severity in spans:
        if told(field, Match(start, end, ROLE_ENTRY), reported) and not _winked(text, start):
            continue
        evidence.append((field.letters.original_span(start, end), severity))
    return evidence


def _negated(text: str, hit: re.Match[str]) -> bool:
    """A negation in the call or just before it ("låt oss inte …", "ingen borde …"), not the
    "ingen" of "varför är det ingen som …"."""
    own = hit.group(0)
    if any(word in own for word in _QUESTION_CALLS) and own.startswith(("varför", "why", "hur")):
        own = own.split(" som ", 1)[-1] if " som " in own else own.split(" ", 3)[-1]
    before = re.split(r"[.,;:!?\n]", text[max(0, hit.start() - 20) : hit.start()])[-1]
    if _winked(text, hit.start()):
        return False  # "Not saying anyone should key the cars. Just saying …"
    return bool(_NEGATION.search(own) or _NEGATION.search(before))


def _winked(text: str, start: int) -> bool:
    before = re.split(r"[.,;:!?\n]", text[max(0, start - 20) : start])[-1]
    return bool(_WINK.search(before)) and _JUST_SAYING.search(text, start) is not None


_WINK = re.compile(_folded(r"(?:not|never) saying|säger inte att|inte säger att"))
_JUST_SAYING = re.compile(_folded(r"just saying|bara säger|säger bara|bara att"))


def _recipes(field: FieldText, text: str) -> list[tuple[int, int]]:
    found: list[tuple[int, int]] = []
    for tool in _TOOL.finditer(text):
        sentence = field.sentence_index(tool.start())
        lo = max(0, tool.start() - 200)
        hi = min(len(text), tool.end() + 200)
        near = [
            m
            for pattern in (_THING_ALONE, _NIGHT_OR_WINK)
            for m in pattern.finditer(text, lo, hi)
            if abs(field.sentence_index(m.start()) - sentence) <= 1
        ]
        kinds = {m.re for m in near}
        if len(kinds) < 2:
            continue
        window = text[lo:hi]
        if _NEWS.search(window):
            continue
        found.append(tool.span())
    return found
