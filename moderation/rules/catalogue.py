"""The rule catalogue as data (SPEC §3; bases and reasons from legal-rules.md §7).

Priority bands, so that the law comes first in hits and in reasons:
10–99 criminal law (LAW-*), 100–199 personal data (PII-*), 500–599 good debate manners
(DECENCY-*), 600–699 spam, 700–799 topic, 900–999 hints. A later lexicon rule is one more
``Rule`` here whose check is built from a versioned word list in ``rules/data/``.
"""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType

from moderation.rules.base import Mask, Rule
from moderation.rules.pnr import check_pnr
from moderation.rules.shouting import check_shouting
from moderation.types import Action, Ground

__all__ = ["RULES", "get_rule"]

_CATALOGUE = (
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
