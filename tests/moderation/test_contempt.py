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


# A blind probe: how contempt for a group is phrased without dehumanising nouns.
PROBES = [
    ("Invandrarna våldtar våra kvinnor och regeringen gör ingenting.", "sv"),
    ("Muslimer kan aldrig bli en del av Sverige, de hatar oss.", "sv"),
    ("Samerna snyltar på resten av oss med sina renar.", "sv"),
    ("Romerna är ett tiggarfolk som bara vill ha pengar.", "sv"),
    ("Alla afghaner ljuger om sin ålder.", "sv"),
    ("Det är judarnas fel att Sverige förfaller.", "sv"),
    ("Bögarna vill hjärntvätta våra barn i skolan.", "sv"),
    ("Sverige för svenskar, resten kan åka hem.", "sv"),
    ("Somalierna föder barn för att få bidrag.", "sv"),
    ("Transor ska hålla sig borta från våra toaletter.", "sv"),
    ("Muslimerna är en femtekolonn som vill ta över landet.", "sv"),
    ("Flyktingarna är en invasion.", "sv"),
    ("Invandrare är hjärndöda.", "sv"),
    ("Immigrants rape our women and the government does nothing.", "en"),
    ("Muslims can never be part of Sweden, they hate us.", "en"),
    ("The Roma are a nation of beggars.", "en"),
    ("It's the Jews' fault that the country is falling apart.", "en"),
    ("Gays want to brainwash our kids.", "en"),
    ("Refugees are an invasion.", "en"),
    ("Somalis breed for benefits.", "en"),
    ("Sweden for Swedes, the rest can go home.", "en"),
]

PROBE_NEGATIVES = [
    ("Samerna har länge kämpat mot att staten snyltar på deras marker.", "sv"),
    (
        "Flyktingarna från Ukraina har blivit en del av byn, och ingen hatar oss för det.",
        "sv",
    ),
    ("Vi får inte låta rasister säga att muslimer är en femtekolonn.", "sv"),
    ("Refugees told the council that the locals hate us, which is sad and untrue.", "en"),
    ("Invandrarna i byn har startat ett fotbollslag som vill ta över serieledningen.", "sv"),
    ("Muslims in Umeå want to take over the old church hall as a community centre.", "en"),
]


@pytest.mark.parametrize(("body", "lang"), PROBES)
def test_contempt_without_a_dehumanising_noun_is_hate(body: str, lang: str) -> None:
    assert HATE in evaluate(Item(body=body, lang=lang)).flagged


@pytest.mark.parametrize(("body", "lang"), PROBE_NEGATIVES)
def test_the_same_words_about_others_stay_published(body: str, lang: str) -> None:
    verdict = evaluate(Item(body=body, lang=lang))
    assert verdict.action is Action.PUBLISH, verdict.flagged
