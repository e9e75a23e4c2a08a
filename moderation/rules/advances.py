"""DECENCY-SEXUAL aimed at a person without explicit words: sexual advances and innuendo.

Harassment seldom needs a sexual word: "Whoever wrote the proposal sounds hot. DM me your
pics, I'll tell you what I'd do to you", "du kan komma hem till mig … visa dig i sängen 🍆",
"en kvinnlig debattör med stora bröst". A careful reader sees the parts: a person it is aimed
at (the reader, a named or addressed person, a role) and cues of an advance, each of which
alone is ordinary language ("hot" weather, "bilder på" a road, "i sängen" with a fever):

- a comment on the person's body ("stora bröst", "nice legs") or looks ("sounds hot");
- asking for their pictures ("send me your pics", "skicka fler bilder på dig") or offering
  one's own ("dickpics");
- what the writer would do to them ("what I'd do to you", "vad jag skulle göra med dig");
- the bed, undressing, fantasies ("i sängen", "rip that dress off", "fantiserar om dig");
- an invitation home or to private contact ("kom hem till mig", "skriv till mig privat");
- innuendo: the eggplant and peach emojis, "där nere", a scare-quoted favour ("ge mig en
  'undersökning'");
- the innuendo hedge ("if you know what I mean", "if u catch my drift", "wink wink", "om ni
  förstår vad jag menar"; not "… what I mean by the deadline"), once however often;
- an offer of oneself any time ("she can lean over me any time she wants", "du kan få koppla
  in din kabel i mitt uttag när du vill"); alone it is "you can call me any time".

One cue is a signal; cues adding up to two, with someone aimed at, hold for review; a sexual
act aimed at the person ("I want to f*ck you on your desk", "touch my d!ck", tearing their
clothes off) is grave. One search for the cues' rare words lets most texts skip them.
"""

from __future__ import annotations

import re
from functools import cache

import ahocorasick

from moderation.analysis import FieldText
from moderation.lexicon import Category
from moderation.rules.base import Finding
from moderation.rules.overtures import MORE_CUES

__all__ = ["advances"]

_B, _E = r"(?<![^\W_])", r"(?![^\W_])"
_YOU = r"(?:dig|dej|you|yourself|er|henne|her)"
_YOUR = r"(?:din|ditt|dina|your|hennes|her|that|the|those|dom|de där|den där)"
_BODY = (
    r"(?:bröst|tuttar|pattar|patte|rumpa|rumpan|röv|häck|lår|läppar|former|kurvor|kropp"
    r"|boobs|tits|breasts|ass|butt|bum|legs|lips|curves|body|rack)"
)
_SEND = r"(?:skicka|skickar|send|sending|dm|dma|dm:a|pm:a|mejla|sms:a|visa|show)"
_PICS = r"(?:pics?|pictures?|photos?|bilder|bild|foton|foto|nudes|nudez|noodz|selfies?)"
_GENITALS = r"(?:dick|cock|kuk|kuken|pitt|snopp|balls|pussy|fitta|fittan|bulle|penis)"
_CLOTHES = (
    r"(?:dress|clothes|shirt|skirt|blouse|panties|bra|knickers|kläder|kläderna|klänning"
    r"|klänningen|kjol|kjolen|blus|blusen|trosor|trosorna|bh:n|behå)"
)

# Anchors (see ``_CUES``) of the cues on clothes, the body and a scare-quoted favour. "bra"
# is a Swedish word: only with "off", "av" or a possessive.
_CLOTHES_ANCHORS = (
    *("dress", "clothes", "shirt", "skirt", "blouse", "panties", "knickers", "kläd", "klänning"),
    *("kjol", "blus", "trosor", "bh:n", "behå", "bra off", "bra av", "your bra", "her bra"),
    *("that bra", "the bra", "those bra"),
)
_BODY_ANCHORS = (
    *("bröst", "tutt", "patt", "rump", "röv", "häck", "lår", "läpp", "kurvor", "kropp", "boob"),
    *("tits", "breast", "butt", "legs", "lips", "curves", "body", "ass", "bum", "rack"),
)
_FAVOUR_ANCHORS = (
    *("ge mig en", "ge mig ett", "give me a", "ge dig en", "ge dig ett", "give you a", "få en"),
    *("få ett", "get a"),
)
_QUOTES = tuple("\"'“”‘’«»")
# Anchors that must end a word too ("hot" is Swedish for a threat, "hotell" a hotel).
_WORDS = frozenset({"hot", "het", "bra off", "bra av", "ass", "bum", "rack"})

