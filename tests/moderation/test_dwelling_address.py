"""PII-ADDRESS: a street address given as someone's dwelling or a neighbour's without "bor
på" (moderation/rules/contact.py, ``_DWELLING``), and the public places that share the words."""

from __future__ import annotations

import pytest

from moderation import Action, Item, evaluate

ADDRESS = "PII-ADDRESS"

HELD = [
    ("sv", "Min granne på Lärkvägen 14 i Robertsfors kör snöskoter mitt i natten."),
    ("sv", "Ni kan ju gå förbi hans villa på Granstigen 3 och fråga honom själva."),
    ("sv", "Hennes gamla mammas hus på Kyrkogatan 9 i Sorsele står tomt hela vintern."),
    ("en", "Everyone knows your cosy house on Björkgatan 11 in Lycksele, councillor."),
    ("en", "My neighbour at Tallvägen 2 in Norsjö parks on the pavement every day."),
    ("sv", "Vill ni veta var han bor? Aspvägen 7 i Vännäs."),
]

CLEAN = [
    ("sv", "Folkets hus på Storgatan 12 har öppet hus på lördag."),
    ("sv", "Regionens hus på Köpmangatan 14 stänger tidigare i sommar."),
    ("sv", "Min granne och jag vill ha fler bussar till Storgatan, den går för sällan."),
    ("en", "Her house on the hill has a view over the whole valley."),
    ("sv", "Vårdcentralen på Storgatan 5 borde ha öppet längre på kvällarna."),
    ("sv", "Hans förslag om Björkvägen 12 borde prövas i nämnden."),
]


@pytest.mark.parametrize(("lang", "text"), HELD)
def test_a_dwelling_on_a_street_is_a_home_address(lang: str, text: str) -> None:
    verdict = evaluate(Item(title=None, body=text, lang=lang))
    assert ADDRESS in verdict.flagged, text
    assert verdict.action is not Action.PUBLISH


@pytest.mark.parametrize(("lang", "text"), CLEAN)
def test_public_houses_and_plain_streets_are_not_home_addresses(lang: str, text: str) -> None:
    verdict = evaluate(Item(title=None, body=text, lang=lang))
    assert ADDRESS not in verdict.flagged, text
