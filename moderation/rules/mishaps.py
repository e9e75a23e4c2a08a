"""LAW-THREAT told as a mishap: an accident wished on a person, or mock regret over one
(legal-rules.md §2: "olaga hot" is what a reader understands as a threat). No violent word is
needed; the construction carries the menace:

- **wished**: a wish ("hoppas", "önskar", "I hope") × a person as the subject of a mishap
  that befalls them ("hoppas skolchefen kör av vägen", "jag hoppas du förblöder på en
  skogsväg", "I hope the councillor crashes on the E4", "hope someone drives a truck into
  their meeting");
- **regret**: mock regret ("vore ju synd om", "skulle vara tråkigt om", "it would be a real
  shame if", "wouldn't it be tragic if") × a mishap in the if-clause ("nåt hände", "råkade",
  "möttes av samma öde", "something happened to", "walked home alone", "found out where")
  × a person or what is theirs in it ("dina djur", "regiondirektörens villa", "hon", "your
  kids", "the chair's windows").

Negated wishes ("hoppas ingen kör av vägen"), a wish that waits for something else ("hoppas
plogbilen kommer innan någon kör av vägen"), politics ("hoppas partiet störtar i opinionen"),
things without a person ("vore synd om något hände med finansieringen"), and told or quoted
sentences stay clean.
"""

from __future__ import annotations

import re

from moderation.analysis import FieldText
from moderation.lexicon import Category, Match
from moderation.rules.intent import _folded
from moderation.rules.people import ROLE_ENTRY
from moderation.rules.prefilter import gated, possible
from moderation.rules.wording import Evidence, told

__all__ = [
    "HAPPENINGS",
    "REGRETTED_HAPPENINGS",
    "VEILED_HARMS",
    "VEILED_WISHES",
    "mishaps",
    "someone_near",
]

_B = r"(?<![^\W_])"
_E = r"(?![^\W_])"
# A clause's words: no stop, no comma between the wish and its mishap.
_WORDS = r"(?:[^\W_][\w'-]* ){0,12}?"

# A mishap that befalls its subject, or that its subject does to someone (every form).
_SV_MISHAP = (
    r"kör(?:a|de|er)? (?:av vägen|i diket|ihjäl|över (?:honom|henne|dem|dom|dig|er)|rakt in i)|"
    r"störta(?:r|de|t)?|krasc?ha(?:r|de|t)?|förolycka(?:s|des)|omkomm(?:er|a)|omkom|"
    r"förblöd(?:er|a|de)|drunkna(?:r|de)?|går genom isen|gick genom isen|brinn(?:er|a) inne|"
    r"brinner upp|får (?:en )?(?:hjärtinfarkt|stroke|kula)|blir påkörd|blev påkörd|"
    r"ger (?:\w+ )?det (?:han|hon|hen|de|dom) förtjänar|får (?:exakt )?samma behandling"
)
_EN_MISHAP = (
    r"crash(?:es|ed)?|drives? (?:off the road|into|a \w+ into)|drove (?:off the road|into|"
    r"a \w+ into)|(?:gets?|got) (?:hit by|run over|killed)|bleeds? (?:out|to death)|drowns?|"
    r"goes through the ice|burns? (?:alive|to death)|falls? (?:off|through)|"
    r"spends? the rest of (?:his|her|their|your) li(?:fe|ves) looking over"
)
_WISH = _folded(
    r"(?:hoppas|önskar|(?:i|we) (?:really |truly |sincerely |do )?(?:hope|wish)|hoping|hope)"
    r"(?: (?:verkligen|innerligt|bara|ju|att|that|really))*"
)
_WISHED = re.compile(_B + _WISH + " " + _WORDS + _folded(rf"(?:{_SV_MISHAP}|{_EN_MISHAP})") + _E)
# The gate: the mishap's own words, none of them common ("kör", "får", "be " are not).
_WISHED_KEY = gated(re.compile(_folded(r"hoppas|önskar|hope|wish|hoping")))
_MISHAP_KEY = gated(
    re.compile(
        _folded(
            r"av vägen|i diket|ihjäl|över honom|över henne|över dem|över dom|över dig|över er|"
            r"rakt in i|störta|krasc?ha|förolycka|omkom|förblöd|drunkna|genom isen|brinner inne|"
            r"brinna inne|brinner upp|hjärtinfarkt|stroke|kula|påkörd|förtjänar|samma behandling|"
            r"crash|off the road|into|hit by|run over|killed|bleed|drown|through the ice|alive|"
            r"to death|falls? off|falls? through|looking over"
        )
    )
)

