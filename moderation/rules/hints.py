"""LAW-THREAT told by hints (legal-rules.md §2: "olaga hot" is what a reader understands as a
threat). No violent word, no harm foretold in words: the reader is shown that the author
watches the person, and that harm could come. Each part alone is ordinary talk; the
constructions below, aimed at a person, are intimidation:

- **watched**: the author knows where or when the person goes ("vi vet var ni parkerar och
  när ni går hem", "vi har koll på var var och en av er bor", "I know what time he
  finishes", "vet exakt vilken väg hon går hem"), or the names of their family ("we know
  your kids' names") — a threat alone;
- **routine**: the person's habit told with its hour or route ("hon går samma väg varje dag,
  06.15", "walks her dog by the river at 6 every morning", "parks it at Ålidhem every
  night") with a sign-off that marks it as a hint ("just saying", "bara en iakttagelse",
  "good to know"), a mock regret, a mishap hinted, fire or private knowledge;
- **held**: the author holds the person's private details ("we have your plate number and
  your schedule", "jag har din adress, din bil och ditt nummer", "vi har kartan till din
  stuga", "I found your little house") with a sign-off, a hint of harm, darkness or a routine;
- **mishap**: misfortune foretold in general ("accidents happen", "olyckor händer ju på
  fjället", "det sker vådaskott i skogen varje höst", "lots of things can go wrong") with a
  sign-off, held details or a routine — never with a mock regret or darkness alone, which is
  how road safety is argued;
- **fire**: how fast the person's house or car would burn ("wooden houses burn so fast",
  "bilar brinner lätt på vintern", "det har brunnit förr och det kan brinna igen") with a
  sign-off, mock regret, held details or a routine;
- **hypothetical**: "hypotetiskt"/"hypothetically" with someone waiting outside or bringing
  a knife or petrol;
- **emoji**: weapon emoji beside a clock, an hourglass or a house ("🔪🔪🏠⏰"), or a
  countdown ("räkna dagarna", "your days are numbered") beside a weapon emoji.

Each needs a person in its sentence or the one before (the reader, "han"/"hon", a role, a
name). Told, quoted and negated sentences stay clean, and so does safety advice: "olyckor
händer på isiga vägar, tänk på det innan ni drar ner på plogningen", "trähus brinner fort när
räddningstjänsten är 40 minuter bort".
"""

from __future__ import annotations

import re

from moderation.analysis import FieldText
from moderation.lexicon import Category
from moderation.rules.intent import _folded
from moderation.rules.people import person_near, told_at
from moderation.rules.prefilter import gated, possible
from moderation.rules.wording import Evidence

__all__ = ["hints"]

