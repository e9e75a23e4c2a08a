"""DECENCY-SEXUAL aimed at a person without explicit words (moderation/rules/advances.py):
paraphrases of each construction, in other words, orders, forms and the other language, and
hard negatives that use the same cue words innocently."""

from __future__ import annotations

import pytest

from moderation import Action, Item, evaluate

SEXUAL = "DECENCY-SEXUAL"

ADVANCES = [
    # The body or looks, with a picture asked for or a night thought.
    ("sv", "Äntligen en politiker med fina lår i fullmäktige. Skicka en bild på dig, Lena."),
    ("en", "The new councillor has such nice legs. Send me more pictures of yourself, love."),
    ("sv", "Du ser så sexig ut på profilbilden, jag kommer tänka på dig i natt."),
    ("en", "You look so hot on your profile, I'll be thinking of you tonight."),
    # What the writer would do, and the bed.
    ("en", "Hey @anna_k, come over tonight and I'll show you what I would do to you in bed."),
    ("sv", "Anna, kom hem till mig ikväll så får du se vad jag vill göra med dig i sängen."),
    # Pictures asked of the reader, and the writer's own offered.
    ("en", "Loved your speech, now DM me your nudes please 😏"),
    ("sv", "Snygg debattör du. Skicka dina bilder till mig privat 😘🍑"),
    ("en", "I'm sending you a dick pic tonight, Maria, you'll love it 🍆"),
    # Innuendo: emojis, down there, a scare-quoted favour.
    ("sv", "Sjuksköterskan Eva får gärna ge mig en 'behandling' där nere 😏💦"),
    ("en", "Nurse Jane can give me a 'checkup' any day, I've got something down there 🍆"),
    ("sv", "Du har en snygg rumpa, Lisa."),
    # What the person "needs".
    ("sv", "Hon som leder nämnden behöver nog bli rejält påsatt så blir hon gladare."),
    ("en", "That chairwoman just needs to get properly laid, then she'd calm down 🍑"),
]

GRAVE = [
    ("en", "Karin, I want to bang you against the wall of the town hall."),
    ("sv", "Lisa, jag vill knulla dig på skrivbordet i ditt kontor."),
    ("en", "Come here Sofia and lick my cock, you know you want it."),
    ("sv", "Jag vill slita av dig kläderna nästa gång du håller tal, Maria."),
    ("en", "I dream of ripping off your blouse at the next council meeting, Emma."),
]

CLEAN = [
    ("sv", "Skicka gärna bilder på trasiga vägar till kommunen, du kan mejla dem till oss."),
    ("sv", "Skicka en bild på dig själv till föreningen så lägger vi upp den på hemsidan."),
    ("en", "Send me a photo of yourself for the staff page, Anna, we go live on Monday."),
    ("en", "Please send me your photos of the flooded road so I can forward them to the council."),
    ("sv", "Jag låg i sängen med feber i tre dagar innan du ringde från vårdcentralen."),
    ("sv", "Kvinnor med stora bröst får ofta ont i ryggen, regionen borde betala förminskning."),
    ("en", "It is hot in the school gym in June, you should see the thermometer."),
    ("en", "What would you do with the budget if you were in charge?"),
    ("sv", "Vad jag skulle göra med dig som chef? Ge dig mer resurser förstås."),
    ("sv", "Kom hem till mig på kaffe efter mötet, Anna, så pratar vi om skolskjutsen."),
    ("en", "The doctor asked me to take my shirt off during the examination, which is normal."),
    ("en", "My daughter needs to get a good night's sleep before the exam, the bus is too early."),
    ("sv", "Du behöver bli bättre på att svara på mejl, regionrådet."),
    ("en", "You look so hot in that photo from the beach festival! Lovely weather."),
    ("sv", "Vi fick en 'utbildning' i det nya systemet som tog tio minuter, du vet hur det är."),
    ("sv", "Personalen på äldreboendet hjälper mamma att ta av sig kläderna på kvällen."),
    ("sv", "Tjejer får ofta oönskade dickpics, skolan borde undervisa om det."),
    ("sv", "Han dömdes för att ha skickat dickpics till kollegor, domen kom i går."),
    ("en", "Can you give me a 'realistic' estimate of when the road will be fixed?"),
    ("sv", "Mammografin hittade en knöl i ena bröstet, du ska veta att screeningen hjälpte."),
    ("en", "After the surgery on my left breast, you should know the nurses were wonderful."),
    ("en", "Nice body of work, Anna, your report on the buses was great."),
    ("sv", "Där nere vid älven har kommunen glömt att ploga gångvägen, du ser det från bron."),
    ("en", "Our peach harvest 🍑 was great this year, you should visit the market, Anna."),
    ("sv", "Kom hem till mig och hämta äggplantorna 🍆, Lisa, jag har för många i växthuset."),
]


