"""PII-PNR: positive cases, hard negatives and dodges (legal-rules.md §3.1, §7.4).

Test numbers are built with ``with_check_digit`` below, an implementation of Skatteverket's
algorithm written apart from the one under test, and anchored on Skatteverket's own examples.
"""

from __future__ import annotations

import pytest

from moderation import Action, Item, TextField, evaluate
from moderation.rules.pnr import check_pnr
from tests.moderation.fields import CONTEXT, field_of


def check_digit(nine_digits: str) -> str:
    total = 0
    for position, digit in enumerate(nine_digits):
        product = int(digit) * (1 if position % 2 else 2)
        total += product // 10 + product % 10
    return str((10 - total % 10) % 10)


def with_check_digit(date: str, serial: str = "987", sep: str = "-") -> str:
    """A number with a valid check digit; ``date`` is YYMMDD or CCYYMMDD."""
    return f"{date}{sep}{serial}{check_digit(date[-6:] + serial)}"


def with_wrong_check_digit(date: str, serial: str = "987", sep: str = "-") -> str:
    wrong = (int(check_digit(date[-6:] + serial)) + 1) % 10
    return f"{date}{sep}{serial}{wrong}"


def found(text: str) -> list[str]:
    finding = check_pnr(field_of(text), CONTEXT)
    return [] if finding is None else [text[s:e] for s, e in finding.spans]


def test_helper_agrees_with_skatteverkets_examples() -> None:
    assert with_check_digit("811218", "987") == "811218-9876"
    assert with_check_digit("701063", "239") == "701063-2391"  # samordningsnummer example


POSITIVE = [
    pytest.param("811218-9876", id="10 digits, hyphen"),
    pytest.param("8112189876", id="10 digits, no separator"),
    pytest.param("811218 9876", id="10 digits, space"),
    pytest.param("811218+9876", id="10 digits, plus (aged 100+)"),
    pytest.param("19811218-9876", id="12 digits, hyphen"),
    pytest.param("198112189876", id="12 digits, no separator"),
    pytest.param("19811218 9876", id="12 digits, space"),
    pytest.param("19811218+9876", id="12 digits, plus"),
    pytest.param("811218–9876", id="en dash from a word processor"),
    pytest.param("701063-2391", id="coordination number (day + 60)"),
    pytest.param(with_check_digit("20000229"), id="29 Feb of leap year 2000"),
    pytest.param(with_check_digit("000229"), id="29 Feb, 10 digits, some century leap"),
    pytest.param(with_check_digit("000289"), id="coordination number on 29 Feb"),
    pytest.param(with_check_digit("18991231", "001"), id="century 18"),
    pytest.param(with_check_digit("20240131", "999"), id="century 20, last day of month"),
    pytest.param(with_check_digit("810430"), id="30 April"),
    pytest.param(with_check_digit("810191"), id="coordination 31 Jan + 60 = 91"),
]


@pytest.mark.parametrize("number", POSITIVE)
@pytest.mark.parametrize("template", ["{}", "Mitt personnummer är {}.", "({})", "x{}y"])
def test_flags_valid_numbers(number: str, template: str) -> None:
    assert found(template.format(number)) == [number]


