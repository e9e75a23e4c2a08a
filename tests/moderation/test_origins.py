"""LAW-HATE: people named as vermin by their origin (rules/origins.py via groups.about_groups).
Own paraphrases (other nationalities, forms, word order, both languages) and hard negatives:
negation, condemnation, reported belief, the plague's history, invasive species, zoos."""

from __future__ import annotations

import pytest

from moderation import Action, Item, evaluate

HATE = "LAW-HATE"

POSITIVES = [
    ("Centrum är fullt av afghanska kackerlackor numera, man vågar inte gå ut.", "sv"),
    ("Ohyran från Nordafrika har tagit över hela Ålidhem.", "sv"),
    ("Stänk ut råttorna från Somalia innan de förökar sig mer.", "sv"),
    ("Vi behöver inga fler eritreanska råttor i kommunen.", "sv"),
    ("Kackerlackor ifrån hela tredje världen får bidrag här, fattar ni?", "sv"),
    ("The park is crawling with Iraqi cockroaches every night.", "en"),
    ("Our town is full of vermin from the Middle East now.", "en"),
    ("Those rats from Eritrea get free flats while we pay.", "en"),
]

HARD_NEGATIVES = [
    ("Råttor från Asien spred pesten till Europa på 1300-talet.", "sv"),
    ("Black rats from Asia carried the plague fleas along the trade routes.", "en"),
    ("Att kalla flyktingar för kackerlackor från Afghanistan är ren rasism.", "sv"),
    ("Calling people rats from Somalia is racist propaganda and must stop.", "en"),
    (
        "Många tror att det kommer ohyra från Mellanöstern med containrarna, men det stämmer inte.",
        "sv",
    ),
    ("Skadedjur från Asien hotar granskogen, enligt Skogsstyrelsen.", "sv"),
    ("Djurparken i Lycksele har fått nya apor från Afrika.", "sv"),
    ("Hotellet i Thailand hade kackerlackor, så vi bytte rum.", "sv"),
    ("Det är inte kackerlackor från Syrien vi pratar om, det är människor på flykt.", "sv"),
    # A generalisation denied or told as others' belief (round 1's open items).
    ("Inte alla muslimer är terrorister, de flesta är vanliga människor.", "sv"),
    ("Många tror att invandrare är kriminella, men statistiken visar något annat.", "sv"),
    ("Not all Muslims are terrorists, most are ordinary neighbours.", "en"),
    ("Some people think immigrants are criminals, but the figures say otherwise.", "en"),
]


@pytest.mark.parametrize(("body", "lang"), POSITIVES)
def test_vermin_by_origin_is_held(body: str, lang: str) -> None:
    verdict = evaluate(Item(body=body, lang=lang))
    assert HATE in verdict.flagged
    assert verdict.action in (Action.REVIEW, Action.REJECT)


@pytest.mark.parametrize(("body", "lang"), HARD_NEGATIVES)
def test_history_pests_and_condemnation_stay_clean(body: str, lang: str) -> None:
    verdict = evaluate(Item(body=body, lang=lang))
    assert HATE not in verdict.flagged, verdict.flagged
