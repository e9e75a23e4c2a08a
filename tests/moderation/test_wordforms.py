"""Word forms and compounds (``moderation.wordforms``, ``tools/build_wordforms.py``).

A word-list entry is a lemma: its inflected forms come from simplemma's dictionary, written
into ``rules/data/forms.<lang>.tsv`` by the build script, and a listed insult, oath or slur is
also found as a part of a Swedish compound whose other part is an ordinary word.
"""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest

from moderation import Item, evaluate
from moderation.lexicon import lexicon_for
from moderation.wordforms import compound, forms, is_lemma

ROOT = Path(__file__).resolve().parents[2]


def _build_module():
    spec = importlib.util.spec_from_file_location(
        "build_wordforms", ROOT / "tools" / "build_wordforms.py"
    )
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_shipped_forms_are_what_the_build_script_makes() -> None:
    """Change a word list, run ``python tools/build_wordforms.py``: the files must match."""
    pytest.importorskip("simplemma")
    for name, content in _build_module().build().items():
        shipped = (ROOT / "moderation" / "rules" / "data" / name).read_text(encoding="utf-8")
        assert shipped == content, f"{name} is out of date: run tools/build_wordforms.py"


def test_forms_of_a_lemma() -> None:
    assert {"dödade", "dödar", "dödat"} <= set(forms("sv")["döda"])
    assert {"dinglar", "dinglade"} <= set(forms("sv")["dingla"])
    # A form that is another word's lemma is left out: "blöta" (to soak) is not "blöt".
    assert "blöta" not in forms("sv").get("blöt", ())


def found(text: str, lang: str = "sv") -> list[str]:
    return [text[m.start : m.end] for m in lexicon_for(lang).matches(text)]


@pytest.mark.parametrize(
    ("text", "word"),
    [
        ("hängde", "hängde"),
        ("dödade", "dödade"),
        ("kukarna", "kukarna"),
        ("idioterna", "idioterna"),
    ],
)
def test_an_inflected_form_matches_its_lemma(text: str, word: str) -> None:
    assert word in found(text)


@pytest.mark.parametrize(
    ("word", "start", "end", "expected"),
    [
        ("skitvägen", 0, 4, True),  # skit + vägen
        ("idiotregionen", 0, 5, True),
        ("idiotspolitiker", 0, 5, True),  # with the linking -s-
        ("byråkratjävlar", 8, 14, True),  # the listed word last
        ("hörapparat", 0, 3, False),  # an ordinary word of its own
        ("slutsats", 0, 4, False),
        ("lappkast", 0, 4, False),
        ("kukkolaforsen", 0, 3, False),  # the rest is no word
        ("fittja", 0, 4, False),
        ("sexårsverksamhet", 0, 3, False),
        ("skitxqz", 0, 4, False),
    ],
)
def test_compounds(word: str, start: int, end: int, expected: bool) -> None:
    assert compound(word, start, end) is expected


def test_ordinary_words_are_lemmas_with_or_without_an_ending() -> None:
    assert is_lemma("politikerna") and is_lemma("vägen")
    assert not is_lemma("xqzvägen")


@pytest.mark.parametrize(
    ("body", "rule_id"),
    [
        ("Helvetes skitväg, ingen plogar den.", "DECENCY-PROFANITY"),
        ("Byråkratjävlarna på regionen borde skämmas.", "DECENCY-INSULT"),
        ("Ni är en samling idiotpolitiker allihop.", "DECENCY-INSULT"),
    ],
)
def test_compounds_are_flagged(body: str, rule_id: str) -> None:
    assert rule_id in evaluate(Item(body=body, lang="sv")).flagged


@pytest.mark.parametrize(
    "body",
    [
        "Vi bor i Fittja och åker ofta till Kukkolaforsen på sommaren.",
        "Sexårsverksamheten behöver fler pedagoger.",
        "Min mormor behöver en ny hörapparat.",
        "Slutsatsen är att vi behöver fler bussar.",
        "Det blev ett lappkast i frågan om vindkraften.",
    ],
)
def test_place_names_and_ordinary_words_stay_clean(body: str) -> None:
    assert evaluate(Item(body=body, lang="sv")).flagged == ()


def test_english_texts_are_not_split_into_swedish_compounds() -> None:
    assert not lexicon_for("en").compounds
    assert lexicon_for("sv").compounds
