"""LAW-INCITE told without a plain command (uppvigling, BrB 16:5; legal-rules.md §2): the
shapes the blind writers of the h, n, q, p and r batches used for sabotage, arson, vandalism
and blockades when they did not write "bränn"/"burn" after a call.

- **mock regret or a wish for damage to things**: "det vore ju synd om mätmasterna råkade
  'välta'", "det hade varit synd om det fanns en dunk bensin kvar därinne", "it would be a
  shame if the depot caught fire" (the same frame aimed at a person is ``mishaps.py``'s);
- **coded calls**: the poacher's "tre S" ("SSS gäller", "de tre S:en", "shoot, shovel and
  shut up") and sugar or sand in a tank or a gearbox;
- **recruiting to damage**: "vem hänger på?", "häng på", "who's in?" beside stones through
  windows, paint on cameras, fire or a blocked road in the sentences before;
- **bring the tool**: "ta med sprej och kofot", "bring spray paint"; fuel, saws and
  screwdrivers only beside fire, a night or an installation ("ta med tändvätska till bygget
  första natten");
- **a blockade in the mood of a call**: "ställ bilarna på tvären", "lås fast er vid dörrarna",
  "vi … släpper inte in en enda politiker", "vägra lyda", "Block the E4", "chain the ramps",
  opening a clause or with "vi", "alla", "borde", "låt oss", "everyone", "we" before it.

Negated and told sentences stay clean; so do picnics ("ta med tändvätska till grillen"),
legal walls, and blocks of accounts ("blockera honom").
"""

from __future__ import annotations

import re

from moderation.analysis import FieldText
from moderation.lexicon import Category, Match
from moderation.rules.intent import _folded
from moderation.rules.people import ROLE_ENTRY
from moderation.rules.prefilter import gated, gated_finditer
from moderation.rules.summons import THING
from moderation.rules.wording import Evidence, negated, told

__all__ = ["sabotage"]

