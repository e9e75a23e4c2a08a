"""Hate that generalises, round 4 (rules/groups.py, rules/hate_claims.py): new dehumanising
predicates (lice, pets, vegetables, a hive or another species, a lower sort of people, a
people of thieves, a danger to children), the contracted copula ("they're"), hedges between
copula and predicate ("är ärligt talat", "are basically"), "har alltid varit"; crime as a
people's mark ("ett tjuvfolk", "a criminal race"); "det sitter i blodet" after vice said of a
named group; the exclamation "Typiskt invandrare att …". Own paraphrases, not dev items;
the hard negatives share the words in lawful use."""

from __future__ import annotations

import pytest

from moderation import Item, evaluate

HATE = "LAW-HATE"

POSITIVES = [
    ("Romerna är som löss, de suger ut varje by de kommer till.", "sv"),
    ("Somalis? They're lice, nothing more.", "en"),
    ("Judarna är i princip en annan art än vi.", "sv"),
    ("Immigrants are basically an invasive species in the north.", "en"),
    ("Muslimerna är ärligt talat en lägre stående sorts människor.", "sv"),
    ("Gypsies are honestly a lower kind of people.", "en"),
    ("Bögar är en fara för barnen och ska hållas borta från skolan.", "sv"),
    ("Trans people are perverted and a threat to our children.", "en"),
    ("Utvecklingsstörda är som grönsaker, varför ska vi betala för dem?", "sv"),
    ("The disabled are basically pets that we all pay to feed.", "en"),
    ("Afghanerna förökar sig precis som kaniner.", "sv"),
    ("Kurds multiply like rats wherever they settle.", "en"),
    ("Romerna har alltid varit ett tjuvfolk.", "sv"),
    ("Samerna? Ett helt folk av snyltare.", "sv"),
    ("They are a whole race of thieves, these Roma.", "en"),
    ("Gypsies belong to a criminal race, simple as that.", "en"),
    ("Zigenarna snor allt som inte är fastskruvat. Det sitter i blodet.", "sv"),
    ("Somalis steal and lie, it's in their genes.", "en"),
    ("Typiskt muslimer att kräva särbehandling.", "sv"),
    ("Typical immigrants, can't even queue properly.", "en"),
    ("Typiskt det släktet.", "sv"),
    ("Thai workers are dirty animals living in tents.", "en"),
    ("Afghans? They're more like a plague than neighbours.", "en"),
    ("Those 'refugees' are just young men with phones, criminals the lot of them.", "en"),
    ("Somalierna i centrum rånar folk varje helg. Utvisa hela bunten.", "sv"),
    ("Kasta en molotov mot moskén i natt.", "sv"),
    ("Someone should throw a firebomb into that asylum centre.", "en"),
    ("Sverige är för svenskar, inget annat.", "sv"),
]

HARD_NEGATIVES = [
    ("Skolan har haft löss i tre klasser och föräldrarna behöver kamma barnen.", "sv"),
    ("Många flyktingar har husdjur som de fått lämna kvar.", "sv"),
    ("Refugees are a danger to nobody; the report says so clearly.", "en"),
    ("Invasive species like lupins are spreading along the roads.", "en"),
    ("Det är typiskt för asylsökande att vänta länge på beslut.", "sv"),
    ("A typical immigrant family in Umeå has two working parents.", "en"),
    ("Typiska somaliska rätter serveras på festivalen i helgen.", "sv"),
    ("Det fanns mycket kriminellt folk i stan på sjuttiotalet.", "sv"),
    ("Renskötseln sitter i blodet hos många samer, säger forskaren.", "sv"),
    ("Musiken ligger i generna i den släkten, alla spelar fiol.", "sv"),
    ("Grönsaker från Västerbotten borde serveras i skolorna.", "sv"),
    ("Predators like wolves and lynx are a danger to reindeer herds.", "en"),
    ("Judarna deporterades från Norge 1942, och många mördades.", "sv"),
    ("Islam som lära går att kritisera utan att man hatar muslimer.", "sv"),
    ("Sametingets beslut om renbetet är fel och borde överklagas.", "sv"),
    ("Thai food at the market was great, more like this please.", "en"),
    ("Polisen hittade en molotovcocktail nära moskén och utreder hot mot församlingen.", "sv"),
    ("Politikerna i fullmäktige är fega, skicka hem hela gänget i valet.", "sv"),
    ("The volunteers from Syria are heroes, every last one of them.", "en"),
]


@pytest.mark.parametrize(("body", "lang"), POSITIVES)
def test_round4_hate_is_held(body: str, lang: str) -> None:
    verdict = evaluate(Item(body=body, lang=lang))
    assert HATE in verdict.flagged


@pytest.mark.parametrize(("body", "lang"), HARD_NEGATIVES)
def test_round4_lawful_texts_are_not_hate(body: str, lang: str) -> None:
    verdict = evaluate(Item(body=body, lang=lang))
    assert HATE not in verdict.flagged
