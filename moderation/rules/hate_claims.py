"""LAW-HATE: claims that are hate without a group word before their predicate (hets mot
folkgrupp, BrB 16:8; legal-rules.md §2), beside ``groups.about_groups``:

- **being LGBTQ as illness**: "homosexualitet är en sjukdom", "being trans is a mental
  illness", or "det"/"it" so said in a sentence naming LGBTQ people or just after one ("Trans
  people shouldn't get care. It's a mental illness");
- **a people as vermin**: an adjective of contempt before "folk", "ras", "race" ("ett
  parasitärt folk", "an inferior race"), which makes its own subject;
- **replacement and expulsion as a slogan**: "befolkningsutbytet", "the great replacement",
  "white genocide", "byt ut befolkningen", and return migration demanded ("återvandring
  nu!", "vi kräver återvandring", "tvångsåtervandring", "remigration now");
- **burning a group's places**: a mosque, synagogue or asylum home that "ska brinna", "kommer
  att brinna", "should burn", or a call to burn it ("bränn ner moskén").

Negated, quoted or reported sentences, history ("nazisterna kallade judarna …") and talk about
the claim as a conspiracy theory or a threat received stay clean.
"""

from __future__ import annotations

import re

from moderation.analysis import FieldText
from moderation.lexicon import Category, Match
from moderation.rules.intent import _folded
from moderation.rules.people import ROLE_ENTRY
from moderation.rules.prefilter import gated, gated_finditer, possible
from moderation.rules.wording import NEGATIONS, Evidence, condemned

__all__ = ["claims"]

_LGBTQ = re.compile(
    _folded(
        r"(?<![^\W_])(?:bög\w*|homo\w*|lesb\w*|trans\w*|hbtq\w*|queer\w*|gay\w*|lgbt\w*|"
        r"regnbåg\w*|flator|flata)(?![^\W_])"
    )
)
_ILLNESS = re.compile(
    r"(?<![^\W_])(?P<subject>"
    + _folded(
        r"det|it|that|homosexualitet\w*|transsexualism|transsexualitet|transidentitet|"
        r"att vara (?:bög|homosexuell|trans|lesbisk)|being (?:gay|trans|transgender|"
        r"homosexual|lesbian)|homosexuality|transgenderism|trans ideology|"
        r"transideologin|gender ideology"
    )
    + r")"
    + _folded(
        r"(?: (?:är|e|is|=)|['’]?s)(?: (?:ju|bara|just|simply|clearly|uppenbarligen|en|ett|"
        r"a|an))*"
        r" (?:psykisk |psykiatrisk |mental |psychiatric )?(?:sjukdom|störning|perversion|"
        r"avvikelse|illness|disorder|disease|abnormality|sickness|sjuka)"
    )
    + r"(?![^\W_])"
)
# Another illness named before "det"/"it" is what "it" means ("… have depression; it's a
# mental illness").
_OTHER_ILLNESS = re.compile(
    r"(?<![^\W_])(?:depression\w*|ångest|anxiety|dysfori\w*|dysphoria|ptsd|trauma\w*|"
    r"adhd|autism|diabetes|cancer)(?![^\W_])"
)
_PRONOUNS = frozenset({"det", "it", "that"})

