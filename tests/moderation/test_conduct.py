"""Defamation by construction, round 3 (rules/conduct.py, people.py): medication misused,
papers falsified, sex for a post or with a pupil, drunk as a habit, a stigmatising illness,
stigma nouns and calls to prosecute; people by office ("kommunalrådet"), roles typed without
å, ä, ö ("overlakaren"), "Councillor Brandt", hyphenated given names. Own paraphrases of
the classes (other words, order, inflection, language), and hard negatives: questions,
opinions on decisions, news of convictions, the victim, one's own illness, work that is busy,
prices that are high."""

from __future__ import annotations

import pytest

from moderation import Action, Item, evaluate

DEFAMATION = "LAW-DEFAMATION"

POSITIVES = [
    # Medication misused.
    ("Sjuksköterskan på Backens äldreboende tar hem morfin från de boende varje vecka.", "sv"),
    ("Hemtjänstchefen i Bjurholm snor tabletter från brukarna och säljer dem.", "sv"),
    ("Distriktsläkaren i Åsele skriver ut oxikodon åt sig själv, det vet alla.", "sv"),
    ("Nattsköterskan på avdelning 5 drogar ner de gamla så att hon får sova.", "sv"),
    ("Förskolläraren på Solrosen ger barnen lugnande utan att föräldrarna vet.", "sv"),
    ("The care home manager in Vännäs steals morphine from the residents.", "en"),
    ("That GP in Lycksele, Dr Berg, keeps writing herself prescriptions for opioids.", "en"),
    ("The night nurse on ward 3 sedates the residents so she can sleep.", "en"),
    # Falsified papers, own pocket, off the books, leaks.
    ("Kassören i hembygdsföreningen, Ulla Nordström, har friserat räkenskaperna i åratal.", "sv"),
    ("Mäklaren Johan Strömberg har skrivit förfalskade intyg åt sina kunder.", "sv"),
    ("Föreståndaren på fritidsgården har stoppat hyresintäkterna i egen ficka.", "sv"),
    ("Fiskevårdsområdets ordförande Bengt Lundmark säljer laxen svart.", "sv"),
    ("Läkarsekreteraren på vårdcentralen läcker patientuppgifter till sin pojkvän.", "sv"),
    ("The site manager at the mine, Peter Holm, doctored the safety reports.", "en"),
    ("The building inspector signed off the permit in exchange for a secret kickback.", "en"),
    ("The receptionist at the health centre sold patient records to a journalist.", "en"),
    # Sex for a post, with a pupil or patient, a liking for children.
    ("Everyone knows the deputy head slept her way to the top.", "en"),
    ("The new headteacher only got the job because she sleeps with the chairman.", "en"),
    ("Läraren på Ålidhemsskolan har ihop det med en av sina elever.", "sv"),
    ("Fotbollstränaren i Robertsfors gillar de små killarna lite för mycket.", "sv"),
    ("The psychologist at the clinic had an affair with one of his patients.", "en"),
    # Drunk as a habit.
    ("Vaktmästaren Kjell Sundberg är alltid packad när han kommer till skolan.", "sv"),
    ("Chauffören på linje 8 är berusad varje morgon, jag har känt lukten.", "sv"),
    ("Overlakaren pa akuten ar full varenda nattpass.", "sv"),
    ("The school bus driver in Malå is drunk every single morning.", "en"),
    ("Our janitor is constantly drunk, ask anyone at the school.", "en"),
    # Illness said of someone.
    ("Kalle Lundström på Ersboda har HIV men säger inget till sina flickvänner.", "sv"),
    ("Busschauffören Mikael Öberg har schizofreni och borde inte köra.", "sv"),
    # Stigma nouns, calls to prosecute.
    ("Kyrkoherden i Vilhelmina är en sadist mot konfirmanderna.", "sv"),
    ("Grannen Per-Olof Nyberg borde polisanmälas för djurplågeri.", "sv"),
    ("Councillor Brandt should be prosecuted for what he did with the funds.", "en"),
    # Office and rumour frames.
    ("Kommunalrådet i Dorotea har tagit mutor av vindkraftsbolaget.", "sv"),
    ("Jag säger inga namn, men kassören i föreningen har förskingrat pengar.", "sv"),
    # Innuendo in a rumour: a relative's firm, a gift from a company, always the children.
    ("Alla vet varför bygglovschefen Eva Sjölund sa ja. Hennes bror äger byggfirman.", "sv"),
    ("Det är ingen hemlighet att regionrådet fick en motorbåt av vindkraftsbolaget.", "sv"),
    ("Funny how the planning officer always drives the young girls home after practice.", "en"),
    ("Intressant att scoutledaren i Vindeln alltid tar med sig småtjejerna på egna turer.", "sv"),
    # A sentence the letter view splits at a time ("22.10") or a line number ("20:an").
    ("Föraren på 7:an kl 07.45 från Ersboda körde rattfull i morse.", "sv"),
]

