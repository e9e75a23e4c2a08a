"""LAW-DEFAMATION: disgraceful conduct at work and toward children, as constructions (round 2).

- Drunk on the job: an intoxicated state with a place or time of work ("full på jobbet",
  "packad i tjänst", "drunk on shift", "high at work"), drinking there ("dricker på jobbet",
  "drinks on duty"), arriving so ("kom påverkad till jobbet", "turned up drunk") or driving so
  ("kör full", which ``insinuation`` leaves out: "full" is also "full gas", "full tid").
- Sexual interest in a minor: a predicate of desire or contact ("intresserad av", "en affär
  med", "för nära", "snuskiga snappar till", "groomed", "sleeps with") with a child marked by
  age ("trettonåriga tjejer", "en 16-årig elev", "småtjejer", "tjejerna i åttan",
  "underage girls", "a 14-year-old pupil").
- Money steered to a relative's firm: "fört över pengar till sin mans byggfirma", "handed the
  slots to his brother-in-law's company", "a firm owned by his old football buddy".

``defamation.check_defamation`` joins them to a person like the word list's accusations.
"""

from __future__ import annotations

import re

from moderation.analysis import FieldText
from moderation.lexicon import Category, Entry, Match
from moderation.rules.insinuation import _RELATIVE_EN, _RELATIVE_SV
from moderation.rules.intent import _folded
from moderation.rules.prefilter import gated, gated_finditer

__all__ = ["misconduct", "vehicle_runs_full"]

_W = r"(?: [\w'’-]+)"

# Intoxicated: not "full" before a noun it measures ("full tid", "full gas").
_DRUNK_SV = (
    r"(?:full(?! (?:tid|gas|fart|rulle|pott|tjänst|kapacitet|styrka|beläggning|bemanning|"
    r"dos|lön|sysselsättning|kontroll|koll|fräs|hals))|packad|berusad|onykter|"
    r"påverkad(?! av)|drogad|aspackad|plakat|stupfull|dyngrak|bakfull|på lyran|"
    r"alkoholpåverkad)"
)
_WORK_SV = (
    r"(?:på jobbet|på jobb|på arbetet|på arbetsplatsen|i tjänst|i tjänsten|på passet|under "
    r"passet|på sina pass|under arbetstid|på lektionerna?|på lektion|bakom ratten|"
    r"på nattpasset|på sitt pass)"
)
_DRUNK_EN = r"(?:drunk|intoxicated|hammered|plastered|stoned|tipsy|sloshed)"
_WORK_EN = (
    r"(?:on shift|on duty|at work|on the job|on the ward|in theatre|in surgery|during "
    r"surgery|at the wheel|behind the wheel|in class|in the classroom|during lessons|"
    r"on his shift|on her shift|on the night shift)(?! (?:party|do|function|christmas))"
)
_AT_WORK = (
    _DRUNK_SV
    + _W
    + r"{0,2}? "
    + _WORK_SV
    + r"|(?:dricker|drack|druckit|super|söp|supit|sitter och dricker|sitter och super)"
    + _W
    + r"{0,2}? "
    + _WORK_SV
    + r"|(?:kommit|kom|kommer|dyker upp|dök upp|dykt upp|jobbar|jobbade|jobbat|arbetar|"
    r"arbetade|arbetat|tjänstgör|tjänstgjorde)(?: \w+){0,2}? "
    + _DRUNK_SV
    + r"(?: till (?:jobbet|arbetet|skolan|passet))?|"
    r"(?:kör|körde|kört|kör ju) (?:\w+ ){0,2}?(?:full|rattfull|packad)(?! (?:gas|fart|"
    r"rulle|pott|fräs|buss|bil|tid))|"
    + _DRUNK_EN
    + _W
    + r"{0,2}? "
    + _WORK_EN
    + r"|(?:drinks|drinking|drank|boozing|boozes|boozed) (?:\w+ ){0,2}?"
    + _WORK_EN
    + r"|(?:(?:turned|turns|turning|shows|showed|showing) up (?:\w+ ){0,2}?|"
    r"(?:came|comes|coming) (?:in|into work|to work|on shift) )"
    + _DRUNK_EN
    + r"(?: (?:to|for) (?:work|the ward|school|shifts?))?"
)

