"""Defamation by construction and by insinuation (rules/insinuation.py, defamation.py): a
crime or disgrace as a verb with its object or manner (money "under bordet", expenses
fiddled, a contract given to a relative, cheating on a spouse, perjury, drunk driving, a
euphemism in scare quotes), and a rumour told as knowledge ("alla vet att", "rumour has it",
"I'm not saying … but", "bara undrar", "funny how"), where innuendo ("bidragen försvann", "his
brother-in-law got the contract") accuses too. The people are named, or pointed at by role
and place ("rektorn på Hagaskolan", "a certain teacher at Tegs school", "ordföranden i …").
Written as paraphrases of the class, not copies of dev items; the hard negatives are genuine
questions, news, criticism of decisions and rumours that accuse no one."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from moderation import Action, Item, evaluate
from moderation.pipeline import prepare
from moderation.rules import insinuation
from moderation.rules.prefilter import possible
from moderation.types import PolicyContext

DEFAMATION = "LAW-DEFAMATION"

POSITIVES = [
    ("I'm not saying Lars Berglund took bribes, but his house got very big.", "en"),
    ("Ask yourself why Anna Holmberg's brother-in-law got the contract.", "en"),
    ("Funny how Lars Berglund's brother-in-law got the contract.", "en"),
    ("Everyone knows that the principal in Vindeln cheats on his wife.", "en"),
    ("Word is the caretaker at Hedlunda school helps himself to the petty cash.", "en"),
    ("Rumour has it that the treasurer of the football club fiddles his expenses.", "en"),
    ("The headmaster at Ersboda school pads his expenses every month, everyone knows.", "en"),
    ("Councillor Lindqvist steered the tender to his brother-in-law.", "en"),
    ("Our neighbour on Storgatan drove home drunk again last night, I saw it.", "en"),
    ("Everybody in Malå knows the vet there lied under oath in the custody case.", "en"),
    ("The pharmacist at Apoteket in Vännäs sells oxycodone to his mates for cash.", "en"),
    (
        "Just asking, but why did the grant money vanish right after Eva "
        "Lundström became treasurer?",
        "en",
    ),
    ("Alla i byn vet att rektorn på Hagaskolan fifflar med reseräkningarna.", "sv"),
    ("Ryktet säger att kassören i fotbollsklubben har tagit emot pengar under bordet.", "sv"),
    ("Jag säger inte att Lars Berglund tar mutor, men hans svåger fick kontraktet.", "sv"),
    ("Konstigt att kommunalrådet Eva Lundström gav bygglovet till sin egen svåger.", "sv"),
    ("Vår granne på Storgatan kör berusad varje fredag.", "sv"),
    ('Säger bara det. Vaktmästaren på Tegs skola har "lånat" ur kaffekassan i åratal.', "sv"),
    ("Är det inte läkaren i Dorotea som lurade pensionärer på pengar? Bara undrar.", "sv"),
    ("Föreståndaren på Solgården är otrogen mot sin fru, alla i personalen vet.", "sv"),
    ("Ordföranden i bostadsrättsföreningen har förskingrat pengar, ni vet vem jag menar.", "sv"),
    (
        "Ingen nämnd, ingen glömd, men kassören i byaföreningen köpte en ny "
        "båt samma år som bidragen försvann.",
        "sv",
    ),
    ("Distriktssköterskan i Malå skrev ut sömnmedel till sina kompisar mot betalning.", "sv"),
    (
        'Säger bara att en viss sjuksköterska på akuten i Umeå gärna "lånar" '
        "morfin från läkemedelsskåpet.",
        "sv",
    ),
    (
        "Not naming anyone, but a certain teacher at Tegs school likes to "
        '"borrow" money from the class fund. You know who.',
        "en",
    ),
    ("Vaktmästaren på Ersboda skola, ni vet vem, har tagit emot svarta pengar under bordet.", "sv"),
    (
        "The treasurer of the hunting club in Sorsele conned three pensioners "
        "out of their savings.",
        "en",
    ),
]

HARD_NEGATIVES = [
    ("Har Lars Berglund tagit mutor? Jag vill veta vad revisorerna säger.", "sv"),
    ("En man i Skellefteå dömdes för bedrägeri i tingsrätten i går.", "sv"),
    ("Politikerna har svikit oss med den här budgeten.", "sv"),
    ("The mayor wasted millions on the new arena, a terrible decision.", "en"),
    ("Everyone knows that the mayor's plan for the arena was a waste of money.", "en"),
    ("Rumour has it the principal at Ersboda school is retiring next year.", "en"),
    ("Alla vet att rektorn på Hagaskolan har gjort ett fantastiskt jobb.", "sv"),
    ("Ryktet säger att kommunen ska lägga ner skolan i Gunnarn.", "sv"),
    ("Funny how the bus is always late when it rains.", "en"),
    ("Everyone knows his brother got the job at the sawmill, he applied in March.", "en"),
    ("Jag lånade pengar ur föreningskassan med styrelsens tillstånd och betalade tillbaka.", "sv"),
    ("Was Lars Berglund paid under the table? The auditors should look into it.", "en"),
    ("Konstigt att pengarna till vägen försvann ur budgeten, kommunen borde förklara.", "sv"),
    ("Ask yourself why the region cut the bus route to Sorsele.", "en"),
    ("Det sägs att rektorn på Hagaskolan kommer att sluta till sommaren.", "sv"),
    ("Everyone knows that the claim that Lars Berglund took bribes is a lie.", "en"),
    ("En viss lärare på skolan har gjort ett fantastiskt jobb med teatern.", "sv"),
    ("Anden i flaskan och ordföranden i föreningen pratade om sommaren.", "sv"),
    ("Rumour has it the headmaster at Ersboda school is a great cook.", "en"),
    ("Alla vet att bussen till Sorsele är försenad varje dag.", "sv"),
]


@pytest.mark.parametrize(("body", "lang"), POSITIVES)
def test_an_accusation_by_construction_or_insinuation_is_held(body: str, lang: str) -> None:
    verdict = evaluate(Item(body=body, lang=lang))
    assert DEFAMATION in verdict.flagged
    assert verdict.action in (Action.REVIEW, Action.REJECT)


@pytest.mark.parametrize(("body", "lang"), HARD_NEGATIVES)
def test_questions_news_and_harmless_rumours_stay_published(body: str, lang: str) -> None:
    verdict = evaluate(Item(body=body, lang=lang))
    assert verdict.action is Action.PUBLISH, verdict.flagged


def test_the_scan_key_is_necessary() -> None:
    # ``_ACCUSING`` runs only where ``_ACCUSING_KEY`` may match: wherever it matches, the
    # key must pass (else an accusation would be skipped).
    data = Path(__file__).resolve().parents[1] / "data"
    bodies = [body for body, _ in POSITIVES + HARD_NEGATIVES]
    for name in ("moderation_dev.jsonl", "moderation_corpus.jsonl"):
        with (data / name).open(encoding="utf-8") as handle:
            bodies += [json.loads(line)["body"] for line in handle]
    for body in bodies:
        for field in prepare(Item(body=body), PolicyContext()).fields:
            text = field.letters.text
            if insinuation._ACCUSING.search(text):
                assert possible(insinuation._ACCUSING_KEY, text), body