# Mock regret and its if-clause.
_SV_REGRET = (
    r"(?:vore|skulle (?:\w+ )?vara|hade (?:\w+ )?varit)(?: (?:ju|väl|nog|verkligen|ändå|det))*"
    r" (?:synd|tråkigt|trist|tragiskt|sorgligt|hemskt|olyckligt|förskräckligt) om|"
    r"(?:^|(?<=[.!?\n] ))synd om(?= (?:det|nåt|något|de|han|hon|dina|din|ditt))"
)
_EN_REGRET = (
    r"(?:would|'d|wouldn't it|would it not) (?:\w+ )?be (?:a |such a |so )?(?:real |"
    r"terrible |great )?(?:shame|pity|tragedy|tragic|dreadful|terrible|awful|sad) if|"
    r"(?:^|(?<=[.!?\n] ))(?:a )?(?:shame|pity) if"
)
_REGRET = re.compile(_B + _folded(f"(?:{_SV_REGRET}|{_EN_REGRET})") + _E)
_REGRET_KEY = gated(
    re.compile(
        _folded(
            r"(?:synd|tråkigt|trist|tragiskt|sorgligt|hemskt|olyckligt|förskräckligt) om|"
            r"(?:shame|pity|tragedy|tragic|dreadful|terrible|awful|sad) if"
        )
    )
)
_IF_CLAUSE = re.compile(r"[^.!?\n]{0,140}")
_EVENT = re.compile(
    _B
    + _folded(
        r"(?:(?:nåt|något|någonting|nånting|anything|something)(?: \w+)? (?:skulle )?"
        r"(?:hände|händer|hända|happened|happens|were to happen|was to happen)|"
        r"skulle hända (?:nåt|något)|råka\w*|möttes av|samma öde|same fate|"
        r"walked home alone|walk home (?:alone|in the dark)|walking home (?:alone|in the dark)|"
        r"found out where|fick veta var|fick reda på var)"
    )
    + _E
)
_KIN_OR_HOME = (
    r"(?:familj\w*|fru|man|sambo|barn\w*|ungar\w*|dotter|döttrar|son|söner|djur\w*|hund\w*|"
    r"katt\w*|hem\w*|\w*(?:hus|huset|villa|villan|stuga|stugan|gård|gården|bil|bilen|bilar|"
    r"fönster|fönstren|lada|ladan|båt|båten)|"
    r"family|wife|husband|kids|children|daughters?|sons?|animals|dogs?|house|home|cabin|farm|"
    r"cars?|windows|barn)"
)
# A person in the if-clause: a pronoun, or the person's own ("dina djur", "regiondirektörens
# villa", "huset till den som", "those windows").
_PERSON = re.compile(
    _B
    + _folded(
        r"(?:du|dig|dej|ni|er|han|honom|hon|henne|hen|you|he|him|she|her|they|them|"
        r"(?:din|ditt|dina|ert|era|hans|hennes|hens|deras|your|his|their|those|\w+(?:s|'s)) "
        r"(?:\w+ )?" + _KIN_OR_HOME + r"|till den som|of the (?:one|man|woman|person) who)"
    )
    + _E
)
# What makes mock regret over a thing a menace: "de där", a condition, fire.
_MENACE = re.compile(
    _folded(
        r"(?<![^\W_])(?:(?:den|det|de|dom) där|those|om (?:de|dom|ni|han|hon|du) inte|"
        r"if (?:they|you|he|she) (?:don't|do not|doesn't)|unless|brinn\w*|brann|eld\w*|fire|"
        r"burn\w*|flames?)(?![^\W_])|\U0001f525"
    )
)
# Admired property before the regret: "Nice house. Shame if something happened to it."
_ADMIRED = re.compile(
    _B
    + _folded(
        r"(?:nice|lovely|beautiful|big|fin|fint|fina|vacker|vackert|vackra|stor|stort|stora) "
    )
    + r"(?:\w+ )?"
    + _folded(_KIN_OR_HOME)
    + _E
)
_NEGATION = re.compile(
    _folded(
        r"(?<![^\W_])(?:inte|int|aldrig|ingen|inget|inga|ingenting|not|never|nobody|no one|"
        r"nothing|none|doesn't|don't|won't|isn't)(?![^\W_])"
    )
)
# Between a wish and its mishap: another clause ("hoppas plogbilen kommer innan någon …").
_OTHER_CLAUSE = re.compile(
    _folded(
        r"(?<![^\W_])(?:innan|before|så att|so that|när|when|if|unless|annars|eftersom|because|"
        r"utan att|tills|until|eller|or|men|but|ifall|om (?:nån|någon|du|ni|han|hon|de|man|"
        r"jag|vi|det))(?![^\W_])"
    )
)
# Politics, not a body: "störtar i opinionen", "crashes in the polls".
_POLITICS = re.compile(
    _folded(
        r"\s*(?:i opinionen|i valet|i mätningarna|från makten|in the polls|at the polls|"
        r"in the election|from power|from office|and burns)"
    )
)
# A vehicle with people in it: "hoppas helikoptern störtar med hela styrelsen ombord".
_ABOARD = re.compile(
    _folded(r"[^.!?\n]{0,30}? (?:med|with) [^.!?\n]{0,50}?(?:ombord|on board|aboard)")
)
_SUBJECT = re.compile(
    _folded(
        r"(?<![^\W_])(?:du|ni|han|hon|hen|de|dom|nån|någon|you|he|she|they|someone|somebody|"
        r"\w*(?:chef|chefen|direktör\w*|råd\w*|rådet|politiker\w*|ledamot\w*|ledamöter\w*|"
        r"ordförande\w*|gubbe\w*|gubben|tjänsteman\w*|tjänstemän\w*|styrelse\w*|nämnd\w*)|"
        r"councillors?|chair\w*|director|manager|mayor|officials?|boss|"
        r"politicians?|board)(?![^\W_])"
    )
)