_B = r"(?<![^\W_])"
_E = r"(?![^\W_])"
_Q = r"['‘’\"“”]?"
# Mock regret: the frame, then in its sentence an accident to a thing, or fire.
_MOCK = gated(
    re.compile(
        _B
        + _folded(
            r"(?:(?:vore|hade (?:ju |väl )*varit|skulle (?:ju |väl )*vara) (?:ju |väl |verkligen |"
            r"rätt |lite )*(?:synd|trist|tråkigt|fint|kul|skönt|tragiskt|olyckligt) om|"
            r"synd att det är så lätt att|"
            r"(?:would|'d) be (?:a )?(?:real )?(?:shame|pity|nice|funny|tragic) if)"
        )
        + _E
        + r"[^.!?\n]{0,140}?"
        + _B
        + _folded(
            rf"(?:råka\w* (?:\w+ ){{0,2}}?{_Q}(?:hälla|tappa|skära|välta|gå sönder|försvinna|"
            r"brinna|ta eld|fatta eld|punktera|krossa|slå sönder|kapa|lossna|sabba|förstöra|"
            r"riva|spricka|klottra)|"
            r"(?P<plain>började brinna|tog eld|fattade eld|brann ner|caught fire|"
            r"burned down|burnt down|went up in flames)|"
            r"(?:dunk|dunkar|kanister\w*) (?:med )?(?:bensin|diesel)|"
            r"(?:accidentally|happened to) (?:\w+ ){0,2}?(?:catch fire|burn|smash|cut|slash|"
            r"topple|fall over))"
        )
    )
)
# Regret for a fire is ironic only with a wink after it: "… Säger bara det. 🔥🔥".
_WINK = re.compile(
    _folded(r"säger bara|bara säger|just saying|not that i'?m saying|")
    + "[\U0001f525\U0001f609\U0001f60f\U0001f643\U0001f607]"
)
# Coded calls: the three S of poaching, and sugar or sand where a motor drinks.
_CODE = gated(
    re.compile(
        _B
        + _folded(
            r"(?:shoot,? shovel,? (?:and )?shut up|"
            r"(?:sand|socker|sugar)(?: [\w-]+){0,1} (?:i|in|into|ner i) (?:the |their |de |"
            r"\w+s )?(?:\w*växellåd\w*|\w*tank(?:en|arna|ar)?|gearbox(?:es)?|(?:fuel |gas |"
            r"petrol |diesel )?tanks?)|"
            r"(?:lim|superlim|glue|superglue)(?: \w+)? (?:i|in|into) (?:the |their |\w+s )?"
            r"(?:\w*lås(?:en|et)?|locks?|nyckelhål\w*|keyholes?)|jam the locks)"
        )
        + _E
    )
)
# The letter view folds "SSS" to "s": the three S are read in the original, capitals kept.
_THREE_S = re.compile(
    r"(?<!\w)(?:(?:S\.\s?S\.\s?S\.?|SSS|[Tt]re S(?::en|-en)?)(?!\w)(?: \w+)?"
    r" (?:gäller|galler|ni vet|ni fattar|vet vad)|[Dd]e tre S(?::en|-en))"
)
_NOT_THREE_S = re.compile(r"^\s*(?:inte|längre inte|ej)\b")
_PAST = re.compile(
    _folded(
        r"(?<![^\W_])(?:hällt|hällde|hällts|hade|fick|upptäckte|hittade|poured|put|found|got|"
        r"had|someone had)(?![^\W_])"
    )
)
# Recruiting: a question to join, after the damage it joins.
_RECRUIT = gated(
    re.compile(
        _B
        + _folded(
            r"(?:vem hänger på|vilka hänger på|hänger ni på|häng på|haka på|hänga på|"
            r"vem är med|vilka är med|who'?s in|who is in|who'?s with me|who is with me)"
        )
        + _E
    )
)
_DAMAGE = re.compile(
    _B
    + _folded(
        r"(?:sten(?:ar)? (?:genom|mot|i|through)|(?:bricks?|rocks?|stones?) (?:through|at)|"
        r"klotter\w*|klottr\w*|spr(?:ay|ej)(?:färg\w*|burk\w*)?|spray ?paint|graffiti|"
        r"tänd\w* eld|sätt\w* eld|eld på|brinner bra|brandbomb\w*|molotov\w*|set fire|"
        r"blocker\w* (?:\w+ )?(?:trafiken|vägen|vägarna|e\d+)|på tvären|tvärs över|"
        rf"{_Q}städa{_Q}(?= |$)|sabb(?:a|ar)|sabotera\w*|smash\w*|torch\w*|"
        r"(?:krossa|slå sönder|kör sönder)\w*)"
    )
    + _E
)
# Bring the tool.
_BRING = gated(
    re.compile(
        _B
        + _folded(
            r"(?:ta med|tag med|ta med er|ta med dig|bring|bring your|bring some)"
            r"(?: (?:er|dig|era|en|ett|lite|några|a|an|some|your|the))?(?: \w+)? "
            r"(?P<tool>sprej|spr(?:ay|ej)färg\w*|spr(?:ay|ej)burk\w*|kofot\w*|bultsax\w*|brandbomb\w*|"
            r"molotov\w*|spray ?paint|crowbars?|bolt ?cutters?|"
            r"(?P<weak>bensin|diesel|tändvätska|petrol|gasoline|lighter fluid|motorsåg\w*|"
            r"vinkelslip\w*|skruvmejsl\w*|chainsaws?|angle grinders?|screwdrivers?))"
        )
        + _E
    )
)
_LAWFUL_TOOL = re.compile(
    _folded(
        r"(?<![^\W_])(?:grill\w*|korv\w*|brasa\w*|lägereld\w*|laglig\w*|graffitivägg\w*|"
        r"workshop\w*|barbecue|bbq|legal wall|röjning\w*|städdag\w*|skoter\w*|skotrar\w*)"
    )
)
_WEAK_CONTEXT = re.compile(
    _B
    + _folded(
        r"(?:bränn\w*|eld|tänd\w*|brinn\w*|sönder|få ner|fälla|fäll|riv\w*|burn\w*|fire|"
        r"smash\w*|tear down|natt\w*|nätter|night|tonight|i kväll|ikväll)"
    )
    + _E
    + "|"
    + _B
    + _folded(THING)
    + _E
)
# A blockade, locking on, refusing to move.
_BLOCK = gated(
    re.compile(
        _B
        + _folded(
            r"(?:lås (?:fast er|er fast)|kedja (?:fast )?er|låser (?:fast )?oss|"
            r"kedjar (?:fast )?oss|"
            r"blocker(?:a|ar) (?:\w+ ){0,2}?(?:\w*vägen|\w*vägarna|trafiken|e\d+|infart\w*|"
            r"bron|entré\w*|ingång\w*|porten|spår\w*|hamnen)|"
            r"(?:ställ|ställer|ställa|parkera|parkerar|kör ut|kör) (?:\w+ ){0,4}?(?:på tvären|"
            r"tvärs över|över (?:vägen|vägarna|infarten|körbanan)|framför (?:\w+ )?"
            r"\w*(?:garage\w*|infart\w*|entré\w*|porten))|"
            r"(?:släpp|släpper) inte (?:fram|in|ut|förbi) (?:en enda|ett enda|någon|nån)|"
            r"(?:vägra|vägrar) (?:att )?(?:lyda|flytta (?:på )?(?:er|oss)|lämna|släppa)|"
            r"ska ingen flytta (?:på )?sig|"
            r"chain (?:yourselves|the \w+)|lock (?:yourselves|on to)|"
            r"block (?:the |all |both )?(?:\w+ )?(?:roads?|e\d+|entrances?|traffic|bridge|"
            r"port|gates?|highway|motorway|lanes?)|park across|"
            r"refuse to (?:move|drive off|leave|obey|get off)|don'?t move for the police)"
        )
        + _E
    )
)
_CALLING = re.compile(
    _B
    + _folded(
        r"(?:vi|låt oss|alla|allihop|ni|borde|bör|måste|dags att|we|let'?s|let us|everyone|"
        r"everybody|should|must|you all)"
    )
    + _E
)
_OWN_NEGATION = re.compile(r"(?<![^\W_])(?:inte|ej|aldrig|not|don'?t|never)(?![^\W_])")
_OPENS = re.compile(r"(?:^|[.!?:;,\n…]|\boch|\band)\s*$")


