"""OFFTOPIC: more ways to ask the crowd about a private matter (moderation/rules/behaviour.py,
``_ASK_CROWD``), off topic only when they share nothing with the thread."""

from __future__ import annotations

import pytest

from moderation.analysis import FieldText
from moderation.normalize import normalize
from moderation.rules.behaviour import check_offtopic
from moderation.types import PolicyContext, TextField

THREAD = (
    "Nedläggning av skolan i Hällnäs. Kommunen vill flytta eleverna till Vindeln från hösten, "
    "föräldrarna vill behålla byskolan och skolskjutsen blir lång."
)

OFF = [
    "Finns det nån som vet hur man lagar en punktering på cykeln? Har försökt i en timme.",
    "Har ni sett att IFK vann derbyt igen? Vilken match!",
    "Vilken låt vinner Eurovision tror ni? Jag gillar Finland.",
    "Tycker någon annan att våren har dröjt extra länge i år?",
    "hallå ngn som vill köpa min gamla moped? 4000 kr",
]
ON = [
    "Har ni sett att kommunen vill flytta eleverna redan i höst? Föräldrarna är arga.",
    "Vilken skola tror ni att barnen i Hällnäs hamnar i?",
    "Finns det nån som vet hur man överklagar kommunens beslut om skolan i Hällnäs?",
    "Tycker någon annan att skolskjutsen till Vindeln blir för lång?",
    "Jag tror ni har rätt, byskolan behövs.",
    "Vem tror ni lyssnar på oss i kommunen? Ingen.",
]


def _offtopic(text: str) -> bool:
    field = FieldText(TextField.BODY, normalize(text), "sv")
    return check_offtopic(field, PolicyContext(thread_text=THREAD)) is not None


@pytest.mark.parametrize("text", OFF)
def test_crowd_questions_on_private_matters_are_off_topic(text: str) -> None:
    assert _offtopic(text), text


@pytest.mark.parametrize("text", ON)
def test_crowd_questions_about_the_thread_are_not(text: str) -> None:
    assert not _offtopic(text), text
