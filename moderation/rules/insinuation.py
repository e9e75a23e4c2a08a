"""LAW-DEFAMATION beyond the word list: accusations as constructions, and insinuation.

- ``constructed``: a crime or disgraceful conduct as a verb with its object or its manner,
  in either language and any tense: money taken "under bordet" / "under the table"; someone
  "lurat pensionärer på pengar" / "conned the residents out of"; expenses fiddled ("fifflar
  med reseräkningarna", "padded her expenses"); a contract given to a relative ("gav
  kontraktet till sin svåger", "steered the tender to his brother-in-law"); cheating on a
  spouse ("är otrogen mot", "cheats on his wife"); lying under oath; driving drunk ("körde
  berusad", "drove home drunk"); prescriptions or drugs "mot betalning"; a euphemism in scare
  quotes ('"lånat" ur kassan', '"borrowed" from the till').
- ``innuendo``: what is no accusation alone, only beside an insinuating frame: money that
  vanished ("bidragen försvann", "the grant money disappeared"), a relative who got the
  contract ("Lars's brother-in-law got the contract"), sudden wealth ("köpt ny båt sen dess").
- ``framed_sentences``: the frames that tell a rumour as knowledge or ask a question that is
  no question ("alla i byn vet att", "ryktet säger", "everyone knows", "rumour has it", "word
  is", "I'm not saying … but", "ask yourself why", "funny how", "bara undrar", "ni vet vem").

``defamation.check_defamation`` joins them to a person; a frame turns a question or a
"not saying" into an accusation, and lets innuendo count.
"""

from __future__ import annotations

import re

from moderation.analysis import FieldText
from moderation.lexicon import Category, Entry, Match
from moderation.rules.intent import _folded
from moderation.rules.prefilter import gated, possible

__all__ = ["constructed", "framed_sentences", "innuendo"]

_W = r"(?: [\w'’-]+)"
_RELATIVE_SV = (
    r"(?:svåger|svågern|svägerska|svägerskan|bror|brorsan|brodern|syster|systern|son|sonen|"
    r"dotter|dottern|svärson|svärsonen|kusin|kusinen|fru|frun|man|sambo|sambon|kompis|"
    r"kompisar|kompisarna|vän|vänner|polare|polarna|släkting|släktingar|brorson|systerson)"
)
_RELATIVE_EN = (
    r"(?:brother-in-law|sister-in-law|son-in-law|daughter-in-law|brother|sister|son|daughter|"
    r"cousin|nephew|niece|wife|husband|mate|mates|friend|friends|buddy|buddies|pal|pals|"
    r"golf buddy|relatives?)"
)
_DEAL_SV = (
    r"(?:kontraktet|uppdraget|jobbet|tjänsten|upphandlingen|bygglovet|avtalet|ordern|"
    r"tillståndet|bidraget|anslaget)"
)
_DEAL_EN = r"(?:contract|job|tender|permit|deal|grant|post|position|licence|license)"
_MONEY_SV = (
    r"(?:\w*kassan?|\w*pengar(?:na)?|\w*medel|\w*medlen|\w*bidrag(?:en|et)?|morfin\w*|"
    r"medicin\w*|läkemedel\w*|narkotika\w*|tabletter\w*|\w*skåpet|kortet|kontot)"
)
_MONEY_EN = (
    r"(?:till|cash|money|funds|fund|kitty|accounts?|morphine|medication|drugs|pills|"
    r"medicine cabinet|petty cash)"
)

