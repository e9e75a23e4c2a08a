"""Contact details and personal numbers end to end: PII-PHONE, PII-EMAIL, PII-ADDRESS and the
PII-PNR cases that ``test_pnr.py`` does not cover (legal-rules.md §7.4, PII-CONTACT, PII-PNR).

A private person's number or address is masked in the published copy (``redact``); the
contact details of an organisation or of an official at work stay as written. The personal
number rule is also checked against an independent validator, ``stdnum.se.personnummer``, on
random strings.

Cases marked ``xfail(strict=True)`` are realistic texts the engine gets wrong today; each
reason says what happens and what should.
"""

from __future__ import annotations

import random
import re

import pytest
from stdnum.se import personnummer

from moderation import Action, Item, TextField, Verdict, evaluate, redact

PHONE, EMAIL, ADDRESS, PNR = "PII-PHONE", "PII-EMAIL", "PII-ADDRESS", "PII-PNR"


def judge(text: str, lang: str | None = None) -> Verdict:
    return evaluate(Item(body=text, lang=lang))


def published(text: str, verdict: Verdict) -> str:
    """The copy readers see when the item is published."""
    return redact(text, verdict.redactions_in(TextField.BODY))


def spans_of(verdict: Verdict, rule_id: str, text: str) -> list[str]:
    return [text[s.start : s.end] for s in verdict.spans if s.rule_id == rule_id]


def defect(reason: str) -> pytest.MarkDecorator:
    """A realistic text the engine gets wrong today (listed in the test report)."""
    return pytest.mark.xfail(reason=reason, strict=True)


def check_digit(nine: str) -> str:
    """Skatteverket's Luhn check digit over YYMMDDNNN, written apart from the engine's."""
    total = 0
    for position, char in enumerate(nine):
        product = int(char) * (2 if position % 2 == 0 else 1)
        total += sum(divmod(product, 10))
    return str(-total % 10)


def test_check_digit_helper_matches_skatteverkets_example() -> None:
    assert check_digit("811218987") == "6"  # 811218-9876


# --- PII-PHONE ----------------------------------------------------------------------------------

PHONES = [
    pytest.param("Ring mig på {} så pratar vi.", "070-123 45 67", id="mobile"),
    pytest.param("Ring mig på {}.", "+46 70 123 45 67", id="international"),
    pytest.param("Mitt nummer är {}.", "0046701234567", id="00-prefix"),
    pytest.param("Ring Anna på {}.", "08-123 456 78", id="stockholm"),
    pytest.param("Ring mig på {}.", "0701234567", id="compact"),
    pytest.param("Mitt nummer: {}", "070–123 45 67", id="en-dash"),
    pytest.param("Ring min granne på {}.", "090-12 34 56", id="umea-landline"),
    pytest.param("Hon har nummer {}", "073 - 987 65 43", id="spaced-dash"),
    pytest.param("Call me on {}.", "+44 20 7946 0958", id="foreign"),
    pytest.param("Ring mig: {}", "0 7 0 1 2 3 4 5 6 7", id="spaced-digits"),
    pytest.param("Ring mig på {}.", "0７0-123 45 67", id="fullwidth-digit"),
]


@pytest.mark.parametrize(("template", "number"), PHONES)
def test_private_phone_numbers_are_masked(template: str, number: str) -> None:
    text = template.format(number)
    verdict = judge(text)
    assert PHONE in verdict.flagged
    assert verdict.action is Action.REDACT
    assert spans_of(verdict, PHONE, text) == [number]
    masked = re.sub(r"\d", "X", number)
    assert published(text, verdict) == template.format(masked)


def test_letters_for_digits_are_read_as_digits_and_the_digits_masked() -> None:
    text = "Ring mig på O7O-123 45 67."
    verdict = judge(text)
    assert (verdict.flagged, verdict.action) == ((PHONE,), Action.REDACT)
    assert spans_of(verdict, PHONE, text) == ["O7O-123 45 67"]
    copy = published(text, verdict)
    assert not any(char.isdigit() for char in copy)
    assert "123 45 67" not in copy


SPELLED_PHONES = [
    pytest.param("Ring mig på {}.", "noll sju noll ett två tre fyra fem sex sju", "sv", id="sv"),
    pytest.param(
        "Call me on {}.", "zero seven zero one two three four five six seven", "en", id="en"
    ),
]