def mishaps(field: FieldText) -> Evidence:
    """A mishap wished on a person, or mock regret over one; see the module's docstring."""
    text = field.letters.text
    spans: list[tuple[int, int]] = []
    if possible(_MISHAP_KEY, text) and possible(_WISHED_KEY, text):
        spans += [(hit.start(), hit.end()) for hit in _WISHED.finditer(text) if _wished(text, hit)]
    if possible(_REGRET_KEY, text):
        for hit in _REGRET.finditer(text):
            end = _regretted(text, hit.end())
            if end is not None:
                spans.append((hit.start(), end))
    if not spans:
        return []
    reported = field.of(Category.REPORTED)
    return [
        (field.letters.original_span(start, end), 2)
        for start, end in spans
        if not told(field, Match(start, end, ROLE_ENTRY), reported)
    ]


def _wished(text: str, hit: re.Match[str]) -> bool:
    """A person subject between the wish and the mishap, no negation, no other clause, and
    no ballot box after it."""
    own = hit.group(0)
    wish_end = re.match(_WISH, own)
    between = own[wish_end.end() if wish_end else 0 :]
    if _NEGATION.search(own) or _OTHER_CLAUSE.search(between):
        return False
    if not (_SUBJECT.search(between) or _ABOARD.match(text, hit.end())):
        return False
    return _POLITICS.match(text, hit.end()) is None


def _regretted(text: str, start: int) -> int | None:
    """Where the if-clause's mishap ends when it befalls a person or what is theirs."""
    clause = _IF_CLAUSE.match(text, start)
    if clause is None:
        return None
    end = clause.end()
    event = _EVENT.search(text, start, end)
    if event is None or _NEGATION.search(text, start, event.start()):
        return None
    if _PERSON.search(text, start, end) is None:
        return None
    return max(event.end(), end)


def someone_near(text: str, position: int) -> bool:
    """A person or what is theirs in the sentence before ``position`` or in its clause after
    ("Fint hus. Synd om nåt hände med det"), or a menace in the clause or the sentence after
    it: a pointing "de där", a condition, fire ("synd om något hände med de där ambulanserna.
    Garage brinner ju ibland"). Not "synd om något hände med finansieringen"."""
    stops = [text.rfind(stop, 0, position) for stop in ".!?\n"]
    start = max(text.rfind(stop, 0, max(stops)) for stop in ".!?\n") + 1 if max(stops) > 0 else 0
    clause = _IF_CLAUSE.match(text, position)
    end = clause.end() if clause else position
    if _PERSON.search(text, start, end) or _ADMIRED.search(text, start, end):
        return True
    after = _IF_CLAUSE.match(text, min(len(text), end + 1))
    return _MENACE.search(text, position, after.end() if after else end) is not None


# Listed mock regret (lexicon terms read by ``threats``): the wish and what it is over.
VEILED_WISHES = frozenset(
    {
        "vore synd om",
        "vore tråkigt om",
        "vore trakigt om",
        "vore trist om",
        "skulle vara synd om",
        "skulle vara tråkigt om",
        "be a shame if",
        "be a pity if",
        "be a real shame if",
        "shame if",
        "pity if",
        "would hate for",
    }
)

# Listed mock regret over "something" needs someone near it: "vore synd om något hände med
# finansieringen" is budget talk.
REGRETTED_HAPPENINGS = frozenset(
    {
        "synd om något hände",
        "synd om något skulle hända",
        "tråkigt om något hände",
        "tråkigt om något skulle hända",
        "shame if something happened",
        "shame if anything happened",
    }
)
HAPPENINGS = frozenset(
    {
        "något hände",
        "nåt hände",
        "något händer",
        "nåt händer",
        "något skulle hända",
        "something happened to",
        "something happens to",
        "something were to happen to",
    }
)
VEILED_HARMS = frozenset(
    {
        "ta eld",
        "råka ta eld",
        "inte kom hem",
        "inte kommer hem",
        "aldrig kom hem",
        "något hände",
        "nåt hände",
        "något händer",
        "nåt händer",
        "något skulle hända",
        "råka ut för en olycka",
        "råka ut för",
        "go up in flames",
        "went up in flames",
        "went up one night",
        "goes up one night",
        "something happened to",
        "something happens to",
        "something were to happen to",
        "didn't come home",
        "did not come home",
        "never came home",
        "have an accident",
        "had an accident",
    }
)
