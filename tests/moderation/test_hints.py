"""Threats told by hints (``rules/hints.py``): whereabouts known, a routine told with a
sign-off, private details held, misfortune and fire hinted, "hypothetically" with someone
waiting, weapon emoji with a clock. Own paraphrases beside hard negatives: safety arguments,
timetables, a relative's routine, fire-station debate, debate positions, news.
"""

from __future__ import annotations

import pytest

from moderation import Item, evaluate
from moderation.types import Verdict

THREAT = "LAW-THREAT"


def _verdict(body: str, lang: str) -> Verdict:
    return evaluate(Item(body=body, lang=lang))


HINTED = [
    # watched
    ("Vi vet precis när du går hem från kommunhuset och vilken väg du tar.", "sv"),
    ("Vi har koll på när var och en av er kör hem från sammanträdet.", "sv"),
    ("Jag vet vilken väg hon joggar på kvällarna, miljöchefen.", "sv"),
    ("Vet vi nu var ni parkerar, nämndledamöter.", "sv"),
    ("We know exactly what time she leaves the clinic, the director.", "en"),
    ("I know when he gets off his shift at the depot.", "en"),
    ("We know your children's names, Mr Lund. Reopen the school.", "en"),
    # routine with a sign-off, regret, mishap or fire
    (
        "Ordföranden rastar hunden vid badplatsen varje kväll, helt själv. Bara en iakttagelse.",
        "sv",
    ),
    ("Socialchefen tar samma väg hem varje dag vid femtiden. Bara så ni vet.", "sv"),
    (
        "The planning chief jogs along the river every evening at 21.30, on his own. Good to know.",
        "en",
    ),
    ("Your kids cycle to school every morning along the main road. Accidents happen.", "en"),
    # held details
    ("Vi har din adress och ditt registreringsnummer, kommunalrådet. Sov gott.", "sv"),
    ("We've got your home address and your car, councillor. Sleep tight.", "en"),
    # mishap or fire with a sign-off
    ("Till miljöchefen: olyckor händer i skogen under jakten. Bara en tanke.", "sv"),
    ("The chair should remember that accidents happen on dark roads. Just saying.", "en"),
    ("Fint trähus du har, rektorn. Trähus brinner så lätt. Vore synd om.", "sv"),
    ("Lovely cabin, councillor. Timber burns so fast in August. Would be a shame.", "en"),
    # hypothetical, emoji
    ("Rent hypotetiskt: om någon stod och väntade utanför hans hus med en kniv?", "sv"),
    ("Hypothetically, if someone were waiting outside her office with a knife...", "en"),
    ("@nämndordf 🔫⏳ snart", "sv"),
]

CLEAN = [
    (
        "Olyckor händer på isiga vägar varje vinter. Tänk på det innan ni drar ner på plogningen.",
        "sv",
    ),
    ("Accidents happen on icy roads every winter, so please keep the gritting budget.", "en"),
    ("Bussen går varje morgon halv sju, men den kommer ofta sent till Teg.", "sv"),
    (
        "Min mamma går hem genom elljusspåret varje kväll och det är mörkt där. Sätt upp "
        "belysning!",
        "sv",
    ),
    ("Trähus brinner fort när räddningstjänsten är 40 minuter bort. Behåll brandstationen.", "sv"),
    ("Wooden houses burn so fast that the fire station must stay open.", "en"),
    ("Vi vet var ni står i frågan om vindkraften, och vi håller inte med.", "sv"),
    ("Jag har ditt nummer från mötet, jag ringer dig om protokollet i morgon.", "sv"),
    ("Det vore synd om fler olyckor händer på vägen innan mitträcket kommer.", "sv"),
    ("We know when the buses leave, but the timetable is never kept.", "en"),
    ("Hypothetically, if the council closed the pool, where would the kids swim?", "en"),
    ("Polisen berättade att olyckor händer på den här vägen varje vinter.", "sv"),
    (
        "My dad walks the dog every morning at 6 and the path is dark. Just saying, we need lamps.",
        "en",
    ),
]


@pytest.mark.parametrize(("body", "lang"), HINTED)
def test_hinted_threats_are_held(body: str, lang: str) -> None:
    assert THREAT in _verdict(body, lang).flagged


@pytest.mark.parametrize(("body", "lang"), CLEAN)
def test_safety_timetables_and_debate_stay_clean(body: str, lang: str) -> None:
    assert THREAT not in _verdict(body, lang).flagged


RECKONING = [
    ("Den dagen folk får nog kommer ni i nämnden inte våga gå ut utan livvakter.", "sv"),
    ("The day this town snaps, you councillors will need bodyguards. Count on it.", "en"),
    ("Den dag ni stänger badet är dagen då ordföranden inte kan gå tryggt hem. Inget hot.", "sv"),
]

RECKONING_CLEAN = [
    ("Den dagen politiker inte kan gå utan livvakter är demokratin hotad.", "sv"),
    ("Den dagen skolan stängs kommer barnen inte kunna gå säkert hem längs riksvägen.", "sv"),
]


@pytest.mark.parametrize(("body", "lang"), RECKONING)
def test_a_day_of_reckoning_without_safety_is_held(body: str, lang: str) -> None:
    assert THREAT in _verdict(body, lang).flagged


@pytest.mark.parametrize(("body", "lang"), RECKONING_CLEAN)
def test_laments_and_school_roads_stay_clean(body: str, lang: str) -> None:
    assert THREAT not in _verdict(body, lang).flagged


INJURY = [
    ("Cross me again, pal, and ye'll no' be walkin' straight till Easter.", "en"),
    ("Keep fining my lads and you'll need a dentist, mate.", "en"),
    ("Reckon I'll knock his teeth out if he parks there again.", "en"),
    ("Säg till kontrollanten att ta med en tandläkare nästa gång vi ses.", "sv"),
    ("Jag ska se till att han aldrig går normalt igen, den där handläggaren.", "sv"),
]

INJURY_CLEAN = [
    ("Without the physio unit, they will not walk properly again after hip surgery.", "en"),
    ("Barnen behöver en tandläkare i Sorsele, inte tre timmar bort.", "sv"),
    ("Efter stroken fick min far hjälp så att han kan gå normalt igen.", "sv"),
]


@pytest.mark.parametrize(("body", "lang"), INJURY)
def test_an_injury_foretold_is_held(body: str, lang: str) -> None:
    assert THREAT in _verdict(body, lang).flagged


@pytest.mark.parametrize(("body", "lang"), INJURY_CLEAN)
def test_care_and_dentists_stay_clean(body: str, lang: str) -> None:
    assert THREAT not in _verdict(body, lang).flagged
