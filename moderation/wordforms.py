"""Word forms and compounds: what lets a word-list entry be a lemma.

``forms(lang)`` maps a lemma of the word lists to its inflected forms ("döda" → "dödade",
"dödat", …), read from ``rules/data/forms.<lang>.tsv``. ``is_lemma`` answers whether a Swedish
word is an ordinary word (a lemma of simplemma's Swedish dictionary, three letters or more),
read from ``rules/data/lemmas.sv.txt`` on first use; the compound analysis of
``moderation.lexicon`` uses it to tell "skitpolitiker" (skit + politiker) from "sexårs-
verksamhet" or "Kukkolaforsen". Both files are made by ``tools/build_wordforms.py``.
"""

from __future__ import annotations

from collections.abc import Mapping
from functools import cache, lru_cache
from importlib import resources
from types import MappingProxyType

__all__ = ["compound", "forms", "is_lemma", "phrase_forms"]

#: Swedish endings an ordinary word takes in a compound's last part ("politikerna").
_ENDINGS = (
    "arnas",
    "ernas",
    "ornas",
    "arna",
    "erna",
    "orna",
    "ens",
    "ets",
    "na",
    "en",
    "et",
    "ar",
    "er",
    "or",
    "n",
    "t",
    "a",
    "e",
    "s",
    "",
)
_MIN_PART = 3


def _read(name: str) -> str:
    return resources.files("moderation.rules").joinpath("data", name).read_text(encoding="utf-8")


@cache
def forms(lang: str) -> Mapping[str, tuple[str, ...]]:
    """Lemma → its inflected forms, for the single-word terms of ``lang``'s word list."""
    return _tables(lang)[0]


def phrase_forms(lang: str) -> Mapping[str, tuple[str, ...]]:
    """Lemma → its inflected forms as the first word of a phrase ("åker hem i en säck"):
    also the forms that are other words' lemmas, since the phrase decides."""
    return _tables(lang)[1]


@cache
def _tables(
    lang: str,
) -> tuple[Mapping[str, tuple[str, ...]], Mapping[str, tuple[str, ...]]]:
    try:
        text = _read(f"forms.{lang}.tsv")
    except FileNotFoundError:
        return MappingProxyType({}), MappingProxyType({})
    single: dict[str, tuple[str, ...]] = {}
    phrase: dict[str, tuple[str, ...]] = {}
    for line in text.splitlines():
        if not line or line.startswith("#"):
            continue
        lemma, own, extra = [*line.split("\t"), "", ""][:3]
        single[lemma] = tuple(own.split())
        phrase[lemma] = (*single[lemma], *extra.split())
    return MappingProxyType(single), MappingProxyType(phrase)


@cache
def _lemmas() -> frozenset[str]:
    return frozenset(
        line for line in _read("lemmas.sv.txt").splitlines() if line and not line.startswith("#")
    )


@lru_cache(maxsize=32_768)
def is_lemma(word: str) -> bool:
    """Whether ``word`` (lower case), or the word without a common ending, is a Swedish lemma."""
    lemmas = _lemmas()
    for ending in _ENDINGS:
        if ending and not word.endswith(ending):
            continue
        stem = word[: len(word) - len(ending)] if ending else word
        if len(stem) >= _MIN_PART and stem in lemmas:
            return True
    return False


# Cached: the same few thousand words come back in text after text, and the answer depends
# only on the word and the fixed lemma list.
@lru_cache(maxsize=32_768)
def compound(word: str, start: int, end: int) -> bool:
    """Whether ``word`` (lower case) is a compound of the listed part ``word[start:end]`` and
    ordinary words: the part first ("skit|vägen", "idiot|regionen") with an ordinary word
    after it, or last ("byråkrat|jävlar") with an ordinary word before it and at most an
    ending after. The whole word must not itself be an ordinary word ("hörapparat",
    "slutsats", "lappkast"); the other part has three letters or more, with or without the
    linking -s- ("idiots|politiker")."""
    before, after = word[:start], word[end:]
    if not before and not after:
        return False
    if is_lemma(word):
        return False
    if before and not _ordinary(before, linking_at_end=True):
        return False
    if after and not before:
        return _ordinary(after, linking_at_end=False)
    return True


def _ordinary(part: str, *, linking_at_end: bool) -> bool:
    if len(part) < _MIN_PART:
        return False
    if linking_at_end:
        lemmas = _lemmas()
        return part in lemmas or (part.endswith("s") and part[:-1] in lemmas)
    return is_lemma(part) or (part.startswith("s") and is_lemma(part[1:]))
