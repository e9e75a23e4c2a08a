"""LAW-INCITE as a call on others to hound a person (uppvigling, BrB 16:5, to ofredande; issue
16, round 2). Three parts, within one sentence and the one before it:

- a **call on many**: "ni ska", "alla borde", "om nån vill", "dags att", "ni vet vad ni ska
  göra", "everyone should", "someone should", "let's", or a command that opens a clause
  ("Följ efter henne hem", "Spread his address");
- a **pursuit** of a person: following them home, standing outside their house, spreading
  their address or number, making their life hard ("gör hennes liv jobbigare", "make his life
  hell", "hon ska inte få en lugn minut"); or contact that will not stop ("ring och mejla …
  varje natt", "tills hon backar", "call him every night until he resigns");
- the **person**: a pronoun or possessive in the pursuit itself ("henne", "hans adress"),
  never an office ("ring kommunen varje dag tills de lagar vägen" is pressure, not hounding).

Asking readers to write to a politician once is debate ("Mejla henne och säg vad du tycker");
so is the author's own plan ("jag ska ringa honom i morgon"). Negated and told sentences stay
clean.
"""

from __future__ import annotations

import re

from moderation.analysis import FieldText
from moderation.lexicon import Category, Match
from moderation.rules.intent import _folded
from moderation.rules.people import ROLE_ENTRY
from moderation.rules.prefilter import gated, gated_finditer
from moderation.rules.wording import Evidence, negated, told

__all__ = ["hounding"]

