"""DECENCY-INSULT without an insult word: the reader's wits compared to a thing
(moderation/rules/dimwit.py), and comparisons that are not attacks."""

from __future__ import annotations

import pytest

from moderation import Action, Item, evaluate

INSULT = "DECENCY-INSULT"

HELD = [
    ("sv", "Du är dummare än en dörrmatta, Per, läs förslaget innan du skriver."),
    ("sv", "Ärligt talat, du verkar lika vass i skallen som en smörkniv."),
    ("sv", "Vilken hjärna du har, Anna, en intelligens i klass med en gatsten."),
    ("en", "You're dumber than a bag of hammers if you think the buses will run on time."),
    ("en", "Honestly Mike, you are about as sharp as a bowling ball."),
]

CLEAN = [
    ("sv", "Bussen är långsammare än tåget, men den stannar i byarna."),
    ("sv", "Min dotter är lika smart som sin mamma och vill plugga till läkare."),
    ("sv", "Förslaget är dummare än det förra, tycker jag, men du har rätt om skolan."),
    ("en", "The new scanner is as sharp as a tack and the doctors love it."),
    ("sv", "Jag hade ont i huvudet som en hel vecka efter olyckan."),
]


@pytest.mark.parametrize(("lang", "text"), HELD)
def test_wits_compared_to_a_thing_is_an_insult(lang: str, text: str) -> None:
    verdict = evaluate(Item(title=None, body=text, lang=lang))
    assert INSULT in verdict.flagged, text
    assert verdict.action is not Action.PUBLISH


@pytest.mark.parametrize(("lang", "text"), CLEAN)
def test_other_comparisons_are_not(lang: str, text: str) -> None:
    verdict = evaluate(Item(title=None, body=text, lang=lang))
    assert INSULT not in verdict.flagged, text
