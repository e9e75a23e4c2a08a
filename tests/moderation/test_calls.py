"""Incitement as constructions (rules/calls.py, lexical.check_incite): a crime with a promise of
impunity, a call that reaches the crime across a long subject or from the sentence before, a
call to stop paying tax, blocking ambulances on purpose, hunting wolves outside the law.
Shaped like the ``dev`` split's incitement, not copied."""

from __future__ import annotations

import pytest

from moderation import Action, Item, evaluate

INCITE = "LAW-INCITE"

POSITIVES = [
    ("Gå ut i natt och kapa kablarna till masterna. Polisen hinner aldrig dit.", "sv"),
    ("Alla som bor runt sjön borde ta sig dit en natt och sabotera pumparna.", "sv"),
    ("Alla som är emot gruvan: gå dit i natt och punktera däcken på dumprarna.", "sv"),
    ("Kom igen! Alla till depån på lördag, vi sabbar bussarna.", "sv"),
    (
        "Go out and smash the cameras on the E4. If we all stick together, nobody will be caught.",
        "en",
    ),
    ("Vi alla slutar betala in regionskatten från och med nästa månad.", "sv"),
    ("Don't pay the county tax this year, and tell your neighbours to do the same.", "en"),
    ("Parkera bilarna tvärs över vägen så ingen ambulans kommer ut från stationen.", "sv"),
    ("Block the exit with tractors so that no ambulance can get out.", "en"),
    ("Alla jägare i byn: ta hand om vargarna själva i vinter.", "sv"),
    ("Every hunter should shoot it, bury it and keep quiet.", "en"),
]

DODGES = [
    ("ga ut i natt och kapa kablarna. polisen hinner aldrig dit", "sv"),
    ("alla som bor har borde ga ut o sabba pumparna, ju fler vi är desto bättre", "sv"),
]

HARD_NEGATIVES = [
    ("Jag vägrar betala skatt för en vårdcentral som inte finns, men jag betalar ändå.", "sv"),
    ("Många slutar betala in skatt till kyrkan när de går ur Svenska kyrkan.", "sv"),
    (
        "Alla som bor längs E12 borde skriva till Trafikverket. Vi måste sabotera deras planer "
        "med argument, inte med våld.",
        "sv",
    ),
    ("Nobody will ever be convicted for the 1998 fire, the police said.", "en"),
    ("Ambulansen kom inte fram på fyrtio minuter. Ingen ambulans kommer ut till byn i tid.", "sv"),
    ("No ambulance can get through when the road is not ploughed.", "en"),
    ("Skyddsjakt på vargen får bara beslutas av länsstyrelsen.", "sv"),
    ("Farmers asked to deal with the wolves themselves, but the county board said no.", "en"),
    ("Vi ska kapa kostnaderna för konsulter, det är dags att spara.", "sv"),
    ("Let's go! Alla till kommunhuset på söndag, vi demonstrerar och skriver på listan.", "sv"),
    ("Go out and vote on Sunday. If enough of us do it they can't ignore us.", "en"),
    ("Polisen hinner aldrig dit när det är inbrott i byarna, vi behöver fler poliser.", "sv"),
]


@pytest.mark.parametrize(("body", "lang"), POSITIVES + DODGES)
def test_calls_to_crime_are_held(body: str, lang: str) -> None:
    verdict = evaluate(Item(body=body, lang=lang))
    assert INCITE in verdict.flagged
    assert verdict.action in (Action.REVIEW, Action.REJECT)


@pytest.mark.parametrize(("body", "lang"), HARD_NEGATIVES)
def test_protest_news_and_idioms_stay_published(body: str, lang: str) -> None:
    verdict = evaluate(Item(body=body, lang=lang))
    assert verdict.action is Action.PUBLISH, verdict.flagged