_B = r"(?<![^\W_])"
_E = r"(?![^\W_])"
_HIM = r"(?:henne|honom|dem|dom|him|her|them)"
_HIS = r"(?:hennes|hans|deras|her|his|their)"
# Pursuits that hound a person whatever the count: home, door, address, peace.
_PURSUIT = gated(
    re.compile(
        _B
        + _folded(
            rf"(?:följ(?:a|er)? efter {_HIM}(?: \w+){{0,2}}? hem|"
            rf"(?:stå|står|ställ er|samlas|knacka|knackar) (?:\w+ )?(?:utanför|på) {_HIS} "
            r"(?:hus|dörr|port|villa|lägenhet|hem|jobb|arbetsplats)|"
            rf"(?:sprid|sprida|sprider|dela|lägg ut|lägga ut) {_HIS} (?:\w+ )?(?:adress|"
            r"hemadress|nummer|mobilnummer|telefonnummer|mobil)|"
            rf"(?:gör|göra|gör det) (?:{_HIS} )?(?:liv )?(?:lite |riktigt )?(?:jobbig\w*|"
            r"obekväm\w*|till ett helvete|surt)|"
            rf"(?:{_HIM}|hon|han|de|dom) (?:ska|får|skall) (?:inte|aldrig) få (?:en )?lugn"
            r" (?:minut|stund|natt)|"
            rf"låt {_HIM} (?:inte|aldrig) få (?:en )?lugn (?:minut|stund|natt)|"
            rf"(?:vänta|väntar|vänta ut) på {_HIM} utanför|"
            rf"(?:åk|gå|kör|samlas|dyk upp|kom) (?:\w+ ){{0,2}}?hem till (?:\w+rådet|"
            r"\w*chefen|\w*politiker\w*|ordförande\w*|\w*ledamot\w*|\w*ledamöter\w*|"
            r"\w*handläggar\w*)(?: \w+){0,3}? (?:i natt|inatt|i kväll|ikväll|en kväll|på natten|"
            r"mitt i natten)|"
            rf"follow {_HIM} home|(?:show up|turn up|wait) (?:at|outside) {_HIS} "
            r"(?:house|home|door|work|office)|(?:show up|turn up|go|gather) (?:at|outside|to) "
            r"(?:the|that) (?:\w+ )?(?:councillor|mayor|politician|chair|chairman|official|"
            r"minister|director|commissioner|mp)'s (?:house|home)(?: \w+){0,3}? "
            r"(?:tonight|at night|in the middle of the night|one night)|"
            rf"(?:spread|share|post) {_HIS} (?:home )?(?:address|number|phone number)|"
            rf"make {_HIS} li(?:fe|ves) (?:a )?(?:hell|miserable|living hell)|"
            rf"(?:never|not) (?:let {_HIM} )?(?:get|have) a (?:moment's|minute's) peace)"
        )
        + _E
    )
)
# Contact that will not stop: a contact verb, and later in the sentence its persistence.
_CONTACT = gated(
    re.compile(
        _B
        + _folded(
            r"(?:ring(?:a|er)?|mejla(?:r)?|maila(?:r)?|sms:a|smsa|höra av sig|hör av er|"
            r"skriv(?:a|er)? till|call|email|e-mail|text|message|phone|flood)"
        )
        + _E
        + r"[^.!?\n]{0,80}?"
        + _B
        + _folded(
            r"(?:varje (?:natt|dag|kväll|timme)|dygnet runt|hela natten|natt och dag|"
            r"(?:tills|förrän) (?:hon|han) (?:backar|ger sig|ger upp|avgår|slutar|flyttar|"
            r"ändrar sig|ändrar beslutet|river beslutet)|mitt i natten|"
            r"every (?:night|day|hour)|around the clock|day and night|until (?:she|he) "
            r"(?:backs? down|gives? up|quits?|resigns?|moves?|breaks))"
        )
        + _E
    )
)
_CALL = re.compile(
    _B
    + _folded(
        r"(?:ju fler (?:som|vi)|the more (?:of us|people)|"
        r"(?:ni|alla|nån|någon|folk|ni andra|vi) (?:\w+ )?(?:ska|skall|borde|bör|måste|kan|"
        r"vill|får)|dags att|ni vet vad ni ska göra|gå dit och|åk dit och|"
        r"(?:everyone|everybody|someone|somebody|people|you all|y'all) (?:\w+ )?(?:should|must|"
        r"needs? to|can|know what to do)|let's|lets)"
    )
    + _E
)
# Contact hounds a person (its object, or the one who must give in), not an office: "ring
# kommunen varje dag tills de lagar vägen", "ring Olle, he answers day and night".
_PERSON = re.compile(rf"{_B}(?:henne|honom|him|her|tills (?:hon|han)|until (?:she|he)){_E}")
# A command that opens a clause: the verb first after a stop, a colon or "och".
_OPENS = re.compile(
    r"(?:^|[.!?:;,\n]|\boch|\band)\s*(?:(?:everyone|everybody|alla|all of you|ni allihop),?\s*)?$"
)


def hounding(field: FieldText) -> Evidence:
    """Calls on others to hound a person; see the module's docstring."""
    text = field.letters.text
    found = [hit for pattern in (_PURSUIT, _CONTACT) for hit in gated_finditer(pattern, text)]
    if not found:
        return []
    reported = field.of(Category.REPORTED)
    evidence: Evidence = []
    for hit in found:
        sentence = field.sentence_index(hit.start())
        called = _OPENS.search(text, 0, hit.start()) is not None or any(
            field.sentence_index(call.start()) in (sentence - 1, sentence)
            for call in _CALL.finditer(text, max(0, hit.start() - 300), hit.end())
        )
        probe = Match(hit.start(), hit.end(), ROLE_ENTRY)
        if hit.re is _CONTACT and _PERSON.search(text, hit.start(), _clause_end(text, hit)) is None:
            continue
        if not called or told(field, probe, reported) or negated(field, probe):
            continue
        evidence.append((field.letters.original_span(hit.start(), hit.end()), 2))
    return evidence


def _clause_end(text: str, hit: re.Match[str]) -> int:
    ends = [end for end in (text.find(stop, hit.end()) for stop in ".!?\n") if end >= 0]
    return min(ends, default=len(text))
