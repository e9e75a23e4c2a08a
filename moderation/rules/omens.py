"""LAW-THREAT told without a violent word: harm foretold to a person (legal-rules.md §2: "olaga
hot" is what a reader understands as a threat). Each construction names its person in itself
(the reader, "han"/"hon", a family, a home) and is a threat alone:

- **foretold**: something will befall the person ("något kommer att hända dig", "nåt ska
  hända med din familj", "something bad is going to happen to your kids");
- **awaits**: the person does not know what is coming ("du vet inte vad som väntar dig", "ni
  anar inte vad som väntar er", "you have no idea what's coming");
- **brave**: the author will test the person when alone ("vi får se hur kaxig du är när du
  står ensam", "we'll see how brave you are in the car park at night");
- **the day**: a day of reckoning with the person's regret or payment ("den dagen kommer, då
  ska du få ångra allt", "the day will come when you pay for this", "din tid kommer");
- **visit**: the author coming to the person's home, family or work on a condition or with a
  warning ("om ni stänger vårdcentralen så kommer vi hem till er", "we'll be visiting your
  home if the ward closes", "jag kommer och hälsar på din familj, annars …");
- **mirror**: what befell the author's own will befall the person, on a condition ("om
  min pappa ramlar en gång till så kan det hända att du ramlar också").

Told, quoted and negated sentences stay clean; so do events that befall things ("något kommer
att hända med priserna"), the unknown future ("ingen vet vad som väntar"), a day of hope
("den dagen kommer när vi får en ny väg") and a vote ("ni kommer att få ångra er i valet").
"""

from __future__ import annotations

import re

from moderation.analysis import FieldText
from moderation.lexicon import Category, Match
from moderation.rules.intent import _folded
from moderation.rules.people import ROLE_ENTRY
from moderation.rules.prefilter import gated, gated_finditer
from moderation.rules.wording import Evidence, told, words_after

__all__ = ["at_the_ballot", "caution_about_things", "omens"]

