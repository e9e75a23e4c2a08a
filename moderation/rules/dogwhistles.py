"""LAW-HATE said in code (hets mot folkgrupp, BrB 16:8; issue 16, round 4): hate that names
no group, or names it only by a wink, beside ``groups.about_groups``:

- **coded antisemitism by its cues**: one unmistakable code ("the goyim know", "happy
  merchant", "rootless cosmopolitans", "rotlösa kosmopoliter", "de med de långa näsorna"),
  or two cues of different kinds in one text: tiny hats or shekels, globalists, rootlessness,
  Soros or Rothschild, "ni vet vilka", a tribe ("Soros och hans stam", "the same tribe"), a
  surname list ("-berg och -stein", "efternamn som slutar på", "names like Goldberg"), a list
  to make, "ett visst folk"/"vissa kretsar"/"the chosen", a host people sucked dry; bankers
  and "follow the money" count half;
- **the Holocaust minimised**: "six million?" doubted ("more like …"), or the Holocaust
  called exaggerated, a hoax, a myth, deserved ("they had it coming");
- **a vermin or ape emoji** (🐀 🪳 🐒 🦠 …) in a text that names a group or says "ni vet vilka".

Texts that discuss the codes (antisemitism, conspiracy theories, denial, propaganda,
extremists) and negated or quoted claims stay clean.
"""

from __future__ import annotations

import re

from moderation.analysis import FieldText
from moderation.lexicon import Category, Match
from moderation.rules.intent import _folded
from moderation.rules.people import ROLE_ENTRY
from moderation.rules.prefilter import gated, gated_finditer, possible
from moderation.rules.wording import NEGATIONS, Evidence, condemned

__all__ = ["dog_whistles"]

_W = r"(?<![^\W_])"
_E = r"(?![^\W_])"

# Codes that say it alone.
_STRONG = (
    r"the goyim know|goyim|happy merchant|rootless cosmopolitans?|"
    r"rotlösa kosmopoliter(?:na)?|rotlös kosmopolit|"
    r"(?:de|dom|those|the ones|folket|gruppen|people|the group) (?:med |with )(?:de |dom |the |"
    r"their )?(?:långa|stora|"
    r"krokiga|long|big|hooked) (?:näsorna|näsor|noses)|judefrågan|the jewish question"
)
# Cues by kind: two kinds in one text make the code. Keys name the kind.
_CUES = {
    "globalist": r"globalist\w*",
    "rootless": r"rotlös\w*|rootless",
    "name": r"soros|rothschild\w*",
    # Knitted for babies and paid in Israel too: a cue, not a code.
    "hats": r"tiny hats|små hattar|shekels|sheqels",
    "wink": r"(?:ni|vi|alla|we all|you all|y'all) vet (?:ju )?(?:vilka|vem)(?! ni| du| som)|"
    r"you know who|we know who|you know the ones|ni vet vilket folk|"
    r"ni vet vilka jag menar|you know who i mean",
    "tribe": r"(?:hans|deras|samma|sin|sina|his|their|the same|same) (?:stam|tribe)|"
    r"stamfränder\w*",
    "surnames": r"-berg och -stein|-berg and -stein|-stein och -berg|\w*stein och \w*berg|"
    r"(?:efternamn|namn) som slutar på|names (?:like|such as) \w+(?:berg|stein|baum|witz)|"
    r"names ending in|surnames ending",
    "list": r"göra en lista|gör en lista|upprätta en lista|make a list|start a list|"
    r"keep a list|names on a list",
    "circle": r"ett visst folk|en viss folkgrupp|vissa kretsar|vissa utvalda|"
    r"utvalda\W* kretsar|det utvalda folket|a certain people|a certain tribe|certain circles|"
    r"the chosen (?:ones|people)|chosen people|(?:det )?utvalda folket",
    "control": r"(?:äger|styr|kontrollerar|sitter på|owns?|controls?|runs?) (?:alla |all )?"
    r"(?:bankerna|medierna|media|pressen|the banks|the media|the press|hollywood)",
    "host": r"värdfolk\w*|värdnation\w*|host (?:nations?|peoples?|countries)|"
    r"suger ut|sugit ut|bleeding (?:\w+ ){0,3}dry|bleed (?:\w+ ){0,3}dry",
}
# Half a cue each: common in lawful talk about money.
_HALF = {
    "banker": r"bankir\w*|(?:globalist|international|jewish) bankers|bankers",
    "money": r"följ pengarna|follow the money",
}
_STRONG_RE = re.compile(_W + "(?:" + _folded(_STRONG) + ")" + _E)
_CUE_RE = re.compile(
    _W
    + "(?:"
    + "|".join(f"(?P<{kind}>{_folded(pattern)})" for kind, pattern in {**_CUES, **_HALF}.items())
    + ")"
    + _E
)
_HALVES = frozenset(_HALF)
_ENOUGH = 2.0

