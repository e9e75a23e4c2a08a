"""PII in other spellings: a personal number with spaces around its dash, an e-mail with a
bracketed dot, digit words typed without å, a number given as "hennes mobil"; and the public
or harmless texts that look alike."""

from __future__ import annotations

import pytest

from moderation import Action, Item, evaluate

FOUND = [
    ("PII-PNR", "sv", "Mitt ärende gäller färdtjänst, för identifiering: 811218 - 9876. Tack."),
    ("PII-PNR", "en", "For identification: 811218 – 9876, please call back."),
    ("PII-EMAIL", "sv", "Mejla honom direkt: kalle.nilsson[at]gmail[.]com och säg vad ni tycker."),
    ("PII-EMAIL", "en", "Her address is anna_b (at) hotmail (.) com if you want to complain."),
    ("PII-PHONE", "sv", "Jag har hans nummer: noll sju tre - 4 4 1 - tva atta fem sex."),
    ("PII-PHONE", "sv", "Ring rektorn och klaga, hennes mobil är 070-512 33 81."),
    ("PII-PHONE", "en", "Give the chairman a piece of your mind, his mobile is 073-901 22 47."),
]

CLEAN = [
    "Registrator nås på registrator[at]regionvasterbotten[.]se för alla ärenden.",
    "Bokningsnumret är 2024 - 0312, mötet börjar klockan tio.",
    "Bankgiro för insamlingen: 811218 - 9876, tack för ert stöd.",
    "Vi var tva vuxna och atta barn på utflykten till Hemavan.",
    "Vårdcentralens mobil för sms-bokning är 070-384 21 67, regionen svarar dagtid.",
]


@pytest.mark.parametrize(("rule", "lang", "text"), FOUND)
def test_other_spellings_are_found(rule: str, lang: str, text: str) -> None:
    verdict = evaluate(Item(title=None, body=text, lang=lang))
    assert rule in verdict.flagged, text
    assert verdict.action is not Action.PUBLISH


@pytest.mark.parametrize("text", CLEAN)
def test_lookalikes_are_published(text: str) -> None:
    verdict = evaluate(Item(title=None, body=text, lang="sv"))
    assert verdict.action is Action.PUBLISH, (text, verdict.flagged)
