"""The language-analysing rules of the moderation issue: threats and incitement as
constructions (a harm × a wish, plan or prophecy × a target), people by role, insults said of
someone, sexual words about minors, masked letters, and what must stay clean.

Positives, hard negatives and dodges are written here, each shaped like the kinds of text in
the ``dev`` split of the labelled corpus (tests/data/moderation_dev.jsonl); the ``sealed``
split is only scored (test_corpus_splits.py).
"""

from __future__ import annotations

import pytest

from moderation import Action, Item, evaluate

THREAT = "LAW-THREAT"
HATE = "LAW-HATE"
INCITE = "LAW-INCITE"
DEFAMATION = "LAW-DEFAMATION"
INSULT = "DECENCY-INSULT"
PROFANITY = "DECENCY-PROFANITY"
SEXUAL = "DECENCY-SEXUAL"


def flagged(body: str, lang: str) -> tuple[str, ...]:
    return evaluate(Item(body=body, lang=lang)).flagged


POSITIVES = [
    # Threats: harm × wish/plan/prophecy × target, as constructions, in every inflection.
    (THREAT, "Hoppas någon tänder eld på regionhuset när hela ledningen sitter där inne.", "sv"),
    (THREAT, "Den dagen folket vaknar dinglar ni från broräcket allihop.", "sv"),
    (THREAT, "Ni som sitter i nämnden kommer att dö ensamma, det lovar jag.", "sv"),
    (THREAT, "Handläggaren som drog in mitt bidrag borde passa sig på parkeringen.", "sv"),
    (THREAT, "Tandläkaren i Sorsele ska få känna på tången själv, vi hittar honom.", "sv"),
    (THREAT, "Nästa gång han från kommunen kommer hit åker han hem i en säck.", "sv"),
    (THREAT, "The planning officer should watch her back when she walks home.", "en"),
    (THREAT, "I hope the councillors burn in hell, every one of them.", "en"),
    (THREAT, "That surgeon will not live to see the summer, trust me.", "en"),
    # Knowing where or when someone is.
    (THREAT, "Jag vet precis när hon slutar sitt pass på akuten.", "sv"),
    (THREAT, "Lots of angry people know where she parks her car.", "en"),
    # A condition and a visit by the author.
    (THREAT, "Om skatten höjs en gång till så kommer jag hem till dig, Ersson.", "sv"),
    (THREAT, "If my mother dies in that waiting room I will come for the doctor on duty.", "en"),
    # Incitement: a call to bring what a mob brings, to a target.
    (INCITE, "Ta med er facklor till fullmäktige på torsdag, de förtjänar inget bättre.", "sv"),
    (INCITE, "Everyone bring torches to the council meeting on Monday.", "en"),
    # Hate: dehumanising and essentialising predicates about a group.
    (HATE, "Somalierna är en pest som sprider sig i varje förort.", "sv"),
    (HATE, "Samerna är som gräshoppor, de äter upp allt.", "sv"),
    (HATE, "Gypsies are born thieves, it is in their blood.", "en"),
    # Defamation: a person by role and place, or a name with an initial, a crime as fact.
    (DEFAMATION, "Skolskjutschauffören Leif Berg i Norsjö säljer hasch till eleverna.", "sv"),
    (DEFAMATION, "Fritidsledaren på gården, Jonas K, tafsar på tjejerna.", "sv"),
    (DEFAMATION, "My landlord Jörgen Hedlund is a tax cheat who hides his income.", "en"),
    # Insults said of someone, with a copula, far from the "du".
    (INSULT, "Du som skriver om teatern varje vecka är en pretentiös snobb.", "sv"),
    (INSULT, "Kulturchefen är en mupp och borde byta jobb.", "sv"),
    # Compounds and inflections of listed words.
    (INSULT, "Byråkratjävlarna på regionen borde skämmas.", "sv"),
    (PROFANITY, "Helvetes skitväg, ingen plogar den.", "sv"),
    # Sexual words about children are grave.
    (SEXUAL, "Flickorna i nian är så sexiga att man inte kan koncentrera sig.", "sv"),
    (SEXUAL, "those 13 y/o girls at the pool are so sexy", "en"),
]


@pytest.mark.parametrize(("rule_id", "body", "lang"), POSITIVES)
def test_constructions_find_what_no_phrase_lists(rule_id: str, body: str, lang: str) -> None:
    assert rule_id in flagged(body, lang)


