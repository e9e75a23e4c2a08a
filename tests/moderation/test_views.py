"""The letter and digit views: the dodges they undo, and the map back to what was typed."""

from __future__ import annotations

import pytest

from moderation import normalize
from moderation.views import digit_view, letter_view

ZW = "\u200b"


@pytest.mark.parametrize(
    ("typed", "folded"),
    [
        ("du är en 1d10t!", "du är en idiot!"),  # leetspeak keeps the exclamation mark
        ("h0ra", "hora"),
        ("du är en 1d107", "du är en idiot"),  # mostly digits
        ("4kt4 d1g", "akta dig"),
        ("väg E12 och 10 km till E4", "väg e12 och 10 km till e4"),  # roads and units stay
        ("@sshole and $hit", "asshole and shit"),
        ("@anna wrote", "@anna wrote"),  # a mention is not leetspeak
        ("i d i o t", "idiot"),
        ("i.d.i.o.t", "idiot"),
        ("i-d-i-o-t", "idiot"),
        ("j a g  v e t  v a r  d u  b o r", "jag vet var du bor"),  # wide gaps part words
        ("you're a s.l.u.t", "you're a slut"),  # one separator per run: the article stays
        ("idiooooot", "idiot"),
        ("jääääävla", "jävla"),
        ("\u0456d\u0456\u043et", "idiot"),  # Cyrillic і and о
        ("ΙΔΙΟΤ".lower(), "iδiot"),  # Greek ι, ο fold; δ has no Latin look-alike
        ("НОРА", "hopa"),  # Cyrillic capitals read as Latin letters
        (f"id{ZW}iot", "idiot"),
        ("vet\nvar du bor", "vet var du bor"),  # a line break inside a sentence
        ("vet.\n\nvar du bor", "vet.\n\nvar du bor"),  # a paragraph break stays
        ("vet  var  du  bor", "vet var du bor"),
        ("you\u2019ll regret", "you'll regret"),
    ],
)
def test_letter_view_undoes_dodges(typed: str, folded: str) -> None:
    assert letter_view(normalize(typed)).text == folded


@pytest.mark.parametrize(
    "plain",
    [
        "Vi vill ha fler bussar till Umeå.",
        "kl 10 på E4:an 2024",
        "t.ex. p.g.a. bl.a.",
        "Jag bor i å",
        "A, B och C",
        "Hotell 4 stjärnor och 1177",
    ],
)
def test_letter_view_leaves_ordinary_words_alone(plain: str) -> None:
    view = letter_view(normalize(plain))
    words = [word for word in plain.lower().split() if word.isalpha()]
    assert all(word in view.text for word in words)


@pytest.mark.parametrize(
    ("typed", "word"),
    [
        ("Du är en 1d10t.", "1d10t"),
        ("Vilken i d i o t du är", "i d i o t"),
        ("Du är en i.d.i.o.t!", "i.d.i.o.t"),
        ("Din idiooooot", "idiooooot"),
        (f"Du är en id{ZW}iot", f"id{ZW}iot"),
        ("Du är en \u0456d\u0456\u043et", "\u0456d\u0456\u043et"),
        ("Ｉｄｉｏｔ", "Ｉｄｉｏｔ"),
    ],
)
def test_spans_map_back_to_the_characters_typed(typed: str, word: str) -> None:
    view = letter_view(normalize(typed))
    start = view.text.index("idiot")
    original_start, original_end = view.original_span(start, start + len("idiot"))
    assert typed[original_start:original_end] == word


def test_swedish_four_is_offered_as_a_with_dots() -> None:
    view = letter_view(normalize("Br4nn n3r huset"))
    assert view.text == "brann ner huset"
    assert view.alternates == ("bränn ner huset",)


def test_plain_text_has_the_identity_map_and_no_alternates() -> None:
    view = letter_view(normalize("vanlig text"))
    assert (view.kept, view.alternates) == (None, ())


@pytest.mark.parametrize(
    ("typed", "digits"),
    [
        ("O7O-123 45 67", "070-123 45 67"),
        ("ring 0l0-1Ol 23", "ring 010-101 23"),
        ("hello 070", "hello 070"),  # words are left alone
        ("Olle", "olle"),
    ],
)
def test_digit_view_reads_letters_as_digits_inside_numbers(typed: str, digits: str) -> None:
    assert digit_view(normalize(typed)).text == digits
