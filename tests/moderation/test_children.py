"""An offer of sexual images of children is `reject`, and the moderator is told to report it to
the police (issue 16; legal-rules.md, LAW-CSAM). News and debate about the crime stay clean."""

from __future__ import annotations

import pytest

from moderation import Action, Item, evaluate, moderator_alerts, statement_of_reasons

SEXUAL = "DECENCY-SEXUAL"

OFFERS = [
    ("Jag säljer bilder på nakna barn, skriv till mig privat.", "sv"),
    ("Har en mapp med nakenbilder på 12-åringar. Skriv privat om ni vill byta.", "sv"),
    ("Säljer barnporr, swisha 200 kr.", "sv"),
    ("s ä l j e r bilder på n a k n a småtjejer, hör av dig", "sv"),
    ("Selling pics of young girls naked, DM me for the folder.", "en"),
    ("Anyone want to swap pics of naked kids? DM me.", "en"),
    ("trading vids of nude 11 y/o girls, hmu", "en"),
]

CLEAN = [
    ("Polisen hittade bilder på nakna barn hos läraren enligt åtalet.", "sv"),
    ("Straffet för barnporrbrott måste skärpas.", "sv"),
    ("Säljer barnkläder och bilder från skolavslutningen, ungarna badade nakna i sjön.", "sv"),
    ("The court heard he had been sharing images of naked children online.", "en"),
    ("We sell photos of the children's art exhibition to fund the school trip.", "en"),
    ("Föräldrar borde inte dela bilder på sina barn i sociala medier.", "sv"),
]


@pytest.mark.parametrize(("body", "lang"), OFFERS)
def test_an_offer_of_sexual_images_of_children_is_reject(body: str, lang: str) -> None:
    verdict = evaluate(Item(body=body, lang=lang))
    assert verdict.action is Action.REJECT
    assert SEXUAL in verdict.decisive
    assert any("polis" in alert.lower() for alert in moderator_alerts(verdict, lang="sv"))
    assert any("police" in alert for alert in moderator_alerts(verdict, lang="en"))


@pytest.mark.parametrize(("body", "lang"), CLEAN)
def test_news_and_debate_about_the_crime_get_no_police_alert(body: str, lang: str) -> None:
    verdict = evaluate(Item(body=body, lang=lang))
    assert moderator_alerts(verdict, lang=lang) == []
    assert verdict.action in (Action.PUBLISH, Action.REDACT)


def test_other_sexual_content_gets_no_police_alert() -> None:
    verdict = evaluate(Item(body="Skicka nakenbilder till mig, snygging.", lang="sv"))
    assert SEXUAL in verdict.flagged
    assert moderator_alerts(verdict, lang="sv") == []


def test_the_author_is_not_told_about_the_police() -> None:
    verdict = evaluate(Item(body=OFFERS[0][0], lang="sv"))
    statement = statement_of_reasons(
        verdict, lang="sv", item_ref="#1", date="2026-12-07", appeal_url="https://x.se/a"
    )
    assert "polis" not in statement.lower()
