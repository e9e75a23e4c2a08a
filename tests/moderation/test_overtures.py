"""DECENCY-SEXUAL: the cues of moderation/rules/overtures.py (advances aimed at a role or a
reader), in paraphrases of my own, and lawful texts that share their words."""

from __future__ import annotations

import pytest

from moderation import Action, Item, evaluate

SEXUAL = "DECENCY-SEXUAL"

HELD = [
    # A caring service wished on the writer, with the body or a hedge.
    ("sv", "Barnmorskan på BB, Lina, får gärna undersöka mig noggrant om ni fattar 😏"),
    ("en", "Nurse Jane on ward 4 can examine me properly any day, those legs 😉"),
    ("sv", "Läkaren på akuten kan få ge mig mun mot mun när som helst 😘"),
    # Looks, intensified or plural, with somewhere to take them.
    ("sv", "Kassörskan på Coop är så jävla het, skulle vilja ta henne bakom lagret 😏"),
    ("sv", "Tjejerna i receptionen är så heta, nån av dem kan sitta på mitt knä 😉"),
    # The body pointed at.
    ("sv", "Hon som skrev om vägarna, med den där rumpan borde du jobba på krogen istället 😉"),
    ("en", "The new bus driver has a tight little body, she can sit on my lap on the way home ;)"),
    # The lap or face, arousal.
    ("en", "@kim_votes skip the meeting and sit on my face, love"),
    ("sv", "Du som skrev om badhuset, sätt dig på mitt knä så får du känna hur glad jag blir 😏"),
    ("en", "Hey @ann_b, I'm hard just thinking about your speech, dm me 😘"),
    # Pictures to a private channel, with a wink.
    ("sv", "@sofie_k snygg profilbild, skicka några bilder i pm så röstar jag för ditt förslag 😉"),
    ("en", "@lena_r send a pic to my snap and I'll back your motion 😘"),
    # The person needs sex; on her knees for a post.
    ("sv", "Nämndordföranden ser ut att behöva ett ordentligt ligg, då kanske hon slutar bråka."),
    ("en", "The mayor clearly hasn't been properly laid in a decade, hence the parking fees."),
    ("sv", "Alla vet hur regionrådet Karin fick sitt jobb. På knäna."),
    ("en", "Those councillors should go down on their knees for us voters, Anna first."),
    # What is under the clothes, a hotel room, an act.
    ("en", "Ms Chair, I keep wondering what you have on under that blouse. My hotel room, 8pm?"),
    ("en", "I'd bend that smug councillor over the table and teach her a lesson, Emma knows."),
    ("sv", "Bibliotekarien Eva, jag har fantiserat om att ta henne bakom hyllorna."),
]

CLEAN = [
    # Care, told plainly.
    ("sv", "Läkaren fick undersöka mig två gånger innan de hittade felet, bra jobbat av akuten."),
    ("en", "The doctor had to examine me properly before the referral, which took three weeks."),
    ("sv", "Hon får gärna undersöka saken noggrant innan nämnden beslutar."),
    # Laps, knees and legs.
    ("sv", "Mitt barnbarn brukar sitta på mitt knä när vi läser sagor på biblioteket."),
    ("en", "My granddaughter sits on my lap on the bus because there are no free seats."),
    ("sv", "Hon fick sin tjänst efter tjugo år i nämnden. På knäna kröp vi inte för någon."),
    ("en", "The workers went down on their knees to lay the new floor at the school."),
    ("sv", "Jag har ont mellan benen efter skidloppet, finns det en sjukgymnast i Lycksele?"),
    # Heat, bodies and behinds.
    ("sv", "Det är så jävla varmt i bussen, den är så het att ingen vill åka."),
    ("sv", "Kaffet är så heta att man bränner sig, säger kunderna på fiket."),
    ("en", "Those tight little budgets will not cover the body of work the region needs."),
    ("sv", "Ta henne bakom scenen efter konserten, sa arrangören om sångerskan som svimmade."),
    ("en", "We should take one of them behind the depot to show how the chargers work."),
    # Pictures, rooms, nights.
    ("sv", "Skicka några bilder i pm på vägskadorna så tar jag med dem till nämnden."),
    ("en", "Please send a photo to my inbox of the pothole so I can report it."),
    ("en", "The conference was great, I worked on the budget in my hotel room all evening."),
    ("en", "I wonder what is under the new asphalt, the old road was full of holes."),
    ("sv", "Jag behöver en ny liggunderlag till fjällturen, tips?"),
    ("sv", "Vill du förstå? Om du förstår frågan, svara på enkäten."),
]


@pytest.mark.parametrize(("lang", "text"), HELD)
def test_an_advance_is_held(lang: str, text: str) -> None:
    verdict = evaluate(Item(title=None, body=text, lang=lang))
    assert verdict.action is not Action.PUBLISH, text
    assert SEXUAL in verdict.flagged, text


@pytest.mark.parametrize(("lang", "text"), CLEAN)
def test_lawful_text_with_the_same_words_is_not_sexual(lang: str, text: str) -> None:
    verdict = evaluate(Item(title=None, body=text, lang=lang))
    assert SEXUAL not in verdict.flagged, text