_RACE = (
    r"(?<![^\W_])"
    + _folded(
        r"(?:ett |en |a |an )?(?:parasitärt|parasitiskt|underlägset|underlägsen|lägre "
        r"stående|ociviliserat|smutsigt|degenererat|parasitic|inferior|subhuman|"
        r"degenerate|filthy|mongrel) (?:folk|ras|raser|släkte|race|races|people|breed)|"
        # Crime as the mark of a people, with its article ("en kriminell ras", not "mycket
        # kriminellt folk" for criminals).
        r"(?:ett kriminellt|en kriminell|a criminal|a thieving) (?:folk|ras|race|breed)|"
        # "Ett parasitfolk", "ett helt folk av tjuvar", "a whole race of thieves".
        r"(?:ett |a )?(?:parasit|tjuv|snyltar|bandit)folk(?:et)?|(?:ett |a )?(?:helt |whole )?"
        r"(?:folk|people|race|nation) (?:av|of) (?:tjuvar|parasiter|snyltare|banditer|thieves|"
        r"parasites|leeches|criminals)"
    )
    + r"(?![^\W_])"
)
# "It is in their culture to be lazy and to cheat", "det ligger i deras natur att stjäla".
_ESSENCE = (
    r"(?<![^\W_])"
    + _folded(
        r"(?:in (?:their|his|her) (?:culture|nature|blood|genes|dna|religion) to (?:be )?"
        r"(?:lazy|violent|cheat|steal|lie|rape|kill|beg|scrounge|criminals?|dishonest|"
        r"aggressive|thieves|parasites)|i (?:deras|sin) (?:kultur|natur|blod|gener|dna|"
        r"religion) att (?:vara )?(?:lata|våldsamma|fuska|stjäla|ljuga|våldta|döda|"
        r"tigga|snylta|kriminella|oärliga|aggressiva|tjuvar))"
    )
    + r"(?![^\W_])"
)
# The epithet as an apposition, when the text names a group: "…, these invaders", "vi vill
# inte ha dessa parasiter här" (the negation is the author's own, not a denial).
_EPITHET = gated(
    re.compile(
        r"(?<![^\W_])"
        + _folded(
            r"(?:these|those|dessa|de där|dom där) (?:invaders|inkräktare|parasites|"
            r"parasiter|vermin|ohyra|kackerlackor|cockroaches|råttor|rats|animals|apor|apes|"
            r"snyltare|leeches|locusts|gräshoppor)"
        )
        + r"(?![^\W_])"
    )
)
_SLOGAN = (
    r"(?<![^\W_])"
    + _folded(
        r"(?:befolkningsutbyte\w*|folkutbyte\w*|det stora utbytet|the great replacement|"
        r"great replacement|white genocide|vitt folkmord|byt ut befolkningen|"
        r"tvångsåtervandring|massåtervandring|återvandring nu|kräver återvandring|"
        r"återvandring är (?:den )?enda lösningen|remigration now|mass remigration|"
        r"forced remigration|demand remigration|remigration is the only)"
    )
    + r"(?![^\W_])"
)
_EXCLAIMED = _folded(r"(?<![^\W_])(?:återvandring|remigration)(?= *!)")
_PLACE = (
    r"(?:moské\w*|moske\w*|synagog\w*|asylboende\w*|asylbarack\w*|flyktingboende\w*|"
    r"flyktingförläggning\w*|mosques?|synagogues?|refugee (?:centres?|centers?|homes?|"
    r"housing)|asylum (?:centres?|centers?|homes?|housing))"
)
_BURN = (
    r"(?:kommer (?:\w+ ){0,2}?(?:att )?(?:\w+ )?brinna|ska brinna|skall brinna|borde brinna|"
    r"måste brinna|"
    r"borde brännas|ska brännas|kommer att brännas|will burn|should burn|must burn|"
    r"should be burned|should be burnt|needs to burn|deserves? to burn)"
)
_BURNED = (
    r"(?<![^\W_])(?:"
    + _folded(_PLACE + r"(?: [\w,]+){0,12}? " + _BURN)
    + "|"
    # "Kommer varenda moské i länet att brinna".
    + _folded(r"kommer (?:varenda |varje |alla |den |det )?" + _PLACE)
    + _folded(r"(?: \w+){0,3}? (?:att )?brinna")
    + "|"
    + _folded(
        r"(?:(?:släng|slänga|kasta|throw|toss) (?:en |ett |some |a )?(?:brandbomb\w*|"
        r"molotov\w*|firebombs?|petrol bombs?|fire bombs?) (?:på|mot|in i|at|into|on) |"
        r"(?:bränn|bränna|tänd eld på|sätt eld på|burn|torch|firebomb) (?:ner |down )?)"
        r"(?:varenda |varje |alla |every |the |that |this |den |det )?" + _PLACE
    )
    + r")(?![^\W_])"
)
_CLAIM = re.compile("|".join((_RACE, _ESSENCE, _SLOGAN, _BURNED, _EXCLAIMED)))
# What ``prefilter`` scans for: a word every alternative of ``_CLAIM`` and ``_ILLNESS`` has
# (tested in tests/moderation/test_hate_claims.py); a small pattern is quick to look up.
_CLAIM_KEY = gated(
    re.compile(
        _folded(
            r"parasit|underläg|lägre stående|ocivilis|smutsigt|degener|inferior|subhuman|"
            r"kriminell|criminal|thieving|tjuvfolk|banditfolk|snyltarfolk|folk av|people of|"
            r"race of|nation of|"
            r"filthy|mongrel|in their|in his|in her|i deras|i sin|utbyte|replacement|"
            r"genocide|folkmord|byt ut befolkningen|återvandring|remigration|brinna|brännas|"
            r"burn|torch|firebomb|tänd eld|sätt eld|bränn|brandbomb|molotov|fire bomb|"
            r"petrol bomb|sjukdom|störning|perversion|"
            r"avvikelse|illness|disorder|disease|abnormal|sickness|sjuka"
        )
    )
)
# "Synagogan har fått hot om att den ska brinna": a threat received, told.
_TOLD = re.compile(
    _folded(
        r"(?<![^\W_])(?:hot\w*|threat\w*|konspiration\w*|teori\w*|myt\w*|conspirac\w*|"
        r"theor\w*|myths?|nazist\w*|nazi\w*|hitler|propaganda|beskrev\w*|kallade\w*|"
        r"described|called|extremist\w*|terroristen|the terrorist|manifest\w*|"
        r"antisemit\w*|rasis\w*|racis\w*)(?![^\W_])"
    )
)


