"""LAW-HATE as constructions about a protected group (hets mot folkgrupp, BrB 16:8; issue 16):

- a **group**: a nationality, ethnicity, religion or sexual orientation as a noun in any form
  ("somalier", "somalierna", "muslimen"), as a compound ("muslimjävlar", "invandrarhorden",
  "romerpacket"), or as an adjective before people ("somaliska män", "muslim families");
- said of it, in the same clause: a **dehumanising predicate** ("är en pest", "är som råttor",
  "are vermin", "breed like rats", "inte människor"), **coded control** ("styr media och
  bankerna", "control Hollywood and the banks"), or a **call to expel or harm** it ("borde
  skickas till en ö", "ska ut", "should all be locked up or thrown out", "ut med …").

Negated ("är inte en pest"), quoted or condemned sentences (``condemned``) stay clean, and so
do facts about the group's history ("judarna deporterades 1942": no call, no modal).
"""

from __future__ import annotations

import re

from moderation.analysis import FieldText
from moderation.lexicon import Category, Match
from moderation.rules.dogwhistles import dog_whistles
from moderation.rules.exclaimed import typical
from moderation.rules.hate_claims import claims
from moderation.rules.intent import _folded
from moderation.rules.origins import vermin_of_origin
from moderation.rules.people import ROLE_ENTRY
from moderation.rules.prefilter import gated, possible
from moderation.rules.wording import NEGATIONS, Evidence, condemned, condemning

__all__ = ["about_groups", "coded", "disowned"]

_SV_NOUNS = (
    "somalier somali afghaner afghan eritreaner eritrean syrier syrian irakier irakiska "
    "iranier araber arab afrikaner afrikan thailändare turkar turk kurder kurd polacker polack "
    "rumäner "
    "rumän bulgarer ryssar ryss judar jude judinnor muslimer muslim islamister islamist "
    "romer zigenare zigenarn zigenarna zigenarnas tattarna samer lappar invandrare invandrar "
    "flyktingar flykting "
    "utlänningar utlänning asylsökande asylsökare migranter migrant nysvenskar nysvensk "
    "bögar bög homosar homosexuella lesbiska flator flata transpersoner transor blattar "
    "blatte svartskallar svartingar negrer kineser tattare hbtq hbtq-personer hbtqi nysvenskar "
    "nysvensk moslemer moslem transsexuella funktionshindrade handikappade utvecklingsstörda "
    "rörelsehindrade funktionsnedsatta"
)
_EN_NOUNS = (
    "somalis somali afghans eritreans syrians iraqis iranians arabs africans turks kurds "
    "romanians bulgarians russians jews muslims moslems islamists roma gypsies sami thai thais "
    "lapps immigrants migrants refugees asylum seekers foreigners gays homosexuals "
    "lesbians trannies blacks chinese mexicans pakistanis indians lgbt lgbtq moslems "
    "transsexuals transgenders queers cripples retards gipsies homos jewry"
)
# Groups of more than one word, and a group by a pronoun or a collective ("såna som dom",
# "their kind"), which is a group only right before its predicate ("de där är som råttor";
# not "de där bussarna är smutsiga").
_EN_PHRASES = (
    r"trans people|transgender people|trans women|trans men|disabled people|the disabled|"
    r"gay people|jewish people|muslim people|sami people|roma people|asylum seekers|"
    r"reindeer people|people with down(?:'s| s)? syndrome|personer med downs? syndrom|"
    r"urfolket|urfolken|ursprungsbefolkningen"
)
_COLLECTIVES = (
    r"de där|dom där|såna som (?:dem|dom)|sådana som (?:dem|dom)|sånt folk|sådant folk|"
    r"sånt där folk|hela det folket|det där folket|deras sort|their kind|people like them|"
    r"people like that|that lot|such people|the likes of them|det (?:där )?släktet"
)
_SV_ADJECTIVES = (
    "somaliska afghanska eritreanska syriska irakiska arabiska afrikanska turkiska kurdiska "
    "polska rumänska judiska muslimska romska samiska invandrade utländska homosexuella svarta"
)
_EN_ADJECTIVES = (
    "somali afghan eritrean syrian iraqi arab african turkish kurdish polish romanian jewish "
    "muslim roma sami immigrant migrant foreign gay black"
)
_PEOPLE = (
    "män kvinnor killar tjejer familjer ungdomar barn gäng folk människor personer "
    "men women guys families youths kids gangs people folk"
)


