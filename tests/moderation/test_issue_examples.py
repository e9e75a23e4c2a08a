"""The example sentences of issue 16, as regression tests: six that were published and must be
held, the false holds it names (reported speech about a threat, reference numbers, "hänga
med", Swedish "slut" and "lapp", a historic honour killing), with and without the language
given. Also: mild interjections, an organisation's address after a colon, and sexual
solicitation aimed at the reader."""

from __future__ import annotations

import pytest

from moderation import Action, Item, evaluate

HELD = [
    ("Hoppas någon tänder eld på regionhuset när hela ledningen sitter där inne.", "LAW-THREAT"),
    ("Den dagen folket vaknar dinglar ni från broräcket allihop.", "LAW-THREAT"),
    ("Ta med er facklor till fullmäktige på torsdag, de förtjänar inget bättre.", "LAW-INCITE"),
    ("Somalierna är en pest som sprider sig i varje förort.", "LAW-HATE"),
    (
        "Skolskjutschauffören Leif Berg i Norsjö säljer hasch till eleverna, alla vet det.",
        "LAW-DEFAMATION",
    ),
    ("Helvetes skitväg. Fan ta hela trafikkontoret.", "DECENCY-PROFANITY"),
]


@pytest.mark.parametrize("lang", ["sv", None])
@pytest.mark.parametrize(("body", "rule_id"), HELD)
def test_the_issues_published_examples_are_held(body: str, rule_id: str, lang: str | None) -> None:
    verdict = evaluate(Item(body=body, lang=lang))
    assert rule_id in verdict.flagged
    assert verdict.action in (Action.REVIEW, Action.REJECT)


PUBLISHED = [
    (
        "I got an email saying 'we know where your kids go to school'. The region must take "
        "threats against debaters seriously.",
        "en",
    ),
    ("Your reference is 0703-221144 in the complaints system", "en"),
    ("Ditt ärendenummer är 0703-221144 i klagomålssystemet.", "sv"),
    ("Vill ni hänga med på fikat efteråt?", "sv"),
    ("hänga med er på mötet blir kul", "sv"),
    ("Det är slut på bussarna efter nio.", "sv"),
    ("Nu är det slut med lugnet i byn.", "sv"),
    ("Grannen satte upp en arg lapp i tvättstugan.", "sv"),
    ("Jag fick en lapp i brevlådan om sophämtningen.", "sv"),
    (
        "För tjugo år sedan mördades en ung kvinna i ett hedersmord i Uppsala, hennes pappa "
        "dödade henne.",
        "sv",
    ),
    # One mild interjection is "oj", not profanity.
    ("Damn, the roads to Vindeln were awful this morning.", "en"),
    ("Hell no to this budget, I will campaign against it.", "en"),
    ("Bloody hell, the bus to Skellefteå was 40 minutes late again.", "en"),
    ("Shit happens, men att stänga skolan mitt i terminen var dåligt planerat.", "sv"),
    # An organisation's contact details after a colon, and a labelled number.
    (
        "Vårdcentralen Ålidhem har ny adress från 1 mars: Ålidhems centrum, Tvistevägen 48, "
        "907 36 Umeå. Telefon 090-785 95 00.",
        "sv",
    ),
    # Asking for a picture without a sexual aim.
    ("Skicka en bild på dig själv till föreningen så lägger vi upp den på hemsidan.", "sv"),
    ("Jag kan visa dig hur det går till att söka bidrag från kommunen.", "sv"),
]


@pytest.mark.parametrize("given", [True, False])
@pytest.mark.parametrize(("body", "lang"), PUBLISHED)
def test_lawful_text_is_published(body: str, lang: str, given: bool) -> None:
    verdict = evaluate(Item(body=body, lang=lang if given else None))
    assert verdict.action in (Action.PUBLISH, Action.REDACT), verdict.flagged


MORE = [
    ("Goddamn it, the care home lost it AGAIN. This shit is unacceptable.", "DECENCY-PROFANITY"),
    ("Bloody hell, the pavement is a goddamn ice rink again.", "DECENCY-PROFANITY"),
    ("Min granne bor på Tvistevägen 48, 907 36 Umeå. Telefon 070-785 95 00.", "PII-ADDRESS"),
    (
        "Du som skrev om sexualundervisningen, jag kan visa dig personligen hur det går till. "
        "Skicka bilder på dig själv så bestämmer vi träff.",
        "DECENCY-SEXUAL",
    ),
    ("Send me some pics of yourself and we can meet up, no one has to know.", "DECENCY-SEXUAL"),
]


@pytest.mark.parametrize(("body", "rule_id"), MORE)
def test_more_profanity_a_home_and_solicitation_are_held(body: str, rule_id: str) -> None:
    verdict = evaluate(Item(body=body))
    assert rule_id in verdict.flagged
    assert verdict.action in (Action.REVIEW, Action.REJECT)
