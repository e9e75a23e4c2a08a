"""A call on others to hound a person (rules/campaign.py): a call on many, a pursuit of a
person (home, door, address, no peace, contact that will not stop), and the person. Own
sentences, shaped like the dev split's u1/u2 incitement, not copied from it."""

from __future__ import annotations

import pytest

from moderation import Item, evaluate

INCITE = "LAW-INCITE"

POSITIVES = [
    ("Ni vet var hon jobbar. Följ efter henne hem efter mötet.", "sv"),
    ("Nämndordföranden röstade ja. Alla borde stå utanför hans hus på lördag.", "sv"),
    ("Rektorn stängde skolan. Sprid hennes adress, hon ska få känna av det.", "sv"),
    ("Om nån vill göra hans liv lite jobbigare har jag numret.", "sv"),
    ("Ni andra kan ringa honom varje natt tills han ändrar sig.", "sv"),
    ("Dags att höra av sig dygnet runt tills hon backar från beslutet.", "sv"),
    ("Handläggaren tog beslutet: hon ska inte få en lugn minut förrän det rivs upp.", "sv"),
    ("Everyone should show up outside his house on Friday.", "en"),
    ("The planning officer lives in town. Spread her address so people can visit.", "en"),
    ("Let's make his life a living hell until the plan is dropped.", "en"),
    ("Someone should call him every night until he resigns.", "en"),
]

DODGES = [
    ("ni vet vad ni ska göra. folj efter honom hem", "sv"),
    ("alla ska hora av sig varje natt tills hon backar", "sv"),
]

HARD_NEGATIVES = [
    # Writing to a politician once, or every week to an office, is pressure in a debate.
    ("Mejla henne och säg vad du tycker om förslaget.", "sv"),
    ("Ring kommunen varje dag tills de lagar vägen!", "sv"),
    ("Ring skyddsjägaren Olle om ni ser vargen, han svarar natt och dag.", "sv"),
    ("Call the council every day until they fix the road.", "en"),
    # The author's own plan; a report; a negation.
    ("Jag ska ringa honom i morgon och fråga om budgeten.", "sv"),
    ("Polisen följde efter honom hem i går.", "sv"),
    ("Vi ska inte sprida hans adress, det vore fel.", "sv"),
    ("She said someone had followed her home after the meeting.", "en"),
    ("Gör det enkelt för henne att svara: skicka frågorna i förväg.", "sv"),
]


def _rules(text: str, lang: str) -> set[str]:
    return {hit.rule_id for hit in evaluate(Item(body=text, lang=lang)).hits}


@pytest.mark.parametrize(("text", "lang"), POSITIVES + DODGES)
def test_a_call_to_hound_a_person_is_incitement(text: str, lang: str) -> None:
    assert INCITE in _rules(text, lang)


@pytest.mark.parametrize(("text", "lang"), HARD_NEGATIVES)
def test_pressure_plans_and_reports_are_not(text: str, lang: str) -> None:
    assert INCITE not in _rules(text, lang)