_TAIL = (
    r"(?:jävl\w*|pack\w*|hord\w*|gäng\w*|skit\w*|avskum\w*|slödder\w*|patrask\w*|svärm\w*|"
    r"yngel\w*)"
)


# Group words typed with a letter masked ("l*pparna", "m#slimer"): a dodge, not a typo.
_MASKABLE = (
    "lappar lapparna samer samerna muslimer muslimerna judar judarna zigenare zigenarna "
    "negrer bögar bögarna romer romerna somalier somalierna invandrare invandrarna blattar "
    "muslims jews gypsies gays"
)


def _masked(words: str) -> str:
    variants = {
        re.escape(word[:at]) + "[*#@]" + re.escape(word[at + 1 :])
        for word in words.split()
        for at in range(1, len(word) - 1)
    }
    return "|".join(sorted(variants, key=len, reverse=True))


def _stems(words: str) -> str:
    return "|".join(sorted(set(words.split()), key=len, reverse=True))


# A noun in any form, or the first part of a compound ("muslim|jävlar", "invandrar|horden").
_GROUP = re.compile(
    r"(?<![^\W_])(?:"
    + _folded(rf"(?:{_stems(_SV_ADJECTIVES)}|{_stems(_EN_ADJECTIVES)}) (?:{_stems(_PEOPLE)})")
    + "|"
    + _folded(rf"(?:{_stems(_SV_NOUNS)})(?:nas|na|ernas|erna|arnas|arna|ens|en|n|s)?")
    + rf"{_TAIL}?"
    + "|"
    # Stems that are a group only in a compound: "zigenar|patrasket", "lapp|jävlar".
    + _folded(rf"(?:zigenar|lapp|neger|blatte|muzz|invandrar){_TAIL}")
    + "|"
    + rf"(?:{_EN_PHRASES}|{_stems(_EN_NOUNS)})"
    + "|"
    + _folded(rf"(?P<bare>{_COLLECTIVES})")
    # "De där nya svenskarna", "these people": a group by a euphemism.
    + "|"
    + _folded(r"nya svenskar(?:na)?|new swedes|these people|those people|det (?:här )?folket")
    + r")(?![^\W_])"
)
# Run only where a text has a mask character (not through ``prefilter``: its many strings
# would slow every text's look-up).
_MASKED = re.compile(r"(?<![^\W_])(?:" + _masked(_MASKABLE) + r")(?![^\W_])")
_MASKS = ("*", "#", "@")
_DEHUMANISING = (
    r"(?:en |ett |a |an |some |som |like |as |bara |just |rena |nothing but |inget annat än |"
    r"som att släppa in )?"
    r"(?:pest(?:en)?|plåga|sjukdom(?:en)?|cancer(?:svulst)?|smitta|virus|ohyra|parasiter|"
    r"parasit|snyltare|råttor|kackerlackor|gräshoppor|djur|apor|odjur|boskap|skadedjur|"
    r"avskum|smuts|avfall|skräp|sopor|en invasion|invasion|mindre värda|sämre människor|"
    r"inte människor|inga människor|undermänniskor|plague|disease|cancer|virus|vermin|"
    r"parasites|leeches|rats|cockroaches|locusts|animals|apes|beasts|pests|filth|scum|"
    r"trash|garbage|subhuman|not human|not even human|an infestation|infestation|"
    r"invasion|an invasion|inferior|sjuka i huvudet|psykiskt sjuka|mentally ill|freaks|"
    r"groomers|ett släkte av \w+|släkte|born (?:thieves|criminals)|tjuvar|thieves|lata|lazy|"
    r"smutsiga|dirty|ingenting värda|inget värda|worthless|flugor|flies|parasit\w*|"
    r"underutvecklade?|underutvecklat|primitiva|primitive|ociviliserade|uncivili[sz]ed|"
    r"degenererade|degenerate|inte ett riktigt folk|not a real people|inte riktiga "
    r"människor|not real (?:people|humans)|not human beings|inte mänskliga|pedo|pedofiler|"
    r"pedophiles|paedophiles|mygg|myggor|fästingar|blodsugare|iglar|ticks|mosquitoes|vermin|"
    r"(?:rent |purely )?(?:biologiskt|genetiskt|biologically|genetically) (?:\w+ )?"
    r"(?:inte|not|oförmögna|incapable|underlägsna|inferior|mindre|less|lägre|lower|"
    r"dummare|dumber|sämre|worse)|"
    # Animals, disease and dirt beyond the plural forms; crime said of the whole group.
    r"råtta|kackerlacka|hundar|grisar|svin|hyenor|kreatur|insekter|tumör|böld|infektion|"
    r"skit|rat|cockroach|dogs|pigs|swine|hyenas|cattle|insects|tumou?r|infection|dirt|"
    r"psykisk sjukdom|psykiskt störda|perversa|pervers|perversion|onaturliga|"
    r"mental illness|mentally disturbed|perverts|perverted|abomination|unnatural|"
    r"invaders|inkräktare|ockupanter|occupiers|"
    r"kriminella|brottslingar|våldtäktsmän|terrorister|mördare|jihadister|"
    r"criminals|rapists|terrorists|murderers|jihadists|"
    # Round 4: lice and pets, a hive or another species, a lower sort of people, a people of
    # thieves, a danger to children.
    r"löss|lice|loppor|fleas|grönsaker|vegetables|husdjur|pets|rovdjur|predators|"
    r"(?:en |a )?(?:hive|svärm|swarm)|(?:an )?invasive species|(?:en )?invasiv art|"
    r"(?:a )?(?:different|separate|lower) species|another species|(?:en )?(?:annan|lägre) art|"
    r"(?:en )?lägre stående (?:sorts? |slags )?(?:människor|folk|ras)|"
    r"(?:a )?lower (?:sort|kind|class|form) of (?:people|humans|human beings)|"
    r"(?:ett )?(?:helt )?folk av (?:tjuvar|parasiter|snyltare|kriminella|banditer|lögnare)|"
    r"(?:a )?(?:whole )?(?:people|race|nation) of (?:thieves|parasites|criminals|liars)|"
    r"(?:ett )?(?:parasit|tjuv|snyltar|bandit|lögnar|bedragar|bidrags)folk|"
    r"(?:\w+ (?:and|och) )?(?:a |en )?(?:danger|fara|threat|hot) (?:to|för) (?:our )?"
    r"(?:kids|children|barn|barnen|våra barn))"
)
_COPULA = (
    r"(?:är|e|ä|va|var|blir|är ju|är bara|är som|är alla|are|is|were|are all|are just|"
    r"are like|=|har (?:alltid )?varit|have (?:always )?been|has (?:always )?been)"
)
# Hedges between the copula and the predicate ("är ärligt talat en lägre stående …", "are
# basically a different species").
_HEDGES = (
    r"ju|bara|alla|all|just|really|verkligen|rena|nothing|inget|basically|i princip|typ|"
    r"egentligen|ärligt talat|helt enkelt|simply|honestly|literally|bokstavligen|precis|"
    r"exactly|like|som|more|mer|snarare|rather|filthy|dirty|smutsiga|äckliga|disgusting|"
    r"fucking|jävla"
)
_PREDICATE = re.compile(
    # A relative clause may stand between ("Afrikanerna som placerats i länet är …").
    r"(?P<lead>(?: (?:som|who|that)(?: \w+){1,4}?)?(?: \w+){0,2}?)(?: "
    + _folded(_COPULA)
    + r"|['’](?:re|s))"
    + _folded(rf"(?: (?:{_HEDGES})){{0,2}}")
    + " "
    + _folded(_DEHUMANISING)
    + r"(?![^\W_])|(?: \w+){0,3}? (?:förökar sig|breed|spread|sprider sig|multiply)"
    + r"(?: (?:precis|just|exactly))? (?:som|like)"
    # "Somalier hör inte hemma i Norrland", "they don't belong here".
    + r"|(?: \w+){0,2}? "
    + _folded(
        r"(?:hör inte hemma|har inget här att göra|har ingenting här att göra|är inte "
        r"välkomna|don't belong|do not belong|doesn't belong|have no place|aren't welcome|"
        r"are not welcome)(?: (?:här|här i \w+|bland oss|hos oss|i (?:sverige|norrland|"
        r"landet|vårt land|europa|västerbotten|samhället|vår by|vår stad|vår kommun)|here|"
        r"among us|in (?:sweden|this country|our country|europe|our town|society))|"
        r"(?= *(?:[.,!;]|$)))"
    )
    + r"(?![^\W_])"
)
# "… are just blokes in wigs, predators the lot of them", "svin allihop": run only where a
# closer stands in the text.
_CLOSED = re.compile(
    r"(?P<lead>(?: [\w,]+){0,10}?) "
    + _folded(_DEHUMANISING)
    + r",? (?:the lot of them|the whole lot of them|every last one of them|allihop|allihopa|"
    r"varenda en|alla som en)(?![^\W_])"
)
_CLOSERS = ("the lot of them", "every last one of them", "allihop", "varenda en", "alla som en")
_CONTROL = re.compile(
    r"(?P<lead>(?: \w+){0,2}?) (?:"
    + _folded(
        r"(?:styr|kontrollerar|äger|ligger bakom|drar i trådarna|control|controls|run|runs|"
        r"own|owns|are behind|pull the strings)(?: \w+){0,3}? (?:media|medierna|medier|"
        r"bankerna|banker|banks|hollywood|regeringen|government|världen|the world|world|"
        r"finansvärlden|finance|pressen|press|tidningarna|politiken|politikerna|ekonomin|"
        r"economy|riksdagen|eu|\w*invandring\w*|migrationspolitik\w*|immigration|"
        r"mass immigration|open borders|öppna gränser|kulturelit\w*|eliten|the elite)|"
        # "De vill ersätta oss", "they are replacing white people": replacement talk.
        r"(?:vill|försöker|planerar att|att|want to|wants to|are trying to|try to|plan to|"
        r"are|to)"
        r"(?: \w+)? (?:ersätta|ersätter|byta ut|byter ut|utrota|förstöra|replace|replacing|"
        r"wipe out|destroy) (?:oss|svenskarna|svenskar|den vita rasen|vita|befolkningen|"
        r"sverige|västvärlden|europa|vårt folk|us|white people|the white race|whites|swedes|"
        r"sweden|europe|the west|our people)"
    )
    + r")(?![^\W_])"
)
_EXPEL = re.compile(
    r"(?P<lead>(?: \w+){0,3}?) "
    + _folded(
        r"(?:ska|skall|borde|bör|måste|skulle|should|must|need to|needs to|ought to|have to|"
        r"would)"
        r"(?: \w+)?(?: all| alla| allihop)?(?: be)? (?:(?:skickas|sent|shipped|skeppas|fraktas) "
        r"(?:\w+ )?(?:tillbaka|hem|bort|ut|iväg|back|home|away|out|till en ö|to an island|"
        r"i läger|to camps)|kastas ut|slängas ut|sparkas ut|deporteras|utvisas|låsas in|"
        r"spärras in|sättas i läger|ut ur|ut(?= *(?:[.!]|$))|bort|gasas|skjutas|hängas|"
        r"utrotas|thrown out|kicked out|deported|expelled|locked up|rounded up|put in camps|"
        r"gassed|shot|hanged|wiped out|exterminated|go back|get out|steriliseras|sterili[sz]ed|"
        r"slaktas|slaughtered|behandlas som (?:djur|boskap|skadedjur|deras \w+)|treated "
        r"(?:like|as) (?:animals|cattle|vermin)|försvinna|dö ut|utplånas|rensas ut|purged|"
        r"disappear|die out|inte få föröka sig|inte få skaffa barn|not be allowed to breed|"
        r"stop breeding|sluta föröka sig|samlas ihop)"
    )
    + r"(?![^\W_])"
)
_OUT_WITH = re.compile(
    _folded(
        r"(?<![^\W_])(?:ut med|bort med|kick out|throw out|send back|deport all|jaga ut|"
        r"kör ut|kasta ut|slänga ut|driva ut|köra ut|sparka ut|ship back|drive out|get rid of|"
        r"bli av med|utrota|exterminate|wipe out|gasa|gas) (?:alla |all |the |de |dom )?$"
    )
)
# "Sätt dem på ett plan tillbaka", "ship them back" after a sentence that names the group.
_EXPEL_THEM = re.compile(
    _folded(
        r"(?<![^\W_])(?:sätt|skicka|kasta|släng|kör|put|send|ship|throw|deport|kick) (?:ut )?"
        r"(?:dem|dom|them|every single one of them|all of them|varenda en|alla)"
        r"(?: \w+){0,2}? (?:på (?:ett|en) (?:plan|båt)|tillbaka|hem|ut ur|ur|on a (?:plane|boat)|"
        r"back|home|out of)(?![^\W_])|"
        # "Låt dem försvinna som folk", "let them rot".
        r"(?<![^\W_])(?:låt|låta|let) (?:dem|dom|them)(?: \w+)? (?:försvinna|dö|dö ut|ruttna|"
        r"frysa ihjäl|svälta|drunkna|disappear|die|die out|rot|starve|drown|freeze)(?![^\W_])|"
        r"(?<![^\W_])(?:samla ihop|round up) (?:dem|dom|them)(?![^\W_])|"
        r"(?<![^\W_])(?:deport|utvisa|skicka hem|skicka tillbaka|send home|send back|ship back|"
        r"kasta ut|throw out|kick out) (?:the lot|the whole lot|the lot of them|hela "
        r"(?:bunten|packet|högen|gänget|klabbet|slöddret)|allihop|allihopa)(?![^\W_])|"
        r"(?<![^\W_])(?:deport|utvisa) (?:every single one|"
        r"all of them|them all|varenda en|alla)(?![^\W_])"
    )
)
# "De är som en sjukdom" after a sentence that names the group.
_THEY = re.compile(r"(?<![^\W_])(?:de|dom|they|them|these|those|dessa)(?![^\W_])")
# "Konspirationsteorier om att judar styr medierna sprids": the claim is told, not made.
_FRAMED = re.compile(
    _folded(
        r"(?<![^\W_])(?:konspiration\w*|teori\w*|myt\w*|påstå\w*|lögn\w*|propaganda|"
        r"fördom\w*|stereotyp\w*|antisemit\w*|rasis\w*|conspirac\w*|theor\w*|myths?|"
        r"claims?|lies?|prejudice\w*|stereotype\w*|tropes?|hatred|racis\w*)(?![^\W_])"
    )
)
_NEGATED = re.compile(r"(?<![^\W_])(?:inte|icke|ej|aldrig|not|never|isn't|aren't|n't)(?![^\W_])")


