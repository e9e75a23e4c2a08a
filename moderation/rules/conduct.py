"""LAW-DEFAMATION: disgraceful conduct as constructions (round 3, issue 16).

- Medication misused: drugs taken home or sold ("plockar med sig morfin hem", "tar
  smärtplåster och säljer dem", "steals morphine from the residents"), prescriptions to
  oneself ("writing himself opioid prescriptions"), prescriptions for money
  ("bensodiazepiner … mot betalning"), patients or children drugged ("drogar ner
  patienterna", "ger barnen sömntabletter utan att …", "sedates the residents").
- Falsified papers and figures ("skrivit falska intyg", "förfalskar siffrorna", "köpt sin
  legitimation", "is falsifying sick leave records"), money into one's own pocket ("i egen
  ficka"), goods sold off the books ("sålt köttet svart"), a favour "in exchange for a
  bonus", records leaked ("leaks patient records").
- Sex for a post ("slept with half the board to get her job", "is only there because she
  sleeps with"), with a pupil or patient ("ett förhållande med en elev"), a liking for
  children ("likes the young boys a bit too much"), "took advantage of them".
- Drunk as a habit ("full varenda helgpass", "is always drunk", "helt packad igen", "var
  helt klart påverkad").
- A stigmatising illness said of someone ("har HIV", "has bipolar disorder").
- A stigma noun ("är en sadist", "vilket fyllo han är") and a call to prosecute someone
  ("borde anmälas för djurplågeri", "ska dömas för det").

``innuendo_of_posts``: "hur hon fick sin post" accuses only beside a rumour frame.
``defamation.check_defamation`` joins them to a person like the word list's accusations.
"""

from __future__ import annotations

import re

from moderation.analysis import FieldText
from moderation.lexicon import Category, Entry, Match
from moderation.rules.intent import _folded
from moderation.rules.prefilter import gated, gated_finditer

__all__ = ["ANYONE", "conduct", "innuendo_of_posts"]

_W = r"(?: [\w'’-]+)"

_MEDS_SV = (
    r"(?:morfin\w*|mediciner\w*|medicinen|läkemedl\w*|läkemedel|\w*tabletter\w*|\w*plåster\w*|"
    r"ampuller\w*|opioider\w*|narkotika\w*|oxikodon|bensodiazepiner|benso\w*|fentanyl\w*|"
    r"lugnande|smärtstillande|sömnmedel)"
)
_MEDS_EN = (
    r"(?:morphine|medication|medicines?|meds|pills|opioids?|painkillers|fentanyl|patches|"
    r"oxycodone|benzos|benzodiazepines|sedatives|sleeping pills|tramadol)"
)
_PATIENTS_SV = (
    r"(?:barnen|patienterna|de boende|eleverna|brukarna|de gamla|pensionärerna|vårdtagarna|"
    r"de äldre|mamma|pappa|mammas|pappas)"
)
_PATIENTS_EN = r"(?:the )?(?:patients|residents|kids|children|pupils|elderly|old folks|clients)"

_MEDICATION = (
    r"(?:plockar|plockade|plockat|tar|tog|tagit|stjäl|stal|stulit|snor|snodde|snott|norpar|"
    r"norpade|länsar|länsade|länsat)(?: med sig)?" + _W + r"{0,3}? " + _MEDS_SV + _W + r"{0,4}? "
    r"(?:hem\b|och säljer|och sålde|och langar|från patient\w*|från de boende|från brukar\w*|"
    r"från vårdtagar\w*|ur läkemedelsskåpet|från läkemedelsskåpet)|"
    r"(?:skriver ut|skrev ut|skrivit ut|säljer|sålde|sålt)" + _W + r"{0,3}? "
    r"(?:bensodiazepiner|benso\w*|sömntabletter|lugnande|smärtstillande|\w+tabletter|"
    r"opioider|oxikodon|fentanyl)" + _W + r"{0,4}? (?:mot betalning|för pengar|svart)|"
    r"(?:skriver ut|skrev ut|skrivit ut)" + _W + r"{0,3}? (?:till|åt) sig själv|"
    r"(?:drogar|drogade|drogat|söver|sövde|sövt|proppar|proppade|proppat) (?:ner |ned )?"
    + _PATIENTS_SV
    + r"|(?:ger|gav|gett|delar ut|delade ut) (?:\w+ )?"
    + _PATIENTS_SV
    + _W
    + r"{0,2}? (?:sömntabletter|sömnmedel|lugnande|narkotika|droger|sprit|alkohol|\w+tabletter)"
    + _W
    + r"{0,3}? (?:utan att|i hemlighet|utan deras|utan föräldrar\w*|för att de ska)|"
    r"(?:steals|stole|stolen|stealing|takes|took|taking|pinches|pinched|nicks|nicked|"
    r"pockets|pocketed)"
    + _W
    + r"{0,3}? "
    + _MEDS_EN
    + _W
    + r"{0,3}? (?:home\b|from "
    + _PATIENTS_EN
    + r"|from the (?:ward|cabinet|medicine cabinet|drug cabinet)|and sells)|"
    r"(?:writes|wrote|written|writing) (?:himself|herself|themselves) (?:\w+ ){0,2}?"
    r"(?:prescriptions|scripts)|"
    r"(?:drugs|drugged|drugging|sedates|sedated|sedating) " + _PATIENTS_EN + r"|"
    r"(?:gives|gave|giving|given) " + _PATIENTS_EN + r" (?:\w+ ){0,2}?(?:sleeping pills|"
    r"sedatives|drugs|alcohol|booze|pills)" + _W + r"{0,3}? (?:without|behind)"
)

