"""LAW-THREAT without a violent word: a menace told by its parts (legal-rules.md §2: "olaga
hot" is what a reader understands as a threat). Each part alone is ordinary debate; two kinds
together, aimed at a person, are intimidation:

- **outcome**: what the person will go through ("ska få lida", "kommer att ångra sig", "får
  lära sig", "will have a very bad day", "is going to bleed", "karma is coming for you");
- **presence**: the author waiting or coming ("jag väntar utanför", "vi ses där i kväll",
  "I'll be waiting at the staff exit", "meet me");
- **exposure**: a time or place where the person is alone ("när han går till parkeringen i
  kväll", "when you close tonight", "ensam", "one of these nights");
- **weapon**: a weapon or its emoji ("🔪", "bring a shovel for the body", "kniven");
- **knowledge**: a private detail ("nice house by the lake", "your kids' school", "jag har
  hans registreringsnummer").

The person is the reader ("du", "you"), a person by role or name, or "han"/"hon" after one.
A menace needs an outcome or a weapon and one more kind, or presence with exposure. Told,
quoted and negated sentences stay clean; so does a meeting announced to everyone ("vi ses på
mötet i kväll").
"""

from __future__ import annotations

import re

from moderation.analysis import FieldText
from moderation.lexicon import Category
from moderation.rules.intent import _folded
from moderation.rules.people import person_near, told_at
from moderation.rules.prefilter import gated, possible
from moderation.rules.wording import Evidence

__all__ = ["menace"]

