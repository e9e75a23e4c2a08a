"""The shared scan before the large constructions (``moderation.rules.prefilter``): a pattern
is skipped only where it cannot match, so skipping never changes a verdict."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from moderation.normalize import normalize
from moderation.rules import campaign, groups, intent, menace, prefilter
from moderation.views import letter_view

DATA = Path(__file__).resolve().parent.parent / "data"


def _gated() -> list[tuple[str, re.Pattern[str]]]:
    named = []
    for module in (intent, menace, groups, campaign):
        for name, value in vars(module).items():
            if isinstance(value, re.Pattern) and value in prefilter._GATED:
                named.append((f"{module.__name__}.{name}", value))
    return named


def _texts() -> list[str]:
    texts = []
    for name in ("moderation_dev.jsonl", "moderation_corpus.jsonl"):
        for line in (DATA / name).read_text(encoding="utf-8").splitlines():
            item = json.loads(line)
            for text in (item.get("title"), item.get("body")):
                if text:
                    texts.append(letter_view(normalize(text)).text)
    return texts


def test_every_large_construction_is_gated() -> None:
    names = {name.rsplit(".", 1)[1] for name, _ in _gated()}
    assert {"_SV_CLAUSE", "_EN_CLAUSE", "_GATE", "_OUTCOME", "_GRAVE", "_GROUP"} <= names


@pytest.mark.parametrize(("name", "pattern"), _gated(), ids=lambda value: str(value)[:40])
def test_a_skipped_pattern_never_matches(name: str, pattern: re.Pattern[str]) -> None:
    """Over the dev set and the corpus (threats, hate, dodges and clean debate alike)."""
    skipped = matched = 0
    for text in _TEXTS:
        if not prefilter.possible(pattern, text):
            skipped += 1
            assert pattern.search(text) is None, (name, text[:200])
        elif pattern.search(text):
            matched += 1
    # The gate does its work: most texts are skipped, and texts that match are not.
    assert skipped > len(_TEXTS) // 4, name


_TEXTS = _texts()


@pytest.mark.parametrize(
    ("pattern", "text", "possible"),
    [
        # Literals in sequence: both the modal and the outcome are needed.
        (r"(?:ska|kommer att) (?:\w+ )?(?:ångra sig|lida)", "du ska nog lida", True),
        (r"(?:ska|kommer att) (?:\w+ )?(?:ångra sig|lida)", "vi ska ses i morgon", False),
        (r"(?:ska|kommer att) (?:\w+ )?(?:ångra sig|lida)", "lida utan modalverb", False),
        # Character classes ("[åa]" for Swedish typed without å) spread into each spelling.
        (r"sl[åa] ihjäl", "jag ska sla ihjäl", True),
        (r"sl[åa] ihjäl", "jag ska slo ihjäl", False),
        # The edges of a word: "rep" is no "report".
        (r"(?<![^\W_])(?:rep|kniv)(?![^\W_])", "a report came", False),
        (r"(?<![^\W_])(?:rep|kniv)(?![^\W_])", "ta med ett rep.", True),
        (r"(?<![^\W_])(?:rep|kniv)(?![^\W_])", "rep", True),
        (r"(?<![^\W_])(?:rep|kniv)(?![^\W_])", "_rep_", True),  # "_" is an edge too
        # An emoji alone is telling; "\w+" or an optional part says nothing.
        ("[\U0001f52a\U0001f52b]", "ha en bra dag \U0001f52a", True),
        ("[\U0001f52a\U0001f52b]", "ha en bra dag", False),
        (r"\w+ (?:x)?", "anything at all", True),
        # Case is not folded: the texts are already lower case; IGNORECASE is never skipped.
        (r"(?i)kniven", "KNIVEN", True),
    ],
)
def test_conditions(pattern: str, text: str, possible: bool) -> None:
    compiled = prefilter.gated(re.compile(pattern))
    try:
        assert prefilter.possible(compiled, text) is possible
        if compiled.search(text):
            assert possible
    finally:
        del prefilter._GATED[compiled]
        prefilter._automaton.cache_clear()
        prefilter._found.cache_clear()


def test_an_unregistered_pattern_is_always_possible() -> None:
    assert prefilter.possible(re.compile("kniv"), "ingenting här")


def test_an_equal_pattern_compiled_again_is_gated_alike() -> None:
    """``possible`` finds a pattern by identity first (hashing a pattern reads its code); an
    equal one compiled again is found by value, as before."""
    compiled = prefilter.gated(re.compile(r"(?<![^\W_])knivhugga (?:dig|er)"))
    try:
        re.purge()
        again = re.compile(compiled.pattern)
        assert again is not compiled and again == compiled
        for pattern in (compiled, again):
            assert not prefilter.possible(pattern, "ingenting här")
            assert prefilter.possible(pattern, "jag ska knivhugga dig")
    finally:
        del prefilter._GATED[compiled]
        prefilter._automaton.cache_clear()
        prefilter._found.cache_clear()
