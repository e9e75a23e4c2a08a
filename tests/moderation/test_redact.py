from __future__ import annotations

import pytest

from moderation import Item, Span, TextField, evaluate, redact


def pnr(start: int, end: int) -> Span:
    return Span(TextField.BODY, start, end, "PII-PNR")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("19811218-9876", "XXXXXXXX-XXXX"),
        ("811218-9876", "XXXXXX-XXXX"),
        ("811218 9876", "XXXXXX XXXX"),
        ("８１１２１８-９８７６", "XXXXXX-XXXX"),
    ],
)
def test_pnr_digits_are_masked_and_separators_kept(text: str, expected: str) -> None:
    assert redact(text, [pnr(0, len(text))]) == expected


def test_text_outside_the_spans_is_untouched() -> None:
    text = "Mitt nr 811218-9876, tack!"
    assert redact(text, [pnr(8, 19)]) == "Mitt nr XXXXXX-XXXX, tack!"


@pytest.mark.parametrize(
    "spans",
    [
        pytest.param([pnr(0, 8), pnr(4, 13)], id="overlapping"),
        pytest.param([pnr(0, 13), pnr(2, 5)], id="nested"),
        pytest.param([pnr(4, 13), pnr(0, 8), pnr(0, 13)], id="unordered duplicates"),
    ],
)
def test_overlapping_spans(spans: list[Span]) -> None:
    assert redact("19811218-9876 ok", spans) == "XXXXXXXX-XXXX ok"


def test_spans_outside_the_text_are_clamped_or_ignored() -> None:
    assert redact("ab 12", [pnr(-5, 4), pnr(40, 50), pnr(3, 2)]) == "ab X2"


def test_no_spans_returns_the_text() -> None:
    assert redact("811218-9876", []) == "811218-9876"


def test_unknown_rule_masks_everything_but_whitespace() -> None:
    manual = Span(TextField.BODY, 4, 15, "MODERATOR")
    assert redact("Bor Storgatan 1 i Lund", [manual]) == "Bor XXXXXXXXX X i Lund"


def test_published_copy_from_a_verdict_keeps_invisible_characters() -> None:
    body = "Ring inte, men mitt nr är 8112\u200b18-9876."
    verdict = evaluate(Item(body=body, title="Mitt nr 811218-9876"))
    assert redact(body, verdict.redactions_in(TextField.BODY)) == (
        "Ring inte, men mitt nr är XXXX\u200bXX-XXXX."
    )
    assert redact("Mitt nr 811218-9876", verdict.redactions_in(TextField.TITLE)) == (
        "Mitt nr XXXXXX-XXXX"
    )