# "Det sitter i blodet", "it's in their genes" after crime or vice said of a named group
# ("Supa, sno och kräva skattepengar … det sitter i blodet").
_BLOOD = gated(
    re.compile(
        r"(?<![^\W_])"
        + _folded(
            r"(?:sitter|ligger|finns) (?:\w+ )?i (?:blodet|generna|deras (?:blod|gener|dna))|"
            r"i (?:deras|sitt) (?:blod|gener|dna)|in (?:their|the) (?:blood|genes|dna)"
        )
        + r"(?![^\W_])"
    )
)
_VICE = re.compile(
    r"(?<![^\W_])"
    + _folded(
        r"(?:stjäl\w*|sno|snor|snott|tjuv\w*|supa|super|fylle\w*|fusk\w*|ljug\w*|ljuger|"
        r"lögnare|lat|lata|kriminell\w*|brott\w*|våld\w*|tigg\w*|snyl\w*|bidrag\w*|"
        r"thie\w*|steal\w*|stole|lazy|criminal\w*|crime\w*|violen\w*|cheat\w*|liars?|lying|"
        r"drunk\w*|scroung\w*|beg|begging|rap\w*|skattepengar|taxes)"
    )
    + r"(?![^\W_])"
)


def claims(field: FieldText, *, named: bool) -> Evidence:
    """Hate claims; see the module docstring. ``named``: the text names a group."""
    text = field.letters.text
    evidence: Evidence = []
    if named and possible(_EPITHET, text):
        evidence += [
            (field.letters.original_span(found.start(), found.end()), 2)
            for found in _EPITHET.finditer(text)
        ]
    found = [*_blood(field, text)] if named else []
    if not found and not possible(_CLAIM_KEY, text):
        return evidence
    found += [*_CLAIM.finditer(text), *_illness(field, text)]
    if not found:
        return evidence
    reported = field.sentences_of(field.of(Category.REPORTED))
    for claim in found:
        start, end = claim.start(), claim.end()
        probe = Match(start, end, ROLE_ENTRY)
        sentence_start = max(text.rfind(c, 0, start) for c in ".!?\n") + 1
        stops = [at for at in (text.find(c, end) for c in ".!?\n") if at >= 0]
        if (
            condemned(field, probe, reported)
            or set(field.words_before(start, 2)) & NEGATIONS
            or _TOLD.search(text, sentence_start, min(stops, default=len(text)))
        ):
            continue
        evidence.append((field.letters.original_span(start, end), 2))
    return evidence


def _illness(field: FieldText, text: str) -> list[re.Match[str]]:
    lgbtq = [found.start() for found in _LGBTQ.finditer(text)]
    kept = []
    for claim in _ILLNESS.finditer(text):
        if claim.group("subject") not in _PRONOUNS:
            kept.append(claim)
            continue
        sentence = field.sentence_index(claim.start())
        before = [at for at in lgbtq if at < claim.start()]
        if (
            before
            and field.sentence_index(before[-1]) in {sentence, sentence - 1}
            and _OTHER_ILLNESS.search(text, before[-1], claim.start()) is None
        ):
            kept.append(claim)
    return kept


def _blood(field: FieldText, text: str) -> list[re.Match[str]]:
    kept = []
    for claim in gated_finditer(_BLOOD, text):
        sentence = field.sentence_index(claim.start())
        start = max(text.rfind(c, 0, claim.start()) for c in ".!?\n") + 1
        start = max(text.rfind(c, 0, max(0, start - 1)) for c in ".!?\n") + 1
        if any(
            field.sentence_index(vice.start()) in {sentence, sentence - 1}
            for vice in _VICE.finditer(text, start, claim.start())
        ):
            kept.append(claim)
    return kept
