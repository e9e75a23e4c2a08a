"""The rule catalogue as data (SPEC §3; bases and reasons from legal-rules.md §7).

Priority bands, so that the law comes first in hits, in the queue and in reasons:
10–99 criminal law (LAW-*), 100–199 personal data (PII-*), 500–599 good debate manners
(DECENCY-*), 600–699 spam, 700–799 topic, 900–999 hints. Thresholds compare with the score
of a rule's finding (severity sums for word lists, similarity for repeats); admins can
override them per rule and language in ``PolicySettings``.
"""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType

from moderation.lexicon import lexicon_version
from moderation.rules import behaviour, contact, defamation, lexical, links, threats
from moderation.rules.base import Mask, Rule
from moderation.rules.pnr import check_pnr
from moderation.rules.shouting import check_shouting
from moderation.types import Action, Detector, Ground

__all__ = ["RULES", "get_rule"]

_BBS = "5 § lagen (1998:112) om elektroniska anslagstavlor"
_GDPR = "artikel 5.1 c och 6 dataskyddsförordningen (EU) 2016/679"
_TERMS = "användarvillkoren för dialogen, god debattsed"


def _link_data_version() -> str:
    return f"{links.domains_version()}+{lexicon_version()}"


_CATALOGUE = (
    Rule(
        id="LAW-THREAT",
        name_sv="Olaga hot",
        name_en="Unlawful threat",
        ground=Ground.LEGAL,
        basis=f"4 kap. 5 § brottsbalken (olaga hot); {_BBS}",
        default_action=Action.REVIEW,
        priority=10,
        check=threats.check_threat,
        detector=Detector.LEXICON,
        data_version=lexicon_version,
        review_at=1,
        reject_at=3,
    ),
    Rule(
        id="LAW-HATE",
        name_sv="Hets mot folkgrupp",
        name_en="Agitation against a population group",
        ground=Ground.LEGAL,
        basis=f"16 kap. 8 § brottsbalken (hets mot folkgrupp); {_BBS}",
        default_action=Action.REVIEW,
        priority=20,
        check=lexical.check_hate,
        detector=Detector.LEXICON,
        data_version=lexicon_version,
        review_at=1,
        reject_at=3,
    ),
    Rule(
        id="LAW-INCITE",
        name_sv="Uppvigling",
        name_en="Incitement to crime",
        ground=Ground.LEGAL,
        basis=f"16 kap. 5 § brottsbalken (uppvigling); {_BBS}",
        default_action=Action.REVIEW,
        priority=30,
        check=lexical.check_incite,
        detector=Detector.LEXICON,
        data_version=lexicon_version,
        review_at=1,
        reject_at=3,
    ),
    Rule(
        id="LAW-DEFAMATION",
        name_sv="Förtal",
        name_en="Defamation",
        ground=Ground.LEGAL,
        basis=f"5 kap. 1 § brottsbalken (förtal); {_TERMS}",
        default_action=Action.REVIEW,
        priority=40,
        check=defamation.check_defamation,
        detector=Detector.LEXICON,
        data_version=lexicon_version,
        review_at=1,
    ),
    Rule(
        id="PII-PNR",
        name_sv="Personnummer eller samordningsnummer",
        name_en="Personal identity or coordination number",
        ground=Ground.LEGAL,
        basis="3 kap. 10 § dataskyddslagen (2018:218)",
        default_action=Action.REDACT,
        priority=110,
        check=check_pnr,
        mask=Mask.DIGITS,
    ),
    Rule(
        id="PII-ADDRESS",
        name_sv="En privatpersons hemadress",
        name_en="A private person's home address",
        ground=Ground.LEGAL,
        basis=_GDPR,
        default_action=Action.REVIEW,
        priority=120,
        check=contact.check_address,
        data_version=lexicon_version,
    ),
    Rule(
        id="PII-PHONE",
        name_sv="Telefonnummer till en privatperson",
        name_en="A private person's phone number",
        ground=Ground.LEGAL,
        basis=_GDPR,
        default_action=Action.REDACT,
        priority=130,
        check=contact.check_phone,
        data_version=lexicon_version,
        mask=Mask.DIGITS,
    ),
    Rule(
        id="PII-EMAIL",
        name_sv="E-postadress till en privatperson",
        name_en="A private person's e-mail address",
        ground=Ground.LEGAL,
        basis=_GDPR,
        default_action=Action.REDACT,
        priority=140,
        check=contact.check_email,
    ),
    Rule(
        id="DECENCY-INSULT",
        name_sv="Personangrepp eller förolämpning",
        name_en="Personal attack or insult",
        ground=Ground.TERMS,
        basis=f"{_TERMS}: inga personangrepp (jfr 5 kap. 3 § brottsbalken)",
        default_action=Action.REVIEW,
        priority=500,
        check=lexical.check_insult,
        detector=Detector.LEXICON,
        data_version=lexicon_version,
        review_at=1,
        reject_at=3,
    ),
    Rule(
        id="DECENCY-SEXUAL",
        name_sv="Sexuellt innehåll",
        name_en="Sexual content",
        ground=Ground.TERMS,
        basis=f"{_TERMS}: inget pornografiskt eller sexuellt explicit innehåll",
        default_action=Action.REVIEW,
        priority=510,
        check=lexical.check_sexual,
        detector=Detector.LEXICON,
        data_version=lexicon_version,
        review_at=2,
        reject_at=3,
    ),
    Rule(
        id="DECENCY-PROFANITY",
        name_sv="Svordomar och obsceniteter",
        name_en="Profanity and obscenity",
        ground=Ground.TERMS,
        basis=f"{_TERMS}: vårdat språk",
        default_action=Action.REVIEW,
        priority=520,
        check=lexical.check_profanity,
        detector=Detector.LEXICON,
        data_version=lexicon_version,
        # A swear word holds for review (SPEC §3; the moderation issue); an admin can make
        # profanity a hint per consultation instead (``PolicySettings.profanity_as_hint``).
        # Minced oaths ("jäkla", "sjutton") are not in the word lists.
        review_at=1,
        reject_at=6,
    ),
    Rule(
        id="SPAM-LINK",
        name_sv="Reklam eller länkar som behöver granskas",
        name_en="Advertising, or links that need checking",
        ground=Ground.TERMS,
        basis=f"{_TERMS}: ingen reklam, länkar granskas",
        default_action=Action.REVIEW,
        priority=600,
        check=links.check_links,
        data_version=_link_data_version,
        review_at=1,
        reject_at=5,
    ),
    Rule(
        id="SPAM-REPEAT",
        name_sv="Upprepat inlägg",
        name_en="Repeated post",
        ground=Ground.TERMS,
        basis=f"{_TERMS}: inga upprepade inlägg",
        default_action=Action.REVIEW,
        priority=610,
        check=behaviour.check_repeat,
        detector=Detector.BEHAVIOUR,
        review_at=behaviour.REPEAT_SIMILARITY / 100,
    ),
    Rule(
        id="OFFTOPIC",
        name_sv="Utanför ämnet",
        name_en="Off topic",
        ground=Ground.TERMS,
        basis=f"{_TERMS}: håll dig till ämnet",
        default_action=Action.REVIEW,
        priority=700,
        check=behaviour.check_offtopic,
        detector=Detector.BEHAVIOUR,
        advisory=True,
        review_at=behaviour.OFFTOPIC_CLEAR,
    ),
    Rule(
        id="SHOUTING",
        name_sv="Text i versaler",
        name_en="Text in capitals",
        ground=Ground.TERMS,
        basis="god debattsed (Skolverkets netikett)",
        default_action=Action.PUBLISH,
        priority=900,
        check=check_shouting,
        hint=True,
    ),
)

#: Every rule by id, most severe first; read-only so no caller can change policy at run time.
RULES: Mapping[str, Rule] = MappingProxyType(
    {rule.id: rule for rule in sorted(_CATALOGUE, key=lambda rule: rule.priority)}
)


def get_rule(rule_id: str) -> Rule:
    try:
        return RULES[rule_id]
    except KeyError:
        raise KeyError(f"unknown moderation rule {rule_id!r}") from None