_CONSTRUCTED = (
    r"(?<![^\W_])(?:"
    + _folded(
        # Bribes: money taken or paid under the table.
        r"(?:tog|tar|tagit|ta|fick|får|fått|har fått|betalade|betalar|betalat|gav|ger|"
        r"gett|stoppade|stoppar|kvitterade)" + _W + r"{0,5}? under bordet|"
        r"(?:took|takes|taken|taking|got|gets|received|receives|accepted|accepts|paid|"
        r"pays|pocketed|pockets)" + _W + r"{0,5}? (?:under the table|in (?:brown )?"
        r"envelopes|backhanders?|kickbacks?|a bung)|"
        # Fraud: someone cheated out of money.
        r"(?:lurar|lurade|lurat|lura|blåser|blåste|blåst|bedrar|bedrog|bedragit)"
        + _W
        + r"{1,3}? på (?:\w+ )?(?:pengar|pengarna|sparpengar\w*|arv\w*|pension\w*|"
        r"kronor|\d+)|"
        r"(?:conned|swindled|swindles|scammed|scams|defrauded|defrauds|fleeced|"
        r"fleeces|cheated|cheats|ripped off|rips off)" + _W + r"{1,4}? out of|"
        r"(?:swindl|scamm|defraud)(?:es|ed|ing|s)? (?:the |old |elderly )?"
        r"(?:pensioners|elderly|old people|residents|customers|clients|taxpayers|council|"
        r"region|members)|"
        # Expenses fiddled.
        r"(?:fifflar|fifflade|fifflat|fuskar|fuskade|fuskat|fejkar|fejkade|fejkat|"
        r"trixar|trixade|trixat) med (?:\w+ )?(?:reseräkning\w*|traktamente\w*|kvitt\w*|"
        r"räkning\w*|skatten|bokföring\w*|timm\w*|lön\w*|bidrag\w*|ersättning\w*|"
        r"utlägg\w*|fakturor\w*|elevpeng\w*)|"
        r"(?:fiddl|fudg|padd|pad|fak|falsif|cook|inflat)(?:es|ed|ing|s|ies|ied)? "
        r"(?:his|her|their|the)(?: own)? (?:expenses|expense claims|books|accounts|"
        r"receipts|timesheets?|mileage|invoices|figures)|"
        # Nepotism: the deal given to a relative.
        r"(?:gav|ger|gett|gett|fixade|fixar|fixat|delade ut|tilldelade|skänkte|lämnade)"
        + _W
        + r"{0,3}? "
        + _DEAL_SV
        + _W
        + r"{0,2}? till (?:sin|sina|hans|hennes|sin egen|sina egna) "
        + _RELATIVE_SV
        + r"|(?:gave|gives|given|handed|hands|steered|steers|awarded|awards|slipped|"
        r"funnelled|funneled)" + _W + r"{0,3}? (?:the |a )?" + _DEAL_EN + _W + r"{0,2}? "
        r"to (?:his|her|their) (?:own )?" + _RELATIVE_EN + "|"
        # Infidelity, perjury, drunk driving.
        r"(?:är|var|har varit) otrogen|(?:bedrar|bedrog|bedragit|vänstrar|vänstrade) "
        r"(?:\w+ )?(?:sin fru|sin man|sin sambo|frun|maken)|"
        r"(?:cheats|cheated|cheating|is cheating|has been cheating) on (?:his|her) "
        r"(?:wife|husband|partner|girlfriend|boyfriend)|"
        r"(?:ljög|ljuger|ljugit|ljugat) (?:\w+ )?(?:under ed|inför rätten|i rätten|"
        r"i domstolen|i förhöret)|mened|"
        r"(?:lied|lies|lying) (?:\w+ )?under oath|perjur\w*|"
        r"(?:kör|körde|kört|åker|åkte) (?:\w+ ){0,2}?(?:berusad|onykter|påverkad|"
        r"packad|drogad|aspackad|plakat|stupfull)|"
        r"(?:drives|drove|driven|driving|drive) (?:\w+ ){0,2}?(?:drunk|under the "
        r"influence|intoxicated|hammered)|(?:drives|drove|driving|drive) (?:high|wasted)|"
        r"drink-driv\w*|drunk-driv\w*|"
        # Drugs or certificates for money.
        r"(?:skriver ut|skrev ut|skrivit ut|säljer|sålde|sålt|delar ut|fixar|fixade)"
        + _W
        + r"{0,3}? (?:narkotika\w*|tabletter|recept|sjukintyg|intyg|morfin|opioider|"
        r"oxikodon|sömnmedel|\w*klassade \w+)"
        + _W
        + r"{0,4}? (?:mot betalning|för pengar|svart|under bordet|till (?:sina )?"
        r"(?:kompisar|vänner|polare))|"
        r"(?:writes|wrote|written|sells|sold|hands out|handed out) (?:\w+ ){0,3}?"
        r"(?:prescriptions|sick notes|opioids|oxycodone|pills|morphine)"
        + _W
        + r"{0,4}? (?:for cash|for money|to (?:his|her) (?:mates|friends|pals))|"
        # Helping oneself to the money.
        r"(?:helps|helped|helping) (?:himself|herself|themselves) (?:\w+ )?to "
        r"(?:the )?"
        + _MONEY_EN
        + r"|(?:försörjer|försåg|förser) sig (?:\w+ )?(?:ur|från|på) "
        + _MONEY_SV
    )
    + r")(?![^\W_])"
)
# A euphemism in scare quotes: '"lånat" ur bygdekassan', 'likes to "borrow" morphine'.
_EUPHEMISM = (
    r"(?<![^\W_])"
    + _folded(
        r"(?P<word>lånar|lånade|lånat|låna|lånas|hjälper|hjälpt|borrow|borrows|borrowed|"
        r"borrowing)"
        r"[\"'”’]?(?: (?:sig|till sig|himself|herself))?(?: \w+){0,3}? (?:ur |från |av |from |"
        r"out of |a little |some |lite )?(?:\w+ )?"
    )
    + "(?:"
    + _folded(_MONEY_SV)
    + "|"
    + _folded(_MONEY_EN)
    + r")(?![^\W_])"
)
_QUOTES = "\"'”“’‘«»"

