"""Hate in code (rules/dogwhistles.py): coded antisemitism by one unmistakable code or by two
cues of different kinds, the Holocaust minimised, and a vermin or ape emoji beside a group.
Paraphrases of the constructions, not copies of dev items; the hard negatives are news,
history, money talk and texts that explain the codes."""

from __future__ import annotations

import pytest

from moderation import Item, evaluate

HATE = "LAW-HATE"

POSITIVES = [
    ("Vem sitter egentligen i styrelsen för teatern? Globalisterna, ni vet vilka.", "sv"),
    ("Regionens kulturstöd går till samma rotlösa nätverk som alltid. Soros betalar.", "sv"),
    ("Titta på namnen i styrelsen: -stein och -berg överallt. Dags att göra en lista.", "sv"),
    ("Bankirerna och deras stamfränder bestämmer över vindkraften, följ pengarna.", "sv"),
    ("Media is owned by the same tribe as always, you know who.", "en"),
    ("Every board in this town is full of names like Silverstein. Start a list.", "en"),
    ("The goyim know who is behind the new housing policy.", "en"),
    ("Look at the tiny hats on the globalists behind this proposal.", "en"),
    ("Rootless cosmopolitans decide everything in Brussels these days.", "en"),
    ("Ett visst folk styr medierna, och de har sugit ut värdfolket i hundra år.", "sv"),
    ("Förintelsen är kraftigt överdriven, det vet alla som läst på.", "sv"),
    ("Sex miljoner? Snarare några hundra tusen, och judarna tjänar på myten.", "sv"),
    ("The holocaust is a hoax invented to guilt Europe.", "en"),
    ("Six million? Yeah right. The Jews made that up.", "en"),
    ("Romerna vid torget igen 🐀🐀", "sv"),
    ("Somalis moving into the block again 🐒", "en"),
    ("Ni vet vilka jag menar som har flyttat in i området 🪳🪳", "sv"),
    ("Sverige för svenskarna. 14 ord.", "sv"),
]

HARD_NEGATIVES = [
    ("Soros är en omdiskuterad finansman; följ pengarna i hans stiftelse, säger granskarna.", "sv"),
    ("Bankerna tjänar på räntorna, följ pengarna så ser ni vem som vinner.", "sv"),
    ("Follow the money: the bankers behind the wind farm get paid first.", "en"),
    ("Globalisering har gett Västerbotten både jobb och problem.", "sv"),
    ("Vi vet vilka ni är och vi har anmält er till polisen.", "sv"),
    ("Vargstammen i länet växer och renägarna vill ha skyddsjakt.", "sv"),
    ("Jag kan göra en lista över alla vårdcentraler som saknar läkare.", "sv"),
    (
        "Konspirationsteorin om rotlösa globalister och Soros är klassisk antisemitism "
        "och ska bemötas.",
        "sv",
    ),
    (
        "'The goyim know' is an antisemitic code phrase; moderators should know it.",
        "en",
    ),
    ("Förintelsen var ett industriellt folkmord där sex miljoner judar mördades.", "sv"),
    ("The Holocaust was not exaggerated; six million Jews were murdered.", "en"),
    ("Six million kronor for a roundabout? More like sixty million by the end.", "en"),
    ("Förnekare påstår att förintelsen är en myt, men historikerna har motbevisat dem.", "sv"),
    ("The Holocaust lies at the heart of European memory and must be taught.", "en"),
    ("Det finns råttor i källaren på vårdcentralen 🐀 någon måste ringa Anticimex.", "sv"),
    ("Våra barn älskar aporna på Skansen 🐒", "sv"),
    ("Barnen ritade clowner med stora näsor på förskolan.", "sv"),
    ("Use jq to filter the JSON export from the booking system.", "en"),
    ("We knitted tiny hats for the premature babies at the hospital.", "en"),
    ("The flight to Tel Aviv cost 900 shekels, follow the money on those fares.", "en"),
    (
        'Flygblad med texten "Sverige för svenskarna" delades ut i går. Det är nazistisk '
        "propaganda och ska polisanmälas.",
        "sv",
    ),
]


@pytest.mark.parametrize(("body", "lang"), POSITIVES)
def test_coded_hate_is_held(body: str, lang: str) -> None:
    verdict = evaluate(Item(body=body, lang=lang))
    assert HATE in verdict.flagged


@pytest.mark.parametrize(("body", "lang"), HARD_NEGATIVES)
def test_money_history_and_explanations_are_not_hate(body: str, lang: str) -> None:
    verdict = evaluate(Item(body=body, lang=lang))
    assert HATE not in verdict.flagged