gated(_GROUP)
gated(_EXPEL_THEM)


def about_groups(field: FieldText) -> Evidence:
    """Hate said of a protected group; see the module docstring."""
    text = field.letters.text
    groups = list(_GROUP.finditer(text)) if possible(_GROUP, text) else []
    if any(mask in text for mask in _MASKS):
        groups += _MASKED.finditer(text)
    vermin = _vermin(field)
    if not groups:
        return [*claims(field, named=False), *dog_whistles(field, named=False), *vermin]
    named = {field.sentence_index(g.start()) for g in groups if not g.groupdict().get("bare")}
    subjects = [*groups]
    subjects += [
        they
        for they in _THEY.finditer(text)
        if named & {field.sentence_index(they.start()), field.sentence_index(they.start()) - 1}
    ]
    reported: frozenset[int] | None = None
    evidence: Evidence = [
        *claims(field, named=bool(named)),
        *dog_whistles(field, named=bool(named)),
        *vermin,
    ]
    for expel in _EXPEL_THEM.finditer(text) if possible(_EXPEL_THEM, text) else ():
        sentence = field.sentence_index(expel.start())
        if named & {sentence, sentence - 1, sentence - 2}:
            evidence.append((field.letters.original_span(expel.start(), expel.end()), 2))
    for group in subjects:
        span_end = _said_of(text, group) or typical(text, group)
        if span_end is None:
            continue
        start = group.start()
        probe = Match(start, span_end, ROLE_ENTRY)
        # "Inte alla muslimer är terrorister", "inte en pest".
        if set(field.words_before(start, 2)) & NEGATIONS:
            continue
        if reported is None:
            reported = field.sentences_of(field.of(Category.REPORTED))
        sentence_start = text.rfind(".", 0, start) + 1
        if (
            condemned(field, probe, reported)
            or _FRAMED.search(text, sentence_start, start)
            or _BELIEVED.search(text, sentence_start, start)
        ):
            continue
        evidence.append((field.letters.original_span(start, span_end), 2))
    return evidence


