"""Threats without a violent word (``rules/omens.py``, nouns and particle verbs in
``rules/intent.py``) and calls on others to commit a crime (``rules/summons.py``).

Each construction is tested with paraphrases in other words, order, inflection and language
than the dev items it was written from, beside hard negatives that must stay clean: idioms,
negation, reported speech, questions, news, history and calls for lawful action.
"""

from __future__ import annotations

import pytest

from moderation import Action, Item, evaluate
from moderation.types import Verdict

THREAT = "LAW-THREAT"
INCITE = "LAW-INCITE"


def _verdict(body: str, lang: str) -> Verdict:
    return evaluate(Item(body=body, lang=lang))


FORETOLD = [
    # Harm mirrored on a condition.
    (
        "Till chefen på Solhem: om min pappa ramlar en gång till så kan det hända att du ramlar.",
        "sv",
    ),
    ("If my mother falls again in that corridor, maybe you will fall too, manager.", "en"),
    # A day of reckoning, harm foretold, the unknown that awaits, bravery tested alone,
    # a visit on a condition, nouns and particle verbs of harm, a family's home.
    ("Den dagen kommer, politiker Berg, då ska du få ångra allt.", "sv"),
    ("Du ska få betala för det här en dag. Din tid kommer, Nilsson.", "sv"),
    ("You'll regret this, mayor. The day will come.", "en"),
    ("The day is coming when you will pay for what you did to this village, councillor.", "en"),
    ("Något kommer att hända dig om du röstar ja.", "sv"),
    ("Nåt ska hända med din familj om beslutet går igenom.", "sv"),
    ("Something bad is going to happen to your kids if the school closes.", "en"),
    ("Du vet inte vad som väntar dig, handläggaren.", "sv"),
    ("ni anar inte vad som väntar er.", "sv"),
    ("You have no idea what's coming for you, doc.", "en"),
    ("Vi får se hur kaxig du är när du står ensam på parkeringen.", "sv"),
    ("We'll see how brave you are when you're alone in the car park.", "en"),
    ("Om ni stänger skolan så kommer vi hem till er, en efter en.", "sv"),
    ("If the ward closes I will be visiting your home, Dr Berg.", "en"),
    ("Vi ska spöa upp den där handläggaren.", "sv"),
    ("Vi ska nog sätta dit dig, din råtta.", "sv"),
    ("Någon borde ge honom en snyting efter mötet.", "sv"),
    (
        "Your wife and kids live on Storgatan, don't they. Would be a pity if something happened.",
        "en",
    ),
    ("akta dig för mörka parkeringar framöver", "sv"),
]

FORETOLD_CLEAN = [
    ("Om min dotter blir utan plats igen kanske du också blir utan jobb, rektorn.", "sv"),
    ("Om min pappa ramlar igen måste vi ringa ambulans, och du får gärna komma.", "sv"),
    # Hope, prices, promises of safety, the budget, a canvass, idioms, care, reports.
    ("Den dagen kommer när vi får en ny väg till byn.", "sv"),
    ("Något kommer att hända med priserna när skatten höjs.", "sv"),
    ("Jag lovar att inget kommer att hända dig på sjukhuset.", "sv"),
    ("Ingen vet vad som väntar i budgeten nästa år.", "sv"),
    ("Nobody knows what's coming in next year's budget.", "en"),
    ("We'll see how brave the council is when the budget comes.", "en"),
    ("Vi kommer hem till er med namnlistorna på söndag.", "sv"),
    ("Vi måste ta hand om de äldre bättre.", "sv"),
    ("Kommunen borde sätta dit en skylt vid övergångsstället.", "sv"),
    ("Akta dig för halkan på trappan.", "sv"),
    ("Watch your back on the icy steps.", "en"),
    ("Han sa att något skulle hända mig, nu har jag polisanmält det.", "sv"),
    ("Vi borde skjuta upp beslutet till nästa möte.", "sv"),
    ("Det här är rätt sätt att döda frågan på.", "sv"),
    ("Jag vill slå ett slag för kollektivtrafiken.", "sv"),
    ("Häng med på mötet i kväll!", "sv"),
    ("Ni kommer att få ångra er i valet, det lovar jag.", "sv"),
]