_B = r"(?<![^\W_])"
_E = r"(?![^\W_])"
# The person's own: the reader, a third person, and what is theirs ("din familj", "your kids").
_SV_WHOM = (
    r"(?:dig|dej|er|honom|henne|(?:din|er|hans|hennes|ditt|ert|dina|era) (?:\w+ )?"
    r"(?:familj|fru|man|sambo|flickvän|pojkvän|barn|ungar|dotter|son|döttrar|söner|mamma|"
    r"pappa|föräldrar|hus|hem|villa|lägenhet|bil|hund|katt|gård|jobb|kontor|arbetsplats|"
    r"\w*familj\w*|\w*barn\w*))"
)
_EN_WHOM = (
    r"(?:you|ya|u|him|her|(?:your|his|her) (?:\w+ )?(?:family|wife|husband|partner|kids|"
    r"children|daughters?|sons?|mum|mom|dad|parents|house|home|car|dog|cat|farm|office|"
    r"workplace))"
)
_FORETOLD = gated(
    re.compile(
        _B
        + _folded(
            r"(?:(?:något|nåt|någonting) (?:\w+ )?(?:kommer (?:att )?|ska |skall )"
            r"(?:\w+ )?hända (?:med )?" + _SV_WHOM + r"|"
            r"(?:something|things) (?:bad |nasty |terrible |unfortunate )?(?:will|is going to|"
            r"'s going to|is gonna|'s gonna|might|could) (?:\w+ )?happen to " + _EN_WHOM + r")"
        )
        + _E
    )
)
_AWAITS = gated(
    re.compile(
        _B
        + _folded(
            r"(?:(?:du|ni|han|hon) (?:vet|anar|förstår) (?:inte|inte ens|ingenting om|nog inte) "
            r"vad som (?:väntar|kommer)|(?:du|ni|han|hon) har ingen aning om vad som (?:väntar|"
            r"kommer)|(?:you|he|she) (?:have|has|'ve got|'ve|got) no idea what(?:'s| is) "
            r"(?:coming|waiting|in store)|(?:you|he|she) (?:don't|doesn't|do not|does not) know "
            r"what(?:'s| is) (?:coming|waiting))"
        )
        + r"(?: (?:för |for )?(?:dig|er|honom|henne|you|him|her))?"
        # The clause ends here: "vad som väntar i budgeten" is the budget's future.
        + r"(?=\s*(?:[.!,…\n]|$|[\U0001f300-\U0001faff]))"
    )
)
# Bravery tested where the person is alone.
_BRAVE = gated(
    re.compile(
        _B
        + _folded(
            r"(?:(?:vi|jag|ni) (?:får|ska) se|får vi se|vi ser|we'll see|we will see|let's see|"
            r"i'll see) (?:hur|how) (?:modig|modiga|tuff|tuffa|kaxig|kaxiga|stor|stora|brave|"
            r"tough|cocky|big|hard|brave) (?:i käften )?(?:du|ni|han|hon|you|he|she) "
            r"(?:är|blir|verkligen är|are|is|really are|really is)"
        )
        + _E
        + r"[^.!?\n]{0,80}?"
        + _B
        + _folded(
            r"(?:ensam|ensamma|alone|on (?:your|his|her) own|utan (?:\w+ )?(?:vakter|livvakter|"
            r"polis\w*|skydd)|without (?:\w+ )?(?:guards|bodyguards|police|security)|i mörkret|"
            r"in the dark|at night|på natten|ansikte mot ansikte|face to face|parkering\w*|"
            r"car park|parking (?:lot|garage)|på väg hem|on (?:your|his|her|the) way home|"
            r"utanför|outside|i skogen|in the woods)"
        )
        + _E
    )
)
# A day of reckoning: the day, and the person's regret, payment or suffering, in either order
# ("den dagen kommer, då ska du få ångra allt"; "you'll regret this. The day will come").
_DAY_COMES = _folded(
    r"(?:den dagen kommer|det kommer en dag|en dag kommer|(?:din|er|hans|hennes) (?:tid|dag) "
    r"kommer|the day will come|that day will come|the day is coming|a day will come|"
    r"(?:your|his|her) (?:day|time) (?:will come|is coming))"
)
_RECKONING = _folded(
    r"(?:(?:du|ni|han|hon|you|he|she) (?:\w+ )?(?:ska|skall|kommer att|kommer|får|will|'ll|"
    r"are going to|is going to|gonna) (?:\w+ )?(?:få )?(?:ångra|betala|lida|sota|gråta|"
    r"be om nåd|regret|pay|suffer|cry|beg|be sorry)|(?:ska|skall|kommer|får|will) (?:du|ni|"
    r"han|hon) (?:\w+ )?(?:få )?(?:ångra|betala|lida|sota|gråta|be om nåd)|"
    r"(?:you|he|she)'ll (?:\w+ )?(?:regret|pay|suffer|be sorry))"
)
_GAP = r"[^.!?\n]{0,40}?(?:[.!?]\s*)?[^.!?\n]{0,40}?"
_DAY = gated(
    re.compile(
        f"{_B}{_DAY_COMES}{_E}{_GAP}{_B}{_RECKONING}{_E}|{_B}{_RECKONING}{_E}{_GAP}{_B}"
        f"{_DAY_COMES}{_E}"
    )
)
_SV_VISIT = (
    r"(?:(?:jag|vi|ja) (?:\w+ )?(?:kommer|ska|skall|tänker)|(?:kommer|ska|skall) (?:jag|vi|ja))"
    r" (?:att )?(?:\w+ )?(?:komma )?(?:hem till|förbi (?:hos )?|och hälsar på|och hälsa på|"
    r"hälsa på (?:hos )?|att hälsa på|på besök (?:hos|till)|till)"
)
_VISIT = gated(
    re.compile(
        _B
        + _folded(
            _SV_VISIT + r" (?:dig|dej|er|honom|henne|dem|dom|"
            r"(?:din|er|hans|hennes|ditt|ert|dina|era) (?:\w+ )?(?:familj|fru|man|barn|ungar|"
            r"hus|hem|villa|lägenhet|jobb|kontor|arbetsplats|gård|mamma|pappa))"
            r"|(?:i'll|we'll|i will|we will|i'm|we're|i am|we are) (?:be )?(?:coming|visiting|"
            r"paying|come|visit|pay|drop(?:ping)? by|stop(?:ping)? by) (?:to |round to |over to |a "
            r"visit to )?(?:your|his|her) (?:\w+ )?(?:house|home|family|kids|children|wife|"
            r"husband|office|workplace|work|farm)"
        )
        + _E
    )
)
# What makes a visit a menace: a condition, a warning, a night ("vi kommer hem till er med
# namnlistorna" is a canvass).
_VISIT_WHY = re.compile(
    _folded(
        r"(?<![^\W_])(?:om|ifall|if|next time|nästa gång|en gång till|once more|again|igen|"
        r"varnad\w*|warned|inget skämt|inte ett skämt|no joke|not a joke|not joking|annars|"
        r"or else|otherwise|vänta bara|just wait|en mörk kväll|one night|some night|i natt|"
        r"tonight)(?![^\W_])"
    )
)
# Harm mirrored on a condition: "om min pappa ramlar en gång till så kan det hända att du
# ramlar också", "if my mother falls again, you might fall too": what befell the author's
# own will befall the person, the same verb in both clauses.
_MIRROR = gated(
    re.compile(
        _B
        + _folded(
            r"(?:om|ifall|if) (?:min|mitt|mina|my) \w+ (?P<verb>\w{3,}?)(?:es|s)?"
            r"(?: \w+){0,4}? "
            r"(?:en gång till|igen|again|once more)"
        )
        + r"[^.!?\n]{0,40}?"
        + _B
        + r"(?:du|ni|you|han|hon|he|she)(?: \w+){0,2}? (?P=verb)\w*"
        + _E
    )
)
# "Ni kommer att få ångra er i valet": regret at the ballot box is politics.
_BALLOT = re.compile(
    _folded(r"(?<![^\W_])(?:valet|val|valurnan|election|ballot|polls|röst\w*|vote\w*)(?![^\W_])")
)
_NEGATION = re.compile(
    r"(?<![^\W_])(?:inte|aldrig|ingen|not|never|no one|nobody|won't|don't)(?![^\W_])"
)
# "Om min dotter blir utan plats igen kanske du också blir utan": a copula mirrors no harm.
_COPULAS = frozenset(
    {
        "bli",
        "blir",
        "är",
        "får",
        "har",
        "går",
        "kommer",
        "get",
        "gets",
        "is",
        "has",
        "goe",
        "become",
    }
)
_CONSTRUCTIONS = (_FORETOLD, _AWAITS, _BRAVE, _DAY, _VISIT, _MIRROR)