def _vermin(field: FieldText) -> Evidence:
    """People as vermin by their origin (``origins``), unless negated, condemned, framed as a
    myth or someone else's belief."""
    found = vermin_of_origin(field)
    if not found:
        return []
    text = field.letters.text
    reported = field.sentences_of(field.of(Category.REPORTED))
    evidence: Evidence = []
    for vermin in found:
        start = vermin.start()
        sentence_start = text.rfind(".", 0, start) + 1
        if (
            set(field.words_before(start, 1)) & NEGATIONS
            or field.quoted(Match(start, vermin.end(), ROLE_ENTRY))
            or condemned(field, Match(start, vermin.end(), ROLE_ENTRY), reported)
            or _FRAMED.search(text, sentence_start, start)
            or _BELIEVED.search(text, sentence_start, start)
        ):
            continue
        evidence.append((field.letters.original_span(start, vermin.end()), 2))
    return evidence


def _said_of(text: str, group: re.Match[str]) -> int | None:
    """Where the hate said of ``group`` ends: a predicate, control or a call after it in
    its clause, or "ut med" before it; None when nothing is said of it, or it is negated."""
    end = group.end()
    end += text.startswith(("' ", "’ ", '" ', "” "), end)
    found = (
        _PREDICATE.match(text, end)
        or _CONTROL.match(text, end)
        or _EXPEL.match(text, end)
        or (_CLOSED.match(text, end) if any(c in text for c in _CLOSERS) else None)
    )
    if found is None:
        start = group.start()
        return None if _OUT_WITH.search(text, max(0, start - 20), start) is None else end
    # "Såna som dom är ohyra", not "de där bussarna är smutsiga".
    if group.groupdict().get("bare") and found.groupdict().get("lead"):
        return None
    if "." in text[end : found.end()]:
        return None
    for negation in _NEGATED.finditer(text, end, found.end()):
        # "är inte människor", "hör inte hemma här": the negation is the predicate's own.
        if _OWN_NEGATION.match(text, negation.end()) is None:
            return None
    return found.end()