@pytest.mark.parametrize(("template", "number", "lang"), SPELLED_PHONES)
def test_spelled_out_numbers_are_found(template: str, number: str, lang: str) -> None:
    text = template.format(number)
    verdict = judge(text, lang)
    assert (verdict.flagged, verdict.action) == ((PHONE,), Action.REDACT)
    assert spans_of(verdict, PHONE, text) == [number]


@pytest.mark.parametrize(("template", "number", "lang"), SPELLED_PHONES)
def test_spelled_out_numbers_are_masked_in_the_published_copy(
    template: str, number: str, lang: str
) -> None:
    text = template.format(number)
    assert number not in published(text, judge(text, lang))


NOT_PHONES = [
    pytest.param("Ring regionens växel 090-785 00 00.", id="region-switchboard"),
    pytest.param("Vårdcentralen nås på 090-123 45 67.", id="health-centre"),
    pytest.param("Ring 112 vid nödläge.", id="emergency"),
    pytest.param("Ring 1177 för sjukvårdsrådgivning.", id="1177"),
    pytest.param("Mötet är 2024-05-01 kl 18.", id="date"),
    pytest.param("Beslutet har Dnr RS 2024/123.", id="case-number"),
    pytest.param("Ärende 2023/1234-56 är avslutat.", id="case-number-with-suffix"),
    pytest.param("Ordernummer 1234567890 gäller.", id="order-number"),
    pytest.param("Fakturanummer 0701234567891 gäller.", id="long-invoice-number"),
    pytest.param("Befolkningen ökade från 270 000 till 275 000.", id="population"),
    pytest.param("Budgeten är 070 123 456 kr.", id="amount"),
    pytest.param("Tidtabellen: 07.10, 07.40, 08.10, 08.40, 09.10", id="timetable"),
    pytest.param("Betyget var noll, sju, noll, ett: dåligt.", id="few-number-words"),
]


@pytest.mark.parametrize("text", NOT_PHONES)
def test_organisation_numbers_and_other_figures_are_not_phone_numbers(text: str) -> None:
    verdict = judge(text)
    assert PHONE not in verdict.flagged
    assert verdict.action is Action.PUBLISH
    assert published(text, verdict) == text


# --- PII-EMAIL ----------------------------------------------------------------------------------

EMAILS = [
    pytest.param("Mejla mig på {} så pratar vi.", "anna.svensson@gmail.com", id="plain"),
    pytest.param("Mejla {}", "anna.svensson@GMAIL.COM", id="capitals"),
    pytest.param("Mejla mig: {}.", "anna_svensson+debatt@outlook.com", id="plus-tag"),
    pytest.param("Mejla grannen: {}", "kalle@telia.se", id="isp"),
    pytest.param("Skriv till {}", "anna [snabel-a] hotmail [punkt] se", id="snabel-a-punkt"),
    pytest.param("Write to {}", "john at hotmail dot com", id="at-dot-words"),
    pytest.param("Write to {}", "john (at) hotmail (dot) com", id="at-dot-brackets"),
    pytest.param("Write to {}", "john[at]hotmail[dot]com", id="at-dot-no-spaces"),
]


@pytest.mark.parametrize(("template", "address"), EMAILS)
def test_private_email_addresses_are_masked(template: str, address: str) -> None:
    text = template.format(address)
    verdict = judge(text)
    assert (verdict.flagged, verdict.action) == ((EMAIL,), Action.REDACT)
    assert spans_of(verdict, EMAIL, text) == [address]
    masked = re.sub(r"\S", "X", address)
    assert published(text, verdict) == template.format(masked)


def test_email_with_at_in_brackets_is_found() -> None:
    # The e-mail is found; that its domain also counts as a link is a defect tested in
    # test_rules_links_behaviour.py.
    text = "Skriv till anna (at) gmail.com"
    verdict = judge(text)
    assert EMAIL in verdict.flagged
    assert spans_of(verdict, EMAIL, text) == ["anna (at) gmail.com"]


NOT_EMAILS = [
    pytest.param("Skicka synpunkter till registrator@regionvasterbotten.se", id="registry"),
    pytest.param(
        "Kontakta handläggaren Eva Lund, eva.lund@regionvasterbotten.se", id="official-at-work"
    ),
    pytest.param("Frågor om bussarna: kundtjanst@tabussen.nu", id="role-mailbox"),
    pytest.param("Kontakta kalle.karlsson@vindelnkommun.se om bygglovet.", id="municipality"),
    pytest.param("At dawn, we met at Umeå station.", id="the-word-at"),
    pytest.param(
        "Kontakta handläggaren Eva Lund på eva.lund@umea.se om bygglovet.",
        id="official-of-umea-kommun",
    ),
]