_INNUENDO = (
    r"(?<![^\W_])(?:"
    + _folded(
        r"(?:\w*pengar(?:na)?|\w*bidrag(?:en|et)?|\w*kassan|\w*medl(?:en|et)|\w*anslag\w*)"
        + _W
        + r"{0,4}? (?:försvann|försvinner|har försvunnit|försvunnit|gick upp i rök|"
        r"blev borta|hamnade i fel ficka|kom aldrig fram)|"
        r"(?:money|funds|grant|grants|cash|donations)" + _W + r"{0,4}? (?:vanished|"
        r"disappeared|vanish|disappear|go missing|went missing|has gone missing|"
        r"never arrived|ended up in (?:his|her) pocket)|"
        + _RELATIVE_SV
        + r" (?:fick|har fått|får|fått|vann|landade) "
        r"(?:\w+ )?" + _DEAL_SV + r"|(?:'s |s )?" + _RELATIVE_EN + r" (?:got|gets|won|"
        r"landed|was given|ended up with|has got|has been given) (?:the|a|that|this) "
        + _DEAL_EN
        + r"|(?:köpt|köpte|skaffat|skaffade) (?:sig )?(?:en )?(?:ny|nya|dyr) "
        r"(?:båt|bil|villa|husbil|stuga|volvo|tesla)|(?:märkligt|konstigt|misstänkt) "
        r"mycket pengar|(?:bought|buys|got) (?:himself |herself )?(?:a )?(?:brand )?new "
        r"(?:boat|car|house|villa|tesla|porsche)|(?:suspiciously|strangely) (?:rich|"
        r"wealthy|much money)"
    )
    + r")(?![^\W_])"
)

_FRAME = gated(
    re.compile(
        r"(?<![^\W_])(?:"
        + _folded(
            r"alla(?: \w+){0,3}? vet(?: ju| väl)? (?:att|vem|om|vad|det|varför|hur)|alla vet|"
            r"alla pratar om|hela (?:byn|stan|kommunen|orten) vet|"
            r"ryktet (?:säger|går)|det (?:sägs|påstås|viskas|snackas) att|det går rykten|"
            r"enligt ryktet|jag säger inte att|jag påstår inte att|säger bara|säger bara det|"
            r"jag bara säger|bara undrar|undrar bara|bara en fråga|ingen nämnd|"
            r"ni vet (?:vem|vilken|vilka)|vi vet (?:vem|vilken)|fråga (?:dig|er) (?:själva? )?"
            r"(?:varför|hur)|fundera på varför|konstigt (?:nog )?att|lustigt (?:nog )?att|"
            r"märkligt att|kan det vara en slump|(?:en|ingen) slump att|kolla själva|"
            r"dra (?:era|dina) egna slutsatser|intressant att|jag påstår ingenting|"
            r"jag säger inga namn|jag nämner inga namn|om ni förstår|bara konstaterar|"
            r"man kan ju undra|man undrar ju|(?:det är )?ingen hemlighet|"
            r"(?:every ?one|every ?body|we all|all of us|the whole (?:town|village)|people)"
            r"(?: \w+){0,3}? knows?(?: that)?|rumou?rs? (?:has it|is|says)|word is|"
            r"word on the street|(?:they|people) say (?:that )?|i'?m not saying|not saying|"
            r"i'?m just saying|just saying|just asking|just wondering|ask yourselv?f?e?s? "
            r"(?:why|how)|funny how|strange how|odd how|interesting how|curious how|"
            r"funny that|no coincidence|coincidence that|you (?:all )?know who|"
            r"draw your own conclusions|not naming names|if you catch my drift|"
            r"on good authority|did you know that"
        )
        + r")(?![^\W_])"
    )
)