_PAPERS_SV = (
    r"(?:siffror\w*|statistik\w*|journal\w*|intyg\w*|papper\w*|protokoll\w*|betyg\w*|"
    r"resultat\w*|mätningar\w*|mätvärden\w*|provsvar\w*|rapporter\w*|räkenskaper\w*|"
    r"bokföring\w*|underskrift\w*|namnteckning\w*|legitimation\w*|sjukskrivning\w*|"
    r"tidrapport\w*|\w*listor\w*|\w*listan|kvitton\w*|fakturor\w*|recept\w*)"
)
_FALSIFIED = (
    r"(?:skrivit|skriver|skrev|utfärdar|utfärdat|utfärdade|fixar|fixat|fixade|säljer|sålt|"
    r"sålde|lämnat in|lämnade in|lämnar in)"
    + _W
    + r"{0,2}? (?:falska|förfalskade|fejkade) "
    + _PAPERS_SV
    + r"|(?:förfalskar|förfalskade|förfalskat|fejkar|fejkade|fejkat|manipulerar|manipulerade|"
    r"manipulerat|friserar|friserade|friserat|fuskar|fuskade|fuskat|fifflar|fifflade|fifflat) "
    r"(?:med )?(?:\w+ ){0,2}?" + _PAPERS_SV + r"|"
    r"köpt (?:sin|sitt|sina) (?:legitimation|examen|körkort|betyg|intyg|diplom|läkarlegitimation)|"
    r"i (?:sin )?egen fick(?:a|an)|i egna fickan|ner i (?:sin|egen) ficka|"
    r"(?:sålt|säljer|sålde)" + _W + r"{0,2}? svart(?= och | i | till |\s*[.,!;]|\s*$)|"
    r"i utbyte mot (?:\w+ ){0,2}?(?:pengar|betalning|en bonus|bonus|mutor|tjänster|sex|"
    r"röster)|"
    r"(?:läcker|läckte|läckt|säljer|sålde|sålt|lämnar ut|lämnade ut|lämnat ut) (?:\w+ ){0,2}?"
    r"(?:journaler|patientjournaler|patientuppgifter|sekretessbelagda \w+|personuppgifter|"
    r"uppgifter om patient\w*)|"
    r"(?:falsif\w+|forg(?:es|ed|ing)|doctor(?:s|ed|ing)|fak(?:es|ed|ing)|manipulat(?:es|ed|ing)|"
    r"fabricat(?:es|ed|ing)) (?:the |his |her |their |our |its )?(?:\w+ ){0,2}?(?:records|"
    r"figures|numbers|results|reports|certificates|signatures|data|statistics|stats|logs|"
    r"timesheets|minutes|books|invoices|receipts|prescriptions)|"
    r"(?:billing|billed|bills|invoicing|invoiced|invoices|charging|charged|charges) "
    r"(?:\w+ ){0,3}?for (?:\w+ ){0,4}?(?:who|that|which) never|"
    r"in exchange for (?:a |an |some )?(?:fat |big |nice |juicy |secret |little )?(?:bonus|"
    r"bribe|kickback|backhander|favours?|favors?|cut)|"
    r"(?:leaks|leaked|leaking|sells|sold|selling) (?:\w+ ){0,2}?(?:patient|medical|"
    r"confidential|police|client|tax) (?:records|files|data|information|details)|"
    r"(?:in|into) (?:his|her|their) own pockets?"
)