GRAVE = [
    ("Hoppas någon tänder eld på regionhuset när hela ledningen sitter där inne.", "sv"),
    ("Den dagen folket vaknar dinglar ni från broräcket allihop.", "sv"),
    ("Somalierna är en pest som sprider sig i varje förort.", "sv"),
    ("those 13 y/o girls at the pool are so sexy", "en"),
]


@pytest.mark.parametrize(("body", "lang"), GRAVE)
def test_grave_constructions_are_proposed_for_rejection(body: str, lang: str) -> None:
    assert evaluate(Item(body=body, lang=lang)).action is Action.REJECT


DODGES = [
    (THREAT, "Hoppas nan tander eld pa regionhuset nar hela ledningen sitter dar inne.", "sv"),
    (THREAT, "den dagen ni dinglar från bron blir det fest", "sv"),
    (PROFANITY, "F*n va dåligt, j*vla bussar. Sk*t i det här.", "sv"),
    (PROFANITY, "This hospital is a f***ing joke.", "en"),
    (PROFANITY, "helt åt h-vete med den här budgeten", "sv"),
    (INSULT, "Du är en id**t.", "sv"),
]


@pytest.mark.parametrize(("rule_id", "body", "lang"), DODGES)
def test_dodges(rule_id: str, body: str, lang: str) -> None:
    assert rule_id in flagged(body, lang)


HARD_NEGATIVES = [
    # Consequences and warnings, not threats.
    ("Patienter kommer att dö om akuten i Lycksele stänger.", "sv"),
    ("People will die without a proper ambulance service up here.", "en"),
    ("Jag hoppas att ni aldrig behöver dö i väntan på vård.", "sv"),
    # Idioms and other senses.
    ("Vill du hänga med på mötet? Jag kan hänga med er dit.", "sv"),
    ("Skjut upp beslutet tills utredningen är klar.", "sv"),
    ("We should kill this bill before it reaches the council.", "en"),
    ("If they cannot explain it, voters will shoot them down at the next election.", "en"),
    ("Svaret kan inte vara att ta lagen i egna händer.", "sv"),
    # Knowing a position, a place or a time that is no one's.
    ("Vi vet var ni står i frågan om vindkraften.", "sv"),
    ("Jag vet när bussen går, den är alltid sen.", "sv"),
    ("Do you know where the new library is?", "en"),
    # Favours and plans that only look like a visit.
    ("If you want, I can find you the link to the minutes.", "en"),
    ("Om du vill kan jag komma förbi biblioteket och visa hur appen fungerar.", "sv"),
    ("Next time I'm in Lycksele I will visit the new library.", "en"),
    # Reported threats.
    (
        "I got an email saying 'we know where your kids go to school'. The region must take "
        "threats against debaters seriously.",
        "en",
    ),
    ("Jag fick ett mejl där det stod 'vi vet var du bor'. Polisanmält.", "sv"),
    # History and news: past tense forms of violent verbs.
    ("Cancer killed her mother, so screening matters.", "en"),
    ("Förra hösten dödade vargen elva av mina tackor.", "sv"),
    # Names, places and ordinary words.
    ("Dick Harrison's lecture on Swedish history was excellent.", "en"),
    ("Linje 100 stannar inte längre vid Kukkola.", "sv"),
    ("Det blev ett lappkast i frågan om vindkraften.", "sv"),
    ('Min son fick frågan "vad är en fitta?" av en klasskamrat. Bra att skolan förklarar.', "sv"),
    ("Blue tits and great tits nest in the park every spring.", "en"),
    ("Ungdomsmottagningen borde informera om kondom vid analsex.", "sv"),
    # Criticism of people in public roles and of decisions.
    ("Regionrådet är inkompetent och borde avgå.", "sv"),
    ("Your reference is 0703-221144 in the complaints system.", "en"),
    ("Barnen i nian behöver bättre sexualundervisning.", "sv"),
]


@pytest.mark.parametrize(("body", "lang"), HARD_NEGATIVES)
def test_hard_negatives_stay_published(body: str, lang: str) -> None:
    verdict = evaluate(Item(body=body, lang=lang))
    assert verdict.action is Action.PUBLISH, verdict.flagged