_B = r"(?<![^\W_])"
_E = r"(?![^\W_])"
_OUTCOME = re.compile(
    _B
    + _folded(
        r"(?:(?:ska|skall|kommer att|kommer|får|borde|bör|kan) (?:\w+ )?(?:nog |få )?"
        r"(?:ångra sig|ångra det|ångra att|betala för|lära sig|få lära sig|få problem|"
        r"få det jobbigt|få se|se sig om|tänka sig för|hålla sig inomhus|"
        r"skadas|komma till skada|minnas det|minnas detta|undvika)|inte bara snack|"
        r"inte för att prata|inte blir det snack|blir det inte snack|det blir inte snack|"
        r"vad som händer med|har inget (?:kvar )?att förlora|långt minne|(?:is|are|will be|'s|"
        r"'re) (?:going|gonna) (?:to )?(?:regret|pay|learn)|(?:will|'ll|should|better) "
        r"(?:\w+ )?(?:regret (?:it|this|that)|pay for (?:it|this|that)|"
        r"learn (?:the hard way|a lesson|what happens)|watch (?:(?:your|his|her) back)|pray|"
        r"stay (?:out|away|indoors))|"
        r"coming for (?:you|him|her)|meet me|nothing (?:left )?to lose|long memor(?:y|ies)|"
        r"what happens to (?:people|snitches|those)|sorry (?:you|he|she) (?:ever )?"
        r"(?:crossed|did)|not (?:just )?(?:to talk|for a chat)|won't be (?:a )?talk(?:ing)?|"
        r"(?:vore|skulle vara) (?:synd|tråkigt|trist) om|(?:be|is) a (?:real )?(?:pity|shame) "
        r"if|(?:exploded|blew up|went up|caught fire|burned down|brann ner|brann upp|fattade "
        r"eld|tog eld|sprängdes|exploderade|had an accident|råkade ut för|inte kom hem|"
        r"didn't come home|hände något|hände nåt|something (?:bad )?(?:happened|happens|were "
        r"to happen|was to happen)|något (?:skulle )?hända|nåt (?:skulle )?hända)|"
        r"(?:inte|not|never) (?:\w+ )?(?:gå|vara|känna sig|be|feel|walk) (?:\w+ )?"
        r"(?:säker|trygg|safe)|(?:borde|bör|ska|should|better) (?:\w+ )?(?:vara rädd|be afraid|"
        r"be scared)|ta konsekvenserna|face the consequences|få konsekvenser|sista gången "
        r"(?:du|ni|han|hon)|the last time (?:you|he|she)|(?:sova|sleep) (?:lätt|lightly)|"
        r"i (?:dina|hans|hennes|era) skor|in (?:your|his|her) shoes|se vad som händer|"
        r"see what happens|(?:bli inte|don't be) (?:förvånad|surprised) (?:om|if)|"
        r"(?:skulle inte förvåna mig|wouldn't surprise me) (?:om|if)|rätt åt (?:honom|henne|"
        r"dig|er)|serves? (?:him|her|you) right|(?:gå|go|walk) (?:inte )?(?:ensam|alone)|"
        r"(?:ta|take) (?:hand om|care of) (?:dig|honom|henne|er|you|him|her|someone|people)|"
        r"(?:fixa|fix|handle) (?:såna|sådana|people|someone) (?:som|like)|"
        r"(?:lär|lära|ge|ger) (?:\w+ )?en (?:läxa|lektion)|teach(?:es)? (?:\w+ )?a lesson|"
        r"(?:ett|något|nåt|som) (?:svar )?(?:du|ni|han|hon) (?:inte|int|aldrig) glömmer|"
        r"(?:one|something) (?:you|he|she) (?:won't|will never|wont) forget|(?:inte|int) "
        r"(?:så )?trevli\w*|or worse|eller värre|would hate for|(?:bli|blir) jagad\w*|"
        r"(?:be|get) hunted|bryter något|break something|sova lugnt|sleep (?:well|tight|"
        r"soundly)|tyres slashed|däcken (?:punkterade|sönderskurna))"
    )
    + _E
)
# Outcomes grave enough alone when said of a person: "du ska få lida", "han ska få stryk",
# "you'll leave in an ambulance", "kommer att få vad hon förtjänar".
_GRAVE = re.compile(
    _B
    + _folded(
        r"(?:(?:ska|skall|kommer att|kommer|får|borde|will|'ll|going to|gonna|should) "
        r"(?:\w+ )?(?:nog |få |fa )?(?:lida|sota för|få känna på|känna "
        r"smärta|få smaka på|få men för livet|få stryk|få spö|få på käften|få en (?:ordentlig )?"
        r"omgång|få en kula|få vad (?:hon|han|du|ni|de|dom) förtjänar|få sitt|bleed|suffer|"
        r"get hurt|get (?:what's|what is) coming|get what (?:he|she|you|they) deserves?|"
        r"leave in an ambulance|go home in a (?:box|bag|coffin)|åka hem i en säck|"
        r"inte åka härifrån hel|not walk(?:ing)? out|(?:förtjänar|fortjanar) att dö|"
        r"deserves? to die|wish (?:you|he|she|they)(?:'d| had) never been born|"
        r"ångra att (?:du|ni|han|hon) (?:någonsin )?föddes)|"
        r"(?:förtjänar|deserves?) (?:att |to )(?:dö|die)|(?:åker|åka|går|gå|leave|leaves|go|"
        r"goes) (?:\w+ )?(?:hem |därifrån |härifrån |home |out )?(?:i en (?:svart )?(?:säck|"
        r"liksäck)|in a (?:body )?bag)|(?:åka|åker|få åka) ambulans|(?:blir (?:det )?|bli |"
        r"will be |is )(?:din|er|hans|hennes|your|his|her) (?:sista|last|final) (?:tur|dag|"
        r"resa|ride|day|trip))"
    )
    + _E
)
_PRESENCE = re.compile(
    _B
    + _folded(
        r"(?:(?:jag|vi|ja) (?:\w+ )?(?:väntar|ska vänta|kommer att vänta|står och väntar|"
        r"kommer dit|kommer förbi|dyker upp|hälsar på|ska hälsa på|kommer och hälsar på|"
        r"ses)|vi ses (?:där|snart|i kväll|ikväll|då|efter)|väntar (?:på (?:dig|honom|"
        r"henne|er)|utanför)|(?:i'll|we'll|i will|we will|i'm|we're) (?:be )?(?:waiting|"
        r"there|outside|coming (?:over|round|by)|drop by|pay (?:you|him|her|them) a visit)|"
        r"see you (?:there|soon|tonight|outside|after|at)|find (?:you|him|her)|hittar (?:dig|"
        r"honom|henne)|knackar på|knock on (?:your|his|her) door|stå utanför (?:din|er|hans|"
        r"hennes) dörr|(?:outside|at) (?:your|his|her) door|(?:kommer|ska) (?:att )?hitta "
        r"(?:er|dig|honom|henne)|vi ses på)"
    )
    + _E
)
_EXPOSURE = re.compile(
    _B
    + _folded(
        r"(?:ensam|ensamma|alone|by (?:himself|herself|yourself)|i kväll|ikväll|i natt|inatt|"
        r"tonight|en mörk kväll|mörka kvällar|one (?:of these|dark) (?:nights?|days?|"
        r"evenings?)|en (?:av dessa|vacker) (?:kväll|natt|dag)|parkeringen|car park|"
        r"parking (?:lot|garage)|på väg hem|på vägen hem|on (?:your|his|her|the) way home|"
        r"when (?:you|he|she) (?:close|leave|finish|walk|go home|get off)|när (?:du|han|hon|"
        r"ni) (?:stänger|går hem|slutar|går ut|kommer ut|åker hem)|staff exit|personal"
        r"ingången|bakdörren|back door|går ut från|walks? (?:home|to (?:his|her|your) car)|"
        r"på kvällarna|på kvällen|at night|after dark|kör hem|drive home|när (?:ni|du) sover|"
        r"while you sleep|när (?:hon|han|du) låser|in the forest|"
        r"i skogen|vilket pass|which shift|(?:en|one) (?:natt|morgon|kväll|night|morning|evening)|"
        r"(?:his|her|your) car|(?:hans|hennes|din) bil)"
    )
    + _E
)
_WEAPON = re.compile(
    "[\U0001f52a\U0001f52b\U0001f4a3\U0001fa93\u26b0\U0001fa78\U0001f4a5\U0001f44a]|"
    + _B
    + _folded(
        r"(?:kniv(?:en)?|kulor|kula|repet|rep|snaran|rope|noose|dynamit\w*|sprängmedel|"
        r"explosives?|rifle|shotgun|ammo|ammunition|"
        r"revolver|hagelgevär|geväret|vapnet|laddar bössan|loading my \w+|slipar kniven|"
        r"sharpening my \w+|yxa(?:n)?|gevär(?:et)?|bössa(?:n)?|pistol(?:en)?|"
        r"basebollträ|järnrör|knife|knives|gun|bullets?|axe|baseball bat|crowbar|"
        r"shovel for the body|spade för kroppen)"
    )
    + _E
)
_KNOWLEDGE = re.compile(
    _B
    + _folded(
        r"(?:nice house|fint hus|fin villa|nice car|fin bil|registreringsnummer|regnummer|"
        r"number plate|licen[cs]e plate|(?:your|his|her) (?:kids?|children|daughter|son)'?s? "
        r"school|(?:dina|hans|hennes) barns? skola|vilken skola|which school|"
        r"(?:vet|know) (?:var|när|vem|vilka|vilken|vilket|where|when|which|who)|personnummer|"
        r"(?:lives|bor) (?:at|på)|hemadress|home address|ett besök|a (?:little )?visit|"
        r"(?:vi|jag) har sett (?:dig|er|honom|henne)|(?:(?:your|his|her) (?:\w+ )?(?:wife|husband|"
        r"kids|children|family|daughter|son|partner)|(?:din|er|hans|hennes) (?:\w+ )?(?:fru|man|"
        r"familj|dotter|son|sambo)|(?:dina|era|hans|hennes) (?:\w+ )?(?:barn|ungar))"
        r"(?: (?:and|och) (?:\w+ )?\w+)? (?:lives?|bor|go|goes|går|works?|jobbar|arbetar)|"
        r"we(?:'ve| have) seen you|lagt ut "
        r"adressen|posted (?:his|her|your) address)"
    )
    + _E
)
# A caution: said to anyone about ice and roads, a menace only with two other kinds.
_CAUTION = re.compile(
    _B
    + _folded(
        r"(?:(?:ska|skall|kommer att|borde|bör|får|should|better|'d better|had better) "
        r"(?:\w+ )?(?:passa sig|akta sig|vara försiktig|be (?:very |really )?careful|"
        r"watch (?:out|(?:your|his|her) step)))"
    )
    + _E
)
# An accident foretold ("olyckor kan hända vem som helst"), and the person as a kind ("folk som
# du", "people like you", "såna som dig").
_ACCIDENT = re.compile(
    _B
    + _folded(
        r"(?:olyckor (?:kan )?(?:hända|händer)|olyckor sker|det sker (?:ju )?olyckor|"
        r"accidents (?:can |do )?happen|things happen|det händer så mycket|plats i skogen|"
        r"room in the woods|"
        r"(?:plats|room) (?:i|in) (?:sjön|älven|the lake|the river))"
    )
    + _E
)
_LIKE_YOU = re.compile(
    _B
    + _folded(
        r"(?:folk|såna|sådana|människor|typer|people|someone|scum|traitors) (?:som|like) "
        r"(?:du|dig|dej|ni|er|you|him|her)"
    )
    + _E
)
# Knowing where the people who decided live: "jag vet var de bor", "we know where you live".
_HOME = re.compile(
    _B
    + _folded(
        r"(?:vet|know|knows) (?:exakt |precis |exactly )?(?:var|where) (?:de|dom|ni|du|han|"
        r"hon|they|you|he|she) (?:bor|lives?)"
    )
    + _E
)
# A wink or a vow that the words are meant: "bara ett tips", "if you know what I mean",
# "jag lovar", "count on it", "I mean it"; and a condition: "om … en gång till", "next time".
_WINK = re.compile(
    _B
    + _folded(
        # Words that also open a clause of their own ("om ni förstår hur …", "jag lovar att
        # …") count only where they close one.
        r"(?:om ni förstår|om du förstår|om du fattar|om ni fattar|kom ihåg det|jag lovar|"
        r"räkna med det|var säker på det|count on it|i mean it|trust me|säger bara)"
        r"(?=\s*(?:[.,!?…\n]|$))|"
        r"(?:bara ett tips|bara en vänlig|en vänlig (?:tanke|varning|påminnelse)|"
        r"jag säger bara|det lovar jag|just saying|just a (?:friendly )?(?:tip|warning|thought|"
        r"reminder)|a friendly (?:warning|reminder)|if you know what i mean|i'm not joking|"
        r"im not joking|mark my words|you have been warned|bara en tanke|bara en idé|"
        r"just a thought|just an idea)"
    )
    + r"(?![^\W_])|[\U0001f609\U0001f642\U0001f3af\U0001f525\U0001f60a\U0001f643]"
)
_CONDITION = re.compile(
    _B
    + _folded(
        r"(?:en gång till|en enda gång till|igen|nästa gång|next time|once more|again|"
        r"one more time|den dagen|den kvällen|the day|one day|some day|en dag|från och med nu|"
        r"from now on|(?:om|if|skulle) (?:min|mitt|mina|my) \w+ (?:dör|dies|die|dö)|"
        r"framöver|nån dag|någon dag)"
    )
    + _E
)
for _pattern in (_OUTCOME, _CAUTION, _ACCIDENT, _LIKE_YOU, _GRAVE, _WINK, _CONDITION, _HOME):
    gated(_pattern)