_PUPIL_SV = (
    r"(?:elev|elever|eleverna|eleven|konfirmand\w*|patient\w*|klient\w*|brukare\w*|"
    r"vårdtagare\w*|spelare|adept\w*|praktikant\w*)"
)
_SEXUAL = (
    r"(?:slept|sleeps|sleeping|sleep) (?:her|his|their) way (?:to|into|up)|"
    r"(?:slept|sleeps|sleeping) with" + _W + r"{1,4}? (?:to get|for) (?:her|his|the) "
    r"(?:job|position|post|role|seat|promotion|part|chair|place)|"
    r"(?:only|just)" + _W + r"{0,5}? because (?:she|he) (?:sleeps|slept|is sleeping|has been "
    r"sleeping) with|"
    r"(?:låg|ligger|legat) sig (?:till|upp)|(?:låg|ligger|legat) med" + _W + r"{1,3}? för att "
    r"få|bara (?:\w+ ){0,5}?för att (?:hon|han) (?:ligger|låg|har legat) med|"
    r"(?:ett |en )?(?:förhållande|affär|sexuell relation|sex|ihop|ihop det) med (?:en |"
    r"ett par |flera |två |sina |sin |någon av sina |en av sina )?" + _PUPIL_SV + r"|"
    r"(?:an affair|a relationship|sex|sleeping|slept|sleeps) with (?:a |one of (?:his|her|the) "
    r"|his |her )?(?:pupils?|students?|patients?|clients?|residents?)|"
    r"(?:likes|like|liked|is into|fancies) (?:the )?(?:young|little|small|teenage) (?:boys|"
    r"girls|kids|ones|lads)" + _W + r"{0,3}? too much|"
    r"(?:gillar|tycker om|gillade) (?:de )?(?:unga|små|yngre) (?:tjejer|tjejerna|killar|"
    r"killarna|pojkar|flickor|barn|barnen)" + _W + r"{0,3}? för mycket|"
    r"(?:took|takes|taken|taking) advantage of (?:them|her|the girls|girls|women|young \w+)|"
    r"(?:got|gets|getting) (?:\w+ ){0,2}?(?:girls|women|teenagers|them) drunk and"
)

# Not "full av idéer", "påverkad av beslutet"; not "hög" or "high" (a price is "always high").
_DRUNK_SV = (
    r"(?:(?:full|packad|berusad|påverkad|drogad)(?! av| med)|aspackad|onykter|stupfull|plakat)"
)
_DRUNK_EN = r"(?:drunk|hammered|stoned|intoxicated|plastered)"
_HABIT = (
    r"(?:är|var) (?:ju )?(?:\w+ )?" + _DRUNK_SV + r" (?:varenda|varje|alla) (?:\w*pass\w*|dag|"
    r"arbetsdag|morgon|helg|tur)|"
    r"(?:är|var) (?:ju )?(?:alltid|jämt|ständigt|nästan alltid|oftast) " + _DRUNK_SV + r"|"
    r"(?:var|är) (?:ju )?(?:helt )?" + _DRUNK_SV + r" igen|"
    r"(?:var|är) (?:helt |ju )?(?:klart|tydligt|uppenbart|garanterat|säkert) " + _DRUNK_SV + "|"
    r"(?:is|was|are|were) (?:always|constantly|often|usually|regularly|never sober|"
    r"permanently) " + _DRUNK_EN + r"|" + _DRUNK_EN + r" (?:every|each) (?:single )?(?:shift|"
    r"day|morning|weekend|night)|(?:is|was) never sober"
)

_HEALTH = (
    r"(?:har|bär på|has|had|got|carries) (?:ju )?(?:hiv|aids|en könssjukdom|könssjukdomar|"
    r"syfilis|gonorré|an std|an sti|bipolär sjukdom|schizofreni|bipolar disorder|"
    r"schizophrenia)(?![\w-])|(?:är|is) (?:hiv-positiv|hiv-positive|hiv positive|"
    r"schizofren|schizophrenic)(?![\w-])"
)

_STIGMA = (
    r"(?:är|var) (?:en |ett )(?:\w+ )?(?:sadist|psykopat|pervo|fyllo|fyllechaufför|"
    r"fyllechauffören|alkoholist|sexförbrytare|barnaförövare)|"
    r"vilket (?:fyllo|pervo|as|svin) (?:han|hon) är|(?:en|ett) (?:sadistisk|pervers) \w+ som|"
    r"(?:is|was) (?:a |an )(?:\w+ )?(?:sadist|psychopath|pervert|predator|drunk|alcoholic|"
    r"junkie|sex offender)(?![\w-])|"
    r"(?:borde|bör|ska|skall|måste|skulle) (?:\w+ )?(?:anmälas|polisanmälas|åtalas|dömas|"
    r"lagföras|låsas in|buras in|sättas dit) för|"
    r"should (?:\w+ )?be (?:prosecuted|charged|jailed|locked up|arrested|struck off) for"
)

