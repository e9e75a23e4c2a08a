"""Calls to sabotage, arson, vandalism, blockades and tax or fare refusal told without a plain
command (``rules/sabotage.py``, the forms added to ``rules/summons.py``, ``rules/calls.py`` and
``rules/campaign.py``): paraphrases in our own words beside hard negatives that share words
with them and must stay clean."""

from __future__ import annotations

import pytest

from moderation import Item, evaluate

INCITE = "LAW-INCITE"


def _rules(body: str, lang: str) -> set[str]:
    return {hit.rule_id for hit in evaluate(Item(body=body, lang=lang)).hits}


CALLS = [
    # Mock regret or a wish for damage to things.
    ("Det vore ju tråkigt om vindsnurrorna på Rödberget råkade gå sönder en blåsig natt.", "sv"),
    ("Det hade väl varit synd om det stod en kanister bensin bakom bygdegården.", "sv"),
    ("Vore rätt skönt om depån råkade fatta eld innan nya bussarna levereras.", "sv"),
    (
        "It would be a real shame if the new depot caught fire before the opening. Just saying.",
        "en",
    ),
    ("Vore synd om gamla tullhuset brann ner i helgen. Säger bara det 🔥", "sv"),
    # Coded calls.
    ("SSS gäller för alla som har licens, mer behöver inte sägas.", "sv"),
    ("Vi vet hur det funkar på myren. De tre S:en, inget annat.", "sv"),
    ("Lite socker i bensintanken på kranbilen löser mycket, säger bara det.", "sv"),
    ("A bit of sugar in the fuel tanks of those diggers would slow things down.", "en"),
    # Recruiting to damage.
    ("Klottra ner väggarna på kommunhuset med vad ni tycker. Vem är med på fredag?", "sv"),
    ("Sprejfärg på varenda ruta i stadshuset i natt. Hänger ni på?", "sv"),
    ("A couple of rocks through the council windows should wake them up. Who's with me?", "en"),
    # Bring the tool.
    ("Samling vid bron klockan tolv. Ta med er bultsax och ficklampa.", "sv"),
    ("Ta med bensin till bygget på fredag natt, vi fixar resten.", "sv"),
    ("Meet at the depot at midnight and bring your crowbars.", "en"),
    # Blockades in the mood of a call.
    ("På tisdag ställer vi traktorerna på tvären vid infarten till gruvan.", "sv"),
    ("Alla föräldrar: lås fast er vid grindarna tills beslutet rivs.", "sv"),
    ("Vi sätter oss i hallen och släpper inte in en enda tjänsteman.", "sv"),
    ("Everyone who cares: block the main road to the quarry on Thursday.", "en"),
    ("Tomorrow we park across the bridge and refuse to move until they listen.", "en"),
    # Tax and fares asked of all.
    ("Betala inte fordonsskatten i år, alla tillsammans.", "sv"),
    ("Alla åker utan biljett hela veckan, sprid ordet!", "sv"),
    ("Stop paying the bridge tolls, everyone. They can't chase us all.", "en"),
    # Crimes and objects the verbs reach now.
    ("Varför har ingen ännu kapat ledningarna till nya masten?", "sv"),
    ("Gå ut i natt och fäll alla stolpar längs nya ledningen.", "sv"),
    ("Ställverket vid nya gruvan borde sabbas innan invigningen.", "sv"),
    ("Släng en brandbomb på kontoret så fattar de.", "sv"),
    ("Go down tonight and let the air out of every bus in the depot.", "en"),
    # A break-in, stones at the police, glue in locks, "the only answer", a wink.
    ("Bryt er in i gamla badhuset i helgen, det står ändå tomt.", "sv"),
    ("Det enda svaret: stenar mot polisen när de kommer.", "sv"),
    ("Lite superlim i låsen på kommunkontoret så kommer ingen in på måndag.", "sv"),
    ("Not saying anyone should smash the windows at the depot. Just saying.", "en"),
    # Self-help against predators.
    ("Björnen har tagit tre får nu. Vi fixar det själva i helgen.", "sv"),
    # Hounding, said with a pronoun.
    ("Vänta på honom utanför varje morgon. Låt honom inte få en lugn stund.", "sv"),
]

CLEAN = [
    ("Det vore synd om bussen till Vindeln försvann ur tidtabellen.", "sv"),
    ("Det hade varit synd om konserten ställdes in på grund av regnet.", "sv"),
    ("SSAB gäller som största arbetsgivare i Luleå.", "sv"),
    ("Tre saker gäller: tid, pengar och personal.", "sv"),
    ("Någon hade hällt socker i tanken på min bil i natt, polisanmälan är gjord.", "sv"),
    ("Vi grillar vid sjön på lördag, ta med tändvätska och korv. Vem hänger på?", "sv"),
    ("Städdag vid badplatsen på söndag, vem hänger på?", "sv"),
    ("Ta med bensin till skotrarna, vi kör upp till stugan.", "sv"),
    ("Workshop på fritidsgården: ta med sprayfärg till den lagliga graffitiväggen.", "sv"),
    ("Blockera honom på Facebook och gå vidare.", "sv"),
    ("Lastbilen stod på tvären i backen i morse och blockerade trafiken.", "sv"),
    ("Ställ inte bilarna på tvären vid infarten, ambulansen måste komma fram.", "sv"),
    ("Jag vägrar betala skatt för det här, men jag betalar ändå.", "sv"),
    ("Plankningen ökar på bussarna, skriver Länstrafiken.", "sv"),
    ("Betala inte fakturan innan du har kollat den.", "sv"),
    ("The lorry blocked the road for an hour yesterday.", "en"),
    ("Don't block the main road during the parade, please.", "en"),
    ("Bring a screwdriver and some batteries to the repair café on Saturday.", "en"),
    ("It would be a shame if the library lost its evening hours.", "en"),
    ("Det vore synd om kvarnen brann ner, den är en del av vår historia.", "sv"),
    ("Klipp gräset vid fotbollsplanen innan matchen.", "sv"),
    ("Flaggorna vid regionhuset ska tas ner på fredag enligt beslut.", "sv"),
    ("Vi borde inte blockera vägen, det drabbar fel människor.", "sv"),
    ("Inbrottstjuvar bröt sig in i badhuset i helgen, skriver polisen.", "sv"),
    ("Den enda lösningen är fler bussar på kvällarna.", "sv"),
    ("Låsen på cykelrummet har gått sönder igen, limmet släppte.", "sv"),
    ("I'm not saying the plan is perfect, just saying it is better than nothing.", "en"),
    ("Vi löser det själva med snöskottningen om kommunen inte kommer.", "sv"),
    ("Ju fler som ringer kommunen och frågar om vägen, desto bättre.", "sv"),
]


@pytest.mark.parametrize(("body", "lang"), CALLS)
def test_calls_to_sabotage_are_incitement(body: str, lang: str) -> None:
    assert INCITE in _rules(body, lang)


@pytest.mark.parametrize(("body", "lang"), CLEAN)
def test_lawful_texts_with_the_same_words_stay_clean(body: str, lang: str) -> None:
    assert INCITE not in _rules(body, lang)