SUMMONS = [
    # A crowd sent to an official's home at night.
    ("Åk hem till kommunalrådet i natt och visa vad ni tycker.", "sv"),
    ("Samlas hem till ordföranden i kväll, allihop.", "sv"),
    ("Everyone turn up at the councillor's house tonight and make her regret it.", "en"),
    # Every mood of a call: command, låt oss, dags att, nu får folk, någon borde, a
    # rhetorical question, a passive wish, a recipe; sabotage, arson, spikes, force on police.
    ("Gå dit ikväll och slå sönder vindkraftverken.", "sv"),
    ("Låt oss sabotera gruvan innan de hinner börja.", "sv"),
    ("Dags att välta några kraftledningsstolpar.", "sv"),
    ("Nu får folk ta saken i egna händer och bränna ner asylboendet.", "sv"),
    ("Någon borde hälla socker i tanken på deras grävmaskiner.", "sv"),
    ("Varför är det ingen som spränger de där snurrorna?", "sv"),
    ("Samlas vid kommunhuset på fredag och krossa rutorna.", "sv"),
    ("Spika vägen så att lastbilarna till gruvan får punka.", "sv"),
    ("Om polisen kommer, slå tillbaka.", "sv"),
    ("Skjut vargen, gräv ner den och säg inget.", "sv"),
    ("Moskén borde brännas ner, och det snart.", "sv"),
    ("Ett tips till er som är trötta på turbinerna: bultsax och en mörk natt räcker långt.", "sv"),
    ("Go out tonight and cut the cables to the wind farm.", "en"),
    ("Let's sabotage the mine before they start digging.", "en"),
    ("Why has nobody burned down that asylum centre yet?", "en"),
    ("Time to smash the windows of the council offices.", "en"),
    ("A jerrycan of petrol, the substation and a dark night. Just saying.", "en"),
]

SUMMONS_CLEAN = [
    ("Let's all go to the mayor's house and tell her what we think.", "en"),
    ("Åk hem till mormor i kväll och ät middag.", "sv"),
    ("Jag åkte hem till kommunalrådet i kväll för en intervju.", "sv"),
    ("Go to the council office on Monday and hand in the petition.", "en"),
    # Metaphors, lawful protest, negation, news, history, ordinary errands.
    ("Vi ska spränga budgeten om vi bygger en ny simhall.", "sv"),
    ("Tänd på ljusen i kyrkan på söndag, alla är välkomna.", "sv"),
    ("Alla borde tända på grillen och fira midsommar i byn.", "sv"),
    ("Låt oss inte krossa rutorna, vi demonstrerar fredligt.", "sv"),
    ("Polisen rapporterar att vindkraftverket saboterades i natt.", "sv"),
    ("1905 brändes gården ner av soldater.", "sv"),
    ("Demonstrera på torget på lördag!", "sv"),
    ("Skriv under namninsamlingen och rösta bort dem i valet.", "sv"),
    ("Bojkotta företaget, strejka och ring och klaga till kommunen.", "sv"),
    ("Varför är det ingen som lagar vägen?", "sv"),
    ("Dags att rösta bort hela nämnden.", "sv"),
    ("Vi måste sabotera deras planer med argument, inte med våld.", "sv"),
    ("Kommunen borde sluta förstöra vägarna med tunga transporter.", "sv"),
    ("Vi tankade diesel till traktorn och körde hem i mörkret.", "sv"),
    ("Let's vote them out and boycott the company.", "en"),
    ("Someone should fix the road.", "en"),
    ("Why has nobody fixed the streetlights yet?", "en"),
    ("Protesters burned down the town hall in 1848.", "en"),
    ("Thieves stole diesel from the mine's machines last night, police said.", "en"),
    ("We need to cut the costs of the wind farm project.", "en"),
]


@pytest.mark.parametrize(("body", "lang"), FORETOLD)
def test_threats_without_a_violent_word_are_held(body: str, lang: str) -> None:
    verdict = _verdict(body, lang)
    assert THREAT in verdict.flagged
    assert verdict.action in (Action.REVIEW, Action.REJECT)


@pytest.mark.parametrize(("body", "lang"), FORETOLD_CLEAN)
def test_what_only_sounds_foretold_stays_published(body: str, lang: str) -> None:
    assert _verdict(body, lang).action is Action.PUBLISH


@pytest.mark.parametrize(("body", "lang"), SUMMONS)
def test_calls_on_others_to_commit_crimes_are_held(body: str, lang: str) -> None:
    verdict = _verdict(body, lang)
    assert INCITE in verdict.flagged
    assert verdict.action in (Action.REVIEW, Action.REJECT)


@pytest.mark.parametrize(("body", "lang"), SUMMONS_CLEAN)
def test_lawful_calls_news_and_metaphors_stay_published(body: str, lang: str) -> None:
    assert _verdict(body, lang).action is Action.PUBLISH
