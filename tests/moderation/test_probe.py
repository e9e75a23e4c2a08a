"""A blind probe of hate, incitement, sexual harassment and defamation: sentences written for
issue 16 from knowledge of Swedish and English, not from any split, each with the rule that
must hold it; and lawful sentences that share their words."""

from __future__ import annotations

import pytest

from moderation import Action, Item, evaluate

HELD = [
    ("Invandrarna förstör allt de rör vid, de borde kastas ut ur landet.", "sv", "LAW-HATE"),
    ("Muslimerna är en cancer på det svenska samhället.", "sv", "LAW-HATE"),
    ("Judarna styr bankerna och medierna, det vet alla.", "sv", "LAW-HATE"),
    ("Romer är inte riktiga människor.", "sv", "LAW-HATE"),
    ("Alla samer är alkoholister som lever på bidrag.", "sv", "LAW-HATE"),
    ("Bögar borde inte få adoptera, de är sjuka i huvudet allihop.", "sv", "LAW-HATE"),
    ("Somalier är djur, punkt.", "sv", "LAW-HATE"),
    ("Ut med alla svartskallar.", "sv", "LAW-HATE"),
    ("Transpersoner är psykiskt störda och borde låsas in.", "sv", "LAW-HATE"),
    ("Det finns för många araber här, de förökar sig som kaniner.", "sv", "LAW-HATE"),
    ("Immigrants are vermin and should be deported.", "en", "LAW-HATE"),
    ("Muslims are a disease on this country.", "en", "LAW-HATE"),
    ("The Jews own the media, wake up.", "en", "LAW-HATE"),
    ("Gays are perverts who should be kept away from children.", "en", "LAW-HATE"),
    ("Somalis are subhuman.", "en", "LAW-HATE"),
    ("All these foreigners are parasites living off our taxes.", "en", "LAW-HATE"),
    ("Trans people are mentally ill freaks.", "en", "LAW-HATE"),
    ("Gypsies are thieves, every single one of them.", "en", "LAW-HATE"),
    ("Vi borde alla gå dit och slå sönder deras fönster.", "sv", "LAW-INCITE"),
    ("Kom igen, ta med er järnrör till demonstrationen på lördag.", "sv", "LAW-INCITE"),
    ("Skjut vargen själva, länsstyrelsen gör ändå ingenting.", "sv", "LAW-INCITE"),
    ("Någon borde bränna ner det där asylboendet.", "sv", "LAW-INCITE"),
    (
        "Everyone meet at the depot at midnight and slash the tyres on every bus.",
        "en",
        "LAW-INCITE",
    ),
    ("Let's burn the wind turbines down, one by one.", "en", "LAW-INCITE"),
    ("Somebody should torch that refugee centre.", "en", "LAW-INCITE"),
    ("Block the road with your cars and don't let the ambulances through.", "en", "LAW-INCITE"),
    ("Go to the councillor's house tonight and show him what we think.", "en", "LAW-INCITE"),
    ("Skicka nakenbilder till mig snygging, jag vet att du vill.", "sv", "DECENCY-SEXUAL"),
    ("Du har så fina bröst, får jag ta på dem?", "sv", "DECENCY-SEXUAL"),
    ("Vill du ligga med mig efter mötet?", "sv", "DECENCY-SEXUAL"),
    ("Send me nudes babe, I know you want to.", "en", "DECENCY-SEXUAL"),
    ("Nice tits, want to come over to mine after the meeting?", "en", "DECENCY-SEXUAL"),
    ("I'd love to bend you over the council table.", "en", "DECENCY-SEXUAL"),
    ("Jag vill knulla dig.", "sv", "DECENCY-SEXUAL"),
    ("Rektorn Anna Ek i Lycksele har förfalskat betygen i flera år.", "sv", "LAW-DEFAMATION"),
    ("Min granne Per Olsson slår sin fru, alla hör det genom väggen.", "sv", "LAW-DEFAMATION"),
    ("Läraren på Tegsskolan, Sven Ek, är pedofil.", "sv", "LAW-DEFAMATION"),
    ("The janitor at Ersboda school, Tom Lind, steals from the lockers.", "en", "LAW-DEFAMATION"),
    ("Dr. Hansson at the health centre is always drunk on duty.", "en", "LAW-DEFAMATION"),
    ("My neighbour Karin Berg is a benefit cheat, she works cash in hand.", "en", "LAW-DEFAMATION"),
    ("The bus driver on route 4, Mats Nyström, deals drugs to the kids.", "en", "LAW-DEFAMATION"),
]