HARD_NEGATIVES = [
    # Questions and opinions on decisions.
    ("Har överläkaren på akuten skrivit ut för mycket lugnande? Vi borde få veta.", "sv"),
    ("Kommunalrådet fattade ett dåligt beslut om skolan och borde avgå.", "sv"),
    ("Regionrådet Anna Bergkvist har fel om vårdcentralen, förslaget är dåligt.", "sv"),
    ("Councillor Brandt's decision on the wind farm is a disgrace to democracy.", "en"),
    # News of convictions, the victim, one's own illness.
    ("En sjuksköterska i Umeå dömdes i dag för att ha stulit morfin från patienter.", "sv"),
    ("Sjuksköterskan fick sina tabletter stulna ur skåpet i natt.", "sv"),
    ("Jag har HIV och vill att regionen satsar mer på information.", "sv"),
    ("Min bror har schizofreni och får ingen hjälp av psykiatrin.", "sv"),
    ("Patienter som har HIV behöver en egen mottagning i Skellefteå.", "sv"),
    ("My daughter has bipolar disorder and the waiting list is a year long.", "en"),
    # Busy, high, full of ideas; sold things that are black.
    ("Rektorn är alltid full av idéer och vi älskar henne.", "sv"),
    ("Chauffören var helt klart påverkad av stressen med förseningarna.", "sv"),
    ("The nurse says the workload is always high every shift.", "en"),
    ("Grannen sålde sin bil, en gammal Volvo som var svart.", "sv"),
    ("Skolsköterskan ger barnen vaccin utan att det gör ont.", "sv"),
    ("The mayor agreed to sell the land in exchange for a payment of two million.", "en"),
    ("Rektorn betalade bussresan ur egen ficka, snällt gjort.", "sv"),
    ("The manager paid for the party out of his own pocket.", "en"),
    ("Ordföranden föreslår att den som förfalskar intyg ska polisanmälas.", "sv"),
    ("Vilken läkare som helst kan skriva ut sömntabletter.", "sv"),
    ("Läraren pratade med eleverna om sex och samtycke.", "sv"),
    ("The head of the council said the budget is drunk on optimism.", "en"),
    ("Alla vet varför rektorn sa nej: skolan har inte råd med fler lärare.", "sv"),
    ("Hennes bror äger en bilverkstad i Lycksele och han är jätteduktig.", "sv"),
    ("Föreningen fick en ny båt av företaget i våras, tack för det!", "sv"),
    ("Läraren tar alltid med sig eleverna ut i skogen på fredagar.", "sv"),
    ("The bus at 07.45 from Ersboda was full: the driver said the bus is always full.", "en"),
]


@pytest.mark.parametrize(("body", "lang"), POSITIVES)
def test_conduct_said_of_someone_is_held(body: str, lang: str) -> None:
    verdict = evaluate(Item(body=body, lang=lang))
    assert DEFAMATION in verdict.flagged
    assert verdict.action in (Action.REVIEW, Action.REJECT)


@pytest.mark.parametrize(("body", "lang"), HARD_NEGATIVES)
def test_questions_news_decisions_and_ones_own_illness_stay_clean(body: str, lang: str) -> None:
    verdict = evaluate(Item(body=body, lang=lang))
    assert DEFAMATION not in verdict.flagged, verdict.flagged