@pytest.mark.parametrize("text", NOT_EMAILS)
def test_public_addresses_are_not_masked(text: str) -> None:
    verdict = judge(text)
    assert EMAIL not in verdict.flagged
    assert verdict.action is Action.PUBLISH


def test_book_now_at_a_web_address_is_not_an_email() -> None:
    verdict = judge("Book now at www.shop.info")
    assert EMAIL not in verdict.flagged
    assert "SPAM-LINK" in verdict.flagged


def test_a_private_email_among_public_ones_is_the_only_one_masked() -> None:
    text = "Skriv till registrator@regionvasterbotten.se, inte till kalle@gmail.com."
    verdict = judge(text)
    assert spans_of(verdict, EMAIL, text) == ["kalle@gmail.com"]
    assert published(text, verdict) == (
        "Skriv till registrator@regionvasterbotten.se, inte till XXXXXXXXXXXXXXX."
    )


# --- PII-ADDRESS --------------------------------------------------------------------------------

HOME_ADDRESSES = [
    pytest.param("Han bor på Björkvägen 12, 903 31 Umeå.", "Björkvägen 12, 903 31 Umeå", id="sv"),
    pytest.param(
        "Min granne Kalle bor på Björkvägen 12 och spelar musik hela nätterna.",
        "Björkvägen 12",
        id="sv-neighbour",
    ),
    pytest.param(
        "Hennes adress är Storgatan 5B, 903 25 Umeå.",
        "Storgatan 5B, 903 25 Umeå",
        id="sv-her-address",
    ),
    pytest.param("Lisa Johansson bor på Rönnvägen 3 i Vännäs.", "Rönnvägen 3", id="sv-named"),
    pytest.param("He lives at 12 Elm Street, so go and tell him.", "12 Elm Street", id="en"),
]


@pytest.mark.parametrize(("text", "address"), HOME_ADDRESSES)
def test_a_private_persons_home_address_is_held(text: str, address: str) -> None:
    verdict = judge(text)
    assert ADDRESS in verdict.flagged
    assert verdict.action is Action.REVIEW
    assert spans_of(verdict, ADDRESS, text) == [address]


NOT_HOME_ADDRESSES = [
    pytest.param("Regionens hus, Köpmangatan 14, har öppet till 16.", id="region-house"),
    pytest.param("Vårdcentralen på Storgatan 5 har för korta öppettider.", id="health-centre"),
    pytest.param("Mottagningen flyttar till Kungsgatan 48 i höst.", id="clinic-moves"),
    pytest.param("Bussen stannar på Storgatan 5 varje timme.", id="bus-stop"),
    pytest.param("Det byggs nya bostäder på Björkvägen 12.", id="building-site"),
    pytest.param("Jag bor i Umeå och vill ha fler bussar till Storgatan.", id="no-number"),
]


@pytest.mark.parametrize("text", NOT_HOME_ADDRESSES)
def test_public_and_non_residential_addresses_are_published(text: str) -> None:
    verdict = judge(text)
    assert ADDRESS not in verdict.flagged
    assert verdict.action is Action.PUBLISH


# --- PII-PNR extras -----------------------------------------------------------------------------

PNR_POSITIVE = [
    pytest.param("Samordningsnummer 19701063-2391.", "19701063-2391", id="coordination-12-digits"),
    pytest.param("Hans nummer är 197010632391.", "197010632391", id="coordination-12-no-sep"),
    pytest.param(
        f"pnr 53 09 29 – 98 3{check_digit('530929983')}",
        f"53 09 29 – 98 3{check_digit('530929983')}",
        id="pairs-with-keyword",
    ),
    pytest.param(
        f"Född 940521.862{check_digit('940521862')}",
        f"940521.862{check_digit('940521862')}",
        id="dotted",
    ),
    pytest.param(
        f"Född 19940521.862{check_digit('940521862')}",
        f"19940521.862{check_digit('940521862')}",
        id="dotted-12-digits",
    ),
]


@pytest.mark.parametrize(("text", "number"), PNR_POSITIVE)
def test_personal_numbers_in_other_spellings_are_masked(text: str, number: str) -> None:
    verdict = judge(text)
    assert (verdict.flagged, verdict.action) == ((PNR,), Action.REDACT)
    assert spans_of(verdict, PNR, text) == [number]
    assert published(text, verdict) == text.replace(number, re.sub(r"\d", "X", number))


