"""Defamation: a crime or disgrace told as fact about an identifiable person (people.py finds
names by their Swedish surname ending, titles with a dot; defamation.check_defamation carries
"han"/"she" to the next sentence). Questions, denials, victims and someone else's crime stay
clean (issue 16). Shaped like the ``dev`` split, not copied."""

from __future__ import annotations

import pytest

from moderation import Action, Item, evaluate

DEFAMATION = "LAW-DEFAMATION"

POSITIVES = [
    ("Göran Lindqvist i Malå har stulit pengar ur kyrkans kassa i flera år.", "sv"),
    ("Vaktmästaren på Ersboda, Jonny Åberg, är en pedofil som filmar barnen.", "sv"),
    ("Maria Nordlund på kommunen tar mutor av byggbolagen.", "sv"),
    ("Skolsköterskan Eva Bergqvist i Vindeln. Hon var full på jobbet hela förra veckan.", "sv"),
    ("The caretaker at Holmsund school, Mr. Lindgren, is a pervert.", "en"),
    ("Anders Holmström from Sorsele bribed the planning officers. He's a crook.", "en"),
    (
        "Be careful with the driver named Lena Blom in Umeå. She's been stealing from the till.",
        "en",
    ),
]

DODGES = [
    ("Maria Nordlund pa kommunen tar mutor av byggbolagen", "sv"),
]

HARD_NEGATIVES = [
    ("Kenneth Ersson är ordförande i byaföreningen och har skrivit ett bra förslag.", "sv"),
    ("Anna Lindh mördades 2003 och hennes mördare dömdes till livstid.", "sv"),
    ("För tjugo år sedan mördades Fadime Sahindal av sin pappa i ett hedersmord i Uppsala.", "sv"),
    ("Olle Granström fick sin bil stulen utanför stationen. Han har polisanmält det.", "sv"),
    ("Petra Lund was robbed on her way home; the thief was never caught.", "en"),
    ("Councillor Berg said the claim that she takes bribes is a lie.", "en"),
    ("Bertil Vikström anmälde grannen för stöld. Han fick rätt i tingsrätten.", "sv"),
    ("Vem tror att Lisa Forsberg har tagit mutor? Ingen har visat något.", "sv"),
    ("Norra Lund är en fin by, och Stora Holm har en ny badplats.", "sv"),
]


@pytest.mark.parametrize(("body", "lang"), POSITIVES + DODGES)
def test_a_crime_told_as_fact_about_a_person_is_held(body: str, lang: str) -> None:
    verdict = evaluate(Item(body=body, lang=lang))
    assert DEFAMATION in verdict.flagged
    assert verdict.action in (Action.REVIEW, Action.REJECT)


@pytest.mark.parametrize(("body", "lang"), HARD_NEGATIVES)
def test_questions_denials_and_victims_stay_published(body: str, lang: str) -> None:
    verdict = evaluate(Item(body=body, lang=lang))
    assert verdict.action is Action.PUBLISH, verdict.flagged