_B = r"(?<![^\W_])"
_E = r"(?![^\W_])"
_W = r"(?:[\w'-]+ )"
# The watched: the reader, a third person, a group addressed.
_SV_WHO = r"(?:du|ni|er|han|hon|hen|de|dom)"
_EN_WHO = r"(?:you|u|he|she|they)"
# What a person does at an hour or on a route.
_SV_GOES = (
    r"(?:bor|parkerar|går hem|går till|går ut|kör hem|kör|åker hem|åker|kommer hem|slutar|"
    r"handlar|joggar|springer|tränar|cyklar|promenerar|går|har båten|har bilen|har stugan|"
    r"jobbar|sover|lämnar|hämtar|tar kaffepaus|rastar)"
)
_EN_GOES = (
    r"(?:lives?|stays?|parks?|walks?|drives?|leaves?|finish(?:es)?|gets? off|goes|go|jogs?|"
    r"runs?|works?|shops?|sleeps?|picks? up|drops? off|takes?)"
)
_WATCHED = gated(
    re.compile(
        _B
        + _folded(
            r"(?:(?:(?:jag|vi|ja|folk|många|alla) (?:\w+ ){0,3}?(?:vet|känner till|har koll på|"
            r"har (?:\w+ )?(?:goda )?kunskaper om)|(?:vet|känner) (?:vi|jag|ja)(?: \w+)?|har "
            r"(?:\w+ )?(?:goda )?kunskaper om) (?:\w+,? ){0,4}?"
            r"(?:exakt |precis |också |nu |redan )?(?:var|när|vilken (?:väg|tid|buss|dag)|"
            r"vilka dagar|hur dags) (?:\w+ ){0,4}?" + _SV_WHO + r" (?:\w+ )?" + _SV_GOES + r"|"
            r"(?:i|we|ah|people|everyone|bare man|lots of us) (?:\w+ ){0,2}?(?:know|knows|kno|"
            r"have worked out|found out) (?:exactly )?(?:where|when|what time|whit time|which "
            r"(?:way|route|road|days?)) (?:\w+ ){0,3}?" + _EN_WHO + r" (?:\w+ )?" + _EN_GOES + r"|"
            # Their family's names: "we know your kids' names", "vi vet vad dina barn heter".
            r"(?:we|i) (?:\w+ )?know (?:your|his|her) (?:kids?|children|daughters?|sons?|"
            r"wife|husband|family)(?:'s|')? names|(?:vi|jag) vet (?:\w+ )?vad (?:dina|hans|"
            r"hennes|era) (?:barn|ungar|döttrar|söner) heter)"
        )
        + _E
    )
)
# A debate position is no whereabouts: "vi vet var ni står i frågan".
_DEBATE = re.compile(r"(?<![^\W_])(?:står i|stand on|står för|tycker)(?![^\W_])")
_ROUTINE = gated(
    re.compile(
        _B
        + _folded(
            r"(?:varje (?:morgon|kväll|dag|natt|vecka|måndag|tisdag|onsdag|torsdag|fredag|"
            r"lördag|söndag)|på (?:nätterna|morgnarna|lördagarna|söndagarna|fredagarna)|"
            r"vid \w+tiden|samma (?:väg|tid)|halv (?:fem|sex|sju|åtta|nio|tio|elva|tolv)|"
            r"efter (?:fem|sex|sju)|när (?:ditt|hans|hennes|ert) pass slutar|"
            r"every (?:morning|night|evening|day|week|monday|tuesday|wednesday|thursday|friday|"
            r"saturday|sunday)|(?:always|usually) (?:\w+ )?(?:drives|walks|leaves|parks|goes|"
            r"jogs|runs)|(?:your|his|her) (?:schedule|shift pattern|routine)|"
            r"(?:what|whit) time (?:he|she|you) (?:finish|finishes|leaves?|gets off))"
        )
        + _E
    )
)
# An hour on the clock ("06.15", "9:15"): a routine, looked for only beside another kind.
_HOUR = re.compile(r"(?<![\d:.])(?:[01]?\d|2[0-3])[.:][0-5]\d(?![\d:.])")
# Private details held: "we have your plate number", "jag har din adress", "vi har sparat
# ditt namn", "vi har kartan till din stuga", "I found your little house".
_HELD = gated(
    re.compile(
        _B
        + _folded(
            r"(?:(?:jag|vi|ja) (?:\w+ )?(?:har|hittade) (?:\w+ )?(?:sparat |kartan till |koll på "
            r")?(?:din|ditt|dina|er|ert|era|hans|hennes) (?:\w+ )?(?:adress|nummer|bil|"
            r"bussnummer|regnummer|registreringsnummer|namn|stuga|hus|villa|båt|schema|"
            r"personnummer)|(?:har|hade) sett (?:hans|hennes|din|er) (?:bil|båt|stuga|hus)|"
            r"(?:vi|folk) glömmer inte (?:namnen|adresserna|ditt namn|era namn)|"
            r"vi vet att (?:du|ni|han|hon) har (?:en )?(?:stuga|hus|båt|sommarstuga)|"
            r"(?:du|ni|han|hon) bor (?:i|på|vid) \w+, det vet (?:vi|jag|alla)|"
            r"(?:we|i) (?:\w+ )?(?:have|'ve got|got|found) (?:\w+ )?(?:your|his|her) (?:\w+ )?"
            r"(?:plate number|number plate|address|schedule|number|house|car|cabin|boat|reg)|"
            r"we know the (?:car|house)|(?:i|we) kno?w (?:his|her|your) ends|"
            r"know where (?:he|she|you) stays?)"
        )
        + _E
    )
)
_MISHAP = gated(
    re.compile(
        _B
        + _folded(
            r"(?:olyckor (?:kan )?(?:händer|hända|sker)|det sker (?:ju )?(?:olyckor|vådaskott)|"
            r"vådaskott|ett olyckligt skott|det kan hända vad som helst|(?:trista|tråkiga|"
            r"hemska) saker (?:kan )?(?:hända|händer)|man vet aldrig (?:vad som händer|vem som "
            r"står)|det kan gå illa|hä kan gå illa|sånt händer|kan (?:vara|bli) farlig[at]?|"
            r"kan försvinna i skogen|accidents (?:can |do |will )?happen|(?:lots of |many )?"
            r"things can go wrong|how things can go wrong|(?:ice|the road) is slippery|"
            r"you never know (?:what|who)|found in the river|"
            r"(?:kulisser|strålkastare) (?:faller|lossnar))"
        )
        + _E
    )
)
_FIRE = gated(
    re.compile(
        _B
        + _folded(
            r"(?:brinner (?:så |väldigt |rätt )?(?:lätt|fort|snabbt|bra)|(?:kan|skulle) brinna "
            r"igen|har brunnit förr|eld är (?:ju )?så vacker\w*|burns? so (?:fast|easily|well|"
            r"quickly)|go(?:es)? up in flames|burn (?:like|nicely)|fire is so (?:pretty|"
            r"beautiful))"
        )
        + _E
    )
)
# Sign-offs that mark a remark as a hint, mock regret, sarcasm, and disclaimers.
_SIGNOFF = gated(
    re.compile(
        _B
        + _folded(
            r"(?:bara så (?:du|ni|han|hon|hen|det är sagt) (?:vet)?|bara en (?:iakttagelse|"
            r"observation|tanke|fundering|reflektion)|(?:ta|se) det (?:här )?som (?:ett vänligt "
            r"tips|en varning)|ha det i bakhuvudet|sov gott|säger bara det|jag säger bara|"
            r"konstigt va|(?:det är )?(?:inget|inte ett) hot|förutsägbarhet|"
            r"(?:folk|vi) (?:här )?(?:som )?"
            r"(?:inte glömmer|glömmer inte)|det här (?:är|ar) inte (?:över|over)|hur (?:trygg|"
            r"säker) känner|tänk på det när (?:du|ni) (?:kör|går)|fattar vad jag menar|"
            r"en prognos|(?:vore|skulle vara|är) (?:ju )?(?:synd|tråkigt|trist|tragiskt) om|"
            r"synd bara om|(?:får|ska|bör|borde) (?:\w+ ){0,2}akta? (?:dig|er)|"
            r"vi ses snart|see you soon|"
            r"just saying|good to know|sleep (?:well|tight)|nobody would (?:even )?"
            r"be surprised|can't they|funny how|interesting how|not a threat|a prophecy|"
            r"we'll be watching|think carefully|mark my words|know the way|this isn't over|"
            r"(?:would|'d) be (?:a )?(?:shame|pity|tragedy|terrible)|i'd hate for|"
            r"think of your (?:kids|children|family))"
        )
        + _E
    )
)
_DARK = gated(
    re.compile(
        _B
        + _folded(
            r"(?:mörkt|mörka|ensam|ensamma|alone|dark|långt till närmaste granne|no cameras|"
            r"inga kameror|after dark|lots of moose)"
        )
        + _E
    )
)
# A day of reckoning when the person is no longer safe: "den dagen det brister kommer det inte
# räcka med säkerhetsvakter", "den dag de stänger gården är dagen då kommunalrådet inte kan gå
# säkert hem" (with a sign-off). "Den dagen politiker behöver livvakter är demokratin hotad" is
# a lament: no future, no sign-off.
_RECKONING = gated(
    re.compile(
        _B
        + _folded(
            r"(?:den dag(?:en)?|the day) (?:[\w,]+ ){0,14}?(?:livvakter|säkerhetsvakter|vakter|"
            r"gå säkert|gå tryggt|bodyguards|security guards|walk (?:home )?safely)"
        )
        + _E
    )
)
_GUARDS = ("vakter", "bodyguards", "security guards")
_FUTURE = re.compile(r"(?<![^\W_])(?:kommer|will|won't)(?![^\W_])")
# An injury foretold to the person, in any dialect: what they will not do for a month, the
# dentist they will need, the teeth knocked out ("she'll not walk straight for a month", "ye'll
# no' be countin' money wi' broken fingers", "ta med dig en tandläkare, du kommer att behöva
# en", "se till att du aldrig går ordentligt igen", "last guy who did that limped for a month").
_INJURY = gated(
    re.compile(
        _B
        + _folded(
            r"(?:(?:you|ye|ya|u|he|she|they)(?:'ll| will| won't| wont| will not)(?: no'?| not)? "
            r"(?:\w+ ){0,2}?(?:walk(?:ing|in'?)? straight|"
            r"be count\w*|be chew\w*|"
            r"need (?:a dentist|stitches|a new face))|limped for a (?:week|month)|"
            r"(?:knock|kick|smash|punch) (?:your|his|her|their|yer|ya) teeth|left with all "
            r"(?:their|his|her|your) teeth|wi' broken (?:fingers|legs|arms|ribs|jaw)|"
            r"(?:ta med (?:dig )?en tandläkare|(?:du|ni|han|hon) kommer (?:att )?behöva en "
            r"tandläkare)|se till att (?:du|ni|han|hon) aldrig (?:mer )?(?:kan )?(?:går|gå) "
            r"(?:ordentligt|rakt|normalt) igen)"
        )
        + _E
    )
)
_HYPOTHETICAL = gated(re.compile(_B + _folded(r"(?:hypotetiskt|hypothetically|hypothetical)") + _E))
_LURKING = re.compile(
    _folded(
        r"(?:stå och vänta|väntar utanför|vänta utanför|ställa sig vid|dunk bensin|"
        r"kanister|kniv|wait(?:ing)? outside|jerry can|petrol|knife|[\U0001f52a\U0001f52b])"
    )
)
_WEAPON_EMOJI = re.compile("[\U0001f52a\U0001f52b\U0001f4a3\U0001fa93]")
_CLOCK_EMOJI = re.compile("[\u23f0\u23f3\u231b\U0001f3e0\U0001f3e1]")
_COUNTDOWN = gated(
    re.compile(
        _B
        + _folded(
            r"(?:räkna dagarna|dagarna är räknade|tick tack|tick tock|count(?:ing)? the days|"
            r"(?:your|his|her) days are numbered)"
        )
        + _E
    )
)
# Which kinds a lead needs beside it (within _REACH sentences).
_PAIRS = {
    "routine": frozenset({"signoff", "held", "mishap", "fire"}),
    "held": frozenset({"signoff", "routine", "mishap", "fire", "dark"}),
    "mishap": frozenset({"signoff", "held", "routine"}),
    "fire": frozenset({"signoff", "held", "routine"}),
    "reckoning": frozenset({"signoff"}),
}
_KINDS = (
    ("routine", _ROUTINE),
    ("held", _HELD),
    ("mishap", _MISHAP),
    ("fire", _FIRE),
    ("reckoning", _RECKONING),
    ("signoff", _SIGNOFF),
    ("dark", _DARK),
)
_REACH = 2
# Or this many characters apart (short sentences: "Blue door. Cute garden gnome. See you soon").
_CHARS = 120
_PERSON_WORDS = re.compile(
    r"(?<![^\W_])(?:du|dig|dej|ni|er|era|ert|din|ditt|dina|han|hon|honom|henne|hans|hennes|"
    r"you|your|ur|u|ye|ya|yer|he|she|him|her|his|councillors?|(?:den|de|dom|those|the ones|whoever|"
    r"anyone|people) (?:som|who))(?![^\W_])|@\w+|"
    # A salutation: "Till länsstyrelsens vargansvarige i Lycksele:", "To the bus planner:".
    r"(?:^|\n)\s*(?:till|to|dear|kära|hälsningar till) [^.:!?\n]{2,80}:"
)
_NEGATION = re.compile(r"(?<![^\W_])(?:inte|aldrig|not|never|ingen|no one)(?![^\W_])")


