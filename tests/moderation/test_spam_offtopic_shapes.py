"""SPAM-LINK dressed as a tip and links without a scheme (rules/links.py), and OFFTOPIC's
constructions (rules/behaviour.py): paraphrases and hard negatives."""

from __future__ import annotations

import pytest

from moderation import Item, PolicyContext, evaluate
from moderation.analysis import FieldText
from moderation.normalize import normalize
from moderation.rules.behaviour import check_offtopic
from moderation.types import TextField

SPAM = "SPAM-LINK"

SPAM_TIPS = [
    ("en", "I made 3000 kr a day with this simple app, no experience needed. Check my profile!"),
    ("sv", "Grannen drar in 2000 kr om dagen på en sidohustle, så berättar jag hur."),
    ("en", "Honestly, I earned $400 a week from home just answering surveys, ask me how."),
    ("sv", "Tjäna upp till 900 kr i timmen hemifrån, länk i bio."),
    ("en", "cheap loans no credit check, low interest >>> quickmoney-nordic[.]loan <<<"),
    ("sv", "Kolla in linktr.ee/billigaskor, bästa priset i stan!"),
    ("sv", "gå in på tiny . cc / gratispengar så får du se"),
]
SPAM_CLEAN = [
    ("sv", "Undersköterskor tjänar 25 000 kr i månaden, det är för lite för ett så tungt jobb."),
    ("sv", "Jag tjänade 18 000 kr i månaden som undersköterska och det räckte inte till hyran."),
    ("en", "Bus drivers make $20 an hour here, the region should pay more."),
    ("sv", "Biljetten kostar 30 kr extra om man köper den på bussen, det är orimligt."),
    ("sv", "Bussen var sen.It is always late. Det var kl.fem."),
]


@pytest.mark.parametrize(("lang", "text"), SPAM_TIPS)
def test_adverts_dressed_as_tips_are_held(lang: str, text: str) -> None:
    verdict = evaluate(Item(body=text, lang=lang))
    assert SPAM in verdict.flagged
    assert verdict.is_held


@pytest.mark.parametrize(("lang", "text"), SPAM_CLEAN)
def test_talk_about_pay_and_prices_is_not_an_advert(lang: str, text: str) -> None:
    assert SPAM not in evaluate(Item(body=text, lang=lang)).flagged


THREAD = (
    "Längre öppettider på vårdcentralen i Vindeln. Många pendlar och hinner inte till "
    "vårdcentralen före fem; regionen borde hålla öppet två kvällar i veckan."
)
OFF = [
    "Säljer min gamla pulka, nästan ny, 300 kr, hämtas i Vindeln.",
    "Helt annan fråga: är det någon som kan rekommendera en bra frisör?",
    "Does anyone know a good dentist who takes new patients? Sorry for hijacking.",
    "Har nån sett min katt? Grå med vit tass, försvann i söndags.",
    "Random question though, anyone watching the hockey tonight?",
    # A question to the crowd on a private matter, in other words and orders.
    "Någon som vet var man kan byta vinterdäck billigt? Har aldrig gjort det.",
    "Vet ni hur man gör kanelbullar som inte blir torra?",
    "Anyone know where to buy cheap skis in Skellefteå?",
    "Does anybody have any good tips for a first trip to Hemavan? Thanks!",
    "Hej! Nån som vill köpa en barnvagn? Knappt använd.",
]
ON = [
    "Vet någon var man kan ringa för att få en kvällstid på vårdcentralen i Vindeln?",
    "Jag håller med, öppettiderna är ett problem för alla som pendlar.",
    "Regionen borde också se över telefontiderna, det är omöjligt att komma fram.",
    "Jag säljer inte in det här som en lösning, men kvällsöppet vore bra.",
    # Crowd questions about the thread's own matter.
    "Någon som vet om vårdcentralen i Vindeln har öppet på kvällarna nu?",
    "Vet ni hur man bokar en kvällstid på vårdcentralen? Jag pendlar också.",
    "Jag vet hur man ringer vårdcentralen, men regionen borde hålla öppet längre.",
    "Jag fick ett ärendenummer i mars. Någon som vet hur lång handläggningstiden är?",
]


def _offtopic(text: str) -> bool:
    field = FieldText(TextField.BODY, normalize(text), "sv")
    return check_offtopic(field, PolicyContext(thread_text=THREAD)) is not None


@pytest.mark.parametrize("text", OFF)
def test_asides_sales_and_crowd_questions_are_signalled(text: str) -> None:
    assert _offtopic(text)


@pytest.mark.parametrize("text", ON)
def test_replies_on_the_thread_are_not(text: str) -> None:
    assert not _offtopic(text)


@pytest.mark.parametrize("text", OFF)
def test_clear_off_topic_constructions_hold_for_a_moderator(text: str) -> None:
    verdict = evaluate(Item(body=text, lang="sv"), context=PolicyContext(thread_text=THREAD))
    assert "OFFTOPIC" in verdict.decisive
    assert verdict.is_held


@pytest.mark.parametrize("text", ON)
def test_replies_on_the_thread_are_published(text: str) -> None:
    verdict = evaluate(Item(body=text, lang="sv"), context=PolicyContext(thread_text=THREAD))
    assert not verdict.is_held
