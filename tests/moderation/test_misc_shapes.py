"""Insults as compounds and about looks, phone numbers in mixed and glued words, home
addresses given with a private person (rules/insults.py, rules/numbers.py,
rules/contact.py): paraphrases of each class, and hard negatives with the same words."""

from __future__ import annotations

import pytest

from moderation import Item, evaluate

INSULT, PHONE, ADDRESS = "DECENCY-INSULT", "PII-PHONE", "PII-ADDRESS"

FLAGGED = [
    # Insult nouns in less common forms and compounds, aimed at the reader.
    (INSULT, "sv", "Din jävla trädkramare, du fattar ingenting om skogen."),
    (INSULT, "sv", "Du är en riktig nötskalle som tror att bussen går på luft."),
    (INSULT, "sv", "Vilken korkskalle du är som skrev det där."),
    (INSULT, "sv", "Byfånen som skrev förra inlägget borde läsa på, din hönshjärna."),
    (INSULT, "sv", "Horungar allihop, ni som röstade ja."),
    # Looks are no part of a role: said of a public role, they are a personal attack.
    (INSULT, "en", "Have you seen the mayor in the paper? Fat and ugly, no wonder she hates it."),
    (INSULT, "sv", "Kommunalrådet är så fet att hon inte får plats i bussen hon vill lägga ner."),
    (INSULT, "sv", "Såg ni kommunalrådet i tv? Äcklig, helt enkelt."),
    # Phone numbers: number words glued, with hundreds, or mixed with digit groups.
    (PHONE, "sv", "Ring på noll sju tre – fyrahundratolv – trettiofyra – femtiosex."),
    (PHONE, "sv", "Mitt nummer: 070 ett två tre 45 67."),
    (PHONE, "en", "text me at 07 three 1, 22 33 44 if you want the keys"),
    (PHONE, "sv", "Hennes mobil är nollsjuttiotre, sexhundraåttio, tolv, trettiofyra."),
    # Addresses: house numbers in words, two-word street names, a named private person.
    (ADDRESS, "sv", "Hon bor på Lilla vägen sju i Hörnefors, om nån undrar."),
    (ADDRESS, "en", "Her house is the yellow one at Björkgatan nine, ring the bell."),
    (ADDRESS, "sv", "Anna Lindqvist, Ekvägen 7, Sävar, hon som skrev insändaren."),
    (ADDRESS, "sv", "Min granne är bosatt på Norra Strandgatan 4, fråga honom själv."),
]

CLEAN = [
    (INSULT, "sv", "Regionrådet är inkompetent och borde avgå."),
    (INSULT, "sv", "Den nya bron är ful och dyr, regionrådet borde skämmas."),
    (INSULT, "sv", "Trädkramare kallas vi ofta, men vi vill bara ha kvar skogen."),
    (INSULT, "sv", "Han kallade mig nötskalle på mötet, det var otrevligt."),
    (INSULT, "en", "The new bridge is ugly, the mayor should have listened to us."),
    (PHONE, "sv", "Vi var 2 tre fyra gånger där, 15 personer totalt."),
    (PHONE, "sv", "Klockan sju noll fem går bussen, 12 minuter sen, tre dagar i rad."),
    (ADDRESS, "sv", "Hyr ut min stuga på Tallvägen 14, Karin svarar på frågor."),
    (ADDRESS, "sv", "Kommunens kontaktperson Lena Ek nås på Storgatan 12, Umeå."),
    (ADDRESS, "sv", "Erik Svensson från Trafikverket sa att Gamla vägen 5 ska få ny asfalt."),
    (ADDRESS, "sv", "Trafiken på Stora gatan tolv timmar om dygnet är för mycket, Anna."),
    (ADDRESS, "sv", "Folktandvården, Storgatan 53, 903 26 Umeå, har akuttider varje morgon."),
]


@pytest.mark.parametrize(("rule_id", "lang", "text"), FLAGGED)
def test_each_class_is_flagged(rule_id: str, lang: str, text: str) -> None:
    assert rule_id in evaluate(Item(body=text, lang=lang)).flagged


@pytest.mark.parametrize(("rule_id", "lang", "text"), CLEAN)
def test_the_same_words_used_innocently_stay_clean(rule_id: str, lang: str, text: str) -> None:
    assert rule_id not in evaluate(Item(body=text, lang=lang)).flagged
