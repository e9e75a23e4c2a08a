"""Hate as contempt said of a group (rules/contempt.py, lexical.check_hate): a predicate with
fillers between copula and contempt, "… allihop", "de"/"they" after a sentence that names the
group, dehumanising with a call to expel, a group that opens a long sentence, a denial of
racism that does not condemn. Shaped like the ``dev`` split's hate items, not copied."""

from __future__ import annotations

import pytest

from moderation import Action, Item, evaluate

HATE = "LAW-HATE"

POSITIVES = [
    ("Romerna e bara ett gäng lata snyltare som ingen behöver.", "sv"),
    ("These Somalis are all the same, lazy and dirty by nature.", "en"),
    ("Afghaner har inget här att göra. De är som en pest som sprider sig i varje by.", "sv"),
    ("Muslims should not get prayer rooms. They are parasites, every one of them.", "en"),
    ("Skicka hem dem allihop, de är inte människor utan ohyra.", "sv"),
    ("Send them all home, they are not human.", "en"),
    ("Det är inte rasism att säga att vissa folk står närmare djuren än andra.", "sv"),
    ("Samer är inte ett riktigt folk, bara lata nomader.", "sv"),
    (
        "Judarna i stan får bidrag från kommunen för att sprida sina idéer, degenererade allihop.",
        "sv",
    ),
    ("Lapparna är ett underutvecklat folk som borde utrotas.", "sv"),
]

DODGES = [
    ("S4m3rna e bara ett gäng bidragstörstande snyltare", "sv"),
    ("somalierna ar som en pest som sprider sig", "sv"),
]

HARD_NEGATIVES = [
    ("Flyktingarna som bor här är rädda för råttor i källaren.", "sv"),
    (
        "Many trans people wait for care for years; they are not mentally ill, they are patients.",
        "en",
    ),
    (
        "De flesta invandrare i Lycksele jobbar i vården. De är inte lata, de jobbar dubbla pass.",
        "sv",
    ),
    ("Romerna i Europa har förföljts i århundraden. De har kallats lata och smutsiga.", "sv"),
    (
        "Grannen satte upp en arg lapp i tvättstugan. Lapparna på tavlan är fulla av stavfel.",
        "sv",
    ),
    ("Samerna har bott här i tusentals år och är ett urfolk med egna rättigheter.", "sv"),
    (
        "Roma families in Umeå were treated like dirt by the housing office; that is a scandal.",
        "en",
    ),
    ("Vargarna är lata på sommaren och jagar mest på natten.", "sv"),
    ("Politikerna i nämnden skickade hem oss efter mötet. De är lata allihop.", "sv"),
]


@pytest.mark.parametrize(("body", "lang"), POSITIVES + DODGES)
def test_contempt_said_of_a_group_is_held(body: str, lang: str) -> None:
    verdict = evaluate(Item(body=body, lang=lang))
    assert HATE in verdict.flagged
    assert verdict.action in (Action.REVIEW, Action.REJECT)


@pytest.mark.parametrize(("body", "lang"), HARD_NEGATIVES)
def test_denials_reports_and_other_senses_stay_published(body: str, lang: str) -> None:
    verdict = evaluate(Item(body=body, lang=lang))
    assert verdict.action is Action.PUBLISH, verdict.flagged