PNR_NEGATIVE = [
    pytest.param("Organisationsnummer 556036-0793.", id="organisation-number"),
    pytest.param("Perioden 2024-05-01–2024-06-30 gäller.", id="date-range"),
    pytest.param("Perioden 2024-05-01 – 2024-06-30 gäller.", id="date-range-spaced"),
    pytest.param(f"53 09 29 – 98 3{check_digit('530929983')}", id="pairs-without-keyword"),
    pytest.param(
        f"Född 940521.862{(int(check_digit('940521862')) + 1) % 10}", id="dotted-wrong-check"
    ),
]


@pytest.mark.parametrize("text", PNR_NEGATIVE)
def test_personal_number_lookalikes_are_published(text: str) -> None:
    verdict = judge(text)
    assert PNR not in verdict.flagged
    assert verdict.action is Action.PUBLISH


def _random_candidate(rng: random.Random) -> str:
    """Ten digits, YYMMDD-NNNC: a third uniformly random, the rest with a real date and a
    random check digit, so that about one in ten of those is valid."""
    if rng.random() < 1 / 3:
        digits = "".join(rng.choice("0123456789") for _ in range(10))
    else:
        date = f"{rng.randrange(100):02d}{rng.randrange(1, 13):02d}{rng.randrange(1, 32):02d}"
        digits = f"{date}{rng.randrange(1000):03d}{rng.randrange(10)}"
    return f"{digits[:6]}-{digits[6:]}"


def _both_validators_apply(candidate: str) -> bool:
    """Where stdnum and the engine are meant to agree. Left out on purpose: coordination
    numbers (day + 60: the engine flags them as SPEC §3 asks, stdnum rejects them) and serial
    000 (never issued: the engine rejects it, stdnum accepts it if the check digit fits)."""
    return int(candidate[4:6]) <= 60 and candidate[7:10] != "000"


def _sample(size: int, seed: int) -> list[str]:
    rng = random.Random(seed)
    found: list[str] = []
    while len(found) < size:
        candidate = _random_candidate(rng)
        if _both_validators_apply(candidate):
            found.append(candidate)
    return found


def test_bare_numbers_are_flagged_exactly_when_stdnum_accepts_them() -> None:
    # No keyword ("pnr", "personnummer") near: with one, a wrong check digit is flagged too.
    # With "-" and 10 digits stdnum's century guess from today's date cannot matter: 29
    # February is valid in 19YY exactly when in 20YY, except YY = 00, which it reads as 2000.
    sample = _sample(2000, seed=20261101)
    disagreements = []
    for candidate in sample:
        flagged = PNR in judge(f"Referens {candidate} gäller.", "sv").flagged
        if flagged != personnummer.is_valid(candidate):
            disagreements.append((candidate, flagged))
    valid = sum(personnummer.is_valid(candidate) for candidate in sample)
    assert valid >= 100, "the sample must hold enough valid numbers to mean something"
    assert disagreements == []


@pytest.mark.parametrize(
    ("number", "engine", "stdnum"),
    [
        pytest.param(f"701063-239{check_digit('701063239')}", True, False, id="coordination"),
        pytest.param(f"811218-000{check_digit('811218000')}", False, True, id="serial-000"),
        pytest.param(f"17811218-987{check_digit('811218987')}", False, True, id="century-17"),
        pytest.param(f"000229+987{check_digit('000229987')}", True, False, id="plus-29-feb-1900"),
    ],
)
def test_known_differences_from_stdnum(number: str, engine: bool, stdnum: bool) -> None:
    """Where the engine departs from stdnum on purpose: coordination numbers are personal
    data; serial 000 is not issued; only centuries 18–20 are plausible; and without a
    century the engine accepts 29 February when some century makes it real, while stdnum
    guesses the century from today's date ("+": over 100, so 1900, not a leap year)."""
    assert (PNR in judge(f"Referens {number}.").flagged) is engine
    assert personnummer.is_valid(number) is stdnum


@pytest.mark.parametrize(
    "text",
    [
        "my number is +46 7O 174 O6 O9, call after 6",
        "Ring mig på O7O-174 O6 42 om ni vill hjälpa till.",
    ],
    ids=["international-letter-o", "letter-o-in-several-groups"],
)
def test_phone_numbers_with_letters_for_digits_in_several_groups(text: str) -> None:
    verdict = evaluate(Item(body=text))
    assert "PII-PHONE" in verdict.flagged
    published = redact(text, verdict.redactions_in(TextField.BODY))
    assert "174" not in published