#: The kinds that make a menace (with another kind, or alone for "grave").
_LEADS = ("grave", "outcome", "home", "caution", "accident", "likeyou", "weapon", "presence")
#: Those that need more than a condition or a wink beside them.
_NEED_MORE = frozenset({"weapon", "presence", "accident"})
_KINDS = (
    ("outcome", _OUTCOME),
    ("caution", _CAUTION),
    ("accident", _ACCIDENT),
    ("likeyou", _LIKE_YOU),
    ("grave", _GRAVE),
    ("wink", _WINK),
    ("condition", _CONDITION),
    ("home", _HOME),
    ("presence", _PRESENCE),
    ("exposure", _EXPOSURE),
    ("weapon", _WEAPON),
    ("knowledge", _KNOWLEDGE),
)
for _pattern in (_PRESENCE, _EXPOSURE, _WEAPON, _KNOWLEDGE):
    gated(_pattern)
# The reader, or "han"/"hon" (after a person named in the sentence before).
_PERSON_WORDS = re.compile(
    r"(?<![^\W_])(?:du|dig|dej|ni|er|han|hon|honom|henne|you|your|he|she|him|her|doc|"
    r"(?:those|the ones|anyone|people|whoever|the \w+ists?|den|de|dom|alla|\w+(?:arna|erna|"
    r"orna|isterna)) (?:who|som)|the \w+ists)"
    r"(?![^\W_])"
)
# Sentences apart that two kinds may stand ("… sova lugnt. Det är inte alla som vaknar … 🔥").
_REACH = 2
_NEGATION = re.compile(r"(?<![^\W_])(?:inte|aldrig|not|never|no one|ingen)(?![^\W_])")