_OWN_NEGATION = re.compile(
    _folded(
        r" (?:människor|mänskliga|ett riktigt folk|riktiga människor|hemma|välkomna|få "
        r"föröka|få skaffa|human|even human|a real people|real people|real humans|belong|"
        r"welcome|be allowed to breed)"
    )
)
# "Många tror att alla muslimer är terrorister": someone else's belief, told.
_BELIEVED = re.compile(
    _folded(
        r"(?<![^\W_])(?:många|vissa|somliga|andra|folk|people|some|many|others|de|dom|they|"
        r"han|hon|he|she) (?:tror|tycker|säger|påstår|menar|trodde|sa|think|believe|say|"
        r"claim|thought|said|believed|claimed)(?![^\W_])"
    )
)


_NOT_ALL = re.compile(
    _folded(
        r"(?<![^\W_])(?:inte alla|icke alla|långt ifrån alla|not all|not every|far from all)"
        r"(?![^\W_])"
    )
)


def disowned(field: FieldText, position: int) -> bool:
    """The generalisation its sentence makes before ``position`` is denied ("Inte alla
    muslimer är …", "not all …") or told as others' belief ("Många tror att …")."""
    text = field.letters.text
    start = max(text.rfind(stop, 0, position) for stop in ".!?\n") + 1
    return bool(_NOT_ALL.search(text, start, position) or _BELIEVED.search(text, start, position))


def coded(field: FieldText) -> Evidence:
    """Coded hate ("1488", "kulturberikare"), unless quoted beside a word that condemns it
    ("Ordet 'berikare' är ett känt nedsättande kodord")."""
    return [
        (field.span(code), code.entry.severity)
        for code in field.of(Category.HATE_CODE)
        if not (
            field.quoted(code)
            and (condemning(field, code) or _DISOWNING.search(field.letters.text))
        )
    ]


# A quoted slogan in a text that calls it what it is ("… delas ut. Det är nazistisk
# propaganda och ska polisanmälas.").
_DISOWNING = re.compile(
    _folded(
        r"(?<![^\W_])(?:nazis\w*|propaganda|rasis\w*|racis\w*|hatisk\w*|polisanmäl\w*|"
        r"skrämmande|vidrig\w*|avskyvärd\w*|disgusting|appalling|frightening|hateful)(?![^\W_])"
    )
)
