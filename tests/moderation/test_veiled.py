"""Veiled threats as constructions (rules/veiled.py, threats._harm_constructions): a wish that
something befalls someone, a person who will not leave on their own legs, a visit with more
than words on a condition, a warning or a search that ends its sentence, an accident with a
wink. Shaped like the ``dev`` split's threats (tests/data/moderation_dev.jsonl), not copied."""

from __future__ import annotations

import pytest

from moderation import Action, Item, evaluate

THREAT = "LAW-THREAT"

POSITIVES = [
    ("Vore tråkigt om ditt garage råkade ta eld en natt när ni sover.", "sv"),
    ("Fint hus du har, Berglund. Vore synd om något hände med det.", "sv"),
    ("Nice car, councillor. Shame if it went up in flames one night.", "en"),
    ("It would be a pity if that school had an accident during assembly.", "en"),
    ("Om bussen dras in så går du inte härifrån på egna ben, Lindqvist.", "sv"),
    ("Vote yes again and you won't be walking out of that hall on your own.", "en"),
    ("Om ni stänger BB så kommer jag till fullmäktige med något mer än plakat.", "sv"),
    (
        "If they cut the line again I'll show up at the depot with something more than a petition.",
        "en",
    ),
    ("Om de röstar ja tar jag med mig nåt som smäller till mötet.", "sv"),
    ("Det här är sista gången jag säger det. Ni har blivit varnade.", "sv"),
    ("Stop writing about the wolves. Consider yourself warned!", "en"),
    ("Handläggaren som stoppade bidraget ska få ångra sig. Vi hittar henne.", "sv"),
    ("Inventerarna borde hålla sig borta från våra skogar. Jaktolyckor händer.", "sv"),
    ("Those surveyors better stay out of the valley. Accidents happen.", "en"),
    ("du kommer att få en kula i skallen om du kommer hit igen", "sv"),
    ("det sista du skrev om skolan, du kommer att få en kula i huvet", "sv"),
    ("Hoppas någon ger rektorn ett ordentligt kok stryk efter mötet.", "sv"),
    ("ska spranga hela transformatorn med dig i", "sv"),
    ("If you value your safety you will drop this proposal.", "en"),
    ("Their house is next.", "en"),
]

DODGES = [
    ("vore trakigt om ditt hus rakade ta eld en natt", "sv"),
    ("Ni har blivit v a r n a d e.", "sv"),
]

HARD_NEGATIVES = [
    ("Det vore tråkigt om biblioteket försvann från byn.", "sv"),
    ("It would be a shame if the library closed.", "en"),
    ("It would be a shame if the old mill burned down, it is our history.", "en"),
    ("Om akuten stänger kommer du att dö på vägen till Umeå.", "sv"),
    ("Accidents happen when the roads aren't sanded, you know that.", "en"),
    ("Accidents happen on the E12 every winter, you know.", "en"),
    ("Jag kommer till mötet med något mer än klagomål: ett färdigt förslag.", "sv"),
    ("Det sker olyckor på E12 varje vinter, om ni förstår hur dåligt den plogas.", "sv"),
    ("Du skrev att vargen är farlig, men du kommer att få se att den är skygg.", "sv"),
    ("You have been warned about the ice on the lake by the municipality many times.", "en"),
    ("Ni kommer att ångra det här beslutet när skolan står tom.", "sv"),
    ("Han gick inte därifrån på egna ben efter olyckan, ambulansen fick hämta honom.", "sv"),
    ("My dad never came home from the mine in 1987, and the company never apologised.", "en"),
    ("Vi ska spränga budgeten om vi bygger en ny simhall.", "sv"),
    ("Vi hittar henne alltid i biblioteket på tisdagar.", "sv"),
    ("Hon skrev 'ni har blivit varnade.' i ett mejl till nämnden, och det polisanmäldes.", "sv"),
]


@pytest.mark.parametrize(("body", "lang"), POSITIVES + DODGES)
def test_veiled_threats_are_held(body: str, lang: str) -> None:
    verdict = evaluate(Item(body=body, lang=lang))
    assert THREAT in verdict.flagged
    assert verdict.action in (Action.REVIEW, Action.REJECT)


@pytest.mark.parametrize(("body", "lang"), HARD_NEGATIVES)
def test_what_only_looks_veiled_stays_published(body: str, lang: str) -> None:
    verdict = evaluate(Item(body=body, lang=lang))
    assert verdict.action is Action.PUBLISH, verdict.flagged