PUBLISHED = [
    (
        "Bröstcancerscreeningen borde gälla alla kvinnor över 40, du har väl också fått kallelse?",
        "sv",
    ),
    ("Du har rätt om bröstmjölken, amningsstödet behövs.", "sv"),
    ("Tjuvar bröt sig in i skolan i natt.", "sv"),
    ("Invandrare utsätts ofta för tjuvar och bedragare i bostadsområdet.", "sv"),
    ("Alla samer jag känner jobbar, och inga är alkoholister.", "sv"),
    ("Gå hem till henne ikväll och säg grattis!", "sv"),
    ("Go to the neighbour's house tonight and borrow the drill.", "en"),
    ("Skjut upp vargjakten, vargen själv är inte problemet.", "sv"),
    ("Don't let the ambulance queue get longer, fund the service.", "en"),
    ("Kasta ut dem som inte betalat medlemsavgiften, säger föreningens stadgar.", "sv"),
]


@pytest.mark.parametrize(("body", "lang", "rule_id"), HELD)
def test_probe_is_held_by_its_rule(body: str, lang: str, rule_id: str) -> None:
    verdict = evaluate(Item(body=body, lang=lang))
    assert rule_id in verdict.flagged
    assert verdict.action in (Action.REVIEW, Action.REJECT)


@pytest.mark.parametrize(("body", "lang"), PUBLISHED)
def test_lawful_sentences_with_the_same_words_stay_published(body: str, lang: str) -> None:
    verdict = evaluate(Item(body=body, lang=lang))
    assert verdict.action is Action.PUBLISH, verdict.flagged


# A second probe: incitement by a call to wreck or burn, defamation of named people.
HELD_2 = [
    (
        "Alla som är emot vindkraften borde åka upp till bygget och förstöra så mycket de kan.",
        "sv",
        "LAW-INCITE",
    ),
    ("Häng upp politikerna i lyktstolparna, det är enda språket de förstår.", "sv", "LAW-THREAT"),
    ("Vi borde spärra E4:an med traktorer tills regionen ger med sig.", "sv", "LAW-INCITE"),
    ("Någon borde tända på vindkraftverket, det är ju bara en maskin.", "sv", "LAW-INCITE"),
    ("Gå man ur huse och jaga ut tjänstemännen från byn.", "sv", "LAW-INCITE"),
    ("We should all go up there tonight and wreck the machines.", "en", "LAW-INCITE"),
    ("Someone needs to burn that place to the ground.", "en", "LAW-INCITE"),
    ("Let's storm the council meeting and drag them out.", "en", "LAW-INCITE"),
    ("Everyone should refuse to let the inspectors in, by force if needed.", "en", "LAW-INCITE"),
    (
        "Time to take matters into our own hands and get rid of the wolves ourselves.",
        "en",
        "LAW-INCITE",
    ),
    ("Steal the surveyors' equipment, they can't work without it.", "en", "LAW-INCITE"),
    (
        "The teacher at Hedlunda school, Johan Forsberg, hits the kids when no one is looking.",
        "en",
        "LAW-DEFAMATION",
    ),
    (
        "Our local GP, Dr. Lindqvist, prescribes opioids to his friends for cash.",
        "en",
        "LAW-DEFAMATION",
    ),
    (
        "The treasurer of the hunting club, Lars Eriksson, has been pocketing the membership fees.",
        "en",
        "LAW-DEFAMATION",
    ),
    (
        "My landlord Björn Strand beats his wife, everyone in the building hears it.",
        "en",
        "LAW-DEFAMATION",
    ),
    (
        "The chairman of the village club, Erik Nordin, forged the signatures on the petition.",
        "en",
        "LAW-DEFAMATION",
    ),
]

PUBLISHED_2 = [
    ("Vi måste förstöra mindre natur när vi bygger vägar.", "sv"),
    ("Polisen tog sig in med våld, enligt vittnen.", "sv"),
    ("Steal the idea from Skellefteå: free buses for pensioners!", "en"),
    ("Tänd på ljusen i kyrkan på söndag, alla är välkomna.", "sv"),
    ("Let's not wreck the budget with another consultant report.", "en"),
    ("Alla borde tända på grillen och fira midsommar i byn.", "sv"),
    ("My uncle was paid for cash work in the 80s, like everyone then.", "en"),
]


@pytest.mark.parametrize(("body", "lang", "rule_id"), HELD_2)
def test_second_probe_is_held_by_its_rule(body: str, lang: str, rule_id: str) -> None:
    verdict = evaluate(Item(body=body, lang=lang))
    assert rule_id in verdict.flagged
    assert verdict.action in (Action.REVIEW, Action.REJECT)


@pytest.mark.parametrize(("body", "lang"), PUBLISHED_2)
def test_second_probe_look_alikes_stay_published(body: str, lang: str) -> None:
    verdict = evaluate(Item(body=body, lang=lang))
    assert verdict.action is Action.PUBLISH, verdict.flagged