# One pattern for all three; the named group says which matched.
_ACCUSING = re.compile(
    rf"(?P<built>{_CONSTRUCTED})|(?P<euphemism>{_EUPHEMISM})|(?P<hint>{_INNUENDO})"
)
# What ``prefilter`` scans for: a word every alternative of ``_ACCUSING`` has (a necessary
# condition, tested in tests/moderation/test_insinuation.py). A small pattern is quick to
# look up; the large one runs only where this one may match.
_ACCUSING_KEY = gated(
    re.compile(
        _folded(
            r"under bordet|under the table|envelopes|backhander|kickback|a bung|lura|blås|"
            r"bedr|conned|swindl|scamm|scams|defraud|fleec|cheat|ripped off|rips off|fiffla|"
            r"fuska|fejka|trixa|(?:his|her|their|the) (?:own )?(?:expenses|expense claims|"
            r"books|accounts|receipts|timesheets?|mileage|invoices|figures)|till sin|"
            r"till hans|till hennes|to his|to her|to their|otrogen|vänstra|ljög|ljug|mened|"
            r"under oath|perjur|berusad|onykter|påverkad|packad|drogad|plakat|stupfull|drunk|"
            r"under the influence|intoxicated|hammered|(?:drives|drove|driving|drive) "
            r"(?:high|wasted)|drink-driv|narkotika|tabletter|recept|intyg|morfin|opioider|"
            r"oxikodon|sömnmedel|klassade|prescriptions|sick notes|opioids|oxycodone|pills|"
            r"morphine|himself|herself|themselves|försörj|försåg|förser|låna|hjälper|hjälpt|"
            r"borrow|försvann|försvinner|försvunnit|upp i rök|blev borta|fel ficka|"
            r"kom aldrig fram|vanish|disappear|missing|never arrived|pocket|kontraktet|"
            r"uppdraget|jobbet|tjänsten|upphandlingen|bygglovet|avtalet|ordern|tillståndet|"
            r"bidraget|anslaget|(?:the|a|that|this) (?:contract|job|tender|permit|deal|grant|"
            r"post|position|licence|license)|(?:ny|nya|dyr) (?:båt|bil|villa|husbil|stuga|"
            r"volvo|tesla)|mycket pengar|new (?:boat|car|house|villa|tesla|porsche)|"
            r"suspiciously|strangely"
        )
    )
)
_BUILT = 2
_HINT = 1


def _accusing(field: FieldText) -> tuple[list[Match], list[Match]]:
    """The constructions and the innuendo of a field, found once (two rules' helpers ask)."""
    cached: tuple[list[Match], list[Match]] | None = field.__dict__.get("accusing")
    if cached is not None:
        return cached
    text = field.letters.text
    built: list[Match] = []
    hints: list[Match] = []
    for found in _ACCUSING.finditer(text) if possible(_ACCUSING_KEY, text) else ():
        hint = found.group("hint") is not None
        match = Match(
            found.start(),
            found.end(),
            Entry(found.group(), Category.ACCUSATION, _HINT if hint else _BUILT, "*"),
        )
        if hint:
            hints.append(match)
        elif found.group("built") is not None or _scare_quoted(field, found):
            built.append(match)
    field.__dict__["accusing"] = (built, hints)
    return built, hints


def _scare_quoted(field: FieldText, found: re.Match[str]) -> bool:
    start, end = field.letters.original_span(found.start("word"), found.end("word"))
    original = field.original
    return original[start - 1 : start] in _QUOTES and original[end : end + 1] in _QUOTES


def constructed(field: FieldText) -> list[Match]:
    """Accusations as constructions; see the module docstring."""
    return _accusing(field)[0]


def innuendo(field: FieldText) -> list[Match]:
    """What accuses only beside a frame ("bidragen försvann", "his cousin got the contract")."""
    return _accusing(field)[1]


def framed_sentences(field: FieldText) -> frozenset[int]:
    """Sentences a frame reaches: its own, the one before ("… Alla i kommunen vet vem jag
    menar.") and the two after it ("Säger bara det. Kassören …"); sentences without a word
    ("…") do not count."""
    text = field.letters.text
    if not possible(_FRAME, text):
        return frozenset()
    sentences: set[int] = set()
    for frame in _FRAME.finditer(text):
        index = field.sentence_index(frame.start())
        sentences.update((index, index - 1))
        after: set[int] = set()
        for word in _WORD.finditer(text, frame.end()):
            after.add(field.sentence_index(word.start()))
            if len(after) > _SENTENCES_AFTER:
                break
        sentences.update(after)
    return frozenset(sentences)


_WORD = re.compile(r"[^\W\d_]+")
_SENTENCES_AFTER = 2
