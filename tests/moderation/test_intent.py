"""Threats, hate, incitement and defamation as constructions (issue 16): ``rules/intent.py``
(harm × modality × target in one clause), ``rules/menace.py`` (a menace told by two kinds of
parts), ``rules/groups.py`` (a protected group × a dehumanising predicate, coded control or a
call to expel), and the lemma entries behind defamation and incitement.

Positives, hard negatives and dodges are written here in the manner of the ``dev`` split; none
is copied from ``sealed``. Each construction is tested beside what must stay clean.
"""

from __future__ import annotations

import pytest

from moderation import Action, Item, evaluate
from moderation.analysis import FieldText
from moderation.normalize import normalize
from moderation.rules.groups import about_groups
from moderation.rules.intent import intended_harm
from moderation.rules.menace import menace
from moderation.types import TextField

THREAT = "LAW-THREAT"
HATE = "LAW-HATE"
INCITE = "LAW-INCITE"
DEFAMATION = "LAW-DEFAMATION"


def _field(body: str, lang: str) -> FieldText:
    return FieldText(TextField.BODY, normalize(body), lang)


def _held(body: str, lang: str) -> bool:
    return evaluate(Item(body=body, lang=lang)).action not in {Action.PUBLISH, Action.REDACT}


INTENDED = [
    # The author's plan, every inflection and without å, ä, ö.
    ("Jag ska slakta dig som en gris nästa gång vi ses.", "sv"),
    ("Vi kommer att skära halsen av varenda politiker i nämnden.", "sv"),
    ("Jag svär att jag ska krossa skallen på den där handläggaren.", "sv"),
    ("jag ska doda dig din javel", "sv"),
    ("Nästa gång du skriver nåt sånt så spöar jag upp dig.", "sv"),
    ("Vänta bara, vi tar dig en mörk kväll.", "sv"),
    # A condition and the author's verb second.
    ("Om de stänger skolan så skjuter jag hela skolstyrelsen.", "sv"),
    # A wish that someone does it.
    ("Någon borde ge kommunalrådet en kula i knäet.", "sv"),
    ("I'm going to break your neck next time I see you.", "en"),
    ("Keep talking and I'll smash your skull in.", "en"),
    ("i will strangle u with my bare hands", "en"),
    ("Someone should put a bullet in that mayor.", "en"),
]
INTENDED_CLEAN = [
    ("Vi borde skjuta upp beslutet till nästa möte.", "sv"),
    ("Vi ska ta hela frågan till fullmäktige.", "sv"),
    ("Jag ska inte slå någon, men jag är arg.", "sv"),
    ("Jag dödade tre flugor i köket i morse.", "sv"),
    ("We will kill this proposal before it reaches the council.", "en"),
    ("I'll shoot you an email with the minutes.", "en"),
    ("We're going to crush the opposition at the next election.", "en"),
    ("We will cut your taxes if we win.", "en"),
]


@pytest.mark.parametrize(("body", "lang"), INTENDED)
def test_harm_with_a_plan_and_a_person_is_a_threat(body: str, lang: str) -> None:
    assert intended_harm(_field(body, lang))
    assert THREAT in evaluate(Item(body=body, lang=lang)).flagged


@pytest.mark.parametrize(("body", "lang"), INTENDED_CLEAN)
def test_harm_aimed_at_a_thing_or_negated_is_not(body: str, lang: str) -> None:
    assert not intended_harm(_field(body, lang))


MENACES = [
    # A grave outcome said of a person.
    ("Överläkaren på akuten ska få lida för det han gjorde mot mamma.", "sv"),
    ("hoppas den där rektorn fortjanar att do, jag menar det", "sv"),
    ("You're going to wish you'd never been born, Sandra.", "en"),
    # An outcome with a condition or a wink.
    ("Om jag ser dig i byn igen så får du ta konsekvenserna.", "sv"),
    ("Bibliotekarien borde se sig om när hon låser på kvällarna. Bara ett tips.", "sv"),
    ("If I see you in the village again, you'll face the consequences.", "en"),
    # Presence with exposure; a weapon with a time.
    ("Jag väntar på honom vid ändhållplatsen i kväll, han vet varför.", "sv"),
    ("I'll be waiting at the staff exit when you close tonight.", "en"),
    # The person as a kind, and an accident foretold with a warning.
    ("Det finns gott om plats i skogen för folk som du.", "sv"),
    ("There's plenty of room in the woods for people like you.", "en"),
    ("The activists better stay out of the forest this season. Accidents happen 🎯", "en"),
]
MENACE_CLEAN = [
    ("Vi ses på mötet i kväll! Jag väntar utanför entrén med kaffe.", "sv"),
    ("Ni kommer att ångra er om ni inte söker bidraget i tid.", "sv"),
    ("Det sker olyckor på E12 varje vinter, om ni förstår hur dåligt den plogas.", "sv"),
    ("Accidents happen when the roads aren't sanded, you know that.", "en"),
    ("You should be careful on the ice tonight, it is thin near the inlet.", "en"),
    ("Jag fick ett mejl där det stod att jag ska få lida. Jag har polisanmält det.", "sv"),
]


@pytest.mark.parametrize(("body", "lang"), MENACES)
def test_a_menace_told_by_its_parts_is_a_threat(body: str, lang: str) -> None:
    assert menace(_field(body, lang))
    assert _held(body, lang)


@pytest.mark.parametrize(("body", "lang"), MENACE_CLEAN)
def test_one_part_of_a_menace_or_a_told_one_stays_published(body: str, lang: str) -> None:
    assert not menace(_field(body, lang))
    assert not _held(body, lang)


