"""PII-PHONE, PII-EMAIL and SPAM-LINK read contact details the way people dodge them: numbers
spelled out, spaced, with dashes of every kind or mixed words and digits; addresses with a
bare "at" or a spaced "@"; domains with a spaced dot (issue 16). Hard negatives stay clean:
case, reference and order numbers, organisations' numbers, public-sector and role addresses,
sentences that only look like domains."""

from __future__ import annotations

import pytest

from moderation import Action, Item, evaluate


def _flagged(body: str, lang: str | None = None) -> tuple[str, tuple[str, ...]]:
    verdict = evaluate(Item(body=body, lang=lang))
    return verdict.action.value, verdict.flagged


PHONES = [
    # Spelled out, with tens and commas.
    "Ring min mamma: noll sju tre, sex ett åtta, tjugotvå, femtiofem",
    "his private phone is seven-oh, four-four-one, twenty-two, thirty-three. Call him.",
    # Words and digits mixed.
    "text me on zero seven two, 584 11 09 if you want to join",
    "call my mum: plus four six seven zero, 44 88 213",
    "sms:a Jenny på noll-sju-tre 44 19 82 O om ni vill vara med",
    # Spaced digits, en dashes.
    "ring Lasse: 07 0 – 2 3 4 – 5 6 – 7 8. han kör traktor",
    "Ring mig: 070 - 12 34 56 7",
    "Mitt nummer är o7o-123 45 67",
    # A person's own number beside their employer.
    "The wind company rep is Fredrik, his private mobile is 070 - 6 6 2 - 1 4 9 8.",
]
NOT_PHONES = [
    "Ärende noll sju två, 584 11 09 i diariet",
    "Ärendenummer noll sju noll ett två tre fyra fem sex sju",
    "Vårdcentralen nås på noll nio noll, sju åtta fem, nittiofem, noll noll",
    "Your reference is 0703-221144 in the complaints system",
    "Ordernummer 070 123 45 67 gäller din beställning",
    "Ring vårdcentralen på 090 – 785 95 00",
    "Det var noll grader, sju bussar, tre tåg och 12 34 56 78 resenärer",
    "Mötet är kl tjugo, sex av sju kom, noll beslut, 2024 12 05",
]


@pytest.mark.parametrize("body", PHONES)
def test_dodged_phone_numbers_are_masked(body: str) -> None:
    assert _flagged(body) == ("redact", ("PII-PHONE",))


@pytest.mark.parametrize("body", NOT_PHONES)
def test_reference_and_organisation_numbers_stay_clean(body: str) -> None:
    assert _flagged(body) == ("publish", ())


EMAILS = [
    "Maila mig på anna.svensson at gmail.com",
    "write to kalle at hotmail.se if you want the minutes",
    "mejla anna.svensson @ gmail . com",
    "skriv till anna.svensson snabel-a gmail punkt com",
    "Maila anna.svensson (at) gmail (dot) com",
    "email me: john.smith at gmail dot com",
]
NOT_EMAILS = [
    "Skriv till registrator@region.se",
    "Mejla kundservice at sj.se",
    "Tack @ anna. Se till att läsa förslaget först.",
    "Läs mer på www.regeringen.se och skatteverket.se",
    "We met at 5 at the station, then at svt.se's office.",
]


@pytest.mark.parametrize("body", EMAILS)
def test_dodged_addresses_are_masked_as_addresses_not_links(body: str) -> None:
    assert _flagged(body) == ("redact", ("PII-EMAIL",))


@pytest.mark.parametrize("body", NOT_EMAILS)
def test_role_and_public_addresses_and_mentions_stay_clean(body: str) -> None:
    assert _flagged(body) == ("publish", ())


@pytest.mark.parametrize(
    "body",
    [
        "Köp billigt på example . com idag!",
        "Köp billigt på example[.]com idag",
        "Besök example dot se för billiga piller",
        "Buy followers, 10k for $9.99 at growfast-social.io",
    ],
)
def test_spaced_and_dotted_domains_are_links(body: str) -> None:
    action, flagged = _flagged(body)
    assert action == Action.REVIEW.value and flagged == ("SPAM-LINK",)


@pytest.mark.parametrize(
    "body",
    [
        "Det är bra . Se till att bussen går i tid.",
        "Jag håller med . Nu måste regionen agera.",
        "Läs mer på 1177.se eller krisinformation.se",
    ],
)
def test_sentences_with_a_spaced_dot_are_not_links(body: str) -> None:
    assert _flagged(body, "sv") == ("publish", ())


@pytest.mark.parametrize(
    "body",
    [
        "Swisha 500 kr och få kod: t a n d b l e k . s h o p",
        "Köp CBD-olja med 50 % rabatt på c b d - h a l s a . s e",
        "70 % rabatt på j a k t - r e a . n u, kampanjkod VARG",
    ],
)
def test_domains_typed_a_letter_at_a_time_are_links(body: str) -> None:
    action, flagged = _flagged(body, "sv")
    assert action == Action.REVIEW.value and "SPAM-LINK" in flagged


@pytest.mark.parametrize(
    "body", ["Vi behöver a b c . d e f", "svaret är j a . n e j", "A B C . Det är enkelt."]
)
def test_spaced_letters_that_are_no_domain_stay_clean(body: str) -> None:
    assert _flagged(body, "sv") == ("publish", ())