def hints(field: FieldText) -> Evidence:
    """Threats by hint about a person; see the module docstring."""
    text = field.letters.text
    hits: list[re.Match[str]] = []
    if possible(_WATCHED, text):
        hits += [
            hit
            for hit in _WATCHED.finditer(text)
            if not _DEBATE.search(text, hit.end(), hit.end() + 12)
        ]
    hits += _combined(field, text)
    if possible(_RECKONING, text):
        hits += [
            hit
            for hit in _RECKONING.finditer(text)
            if _FUTURE.search(hit.group(0)) and hit.group(0).endswith(_GUARDS)
        ]
    # Someone waiting with a knife "hypothetically": aimed at whoever comes out.
    lurking: list[re.Match[str]] = []
    if possible(_HYPOTHETICAL, text):
        for hit in _HYPOTHETICAL.finditer(text):
            if _LURKING.search(text, hit.end(), hit.end() + 200):
                lurking.append(hit)
    hits += _emoji(field, text)
    if possible(_INJURY, text):
        hits += list(_INJURY.finditer(text))
    evidence: Evidence = []
    reported = field.of(Category.REPORTED)
    for hit in [*hits, *lurking]:
        sentence = field.sentence_index(hit.start())
        if hit not in lurking and not _aimed(field, hit, sentence):
            continue
        if told_at(field, hit, reported) or _negated(text, hit):
            continue
        evidence.append((field.letters.original_span(hit.start(), hit.end()), 2))
    return evidence