# Written for the issue from knowledge of how threats are phrased, not from any split.
PROBES = [
    ("Nästa gång jag ser dig på stan så får du stryk.", "sv"),
    ("Någon borde skjuta hela nämnden.", "sv"),
    ("Du ska veta att jag har vapenlicens.", "sv"),
    ("Jag lovar att du kommer att lida.", "sv"),
    ("Vi ses snart, Andersson. Du vet vad som väntar.", "sv"),
    ("En kula för varje politiker som röstade ja.", "sv"),
    ("Jag kommer att spåra upp dig.", "sv"),
    ("Du borde sova med ena ögat öppet.", "sv"),
    ("Om du inte drar tillbaka förslaget så vet du vad som händer.", "sv"),
    ("Jag ska knivhugga den jäveln.", "sv"),
    ("Snart brinner ert kommunhus.", "sv"),
    ("Vi kommer att göra ditt liv till ett helvete.", "sv"),
    ("Keep talking and see what happens.", "en"),
    ("Hang the traitors from the lampposts.", "en"),
    ("Your kids walk home alone, don't they?", "en"),
    ("Enjoy your last summer, councillor.", "en"),
    ("You won't see Christmas.", "en"),
    ("People like you end up in the river.", "en"),
    ("I'm going to find you and make you pay.", "en"),
    ("The mayor deserves a bullet.", "en"),
]

PROBE_NEGATIVES = [
    ("Nämnden borde skjuta upp beslutet till hösten.", "sv"),
    ("The board should kill this proposal before it costs more.", "en"),
    ("Jag lovar att ni inte kommer att ångra att ni röstar ja.", "sv"),
    ("I promise you will regret not coming to the meeting, it will be great.", "en"),
    ("Jag ska leta upp dig på mässan och ge dig broschyren.", "sv"),
    ("I'll find you the minutes, and the link to the recording.", "en"),
    ("Vet du vad som händer med budgeten nästa år?", "sv"),
    ("You know what happens when the roads are not ploughed: people crash.", "en"),
    ("Your kids can walk home alone if the school bus is cancelled.", "en"),
    ("Du kommer inte att se någon förbättring förrän nästa år.", "sv"),
    ("Enjoy your last summer holiday before school starts, kids!", "en"),
    ("Bara så du vet, jag har vapenlicens och jagar älg varje höst i Åsele.", "sv"),
    ("Sova med ena ögat öppet är vad alla föräldrar gör första året.", "sv"),
    ("Jag fick ett mejl där det stod att min familj inte är säker. Polisen utreder.", "sv"),
    ("Try the new bus app and see what happens to your commute, it is great.", "en"),
    ("The councillors should hang their heads in shame.", "en"),
]


@pytest.mark.parametrize(("body", "lang"), PROBES)
def test_threats_no_phrase_list_was_written_for(body: str, lang: str) -> None:
    verdict = evaluate(Item(body=body, lang=lang))
    assert THREAT in verdict.flagged


@pytest.mark.parametrize(("body", "lang"), PROBE_NEGATIVES)
def test_favours_advice_and_idioms_stay_published(body: str, lang: str) -> None:
    verdict = evaluate(Item(body=body, lang=lang))
    assert verdict.action is Action.PUBLISH, verdict.flagged


# A second probe: text-speak, dialect, death wishes, prophecies, warnings to move away.
PROBES_2 = [
    ("om ni lägger ner skolan så kommer ni få ångra er, vi vet vilka ni är", "sv"),
    ("ni i nämnden ska passa er, folk är arga och nån kommer göra nåt snart", "sv"),
    (
        "jag har tröttnat, nästa gång handläggaren ringer så åker jag dit och gör slut på henne",
        "sv",
    ),
    ("vänta bara tills jag får tag på dig Lundgren", "sv"),
    ("det blir din sista vinter i byn om du fortsätter så här", "sv"),
    ("en dag kommer någon att skjuta den där vargpolitikern och jag kommer inte sakna honom", "sv"),
    ("kommunalråd som du borde hängas upp i fötterna på torget", "sv"),
    ("akta dig för mörka parkeringar framöver", "sv"),
    ("jag ska se till att du aldrig kan gå igen", "sv"),
    ("du ska få se vad som händer när du minst anar det", "sv"),
    ("ska ni stänga bb så får ni räkna med att det smäller", "sv"),
    ("ja ska spöa dej när ja ser dej nästa gång", "sv"),
    ("tänk på att vi vet vilken skola dina barn går i", "sv"),
    ("hoppas du får cancer och dör", "sv"),
    ("Nån borde ge den där handläggaren en kula", "sv"),
    ("if u close the school ur gonna regret it, we know who u r", "en"),
    ("wait till I get my hands on you", "en"),
    ("this is your final warning", "en"),
    ("I hope you get cancer and die slowly", "en"),
    ("that planner deserves to be dragged out into the street", "en"),
    ("I'll break every bone in your body", "en"),
    ("you and your family should move before it's too late", "en"),
    ("nobody would miss you if you disappeared", "en"),
    ("i know what car u drive and where u park it", "en"),
    ("it's only a matter of time before someone shoots the wolf officer", "en"),
    ("we'll see how brave you are when we meet in person", "en"),
]