# The Holocaust doubted or deserved.
_DOUBT = (
    r"(?:more like|snarare|högst|max|at most|knappast|hardly|yeah right|jo visst|my ass|"
    r"lol|haha|överdriv\w*|exaggerat\w*|inflated|uppblåst\w*|påhitt\w*|made up|hoax|"
    r"bluff\w*|myt|myter|myths?|en lögn|lögnen|a lie|big lie|fabricat\w*|never happened|"
    r"aldrig hände|aldrig hänt|aldrig ägt rum|had it coming|förtjänade det|deserved it|"
    r"fick skylla sig själva|industrin|industry)"
)
_HOLOCAUST = gated(
    re.compile(
        _W
        + _folded(
            r"(?:(?:six|6) million|(?:sex|6) miljoner|(?:the )?holocaust|förintelsen|"
            r"shoah)"
            r"(?P<rest>\W*(?:\w+\W+){0,8}?)" + _DOUBT
        )
        + _E
    )
)
# Talk about the codes, not in them.
_ABOUT = re.compile(
    _W
    + _folded(
        r"(?:antisemit\w*|konspiration\w*|conspirac\w*|förnek\w*|deni\w*|deny|denying|"
        r"revisionis\w*|propaganda\w*|extremist\w*|nazist\w*|nazis?|kodord\w*|code ?words?|"
        r"dog ?whistles?|hundvissl\w*|tropes?|myten om|the myth of|påstår|claims? that|"
        r"debunk\w*|motbevis\w*|avliva\w*|"
        r"claimed|hävdar|kallade|called|rasis\w*|racis\w*|hat mot|hatred)"
    )
    + _E
)
_EMOJI = re.compile(
    "[\U0001f400\U0001f401\U0001fab3\U0001f412\U0001f435\U0001f98d\U0001f9a0\U0001f99f\U0001f41b]"
)
_WINK = re.compile(_W + _folded(_CUES["wink"]) + _E)

gated(_STRONG_RE)
gated(_CUE_RE)


def dog_whistles(field: FieldText, *, named: bool) -> Evidence:
    """Coded hate; see the module docstring. ``named``: the text names a group."""
    text = field.letters.text
    evidence: Evidence = []
    reported: frozenset[int] | None = None
    found: list[tuple[int, int]] = []
    strong = list(gated_finditer(_STRONG_RE, text))
    found += [(m.start(), m.end()) for m in strong]
    if not strong and possible(_CUE_RE, text):
        found += _cued(text)
    found += [(m.start(), m.end()) for m in gated_finditer(_HOLOCAUST, text) if _doubted(m, text)]
    emoji = _EMOJI.search(text)
    if emoji is not None and (named or _WINK.search(text)):
        found.append((emoji.start(), emoji.end()))
    if not found or _ABOUT.search(text):
        return evidence
    for start, end in found:
        probe = Match(start, end, ROLE_ENTRY)
        if reported is None:
            reported = field.sentences_of(field.of(Category.REPORTED))
        if condemned(field, probe, reported) or set(field.words_before(start, 2)) & NEGATIONS:
            continue
        evidence.append((field.letters.original_span(start, end), 2))
    return evidence


def _cued(text: str) -> list[tuple[int, int]]:
    kinds: dict[str, tuple[int, int]] = {}
    for cue in _CUE_RE.finditer(text):
        kind = cue.lastgroup
        if kind is not None and kind not in kinds:
            kinds[kind] = (cue.start(), cue.end())
    score = sum(0.5 if kind in _HALVES else 1.0 for kind in kinds)
    if score < _ENOUGH:
        return []
    return [min(kinds.values())]


def _doubted(found: re.Match[str], text: str) -> bool:
    """Doubt that follows the number or the name in its sentence, not denied ("was not
    exaggerated"); the bare number only in a text about the Jews or the camps."""
    rest = found.group("rest")
    if re.search(r"[.!]\s", rest) or set(re.findall(r"\w+", rest)) & _DENIED:
        return False
    return _NUMBER.match(found.group(0)) is None or _SHOAH.search(text) is not None


_NUMBER = re.compile(r"(?:six|sex|6) ")
_DENIED = NEGATIONS | {"ingen", "inget", "isn't", "wasn't", "n't", "knappast", "hardly"}
_SHOAH = re.compile(
    _W
    + _folded(
        r"(?:jews|jewish|judar\w*|judisk\w*|holocaust|förintelse\w*|gaskam\w*|gas chambers?|"
        r"auschwitz|concentration camps?|koncentrationsläger\w*|had it coming|förtjänade det|"
        r"run (?:the )?media|runs (?:the )?media|styr media\w*|äger media\w*)"
    )
    + _E
)