def _combined(field: FieldText, text: str) -> list[re.Match[str]]:
    found: dict[str, list[re.Match[str]]] = {}
    for kind, pattern in _KINDS:
        if kind == "signoff" and not found:
            return []
        if possible(pattern, text):
            kind_hits = list(pattern.finditer(text))
            if kind_hits:
                found[kind] = kind_hits
    if not found:
        return []
    hours = list(_HOUR.finditer(text))
    if hours:
        found["routine"] = [*found.get("routine", []), *hours]
    leads: list[re.Match[str]] = []
    for kind, needs in _PAIRS.items():
        for hit in found.get(kind, []):
            sentence = field.sentence_index(hit.start())
            if any(
                (
                    abs(field.sentence_index(other.start()) - sentence) <= _REACH
                    or abs(other.start() - hit.start()) <= _CHARS
                )
                for near in needs
                for other in found.get(near, [])
                if other.start() != hit.start()
            ):
                leads.append(hit)
    return leads


def _emoji(field: FieldText, text: str) -> list[re.Match[str]]:
    weapons = list(_WEAPON_EMOJI.finditer(text))
    if not weapons:
        return []
    if _CLOCK_EMOJI.search(text):
        return weapons[:1]
    if possible(_COUNTDOWN, text):
        return list(_COUNTDOWN.finditer(text))[:1]
    return []


def _negated(text: str, hit: re.Match[str]) -> bool:
    return _NEGATION.search(text, max(0, hit.start() - 12), hit.start()) is not None and not (
        "inte" in hit.group(0) or "not" in hit.group(0) or "no " in hit.group(0)
    )


def _aimed(field: FieldText, hit: re.Match[str], sentence: int) -> bool:
    """A person in the sentence or near it: the reader, a pronoun, a role, a name."""
    return person_near(field, hit, sentence, _PERSON_WORDS, before=_REACH, after=1, back=400)