# (pattern, weight, anchors): 3 is an act aimed at the person, 2 a clear cue, 1 a hint. The
# anchors are groups of word beginnings, rare in other text, that any match contains (one of
# each group): a cue runs only on a text that has them (one automaton scan for all cues).
_CUES: tuple[tuple[re.Pattern[str], float, tuple[tuple[str, ...], ...]], ...] = tuple(
    (re.compile(pattern), weight, anchors)
    for pattern, weight, anchors in (
        # An act: "I want to f*ck you on your desk", "knulla dig i bilen", "touch my d!ck".
        (
            rf"{_B}(?:f[u*#]ck|fuk|screw|bang|shag|knulla|sätta på|ligga med)\s+{_YOU}\s+"
            rf"(?:on|in|against|over|from|på|i|mot|över|bakifrån|hårt|hard|senseless){_E}",
            3,
            (
                (
                    *("fuck", "f*ck", "f#ck", "fuk", "screw", "bang", "shag", "knulla", "sätta på"),
                    "ligga med",
                ),
            ),
        ),
        (
            rf"{_B}(?:touch|rub|lick|suck|stroke|ta på|röra|rör|slicka|suga på|smeka)\s+"
            rf"(?:on\s+)?(?:my|min|mitt|mina)\s+{_GENITALS}{_E}",
            3,
            (
                (
                    "dick",
                    "cock",
                    "kuk",
                    "pitt",
                    "snopp",
                    "balls",
                    "pussy",
                    "fitta",
                    "bulle",
                    "penis",
                ),
            ),
        ),
        # What the person "needs": "du behöver bli ordentligt knullad", "she needs a good shag".
        (
            rf"{_B}(?:behöver|behövde|borde|needs?|needed|should)\s+(?:nog\s+|bara\s+|just\s+|verkligen\s+"
            rf"|really\s+)?(?:bli\s+|get\s+|to get\s+)?"
            rf"(?:ordentligt\s+|riktigt\s+|rejält\s+|properly\s+|a good\s+|a\s+)?"
            rf"(?:kn[u*#]llad|kn[u*#]llade|påsatt|satt på|fucked|laid|shagged|shag|dicking|bang"
            rf"|dick){_E}",
            2,
            (
                (
                    *(
                        "knullad",
                        "kn*llad",
                        "kn#llad",
                        "påsatt",
                        "satt på",
                        "fucked",
                        "laid",
                        "shag",
                        "dick",
                    ),
                    "bang",
                ),
            ),
        ),
        # Undressing the person: "rip that dress off", "slita av dig kläderna".
        (
            rf"{_B}(?:rip|ripping|tear|tearing|pull|pulling|take|taking|slita|slet|dra|drar"
            rf"|ta|klä)\s+(?:{_YOUR}\s+|av\s+{_YOU}\s+)?{_CLOTHES}\s+(?:off|av){_E}"
            rf"|{_B}(?:slita|slet|dra|ta|klä)\s+av\s+{_YOU}\s+{_CLOTHES}{_E}"
            rf"|{_B}(?:rip|ripping|tear|tearing|take|taking|pull|pulling|slita|dra)\s+(?:off\s+{_YOUR}|av\s+{_YOUR})\s+{_CLOTHES}",
            3,
            (_CLOTHES_ANCHORS,),
        ),
        # Fantasies and what the writer would do: "what I'd do to you".
        (
            rf"{_B}(?:fantasi[sz]e|fantasi[sz]ing|fantasi[sz]es|fantiserar|fantisera|dagdrömmer"
            rf"|fantasier)\s+(?:om|about|of)\s+{_YOU}{_E}"
            rf"|{_B}(?:fantasi[sz]e|fantasi[sz]ing|fantiserar|fantisera|fantiserat|fantiserade)\s+(?:om|about)\s+"
            rf"(?:tearing|ripping|undressing|kissing|touching|att)\b",
            2,
            (("fantas", "fantis", "dagdröm"),),
        ),
        (
            rf"{_B}(?:what|vad)\s+(?:i'd|i would|i could|i'll|i will|i wanna|i want to|jag skulle"
            rf"|jag ska|jag vill|jag kunde|jag kan)\s+(?:\w+\s+)?(?:do|göra)\s+(?:to|with|med)\s+"
            rf"{_YOU}{_E}",
            1,
            (("what i", "vad jag"),),
        ),
        # Pictures: asked of the person, or the writer's own offered.
        (
            rf"{_B}{_SEND}\s+(?:mig\s+|me\s+)?(?:gärna\s+|please\s+)?(?:fler\s+|more\s+|some\s+"
            rf"|några\s+|en\s+|a\s+)?{_PICS}\s+(?:på|of)\s+(?:dig|dej|yourself|you){_E}"
            rf"|{_B}{_SEND}\s+(?:mig\s+|me\s+)?(?:gärna\s+|please\s+)?(?:your|dina)\s+{_PICS}{_E}"
            rf"(?!\s+(?:of|from|on|at|av|från|på|vid)(?![^\W_]))(?!\s+(?:to|till)\s+(?!me|mig))",
            1,
            (("pic", "photo", "bild", "foto", "nude", "noodz", "selfie"),),
        ),
        # Nudes, asked of the reader: "DM me your n00dz", "skicka mig nudes".
        (
            rf"{_B}{_SEND}\s+(?:mig\s+|me\s+)?(?:gärna\s+|please\s+)?(?:your\s+|dina\s+|fler\s+"
            rf"|more\s+|some\s+|några\s+)?(?:nudes|nudez|noodz|noods|nakenbilder){_E}",
            2,
            (("nude", "noodz", "noods", "naken"),),
        ),
        (
            rf"{_B}(?:skickar|skicka|send|sending|sends|visar|show)\s+(?:gärna\s+|dig\s+|you\s+"
            rf"|her\s+|henne\s+|en\s+|a\s+){{0,2}}(?:dickpics?|dick pics?|kukbilder|kukbild"
            rf"|cock pics?){_E}",
            2,
            (("dickpic", "dick pic", "kukbild", "cock pic"),),
        ),
        # The body and looks: "stora bröst", "nice legs", "sounds hot", "hottest teacher".
        (
            rf"{_B}(?:stora|fina|snygga|läckra|härliga|goa|feta|sköna|saftiga|stor|fin|snygg|läcker"
            rf"|härlig|go|fet|skön|saftig|big|nice|great"
            rf"|perfect|sexy|hot|tight|juicy|lovely)\s+{_BODY}{_E}(?!\s+(?:of|av)\b)",
            2,
            (_BODY_ANCHORS,),
        ),
        (
            rf"{_B}(?:sounds|looks|look|is|are|you're|youre|so|ser|är|verkar|låter)\s+"
            rf"(?:so\s+|så\s+|really\s+|riktigt\s+)?(?:hot|sexy|fuckable|het|sexig|knullbar|kåt)"
            rf"{_E}(?!\s+(?:in|today|outside|inside|here|there|this|i dag|idag|ute|inne|här|där))"
            rf"|{_B}(?:hottest|sexiest|hetaste|sexigaste)\s+\w+",
            1,
            (("hot", "hottest", "het", "hetaste", "sexy", "sexi", "fuckable", "knullbar", "kåt"),),
        ),
        # The bed, and thinking of the person at night.
        (
            rf"{_B}(?:i sängen|i min säng|in bed|in my bed|under täcket|between the sheets){_E}",
            1,
            (
                (
                    "i sängen",
                    "i min säng",
                    "in bed",
                    "in my bed",
                    "under täcket",
                    "between the sheets",
                ),
            ),
        ),
        (
            rf"{_B}(?:tänka|tänker|tänkte|think|thinking)\s+(?:på|of|about)\s+{_YOU}\s+"
            rf"(?:ikväll|i kväll|i natt|tonight|in bed|i sängen|när jag){_E}",
            1,
            (
                ("tänk", "think"),
                ("ikväll", "i kväll", "i natt", "tonight", "in bed", "i sängen", "när jag"),
            ),
        ),
        # Home and private contact: "kom hem till mig", "come over", "skriv till mig privat".
        (
            rf"{_B}(?:komma|kom|kommer|come|coming)\s+(?:hem till mig|över till mig|over tonight"
            rf"|to my place|to my room|to my bed|home with me|upp till mig){_E}"
            rf"|{_B}(?:undervisa|ses|träffas|meet)\s+(?:mig\s+)?(?:privat|in private|privately)"
            rf"{_E}",
            1,
            (
                (
                    *("hem till mig", "över till mig", "over tonight", "to my place", "to my room"),
                    *("to my bed", "home with me", "upp till mig", "privat", "in private"),
                ),
            ),
        ),
        (
            rf"{_B}(?:skriv (?:till mig )?privat|dm me|dm:a mig|dma mig|pm:a mig|hör av dig privat)"
            rf"{_E}",
            1,
            (("privat", "dm me", "dm:a", "dma mig", "pm:a"),),
        ),
        # The innuendo hedge: "if you know what I mean", "if u catch my drift", "wink wink",
        # "om du förstår vad jag menar". Alone it may hint at fraud as well: one cue.
        (
            rf"{_B}(?:if|om)\s+(?:you|u|ya|ni|du)\s+(?:know|knew|catch|get|förstår|fattar|vet)\s+"
            rf"(?:what i mean|what i'm saying|my drift|vad jag menar|vad jag syftar på"
            rf"|hur jag menar){_E}(?!\s+(?:by|with|med|om|about|när|when))"
            rf"|{_B}(?:wink,?\s*wink|nudge,?\s*nudge|blink,?\s*blink){_E}",
            1,
            (("if you", "if u", "if ya", "om du", "om ni", "wink", "nudge", "blink"),),
        ),
        # A person offered oneself, any time: "she can lean over me any time she wants", "du
        # kan få koppla in din kabel i mitt uttag när du vill". "You can call me any time"
        # is this too: one cue, that needs another.
        (
            rf"{_B}(?:can|could|may|kan|får|fick)\s+"
            rf"(?:[^\W\d_]+\s+){{1,8}}?(?:me|my|mig|mej|mitt|min|mina)(?:\s+[^\W\d_]+){{0,8}}?\s+"
            rf"(?:any ?time|any day|whenever|när som helst|när (?:du|hon|han) vill){_E}",
            1,
            (
                (
                    *("any time", "anytime", "any day", "whenever", "när som helst", "när du vill"),
                    *("när hon vill", "när han vill"),
                ),
            ),
        ),
        # Innuendo: "där nere", "down there", a scare-quoted favour.
        (
            rf"{_B}(?:där nere|down there|tas om hand om|tas hand om|take care of me){_E}",
            1,
            (("där nere", "down there", "hand om", "take care of me"),),
        ),
        (
            rf"{_B}(?:ge mig|give me|ge dig|give you|få en|get a)\s+(?:en|ett|a|an)\s+"
            rf"[\"'“”‘’«»][^\W\d_]+[\"'“”‘’«»]",
            1,
            (_FAVOUR_ANCHORS, _QUOTES),
        ),
        *MORE_CUES,
    )
)