def omens(field: FieldText) -> Evidence:
    """Harm foretold to a person without a violent word; see the module's docstring."""
    text = field.letters.text
    found = [hit for pattern in _CONSTRUCTIONS for hit in gated_finditer(pattern, text)]
    if not found:
        return []
    reported = field.of(Category.REPORTED)
    evidence: Evidence = []
    for hit in found:
        if not _menacing(text, hit):
            continue
        if told(field, Match(hit.start(), hit.end(), ROLE_ENTRY), reported):
            continue
        evidence.append((field.letters.original_span(hit.start(), hit.end()), 2))
    return evidence


def _menacing(text: str, hit: re.Match[str]) -> bool:
    """Not negated before it ("jag lovar att inget kommer att hända dig"), not at the ballot
    box; a visit only on a condition, with a warning or to a home."""
    sentence_start = max(text.rfind(stop, 0, hit.start()) for stop in ".!?\n") + 1
    before = text[max(sentence_start, hit.start() - 25) : hit.start()]
    if hit.re is not _AWAITS and (_NEGATION.search(before) or _NEGATION.search(hit.group(0))):
        return False
    end = min((e for e in (text.find(s, hit.end()) for s in ".!?\n") if e >= 0), default=len(text))
    if hit.re is _DAY and _BALLOT.search(text, hit.start(), end):
        return False
    if hit.re is _MIRROR and hit.group("verb") in _COPULAS:
        return False
    if hit.re is _VISIT:
        before = text[max(0, hit.start() - 160) : hit.start()]
        after = text[hit.end() : hit.end() + 120]
        return _VISIT_WHY.search(before) is not None or _VISIT_WHY.search(after) is not None
    return True


# "Akta dig för halkan", "watch your back on the icy steps": care about a thing, not a menace;
# "akta dig för mig" is one.
_CAUTIONS = frozenset({"akta dig", "akta er", "watch your back", "watch yourself"})
_ABOUT = frozenset({"för", "on", "when", "while", "lifting", "med", "i", "in", "på"})
_ME = frozenset({"mig", "mej", "oss", "me", "us", "honom", "henne", "dem", "dom"})


def caution_about_things(field: FieldText, match: Match) -> bool:
    """A caution phrase about a thing: "akta dig för halkan", not "akta dig för mig"."""
    if match.entry.term not in _CAUTIONS:
        return False
    after = words_after(field, match, 2)
    if not after or after[0] not in _ABOUT or (len(after) > 1 and after[1] in _ME):
        return False
    # "akta dig för mörka parkeringar framöver" is a menace still.
    text = field.letters.text
    end = min((e for e in (text.find(s, match.end) for s in ".!?\n") if e >= 0), default=len(text))
    return _DARK.search(text, match.end, end) is None


_DARK = re.compile(
    r"(?<![^\W_])(?:mörk\w*|natt\w*|kväll\w*|ensam\w*|framöver|parkering\w*|dark|night\w*|"
    r"alone|from now on|car parks?)(?![^\W_])"
)


def at_the_ballot(field: FieldText, match: Match) -> bool:
    """Regret foretold at the ballot box: "ni kommer att få ångra er i valet"."""
    if "ångra" not in match.entry.term and "regret" not in match.entry.term:
        return False
    text = field.letters.text
    end = min((e for e in (text.find(s, match.end) for s in ".!?\n") if e >= 0), default=len(text))
    return _BALLOT.search(text, match.end, end) is not None