def sabotage(field: FieldText) -> Evidence:
    """Calls to damage, sabotage and blockades told by their shape; see the docstring."""
    text = field.letters.text
    original = field.original
    evidence: Evidence = [
        (hit.span(), 2)
        for hit in (_THREE_S.finditer(original) if "S" in original else ())
        if not _NOT_THREE_S.search(original, hit.end(), hit.end() + 12)
    ]
    spans = [
        hit.span()
        for hit in gated_finditer(_MOCK, text)
        if not hit.group("plain") or _WINK.search(text, hit.end(), hit.end() + 80)
    ]
    spans += _coded(text) + _recruited(field, text) + _brought(field, text)
    spans += _blockades(field, text)
    if not spans:
        return evidence
    reported = field.of(Category.REPORTED)
    for start, end in spans:
        probe = Match(start, end, ROLE_ENTRY)
        if told(field, probe, reported) or negated(field, probe):
            continue
        evidence.append((field.letters.original_span(start, end), 2))
    return evidence


def _coded(text: str) -> list[tuple[int, int]]:
    spans = []
    for hit in gated_finditer(_CODE, text):
        clause = re.split(r"[.!?\n]", text[max(0, hit.start() - 60) : hit.start()])[-1]
        if not _PAST.search(clause):
            spans.append(hit.span())
    return spans


def _recruited(field: FieldText, text: str) -> list[tuple[int, int]]:
    spans = []
    for hit in gated_finditer(_RECRUIT, text):
        sentence = field.sentence_index(hit.start())
        for damage in _DAMAGE.finditer(text, max(0, hit.start() - 400), hit.start()):
            if sentence - field.sentence_index(damage.start()) <= 2:
                spans.append((damage.start(), hit.end()))
                break
    return spans


def _brought(field: FieldText, text: str) -> list[tuple[int, int]]:
    spans = []
    for hit in gated_finditer(_BRING, text):
        lo, hi = _sentences(field, text, hit, 2)
        if _LAWFUL_TOOL.search(text, lo, hi):
            continue
        if hit.group("weak") and not any(
            not (hit.start() <= m.start() < hit.end()) for m in _WEAK_CONTEXT.finditer(text, lo, hi)
        ):
            continue
        spans.append(hit.span())
    return spans


def _blockades(field: FieldText, text: str) -> list[tuple[int, int]]:
    spans = []
    for hit in gated_finditer(_BLOCK, text):
        lo, _ = _sentences(field, text, hit, 0)
        if _OWN_NEGATION.search(re.sub(r"släppe?r? inte", "", hit.group(0))):
            continue
        if _OPENS.search(text, 0, hit.start()) or _CALLING.search(text, lo, hit.end()):
            spans.append(hit.span())
    return spans


def _sentences(field: FieldText, text: str, hit: re.Match[str], reach: int) -> tuple[int, int]:
    """The span of the hit's sentence and ``reach`` sentences either side."""
    ends = field._sentence_ends
    sentence = field.sentence_index(hit.start())
    first, last = sentence - reach, sentence + reach
    lo = ends[first - 1] + 1 if 0 < first <= len(ends) else 0
    hi = ends[last] + 1 if 0 <= last < len(ends) else len(text)
    return lo, max(hi, hit.end())