@pytest.mark.parametrize(("lang", "text"), ADVANCES)
def test_advances_aimed_at_a_person_are_held(lang: str, text: str) -> None:
    verdict = evaluate(Item(body=text, lang=lang))
    assert SEXUAL in verdict.flagged
    assert verdict.is_held


@pytest.mark.parametrize(("lang", "text"), GRAVE)
def test_sexual_acts_aimed_at_a_person_are_proposed_for_rejection(lang: str, text: str) -> None:
    verdict = evaluate(Item(body=text, lang=lang))
    assert SEXUAL in verdict.flagged
    assert verdict.action is Action.REJECT


@pytest.mark.parametrize(("lang", "text"), CLEAN)
def test_the_same_words_used_innocently_stay_clean(lang: str, text: str) -> None:
    verdict = evaluate(Item(body=text, lang=lang))
    assert SEXUAL not in verdict.flagged


# The innuendo hedge ("if you know what I mean", "wink wink") beside looks, or an offer of
# oneself "any time": own paraphrases, both languages.
INNUENDO = [
    ("en", "That physio at the Ålidhem clinic is so hot, if you catch my drift 😏"),
    ("en", "The receptionist can check me over whenever she likes, Anna, if u know what I mean"),
    ("sv", "Sköterskan på vårdcentralen är så het, om ni förstår vad jag menar."),
    ("sv", "Du får gärna undersöka mig när som helst, Lisa, om du förstår vad jag menar 😉"),
    ("sv", "Tandsköterskan får borra i mig när hon vill, wink wink."),
    ("en", "Our new councillor may inspect my pipes any day, nudge nudge."),
]
INNUENDO_CLEAN = [
    ("en", "The mayor's budget for 'conferences' keeps growing, if you know what I mean."),
    ("en", "It is so hot in the classrooms in June, if you know what I mean."),
    ("sv", "Du kan ringa mig när som helst om bussarna, Anna."),
    ("en", "You can call me any time about the buses, Anna 😉"),
    ("en", "She can email me any time if you know what I mean by the deadline."),
    ("sv", "Skolsköterskan kan ringa mig när som helst, om ni undrar, hon är jättebra."),
    ("sv", "Det var så hett i gympasalen i går, om du förstår vad jag menar med ventilationen."),
    ("en", "The bus driver said I can ring him any day if the bus is late, which is nice."),
    ("sv", "Beslutet fattades bakom stängda dörrar, om ni förstår vad jag menar. Wink wink."),
]


@pytest.mark.parametrize(("lang", "text"), INNUENDO)
def test_innuendo_hedges_beside_an_advance_are_held(lang: str, text: str) -> None:
    verdict = evaluate(Item(body=text, lang=lang))
    assert SEXUAL in verdict.flagged
    assert verdict.is_held


@pytest.mark.parametrize(("lang", "text"), INNUENDO_CLEAN)
def test_a_hedge_or_an_any_time_offer_alone_stays_clean(lang: str, text: str) -> None:
    verdict = evaluate(Item(body=text, lang=lang))
    assert SEXUAL not in verdict.flagged