PROBE_NEGATIVES_2 = [
    ("Ni borde flytta mötet till torsdag innan det är för sent att boka lokalen.", "sv"),
    ("Passa er för halkan i backen vid skolan, den är inte sandad.", "sv"),
    ("Det blir din sista chans att lämna synpunkter, samrådet stänger fredag.", "sv"),
    ("This is your final warning that the consultation closes on Friday, the council wrote.", "en"),
    ("Jag hoppas att du får bättre vård nästa gång.", "sv"),
    ("I hope you never get cancer, screening saves lives.", "en"),
    ("Min pappa kan aldrig gå igen efter olyckan, och färdtjänsten fungerar inte.", "sv"),
    ("It's only a matter of time before someone gets hurt on that crossing.", "en"),
    ("Vi måste göra slut på köerna till BUP.", "sv"),
    ("En dag kommer någon att bygga en bro här, hoppas jag.", "sv"),
    ("I know what you mean about the buses, they are always late.", "en"),
    ("Nobody would miss the old bus shelter if it went.", "en"),
    ("Jag vet vilken buss du menar, den är alltid sen.", "sv"),
]


@pytest.mark.parametrize(("body", "lang"), PROBES_2)
def test_more_threats_no_phrase_list_was_written_for(body: str, lang: str) -> None:
    assert THREAT in evaluate(Item(body=body, lang=lang)).flagged


@pytest.mark.parametrize(("body", "lang"), PROBE_NEGATIVES_2)
def test_more_lawful_text_with_the_same_words_stays_published(body: str, lang: str) -> None:
    verdict = evaluate(Item(body=body, lang=lang))
    assert verdict.action is Action.PUBLISH, verdict.flagged


# A third probe: idioms of menace ("om du vet ditt eget bästa", "or else.").
PROBES_3 = [
    ("Dra tillbaka förslaget, annars smäller det.", "sv"),
    ("Vi har koll på dig och din familj.", "sv"),
    ("Jag ska göra dig illa.", "sv"),
    ("Vi kommer efter er, en efter en.", "sv"),
    ("Håll dig borta från byn om du vet ditt eget bästa.", "sv"),
    ("Nästa gång blir det inte bara ord.", "sv"),
    ("Du kan räkna med besök.", "sv"),
    ("Du ska få smaka på din egen medicin.", "sv"),
    ("Ni ska få ångra att ni föddes.", "sv"),
    ("Jag ska se till att du får det du förtjänar.", "sv"),
    ("Vi vet var du parkerar bilen.", "sv"),
    ("Ses vi i skogen så är det kört för dig.", "sv"),
    ("Withdraw the proposal or else.", "en"),
    ("We've got our eye on you and your family.", "en"),
    ("Stay away from the village if you know what's good for you.", "en"),
    ("Next time it won't just be words.", "en"),
    ("You'll get what you deserve.", "en"),
]

PROBE_NEGATIVES_3 = [
    ("Jag vill inte göra dig illa, men förslaget är dåligt.", "sv"),
    ("Tack för svaret. Allt väl annars.", "sv"),
    ("Hur är det annars?", "sv"),
    ("You can expect a visit from the inspector within two weeks.", "en"),
    ("Jag väntar på dig utanför biblioteket klockan tre.", "sv"),
    ("Tänk på dina barn innan du röstar ja, skolan behövs.", "sv"),
    ("Nothing else, or else I would have said so.", "en"),
    ("Vi har koll på dina synpunkter och svarar i veckan.", "sv"),
]


@pytest.mark.parametrize(("body", "lang"), PROBES_3)
def test_idioms_of_menace_are_threats(body: str, lang: str) -> None:
    assert THREAT in evaluate(Item(body=body, lang=lang)).flagged


@pytest.mark.parametrize(("body", "lang"), PROBE_NEGATIVES_3)
def test_the_same_words_in_lawful_text_stay_published(body: str, lang: str) -> None:
    verdict = evaluate(Item(body=body, lang=lang))
    assert verdict.action is Action.PUBLISH, verdict.flagged
