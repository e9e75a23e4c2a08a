from __future__ import annotations

import random

import pytest

from moderation import normalize

INVISIBLES = [
    "\u200b",  # zero-width space
    "\u200c",  # zero-width non-joiner
    "\u200d",  # zero-width joiner
    "\u2060",  # word joiner
    "\ufeff",  # byte order mark
    "\u00ad",  # soft hyphen
    "\u200e",  # left-to-right mark
    "\u202e",  # right-to-left override
    "\u034f",  # combining grapheme joiner
    "\ufe0f",  # variation selector 16
    "\U000e0041",  # tag letter A
    "\u3164",  # Hangul filler
]


@pytest.mark.parametrize(
    ("original", "folded"),
    [
        ("Hej Världen", "hej världen"),
        ("ＩＤＩＯＴ １２３", "idiot 123"),  # fullwidth
        ("ﬁnt", "fint"),  # ligature
        ("Straße", "strasse"),
        ("a\u030a", "å"),  # decomposed, as macOS sends it
        ("Å\u0308", "å\u0308"),  # no precomposed form: stays decomposed
        ("x²", "x2"),
        ("811218\u00a09876", "811218 9876"),  # no-break space
        ("", ""),
    ],
)
def test_folds_nfkc_and_case(original: str, folded: str) -> None:
    assert normalize(original).text == folded


@pytest.mark.parametrize("invisible", INVISIBLES)
def test_removes_invisible_characters(invisible: str) -> None:
    assert normalize(f"id{invisible}iot").text == "idiot"


def test_text_of_only_invisible_characters_folds_to_nothing() -> None:
    normalized = normalize("\u200b\u200b")
    assert (normalized.text, normalized.original_span(0, 0)) == ("", (2, 2))


def test_unchanged_text_maps_to_itself() -> None:
    original = "vanlig text med åäö, 2024-05-12."
    normalized = normalize(original)
    assert normalized.text == original
    assert [normalized.original_span(i, i + 1) for i in range(len(original))] == [
        (i, i + 1) for i in range(len(original))
    ]


@pytest.mark.parametrize(
    ("original", "target", "expected"),
    [
        ("Ａ\u200bＢ idiot", "idiot", "idiot"),
        ("ﬁ\u200b ＸＸ a\u030ab ord", "ord", "ord"),
        ("a\u030ab ord", "åb", "a\u030ab"),
        ("x ＯＲＤ y", "ord", "ＯＲＤ"),
        ("x o\u200br\u200bd y", "ord", "o\u200br\u200bd"),
        ("Straße ord", "ord", "ord"),
        ("ﬁ", "i", "ﬁ"),  # half of a ligature maps to the whole ligature
        ("rad ett\nrad\u200b två\r\nord", "ord", "ord"),
    ],
)
def test_spans_map_back_to_the_original(original: str, target: str, expected: str) -> None:
    normalized = normalize(original)
    start = normalized.text.index(target)
    begin, end = normalized.original_span(start, start + len(target))
    assert original[begin:end] == expected


def test_empty_span_maps_to_a_point() -> None:
    normalized = normalize("ＡＢ")
    assert normalized.original_span(1, 1) == (1, 1)
    assert normalized.original_span(2, 2) == (2, 2)


def _random_text(seed: int) -> str:
    rng = random.Random(seed)
    alphabet = "aåÅbB 1２\u200bﬁß\u030a\nİ-\u00adΣ"
    return "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 60)))


@pytest.mark.parametrize("seed", range(40))
def test_map_is_monotone_and_every_character_comes_from_its_source(seed: int) -> None:
    original = _random_text(seed)
    normalized = normalize(original)
    previous = (0, 0)
    for index, char in enumerate(normalized.text):
        start, end = normalized.original_span(index, index + 1)
        assert previous[0] <= start < end <= len(original)
        assert char in normalize(original[start:end]).text
        previous = (start, end)
