"""Hate that generalises (rules/groups.py, rules/hate_claims.py): the group as a pronoun or
a collective ("såna som dom", "their kind"), in less common forms, compounds and masked
("judarnas", "zigenarpatrasket", "l*pparna"); dehumanising predicates beyond the listed ones
(animals in the singular, illness, dirt, "hör inte hemma här", "borde inte få föröka sig",
"låt dem försvinna"); crime said of the whole group; replacement talk and return migration
demanded; a group's places to burn; being LGBTQ called an illness; "ett parasitärt folk";
"in their culture to …"; an epithet in apposition ("these invaders"). Paraphrases of the
classes, in both languages, not copies of dev items. The hard negatives are history, news,
statistics debated lawfully, denials, a slur quoted to condemn it, and the same words about
things that are not people."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from moderation import Action, Item, evaluate
from moderation.pipeline import prepare
from moderation.rules import hate_claims
from moderation.rules.prefilter import possible
from moderation.types import PolicyContext

HATE = "LAW-HATE"

POSITIVES = [
    ("Såna som dom är ohyra och borde inte få föröka sig.", "sv"),
    ("Hela det folket är parasiter som lever på oss andra.", "sv"),
    ("Their kind are vermin, plain and simple.", "en"),
    ("Romerna borde inte få föröka sig.", "sv"),
    ("Roma should not be allowed to breed.", "en"),
    ("Samerna hör inte hemma i Sverige.", "sv"),
    ("Muslims don't belong here and never will.", "en"),
    ("Alla invandrare är kriminella och våldtäktsmän.", "sv"),
    ("All Muslims are terrorists, every last one.", "en"),
    ("Judarnas plan är att ersätta oss, de vill förstöra Sverige.", "sv"),
    ("The Jews are trying to replace white people with immigrants.", "en"),
    ("Judarna ligger bakom massinvandringen till Europa.", "sv"),
    ("Befolkningsutbytet pågår och ingen gör något. Återvandring nu!", "sv"),
    ("The great replacement is happening in every town in Norrland.", "en"),
    ("Vi kräver tvångsåtervandring av alla utlänningar.", "sv"),
    ("Varenda moské i Västerbotten borde brinna.", "sv"),
    ("That new mosque in Umeå should burn to the ground.", "en"),
    ("Bränn ner asylboendet innan fler kommer hit.", "sv"),
    ("Being gay is a mental illness and should be treated.", "en"),
    ("Homosexualitet är en sjukdom, inget annat.", "sv"),
    ("Trans people want special treatment. It's a mental disorder, nothing else.", "en"),
    ("Transpersoner ska inte få vård. Det är en psykisk störning.", "sv"),
    ("De har alltid varit ett parasitärt folk som lever på andra.", "sv"),
    ("They are an inferior race and everyone knows it.", "en"),
    ("Somalier ska inte vara här. Samla ihop dem och kör ut dem ur länet.", "sv"),
    ("Samerna har inget här att göra, låt dem försvinna som folk.", "sv"),
    ("Every one of those Eritreans is a cockroach.", "en"),
    ("Romerna är svin allihop.", "sv"),
    ("Funktionshindrade borde steriliseras allihop.", "sv"),
    ("Gipsies are dirt, send them back.", "en"),
    ("Zigenarpatrasket är en plåga för byn.", "sv"),
    ("Gay people are perverts and a danger to kids.", "en"),
    ("När vi tar tillbaka landet kommer alla synagogor i Sverige att brinna.", "sv"),
    ("Öppnar de ett flyktingboende här så kommer det nog att brinna, säger jag bara.", "sv"),
    ("If they open another asylum centre here it will burn, mark my words.", "en"),
    (
        "Those families simply don't care about school; it is in their culture "
        "to be lazy and to cheat.",
        "en",
    ),
    ("Det ligger i deras natur att stjäla, så är det bara med dom.", "sv"),
    ("Asylum seekers keep arriving by the busload. Keep our town free of these invaders.", "en"),
    ("Somalierna som kommit hit de senaste åren är genetiskt mindre intelligenta.", "sv"),
    ("The Roma who live by the station are biologically less intelligent than us.", "en"),
    ("Somalierna flyttar hit i mängder. Vi vill inte ha dessa parasiter här.", "sv"),
    ("m*slimerna ska ju alltid ha särskilda regler. dom är som råttor.", "sv"),
    ("j*ws control the banks, everyone knows it.", "en"),
]

HARD_NEGATIVES = [
    (
        "Utrikes födda är överrepresenterade i brottsstatistiken enligt BRÅ, "
        "det måste vi kunna diskutera.",
        "sv",
    ),
    ("En moské i Umeå brann i natt och polisen utreder mordbrand.", "sv"),
    ("Synagogan i Stockholm har fått hot om att den ska brinna.", "sv"),
    ("Nazisterna kallade judarna ett parasitärt folk, och det ledde till Förintelsen.", "sv"),
    ("Antisemitismen växer i Sverige och vi måste ta den på allvar.", "sv"),
    ("Many trans people have depression; it's a mental illness that needs proper care.", "en"),
    ("Homosexualitet var klassad som en sjukdom i Sverige fram till 1979.", "sv"),
    ("De där bussarna är smutsiga och borde bytas ut.", "sv"),
    ("Vargar hör inte hemma i renskötselområdet.", "sv"),
    ("Flyktingar som inte hör hemma någonstans behöver vårt stöd.", "sv"),
    ("Politikerna har svikit oss och borde avgå.", "sv"),
    ("The mayor wasted millions on the arena.", "en"),
    ("Samerna är inte kriminella, de är ett urfolk med rättigheter.", "sv"),
    ("Somaliska föreningen vill ersätta den gamla lokalen med en ny.", "sv"),
    ("We should burn less diesel in the buses.", "en"),
    ("Asylsökande hör inte hemma i tältläger, de behöver riktiga bostäder.", "sv"),
    ("Regionen borde erbjuda återvandringsbidrag till dem som själva vill flytta hem.", "sv"),
    ("Being trans is not a mental illness, says the WHO.", "en"),
    ("Judarna deporterades från Norge 1942.", "sv"),
    ("Ordet zigenare är nedsättande och ska inte användas.", "sv"),
    ("Kommer moskén i Umeå att få bygglov för minareten?", "sv"),
    ("The refugee centre burned down in 2015 and the arsonist was never found.", "en"),
    ("It is in their culture to celebrate with big family dinners, which I love.", "en"),
    ("Flyktingarna som bor här är rädda för råttor i källaren.", "sv"),
    ("Space Invaders was my favourite game as a kid.", "en"),
    ("Dessa parasiter i skogen angriper granarna, säger Skogsstyrelsen.", "sv"),
]


@pytest.mark.parametrize(("body", "lang"), POSITIVES)
def test_hate_about_a_group_is_held(body: str, lang: str) -> None:
    verdict = evaluate(Item(body=body, lang=lang))
    assert HATE in verdict.flagged
    assert verdict.action in (Action.REVIEW, Action.REJECT)


@pytest.mark.parametrize(("body", "lang"), HARD_NEGATIVES)
def test_history_news_and_debate_are_not_hate(body: str, lang: str) -> None:
    # Some hard negatives hold for another rule ("fått hot om att den ska brinna" reports a
    # threat, which LAW-THREAT weighs); none is hate.
    verdict = evaluate(Item(body=body, lang=lang))
    assert HATE not in verdict.flagged


def _texts() -> list[str]:
    data = Path(__file__).resolve().parents[1] / "data"
    bodies = [body for body, _ in POSITIVES + HARD_NEGATIVES]
    for name in ("moderation_dev.jsonl", "moderation_corpus.jsonl"):
        with (data / name).open(encoding="utf-8") as handle:
            bodies += [json.loads(line)["body"] for line in handle]
    return bodies


def test_the_scan_key_is_necessary() -> None:
    # ``_CLAIM`` and ``_ILLNESS`` run only where ``_CLAIM_KEY`` may match: wherever they
    # match, the key must pass (else a claim would be skipped).
    for body in _texts():
        for field in prepare(Item(body=body), PolicyContext()).fields:
            text = field.letters.text
            if hate_claims._CLAIM.search(text) or hate_claims._ILLNESS.search(text):
                assert possible(hate_claims._CLAIM_KEY, text), body
