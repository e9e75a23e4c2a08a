"""The word lists: their file format, versions, and how terms match (word boundaries,
inflections, ``*`` prefixes, ``_`` gaps, language-local entries)."""

from __future__ import annotations

import random
import re

import pytest

from moderation import normalize
from moderation.lexicon import (
    LANGUAGES,
    Category,
    Entry,
    LexiconError,
    _compile_gapped,
    lexicon_for,
    lexicon_version,
    parse_lexicon,
)
from moderation.views import letter_view


def terms(text: str, lang: str | None = "sv", category: Category | None = None) -> list[str]:
    view = letter_view(normalize(text)).text
    return [
        view[m.start : m.end]
        for m in lexicon_for(lang).matches(view)
        if category is None or m.entry.category is category
    ]


@pytest.mark.parametrize(
    ("line", "message"),
    [
        ("idiot\tinsult", "expected term, category, severity"),
        ("idiot\tnonsense\t2", "unknown category"),
        ("idiot\tinsult\t4", "severity must be 1, 2 or 3"),
        ("idiot\tinsult\t2\tloud", "unknown flag"),
        ("Idiot\tinsult\t2", "lower case"),
        ("*x\tinsult\t2", "lower case and starts with a letter"),
        ("teach _\tthreat\t2", "'_' stands between words"),
    ],
)
def test_bad_lines_are_refused_with_file_and_line(line: str, message: str) -> None:
    with pytest.raises(LexiconError, match=message) as error:
        parse_lexicon(f"# version: t-1\n{line}\n", lang="sv", name="test.tsv")
    assert "test.tsv:2" in str(error.value)


def test_a_list_needs_a_version() -> None:
    with pytest.raises(LexiconError, match="version"):
        parse_lexicon("idiot\tinsult\t2\n", lang="sv", name="test.tsv")


def test_shipped_lists_parse_and_carry_versions() -> None:
    version = lexicon_version()
    assert all(f"{lang}-" in version for lang in LANGUAGES)
    for lang in (*LANGUAGES, None):
        lexicon = lexicon_for(lang)
        categories = {entry.category for entry in lexicon.entries}
        assert {Category.THREAT, Category.INSULT, Category.HATE_GROUP} <= categories


@pytest.mark.parametrize(
    "clean",
    [
        "Jag bor i Fittja och pendlar till Kukkolaforsen.",
        "Scunthorpe, Penistone and Middlesex have better buses.",
        "Sexårsverksamheten behöver fler platser.",
        "Min hörapparat behöver service.",
        "I slutet av året kommer slutsatsen.",
        "Fans of the team took the train.",
        "Analysen visar att vi behöver fler bussar.",
        "Jag fann en bättre väg.",
    ],
)
def test_profane_substrings_inside_words_do_not_match(clean: str) -> None:
    found = terms(clean, lang=None)
    assert not [t for t in found if t not in ("bor", "bor i")], found


@pytest.mark.parametrize(
    ("text", "term"),
    [
        ("idioten", "idioten"),  # Swedish definite form
        ("idioterna", "idioterna"),
        ("horan", "horan"),
        ("morons", "morons"),  # English plural
        ("jävlar", "jävlar"),  # a * term runs to the end of its word
    ],
)
def test_inflections_and_prefixes_match(text: str, term: str) -> None:
    assert term in terms(f"de där {text} alltså", lang=None)


def test_an_inflection_must_be_a_real_ending() -> None:
    assert "idiot" not in " ".join(terms("idiotiskt förslag", category=Category.INSULT))


def test_gaps_stand_for_one_to_three_words() -> None:
    assert terms("Someone should teach that councillor a lesson.", "en", Category.THREAT) == [
        "teach that councillor a lesson"
    ]
    assert not terms("teach a lesson", "en", Category.THREAT)
    assert not terms("teach one two three four a lesson", "en", Category.THREAT)


def _plain_gapped(entries: list[Entry]) -> re.Pattern[str]:
    """The gapped terms as one plain alternation, a named group per entry: what
    ``_compile_gapped`` must match exactly (it groups the branches by first character)."""
    branches = []
    for index, entry in enumerate(entries):
        parts = [re.escape(part) for part in " ".join(entry.term.split()).split(" _ ")]
        body = r"\s+(?:[^\W_][\w'’-]*\s+){1,3}".join(p.replace(r"\ ", r"\s+") for p in parts)
        branches.append(f"(?P<g{index}>{body})")
    return re.compile(r"(?<![^\W_])(?:" + "|".join(branches) + r")(?![^\W_])")


def test_gapped_terms_match_as_one_plain_alternation() -> None:
    rng = random.Random(3)
    fillers = ["och", "du", "the", "a", "x", "ä", "1", "_", "-", "ni er"]
    for lang in (*LANGUAGES, None):
        gapped = lexicon_for(lang)._evidence.gapped_entries
        entries = list(gapped.values())
        compiled, names = _compile_gapped(entries)
        assert compiled is not None and list(names.values()) == entries
        plain = _plain_gapped(entries)
        texts = []
        for _ in range(600):
            term = " ".join(rng.choice(entries).term.split())
            words = " ".join(rng.choice(fillers) for _ in range(rng.randint(0, 4)))
            text = term.replace(" _ ", f" {words} ").replace(" ", rng.choice([" ", "  ", "\n"]))
            texts.append(rng.choice(["", "x", " ", "ä", "."]) + text + rng.choice(["", "s", " "]))
        texts.append(" ".join(texts[:50]))
        assert sum(1 for text in texts for _ in plain.finditer(text)) > 50
        for text in texts:
            assert [(m.span(), m.lastgroup) for m in compiled.finditer(text)] == [
                (m.span(), m.lastgroup) for m in plain.finditer(text)
            ]


def test_local_entries_apply_only_in_their_own_language() -> None:
    # "slut" is an English slur and Swedish for "end"; "fan" is a Swedish oath.
    assert "slut" in terms("you slut", lang="en", category=Category.INSULT)
    assert "slut" not in terms("det är slut nu", lang="sv", category=Category.INSULT)
    assert "fan" in terms("fan också", lang="sv", category=Category.PROFANITY)
    assert "fan" not in terms("a big fan of buses", lang="en", category=Category.PROFANITY)


def test_other_languages_use_every_list() -> None:
    assert "idiot" in terms("du bist ein idiot", lang="de")
