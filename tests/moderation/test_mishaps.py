"""Threats told as mishaps (``rules/mishaps.py``): an accident wished on a person, and mock
regret over one. Own paraphrases (other words, order, inflection, language) beside hard
negatives: negated wishes, wishes that wait for something else, politics, care, safety
proposals, news and reported speech.
"""

from __future__ import annotations

import pytest

from moderation import Action, Item, evaluate
from moderation.types import Verdict

THREAT = "LAW-THREAT"


def _verdict(body: str, lang: str) -> Verdict:
    return evaluate(Item(body=body, lang=lang))


WISHED = [
    ("Jag hoppas att socialchefen kör i diket på hemvägen efter mötet.", "sv"),
    ("Önskar verkligen att han från bolaget går genom isen när han åker skoter i vår.", "sv"),
    ("hoppas ordföranden förblöder i en snödriva, ingen skulle sakna henne", "sv"),
    ("Hoppas innerligt att nån kör ihjäl den där tjänstemannen en kväll.", "sv"),
    ("Hoppas bussen störtar ner i älven med hela nämnden ombord.", "sv"),
    ("hoppas du krashar med bilen på E4:an i natt", "sv"),
    ("I really hope the school director drives off the road on her way home tonight.", "en"),
    ("Hoping the chair of the board drowns on his fishing trip.", "en"),
    ("I hope someone drives a bus into that councillor's garden party.", "en"),
    ("I hope she gets run over outside the town hall.", "en"),
    ("We hope the manager spends the rest of his life looking over his shoulder.", "en"),
]

WISHED_CLEAN = [
    ("Hoppas att ingen kör av vägen i halkan i kväll, kör försiktigt alla.", "sv"),
    ("Jag hoppas verkligen att bussen inte kör i diket igen som förra vintern.", "sv"),
    ("Hoppas plogbilen kommer i tid innan någon kör av vägen vid Tvärålund.", "sv"),
    ("Hoppas partiet störtar i opinionen efter det här beslutet.", "sv"),
    ("Vi hoppas att färre omkommer i trafiken när mitträcket är på plats.", "sv"),
    ("I hope nobody drowns at the beach this summer without a lifeguard.", "en"),
    ("I hope the app doesn't crash again during the vote.", "en"),
    ("I hope the mayor crashes in the polls next autumn.", "en"),
    ("I hope the councillor drives out to Malå and sees the road for himself.", "en"),
    ("Polisen skriver att mannen hoppades att chefen skulle köra i diket.", "sv"),
]

REGRET = [
    (
        "Fin stuga du har vid sjön, Berg. Vore väl tråkigt om nåt hände med den och dina hundar.",
        "sv",
    ),
    ("Det skulle ju vara synd om något råkade hända kommunalrådets båthus en natt.", "sv"),
    ("Vore förskräckligt om hon möttes av samma öde som förslaget.", "sv"),
    ("Synd om det skulle hända något med hans bil medan han sitter på mötet.", "sv"),
    ("It would be such a pity if something happened to your lovely cabin, councillor.", "en"),
    ("Wouldn't it be sad if the chair's children had to walk home alone in the dark.", "en"),
    ("Shame if anything happened to those big windows of his. Just saying.", "en"),
    ("It'd be a real shame if your neighbours found out where you park at night.", "en"),
]

REGRET_CLEAN = [
    ("Det vore synd om något hände med finansieringen nu när projektet är igång.", "sv"),
    ("Vore tråkigt om skolan lades ner, den betyder mycket för byn.", "sv"),
    ("Det vore synd om inget hände med frågan efter alla namnunderskrifter.", "sv"),
    ("Jag tycker synd om henne som fick vänta så länge på ambulansen.", "sv"),
    ("It would be a shame if the library closed before the new one is built.", "en"),
    ("It would be a tragedy if something happened to the old bridge funding.", "en"),
    ("Han skrev att det vore synd om något hände hans familj, och hon polisanmälde det.", "sv"),
]


@pytest.mark.parametrize(("body", "lang"), WISHED + REGRET)
def test_mishaps_wished_on_people_are_held(body: str, lang: str) -> None:
    verdict = _verdict(body, lang)
    assert THREAT in verdict.flagged
    assert verdict.action in (Action.REVIEW, Action.REJECT)


@pytest.mark.parametrize(("body", "lang"), WISHED_CLEAN + REGRET_CLEAN)
def test_care_politics_and_things_stay_published(body: str, lang: str) -> None:
    assert THREAT not in _verdict(body, lang).flagged