_CONDUCT = tuple(
    gated(re.compile(r"(?<![^\W_])(?:" + _folded(part) + r")(?![^\W_])"))
    for part in (_MEDICATION, _FALSIFIED, _SEXUAL, _HABIT, _STIGMA)
)
_ILLNESS = gated(re.compile(r"(?<![^\W_])(?:" + _folded(_HEALTH) + r")(?![^\W_])"))
# "Jag har hiv", "min mamma har hiv", "patienter som har hiv": one's own, a relative's told
# by the author, or people described, not a claim about someone.
_OWN_OR_DESCRIBED = frozenset(
    "jag mig min mitt mina vi vår vårt våra i me my we our som who that om if".split()  # noqa: SIM905
)
_RELATIVE_SV = (
    r"(?:svåger|svägerska|bror|brorsa|syster|son|dotter|svärson|kusin|fru|man|make|maka|"
    r"sambo|kompis|bästa vän|pojkvän|flickvän)"
)
_RELATIVE_EN = (
    r"(?:brother-in-law|sister-in-law|son-in-law|brother|sister|son|daughter|cousin|wife|"
    r"husband|partner|best friend|boyfriend|girlfriend)"
)
_HINTS = (
    # How someone got a post.
    r"hur (?:hon|han) fick (?:sin|sitt) (?:post|jobb|tjänst|plats|uppdrag|roll)|how (?:she|he) "
    r"got (?:her|his) (?:job|position|post|seat|role)|på knäna|on (?:her|his) knees|"
    # A relative who owns the firm or got a job there.
    r"(?:hans|hennes) " + _RELATIVE_SV + r" (?:äger|driver|äger och driver|fick jobb|fick ett "
    r"jobb|har fått jobb|anställdes|blev anställd)|(?:his|her) " + _RELATIVE_EN + r" (?:owns|"
    r"runs|got a job|was hired|has been hired)|"
    # A gift from a company.
    r"fick (?:ju )?(?:en|ett) (?:\w+ )?\w+" + _W + r"{0,5}? av (?:\w+ ){0,2}?\w*(?:bolaget|"
    r"företaget|firman|exploatören|byggherren|entreprenören)|"
    r"(?:got|received|was given) (?:a|an) (?:\w+ )?\w+ from (?:the )?(?:\w+ ){0,2}?(?:company|"
    r"developer|firm|contractor)|"
    # Always with the children.
    r"alltid" + _W + r"{1,5}? (?:unga |små |yngre )?(?:tjejer|tjejerna|killar|killarna|flickor|"
    r"flickorna|pojkar|pojkarna|barnen|eleverna|småtjejer\w*|småkillar\w*)|"
    r"always" + _W + r"{1,5}? (?:the )?(?:young |little )?(?:girls|boys|kids|children|pupils)"
)
_POST = gated(re.compile(r"(?<![^\W_])(?:" + _folded(_HINTS) + r")(?![^\W_])"))
_SEVERITY = 2


def _matches(patterns: tuple[re.Pattern[str], ...], text: str, severity: int) -> list[Match]:
    return [
        Match(found.start(), found.end(), Entry(found.group(), Category.ACCUSATION, severity, "*"))
        for pattern in patterns
        for found in gated_finditer(pattern, text)
    ]


def conduct(field: FieldText) -> list[Match]:
    """The constructions of the module docstring, as accusations."""
    text = field.letters.text
    found = [
        match
        for match in _matches(_CONDUCT, text, _SEVERITY)
        if tuple(field.words_before(match.start, 2)) not in ANYONE
    ]
    for illness in _matches((_ILLNESS,), text, _SEVERITY):
        before = field.words_before(illness.start, 6)
        if not set(before[-1:]) & _OWN_OR_DESCRIBED and not set(before) & _FIRST_PERSON:
            found.append(illness)
    return found


# "den som förfalskar intyg ska polisanmälas": anyone who would, no one in particular.
ANYONE = frozenset(
    {("den", "som"), ("de", "som"), ("alla", "som"), ("anyone", "who"), ("those", "who")}
)
_FIRST_PERSON = frozenset("jag min mitt mina my".split())  # noqa: SIM905


def innuendo_of_posts(field: FieldText) -> list[Match]:
    """What accuses only in a rumour: how someone got a post ("Alla vet hur hon fick sin
    post"), a relative who owns the firm ("hans svåger äger bolaget"), a gift from a company
    ("fick en jaktstuga av gruvbolaget"), always with the children ("alltid vill ha killarna
    kvar")."""
    return _matches((_POST,), field.letters.text, 1)