#: The innuendo hedge counts once, however many times a text winks.
_HEDGE = next(pattern for pattern, _weight, _anchors in _CUES if "my drift" in pattern.pattern)
#: The hedges, long and cut short, and the offer any time: a wink beside these alone adds
#: nothing ("om ni förstår vad jag menar ;)" hints at sabotage as often as at sex, "you can
#: call me any time 😉" is friendly).
_WEAK = frozenset(
    pattern
    for pattern, _weight, _anchors in _CUES
    if any(word in pattern.pattern for word in ("my drift", "get it", "när som helst"))
)


@cache
def _anchors() -> ahocorasick.Automaton:
    """Each anchor with the (cue, group) pairs it stands for."""
    by_anchor: dict[str, list[tuple[int, int]]] = {}
    for cue, (_pattern, _weight, groups) in enumerate(_CUES):
        for group, anchors in enumerate(groups):
            for anchor in anchors:
                by_anchor.setdefault(anchor, []).append((cue, group))
    automaton = ahocorasick.Automaton()
    for anchor, pairs in by_anchor.items():
        automaton.add_word(anchor, (len(anchor), anchor in _WORDS, tuple(pairs)))
    automaton.make_automaton()
    return automaton


def _cues(text: str) -> list[tuple[re.Pattern[str], float]]:
    """The cues whose every anchor group has a word beginning (a whole word for ``_WORDS``)
    in ``text``: one automaton scan, so that most texts run none of the cue patterns."""
    found: set[tuple[int, int]] = set()
    last = len(text) - 1
    for end, (length, whole, pairs) in _anchors().iter(text):
        start = end + 1 - length
        if start > 0 and text[start - 1].isalnum() and text[start].isalnum():
            continue
        if whole and end < last and text[end + 1].isalnum():
            continue
        found.update(pairs)
    return [
        (pattern, weight)
        for cue, (pattern, weight, groups) in enumerate(_CUES)
        if all((cue, group) in found for group in range(len(groups)))
    ]