GROUP_HATE = [
    ("Muslimer är en sjukdom som sprider sig genom Europa.", "sv"),
    ("Romerna är en plåga för varje stad de kommer till.", "sv"),
    ("Somaliska män är djur, inget annat.", "sv"),
    ("Afghaner är inte människor.", "sv"),
    ("Judarna styr alla banker och medierna i det här landet.", "sv"),
    ("Bögarna borde skickas till en ö någonstans.", "sv"),
    ("Ut med alla somalier, nu.", "sv"),
    # Compounds, dodges and "de" after the group.
    ("Muslimjävlarna ska ut ur landet.", "sv"),
    ("S4m3rna e bara ett gäng snyltare", "sv"),
    ("Somalier har inget här att göra. De är som en sjukdom i förorten.", "sv"),
    ("Somalierna ar en pest i varje forort.", "sv"),
    ("The Jews control Hollywood and the banks.", "en"),
    ("Gays should all be locked up or thrown out.", "en"),
    ("Somalis are parasites living off our taxes.", "en"),
    ("Immigrants are vermin and should be treated as such.", "en"),
]
GROUP_CLEAN = [
    ("Många somalier i Umeå jobbar inom vården.", "sv"),
    ("Judarna förföljdes under kriget, det får vi aldrig glömma.", "sv"),
    ("Konspirationsteorier om att judar styr medierna sprids fortfarande.", "sv"),
    ("Invandrare är inte en pest, de är våra grannar.", "sv"),
    ("Flyktingarna ska ut på arbetsmarknaden så snart som möjligt.", "sv"),
    ("Samerna är rädda för att råttor sprider sig i förråden.", "sv"),
    ("Immigrants are vital for our healthcare workforce.", "en"),
    ("The myth that Jews control the banks is antisemitic and dangerous.", "en"),
    ("Refugees should be sent to the new housing in Vännäs, not to tents.", "en"),
]


@pytest.mark.parametrize(("body", "lang"), GROUP_HATE)
def test_hate_said_of_a_group_is_held(body: str, lang: str) -> None:
    assert HATE in evaluate(Item(body=body, lang=lang)).flagged


@pytest.mark.parametrize(("body", "lang"), GROUP_CLEAN)
def test_facts_condemnations_and_negations_about_groups_stay_clean(body: str, lang: str) -> None:
    assert not about_groups(_field(body, lang))
    assert not _held(body, lang)


ACCUSED = [
    ("Rektorn på Björkskolan i Lycksele har tafsat på flera elever, det vet alla.", "sv"),
    ("Kassören i föreningen, Mona Lind, har fifflat bort pengar i flera år.", "sv"),
    ("Polisen Johan Berg i Storuman trakasserar unga tjejer.", "sv"),
    ("Anders Nilsson på tekniska kontoret tar betalt under bordet av entreprenörerna.", "sv"),
    ("Dr Peter Hall at the clinic molests his patients.", "en"),
    ("The head of planning, Sara Lund, launders money through her husband's firm.", "en"),
    ("The mayor's assistant Lisa Holm takes kickbacks from contractors.", "en"),
]
NOT_ACCUSED = [
    ("Är det sant att kommunchefen tar betalt under bordet? Det borde granskas.", "sv"),
    ("Polisen utreder om någon har förfalskat protokollen.", "sv"),
    ("Nurse Anna Berg was robbed on her way home.", "en"),
    ("Councillor Dahl is accused of fiddling his expenses; the audit will tell.", "en"),
]


@pytest.mark.parametrize(("body", "lang"), ACCUSED)
def test_a_crime_stated_of_a_person_is_defamation(body: str, lang: str) -> None:
    assert DEFAMATION in evaluate(Item(body=body, lang=lang)).flagged


@pytest.mark.parametrize(("body", "lang"), NOT_ACCUSED)
def test_questions_investigations_and_victims_are_not(body: str, lang: str) -> None:
    assert DEFAMATION not in evaluate(Item(body=body, lang=lang)).flagged


CALLS = [
    ("Folk borde bara sabotera vindkraftverken, skruva loss bultarna en natt.", "sv"),
    ("Alla som är trötta på vargen: ta med geväret och skjut varenda en.", "sv"),
    ("Let's block the ambulances until they listen.", "en"),
    ("People should just burn down the wind turbines.", "en"),
]
NOT_CALLS = [
    ("Vi borde blockera förslaget i nämnden.", "sv"),
    ("Vi måste riva den gamla skolan och bygga nytt.", "sv"),
    ("Let's block out Thursday for the meeting.", "en"),
    ("People should burn less wood in the winter, the air is awful.", "en"),
]


@pytest.mark.parametrize(("body", "lang"), CALLS)
def test_calls_to_crime_are_incitement(body: str, lang: str) -> None:
    assert INCITE in evaluate(Item(body=body, lang=lang)).flagged


@pytest.mark.parametrize(("body", "lang"), NOT_CALLS)
def test_politics_and_chores_are_not(body: str, lang: str) -> None:
    assert INCITE not in evaluate(Item(body=body, lang=lang)).flagged


@pytest.mark.parametrize(
    ("body", "lang"),
    [
        ("Han hotade att döda henne, sade åklagaren i rätten.", "sv"),
        ("He threatened to shoot the councillor, the court heard.", "en"),
        ("Det här förslaget borde dödas i nämnden.", "sv"),
        ("The smoke from the fire will kill you slowly if you live near the mine.", "en"),
        ("Kill the engine before you refuel the snowmobile.", "en"),
    ],
)
def test_reported_passive_and_consequential_harm_is_not_a_threat(body: str, lang: str) -> None:
    assert THREAT not in evaluate(Item(body=body, lang=lang)).flagged