HARD_NEGATIVES = [
    pytest.param(with_wrong_check_digit("811218"), id="wrong check digit"),
    pytest.param(with_wrong_check_digit("19811218", sep=""), id="wrong check digit, 12 digits"),
    pytest.param(with_check_digit("811318"), id="month 13"),
    pytest.param(with_check_digit("810018"), id="month 00"),
    pytest.param(with_check_digit("811200"), id="day 00"),
    pytest.param(with_check_digit("811232"), id="day 32"),
    pytest.param(with_check_digit("810431"), id="31 April"),
    pytest.param(with_check_digit("810229"), id="29 Feb of a year that is never leap"),
    pytest.param(with_check_digit("19000229"), id="29 Feb 1900"),
    pytest.param(with_check_digit("811260"), id="coordination day 0"),
    pytest.param(with_check_digit("811292"), id="coordination day 32"),
    pytest.param(with_check_digit("810491"), id="coordination 31 April"),
    pytest.param(with_check_digit("811218", "000"), id="serial 000"),
    pytest.param(with_check_digit("556036", "079"), id="organisation number 5560xx"),
    pytest.param(with_check_digit("212000", "014"), id="organisation number 2120xx"),
    pytest.param(with_check_digit("17811218"), id="century 17"),
    pytest.param("2024-05-12", id="ISO date"),
    pytest.param("2024-05-12–2024-06-01", id="date range"),
    pytest.param("20240512–20240601", id="compact date range"),
    pytest.param("240512 240601", id="two short dates"),
    pytest.param("ordernummer 1234567890", id="order number"),
    pytest.param("ordernummer " + with_wrong_check_digit("240512", "123", ""), id="order no."),
    pytest.param("070-123 45 67", id="mobile number"),
    pytest.param("+46 70 123 45 67", id="international mobile number"),
    pytest.param("08-123 456 78", id="Stockholm number"),
    pytest.param("12" + with_check_digit("811218"), id="digits before"),
    pytest.param(with_check_digit("811218") + "5", id="digits after"),
    pytest.param("9" + with_check_digit("19811218", sep=""), id="13-digit run"),
    pytest.param("811218 - 9876", id="spaced separator"),
    pytest.param("Bankgiro 5050-1055, plusgiro 90 20 01-9", id="giro numbers"),
    pytest.param("", id="empty"),
]


@pytest.mark.parametrize("text", HARD_NEGATIVES)
def test_does_not_flag_lookalikes(text: str) -> None:
    assert found(text) == []


def test_compact_phone_number_is_flagged_only_if_it_is_a_valid_number() -> None:
    # 070-123 98 7x reads as 23 January 2007 plus a serial; a tenth of such numbers pass.
    valid = with_check_digit("070123", "987", "")
    assert found(f"Ring {valid}") == [valid]
    assert found(f"Ring {with_wrong_check_digit('070123', '987', '')}") == []


@pytest.mark.parametrize(
    "text",
    [
        "Mitt personnummer är " + with_wrong_check_digit("811218"),
        "pnr: " + with_wrong_check_digit("811218", sep=""),
        with_wrong_check_digit("811218") + " är personnumret till min granne",
        "Hans samordningsnummer " + with_wrong_check_digit("701063", "239"),
    ],
)
def test_mistyped_number_next_to_a_keyword_is_flagged(text: str) -> None:
    assert len(found(text)) == 1


@pytest.mark.parametrize(
    "text",
    [
        "Mitt personnummer, som jag inte tänker skriva här, är hemligt: "
        + with_wrong_check_digit("811218"),
        "personnummer " + with_check_digit("811318"),
        "kundnummer " + with_wrong_check_digit("811218"),
    ],
)
def test_keyword_does_not_rescue_far_or_dateless_numbers(text: str) -> None:
    assert found(text) == []


def test_finds_every_number_in_a_text() -> None:
    text = "Jag 811218-9876, han 701063-2391 och hon 19811218 9876."
    assert found(text) == ["811218-9876", "701063-2391", "19811218 9876"]


def test_rejected_candidate_does_not_hide_a_following_number() -> None:
    assert found("240512 811218-9876") == ["811218-9876"]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        pytest.param("811\u200b218-98\u200b76", "811\u200b218-98\u200b76", id="zero-width"),
        pytest.param("811218\u2060-9876", "811218\u2060-9876", id="word joiner"),
        pytest.param("81121\u00ad8-9876", "81121\u00ad8-9876", id="soft hyphen"),
        pytest.param("８１１２１８-９８７６", "８１１２１８-９８７６", id="fullwidth digits"),
        pytest.param("811218\u00a09876", "811218\u00a09876", id="no-break space"),
        pytest.param("811218\u20139876", "811218\u20139876", id="en dash"),
    ],
)
def test_dodges_are_caught_and_spans_cover_the_original(text: str, expected: str) -> None:
    body = f"Hej! Mitt nummer: {text} tack."
    verdict = evaluate(Item(body=body))
    assert verdict.action is Action.REDACT
    (span,) = verdict.spans
    assert (span.field, body[span.start : span.end]) == (TextField.BODY, expected)