def menace(field: FieldText) -> Evidence:
    """Intimidation told by two kinds of menace about a person; see the module docstring."""
    text = field.letters.text
    # The kinds that lead a menace first, each only where the shared scan found the words it
    # needs (``prefilter``): most texts have none, and then the others are never looked for.
    found: dict[str, list[re.Match[str]]] = {}
    for leads in (True, False):
        for kind, pattern in _KINDS:
            if (kind in _LEADS) is leads and possible(pattern, text):
                hits = list(pattern.finditer(text))
                if hits:
                    found[kind] = hits
        if not found:
            return []
    if len(found) < 2 and "grave" not in found:
        return []
    evidence: Evidence = []
    reported = field.of(Category.REPORTED)
    for kind in _LEADS:
        for hit in found.get(kind, []):
            sentence = field.sentence_index(hit.start())
            near = {
                other
                for other, hits in found.items()
                if other != kind
                and any(abs(field.sentence_index(h.start()) - sentence) <= _REACH for h in hits)
            }
            if not _enough(kind, near) or not _aimed(field, hit, sentence):
                continue
            if told_at(field, hit, reported) or _negated(text, hit):
                continue
            evidence.append((field.letters.original_span(hit.start(), hit.end()), 2))
    return evidence


def _enough(kind: str, near: set[str]) -> bool:
    """Whether the kinds near a lead make it a menace: a grave outcome alone; presence with
    exposure, a weapon or an outcome; a caution with two more kinds; a weapon, a presence or
    an accident with more than a condition or a wink; any other lead with any kind."""
    if kind == "grave":
        return True
    if kind == "presence" and not near & {"exposure", "weapon", "outcome", "grave"}:
        return False
    if kind in _NEED_MORE and not near - {"condition", "wink"}:
        return False
    if kind == "caution" and len(near - {"caution", "outcome"}) < 2:
        return False
    return bool(near)


def _negated(text: str, hit: re.Match[str]) -> bool:
    return _NEGATION.search(text, max(0, hit.start() - 12), hit.start()) is not None and not (
        "inte" in hit.group(0) or "not" in hit.group(0)
    )


def _aimed(field: FieldText, hit: re.Match[str], sentence: int) -> bool:
    """A person in the sentence or near it: the reader, a pronoun, a role, a name."""
    return person_near(field, hit, sentence, _PERSON_WORDS, before=1, after=0, back=300)
