"""Defamation by construction, round 2 (rules/misconduct.py, people.roles_of_bodies): drunk on
the job, sexual interest in a child marked by age, money steered to a relative's firm, and a
role held in a named body ("föreningens kassör"). Own paraphrases of the classes (other
words, order, inflection, language), and hard negatives: busy jobs, full buses, stress at
work, news of a conviction, questions, school photos, ordinary family firms."""

from __future__ import annotations

import pytest

from moderation import Action, Item, evaluate

DEFAMATION = "LAW-DEFAMATION"

POSITIVES = [
    # Drunk on the job.
    ("Skolsköterskan på Ersängsskolan är packad i tjänsten nästan varje fredag.", "sv"),
    ("Alla vet att vaktmästaren i Malå dricker på arbetet.", "sv"),
    ("Hemtjänstchefen i Vindeln dök upp berusad till jobbet i måndags.", "sv"),
    ("Bussföraren Per Nyström kör alltid packad på nattlinjen.", "sv"),
    ("Tandläkaren i Sorsele jobbar onykter, det har flera patienter sett.", "sv"),
    ("The night nurse on ward 4 is drunk on duty most weekends.", "en"),
    ("That surgeon Erik Holm turned up hammered for his shift again.", "en"),
    ("Everyone knows the caretaker at Tegs school drinks at work.", "en"),
    # Sexual interest in a child.
    ("Tränaren i Bjurholms IF har ett förhållande med en femtonårig spelare, alla vet.", "sv"),
    ("Ryktet säger att vaktmästaren på Tegs skola är för nära flickorna i sjuan.", "sv"),
    ("Läraren på Hagaskolan skickar sexiga sms till killarna i nian.", "sv"),
    ("Kantorn i Vännäs har legat med en 14-årig tjej från kören.", "sv"),
    ("Ledaren på fritidsgården, han som heter Kent, tafsar på tjejerna i sexan.", "sv"),
    ("Rumour has it the youth leader in Bjurholm is grooming underage girls.", "en"),
    ("The swimming coach at the Umeå club had an affair with a 15-year-old pupil.", "en"),
    # Money steered to a relative's firm.
    ("Kommunalrådet Eva Lundström har slussat skattepengar till sin svågers åkeri-bolag.", "sv"),
    ("Ordföranden Lars Berglund gav hela uppdraget till ett bolag som ägs av hans svåger.", "sv"),
    ("The mayor moved the school budget to her husband's consultancy.", "en"),
    ("Councillor Lindqvist gave the snow clearing job to a company run by his cousin.", "en"),
    # A role of a named body.
    ("Föreningens kassör har förskingrat pengar, ni vet vem jag menar.", "sv"),
    ("Skolans rektor har slussat pengar till sin frus företag.", "sv"),
]

HARD_NEGATIVES = [
    ("Chauffören säger att bussen kör full varje morgon, vi behöver fler turer.", "sv"),
    ("Sjuksköterskan på avdelningen jobbar full tid och har fullt upp på jobbet.", "sv"),
    ("Rektorn blev påverkad av stressen på jobbet och sjukskrev sig.", "sv"),
    ("Min chef har hög arbetsbelastning på jobbet och ingen hjälp.", "sv"),
    ("The nurse was pissed off at work because of the new rota.", "en"),
    ("The doctor wasted hours at work on the new IT system.", "en"),
    ("Is the driver on line 20 drunk on duty? I only ask because he swerved.", "en"),
    ("En fritidsledare i Lycksele dömdes i går för sex med en 14-årig flicka.", "sv"),
    ("Läraren på Hagaskolan tog bilder på tjejerna i åttan under skoldansen.", "sv"),
    ("Skolsköterskan är intresserad av 13-åriga elevers sömnvanor.", "sv"),
    ("Vaktmästaren sov över med killarna i sexan på lägerskolan.", "sv"),
    ("The coach is interested in what teenage girls want from the club.", "en"),
    ("Läkaren gick till sin mans företag efter jobbet för att hjälpa till med bokföringen.", "sv"),
    ("The mayor's husband runs a consultancy; she declared it and left the vote.", "en"),
    ("Regionstyrelsens ordförande är ansvarig för beslutet och borde ompröva det.", "sv"),
    ("Hans chef dricker kaffe på jobbet hela dagarna.", "sv"),
]


@pytest.mark.parametrize(("body", "lang"), POSITIVES)
def test_misconduct_said_of_someone_is_held(body: str, lang: str) -> None:
    verdict = evaluate(Item(body=body, lang=lang))
    assert DEFAMATION in verdict.flagged
    assert verdict.action in (Action.REVIEW, Action.REJECT)


@pytest.mark.parametrize(("body", "lang"), HARD_NEGATIVES)
def test_work_buses_news_and_family_firms_stay_clean(body: str, lang: str) -> None:
    verdict = evaluate(Item(body=body, lang=lang))
    assert DEFAMATION not in verdict.flagged, verdict.flagged