_EMOJI = re.compile(r"[🍆🍑💦👅]")
_FRUIT = re.compile(r"(?:äggplant|aubergin|eggplant|persik|peach|frukt|fruit|grönsak|vegetable)")
_WINK = re.compile(r"[😏😘😉🥵😜🤤]|;-?\)")
_HANDLE = re.compile(r"(?<![\w@])@[^\W\d_][\w.]{1,30}")
_FEMALE = re.compile(
    rf"{_B}(?:kvinnlig|kvinnliga|hon som|hon med|she who|the woman|the lady|kvinnan som"
    rf"|tjejen som|damen som|the girl who|whoever wrote|den som skrev|du som|tjejerna"
    rf"|girls|ladies|mina damer|damerna){_E}"
)
_HINT = 1.0
_HOLD = 2.0
_GRAVE = 3.0


def advances(field: FieldText) -> Finding | None:
    text = field.letters.text
    spans: list[tuple[int, int]] = []
    weights: list[float] = []
    content = False  # a cue other than a hedge or an offer any time
    for pattern, weight in _cues(text):
        for match in pattern.finditer(text):
            spans.append(field.letters.original_span(*match.span()))
            weights.append(weight)
            content = content or pattern not in _WEAK
            if pattern is _HEDGE:
                break  # "om ni förstår vad jag menar. Wink wink." hedges once
    if not weights and not _EMOJI.search(text):
        return None
    # The fruit itself named: "äggplantorna 🍆", "our peach harvest 🍑".
    literal = _FRUIT.search(text) is not None
    emoji = (
        [] if literal else [field.letters.original_span(*m.span()) for m in _EMOJI.finditer(text)]
    )
    if emoji:
        spans += emoji
        weights.append(min(2.0, float(len(emoji))))
    if (content or emoji) and _WINK.search(field.original):
        # A wink beside a cue is the innuendo made plain: "skicka lite bilder i dm 😉".
        weights.append(_HINT)
    if weights and field.of(Category.SEXUAL):
        weights.append(1.0)  # a sexual word beside a cue: "porr … skriv till mig privat"
    if not weights or not _aimed(field, text):
        return None
    total = sum(weights)
    if max(weights) >= _GRAVE:
        score = _GRAVE
    elif total >= _HOLD:
        score = _HOLD
    else:
        score = min(total, _HINT)
    return Finding(spans=tuple(sorted(set(spans))), score=score)


def _aimed(field: FieldText, text: str) -> bool:
    """Someone the advance is aimed at: the reader, an addressed or named person, a role."""
    if _HANDLE.search(field.original) or _FEMALE.search(text):
        return True
    return bool(
        field.of(
            Category.SECOND_PERSON,
            Category.PERSON,
            Category.FIRST_NAME,
            Category.TARGET,
            Category.PUBLIC_ROLE,
        )
    )