# A child marked by age or school year.
_CHILD_SV = (
    r"(?:(?:\d{1,2}-?åriga?|(?:tolv|tretton|fjorton|femton|elva|tio)åriga?|minderåriga?|"
    r"underåriga?) (?:tjej|tjejer|tjejerna|flicka|flickor|flickorna|kille|killar|killarna|"
    r"pojke|pojkar|pojkarna|elev|elever|eleverna|barn|barnen|ungar|ungdomar|spelare|spelarna|"
    r"konfirmand|konfirmander|scout|scouter)|småtjejer\w*|småflickor\w*|småkillar\w*|småpojkar\w*|minderåriga|"
    r"(?:tjejerna|killarna|flickorna|pojkarna|eleverna|barnen) i (?:fyran|femman|sexan|"
    r"sjuan|åttan|nian|mellanstadiet|högstadiet|lågstadiet|klass \d|årskurs \d))"
)
_DESIRE_SV = (
    r"(?:(?:en |ett )?(?:affär|förhållande|sexuell relation|sex|ihop) med|intresserad av|"
    r"intresserade av|(?:för|alltför|väl|lite för) nära|(?:snuskiga|fräcka|sexiga|nakna|"
    r"olämpliga|äckliga|sexuella) (?:snappar|sms|bilder|meddelanden|dm|foton) till|"
    r"(?:nakenbilder|nakna bilder|snuskiga bilder) på|(?:hade|har|haft|samlar|samlade|sparar|"
    r"sparade)(?: \w+)? bilder på|tafsar på|tafsade på|tafsat på|"
    r"raggar på|raggade på|raggat på|ligger med|låg med|legat med|förgriper sig på|"
    r"förgrep sig på|förgripit sig på|utnyttjar|utnyttjade|utnyttjat)"
)
_CHILD_EN = (
    r"(?:(?:\d{1,2}-year-old|(?:twelve|thirteen|fourteen|fifteen)-year-old|underage|"
    r"teenage|schoolgirl|schoolboy) (?:girls?|boys?|pupils?|students?|kids?|children|"
    r"child)|schoolgirls|schoolboys|minors|(?:girls|boys|pupils|kids) in (?:year|grade) \d)"
)
_DESIRE_EN = (
    r"(?:(?:an affair|a relationship|sex) with|interested in|too close to|too friendly "
    r"with|(?:dirty|explicit|sexual|nude|naked|inappropriate) (?:snaps|texts|pictures|"
    r"photos|messages|pics) (?:to|of)|groomed|grooms|grooming|gropes|groped|groping|"
    r"sleeps with|slept with|sleeping with|preys on|preyed on|took advantage of)"
)
_CHILDREN = (
    _DESIRE_SV
    + r"(?: (?:en|ett|några av|flera av|ett par|två|tre))? "
    + _CHILD_SV
    + r"|"
    + _DESIRE_EN
    + r"(?: (?:a|an|some of the|several|two|three|the))? "
    + _CHILD_EN
)

# Money or a deal steered to a relative's firm.
_FIRM_SV = r"(?:[\w-]*(?:firma|firman|bolag|bolaget|företag|företaget|konto|kontot))"
_RELATIVES_SV = (
    r"(?:mans|frus|sambos|svågers|svågerns|brors|broderns|systers|systerns|sons|sonens|"
    r"dotters|dotterns|kusins|kusinens|svärsons|kompis|kompisens|väns|polares|makes|makas)"
)
_FIRM_EN = r"(?:company|firm|business|consultancy|outfit|haulage firm|building firm)"
_TO_RELATIVES_FIRM = (
    r"(?:till|via|genom) (?:sin|sina|hans|hennes) (?:egen |egna )?"
    + _RELATIVES_SV
    + r" "
    + _FIRM_SV
    + r"|(?:till|via) (?:ett |en )?(?:bolag|firma|företag)(?:et|en)? som (?:ägs|drivs) av "
    r"(?:hans|hennes|sin|sina) (?:\w+ )?"
    + _RELATIVE_SV
    + r"|(?:to|via|through) (?:his|her|their) (?:own )?(?:\w+ )?"
    + _RELATIVE_EN
    + r"(?:'s|’s|s') (?:\w+ ){0,2}?"
    + _FIRM_EN
    + r"|(?:to|via|through) (?:a|the) (?:\w+ )?(?:firm|company|business) (?:owned|run) by "
    r"(?:his|her|their) (?:\w+ ){0,2}?" + _RELATIVE_EN
)
_STEERED = (
    r"(?:fört över|förde över|för över|överfört|överförde|flyttat|flyttade|slussat|slussade|"
    r"slussar|betalat ut|betalade ut|gett|gav|ger|stoppat|stoppade|stoppar|förskingrat|"
    r"förskingrade|förskingrar|pumpat|pumpade|fakturerat|fakturerade|lagt|lade|la|"
    r"tilldelat|tilldelade|handed|hands|gave|gives|given|steered|steers|awarded|awards|"
    r"funnelled|funneled|channelled|channeled|diverted|diverts|moved|transferred|"
    r"siphoned|siphons|paid|pays|pumped)" + _W + r"{0,10}? (?:" + _TO_RELATIVES_FIRM + ")"
)

# Three patterns, each gated by its own literals: one would run wherever any of them may.
_MISCONDUCT = tuple(
    gated(re.compile(r"(?<![^\W_])(?:" + _folded(part) + r")(?![^\W_])"))
    for part in (_AT_WORK, _CHILDREN, _STEERED)
)
_SEVERITY = 2


def misconduct(field: FieldText) -> list[Match]:
    """The constructions of the module docstring, as accusations."""
    text = field.letters.text
    return [
        Match(found.start(), found.end(), Entry(found.group(), Category.ACCUSATION, _SEVERITY, "*"))
        for pattern in _MISCONDUCT
        for found in gated_finditer(pattern, text)
    ]


# "Bussen kör full varje morgon": the bus is full, no driver is drunk.
_VEHICLE = re.compile(r"(?:buss|tåg|bil|linje|båt|färj|vagn|ambulans|skoter|lastbil|plog|tunnel)")


def vehicle_runs_full(field: FieldText, accusation: Match) -> bool:
    """ "kör full" said of a vehicle (the word list's entry or the construction above)."""
    if not field.letters.text.startswith("kör", accusation.start):
        return False
    return any(_VEHICLE.match(word) for word in field.words_before(accusation.start, 2))
