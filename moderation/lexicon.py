"""Word lists: versioned data files in ``rules/data/``, matched with Aho-Corasick on words.

One file per language, ``lexicon.<lang>.tsv``; its first lines carry ``# version: …`` and each
other line is ``term<TAB>category<TAB>severity[<TAB>flags]``:

- ``term`` is lower case and may hold several words ("vet var du bor"). A trailing ``*`` lets
  the last word go on ("jävl*" matches "jävla", "jävlar"); without it the term must end where
  the word ends, or, for nouns and adjectives (``INFLECTED`` categories), go on with a
  common inflection ending of its language ("idiot" matches "idioten", "idioterna"; "moron"
  matches "morons"). Either way a term starts at the start of a word, so "Fittja",
  "Kukkolaforsen", "Scunthorpe" and "sexårsverksamhet" do not match "fitt", "kuk", "cunt" or
  "sex". A ``_`` stands for one to three words ("teach _ a lesson").
- ``category`` names what the entry is evidence of (``Category``); the rules combine them.
- ``severity`` is 1 (mild), 2 (clear) or 3 (gross); the policy turns sums into actions.
- ``flags``, comma-separated: ``local`` keeps an entry to texts in the file's own language
  ("slut" is an English slur but Swedish for "end"; "fan" is a Swedish oath but an English
  supporter); ``person`` marks an insult that counts only when aimed at someone ("dum").

Every entry of every language is matched against a text, except the other languages'
``local`` entries, because Swedish posts borrow English swear words and vice versa.
Matching runs on ``views.letter_view``, so the dodges are already undone.

Admins add entries and exceptions at run time (``PolicySettings.lexicon_overrides``):
``lexicon_for(lang, overrides)`` compiles the shipped lists with them once per distinct set
and keeps the result, and its version gains the set's tag ("sv-2026.11.1+en-2026.11.1+p7").
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, replace
from functools import cache, lru_cache
from importlib import resources

import ahocorasick

from moderation.categories import Category
from moderation.lexicon_entries import (
    _ENDINGS,
    _FOLDED_CATEGORIES,
    _FOLDED_STOPLIST,
    _MIN_COMPOUND_PART,
    _MIN_INFLECTED,
    _NO_DIACRITICS,
    _WORD_REST,
    COMPOUNDING,
    CONTEXT,
    LANGUAGES,
    Entry,
    LexiconError,
    Match,
    parse_addition,
    parse_lexicon,
)
from moderation.lexicon_masked import (
    _MASKED_WORD,
    _MIN_MASKED,
    MASKABLE,
    _dashed_words,
    _masked,
)
from moderation.types import LexiconOverrides
from moderation.wordforms import compound, forms, phrase_forms

__all__ = [
    "CONTEXT",
    "LANGUAGES",
    "Category",
    "Entry",
    "Lexicon",
    "LexiconError",
    "Match",
    "effective_version",
    "first_names",
    "lexicon_for",
    "lexicon_version",
    "parse_addition",
    "parse_lexicon",
]


@dataclass(frozen=True, slots=True, eq=False)
class _Compiled:
    automaton: ahocorasick.Automaton
    #: Terms with a "_" gap, as one alternation with a named group per entry.
    gapped: re.Pattern[str] | None
    gapped_entries: dict[str, Entry]
    #: Single words of the ``MASKABLE`` categories by first letter, for masked dodges.
    masked: dict[str, tuple[tuple[str, Entry], ...]]


@dataclass(frozen=True, slots=True, eq=False)
class Lexicon:
    """The entries that apply to texts in one language, compiled for matching.

    Two sets: the *evidence* categories, matched in every text, and the *context*
    categories (``CONTEXT``: who a word is aimed at, who is named, what is reported, …),
    matched only when a rule has evidence and asks about its context. Short context words
    ("du", "er", "ni") occur inside most words; not looking for them saves most of the work.
    """

    lang: str
    version: str
    entries: tuple[Entry, ...]
    _evidence: _Compiled
    _context: _Compiled
    #: (word, language) pairs that never match (``LexiconException``).
    exceptions: frozenset[tuple[str, str]] = frozenset()
    #: Whether listed words also match inside Swedish compounds (texts in Swedish or in an
    #: unknown language).
    compounds: bool = False

    def matches(
        self, text: str, joined: Sequence[tuple[int, int]] = (), *, context: bool = False
    ) -> Iterator[Match]:
        """Every entry (of the evidence or, with ``context``, the context categories) that
        starts at a word start and ends at a word end (or, for a ``*`` term, runs on to the
        end of its word); overlapping matches are all kept. Inside ``joined`` stretches
        (spaced-out letters run together) a term of four or more letters matches anywhere:
        "idiotidiot" holds "idiot" twice. A matched word that is an exception is left out."""
        found = self._find(text, joined, context)
        if not self.exceptions:
            return found
        return (m for m in found if not self.excepted(text[m.start : m.end], m.entry.lang))

    def excepted(self, term: str, list_lang: str) -> bool:
        """Whether an admin excepted ``term``: in its own list, or in texts of this language."""
        return (term, list_lang) in self.exceptions or (term, self.lang) in self.exceptions

    def _find(self, text: str, joined: Sequence[tuple[int, int]], context: bool) -> Iterator[Match]:
        compiled = self._context if context else self._evidence
        gap_heads = False
        size = len(text)
        for last, (length, found, gap_head, tails, goes_on) in compiled.automaton.iter(text):
            end = last + 1
            start = end - length
            # str.isalnum is the word-character test of the patterns here ([^\W_]), at a
            # fraction of the cost of a regular-expression call.
            if start > 0 and text[start - 1].isalnum():
                # Inside a word: most hits of short terms ("du", "er") end here.
                if joined and length >= _MIN_INFLECTED and _inside(joined, start, end):
                    gap_heads = gap_heads or gap_head
                    yield from (Match(start, end, entry) for entry in found)
                elif tails and self.compounds:
                    yield from _compound_tails(text, start, end, tails)
                continue
            gap_heads = gap_heads or gap_head
            at_word_end = end == size or not text[end].isalnum()
            if not at_word_end and not goes_on:
                continue  # none of the entries can match part of a longer word
            rest = "" if at_word_end else _rest_of_word(text, end)
            for entry in found:
                if at_word_end:
                    yield Match(start, end, entry)
                elif entry.prefix or (entry.inflects and rest in _ENDINGS[entry.lang]):
                    yield Match(start, end + len(rest), entry)
                elif (
                    self.compounds
                    and entry.category in COMPOUNDING
                    and length >= _MIN_COMPOUND_PART
                    and compound(text[start : end + len(rest)], 0, length)
                ):
                    # "skitvägen", "idiotregionen": the listed word heads a compound.
                    yield Match(start, end + len(rest), entry, compound=True)
        # Letters hidden behind "*", "#" or a dash ("f*n", "j*vla", "f***ing", "h-vete").
        if compiled.masked:
            if "*" in text or "#" in text or "•" in text:
                yield from _masked(text, compiled.masked, _MASKED_WORD.finditer(text))
            elif "-" in text:
                yield from _masked(text, compiled.masked, _dashed_words(text))
        # Terms with a gap need a regular expression; it runs only when the longest part of
        # one of them is in the text.
        if gap_heads and compiled.gapped is not None:
            for found_gap in compiled.gapped.finditer(text):
                if found_gap.lastgroup is not None:
                    entry = compiled.gapped_entries[found_gap.lastgroup]
                    yield Match(found_gap.start(), found_gap.end(), entry)


def _compound_tails(
    text: str, start: int, end: int, candidates: Sequence[Entry]
) -> Iterator[Match]:
    """A listed word as the last part of a compound ("byråkratjävlar", "pk-idioten" is two
    words already): an ordinary word before it, at most an ending (or a ``*`` term's
    continuation) after it. ``candidates``: the entries found that may end a compound
    (``_tails``)."""
    word_start = start
    while word_start > 0 and start - word_start < _MAX_MODIFIER and text[word_start - 1].isalnum():
        word_start -= 1
    if word_start > 0 and text[word_start - 1].isalnum():
        return  # a "word" longer than any compound
    at_word_end = end == len(text) or not text[end].isalnum()
    rest = "" if at_word_end else _rest_of_word(text, end)
    for entry in candidates:
        if rest and not (entry.prefix or rest in _ENDINGS[entry.lang]):
            continue
        word = text[word_start : end + len(rest)]
        if compound(word, start - word_start, len(word)):
            yield Match(word_start, end + len(rest), entry, compound=True)


_MAX_MODIFIER = 30


def _inside(regions: Sequence[tuple[int, int]], start: int, end: int) -> bool:
    return any(low <= start and end <= high for low, high in regions)


def _rest_of_word(text: str, end: int) -> str:
    rest = _WORD_REST.match(text, end)
    word = rest.group() if rest else ""
    # An English possessive ("moron's") continues the word past the apostrophe.
    if text.startswith("'s", end):
        return "'s"
    return word


_GAP = r"\s+(?:[^\W_][\w'’-]*\s+){1,3}"


def _compile_gapped(entries: list[Entry]) -> tuple[re.Pattern[str] | None, dict[str, Entry]]:
    """One alternation of every gapped term, with the entry's name as an empty group at the
    end of its branch (``lastgroup``). The branches are grouped by their first character,
    which comes before the word-start test, so that the engine skips to the characters that
    can start a term instead of trying every branch everywhere; within a group the branches
    keep their order, so the same branch wins where several could match."""
    if not entries:
        return None, {}
    names = {f"g{index}": entry for index, entry in enumerate(entries)}
    by_first: dict[str, list[str]] = {}
    for name, entry in names.items():
        term = " ".join(entry.term.split())
        parts = [re.escape(part) for part in term.split(" _ ")]
        body = _GAP.join(part.replace(r"\ ", r"\s+") for part in parts)
        first = re.escape(term[0])
        by_first.setdefault(first, []).append(f"{body.removeprefix(first)}(?P<{name}>)")
    groups = [
        f"{first}(?<![^\\W_]{first})(?:{'|'.join(rests)})" for first, rests in by_first.items()
    ]
    pattern = re.compile("(?:" + "|".join(groups) + r")(?![^\W_])")
    return pattern, names


def lexicon_for(lang: str | None, overrides: LexiconOverrides | None = None) -> Lexicon:
    """The compiled word list for texts in ``lang`` (``None`` or another language: all),
    with an admin's additions and exceptions when given."""
    known = lang if lang in LANGUAGES else None
    return _compiled(known) if overrides is None else _overridden(known, overrides)


def effective_version(overrides: LexiconOverrides | None) -> str:
    """The version signals record: the lists' versions, and the tag of the overrides."""
    base = lexicon_version()
    return base if overrides is None else f"{base}+{overrides.tag}"


def lexicon_version() -> str:
    """The versions of all word lists, for every signal a lexicon produces."""
    return "+".join(_load(lang)[0] for lang in LANGUAGES)


@cache
def _load(lang: str) -> tuple[str, tuple[Entry, ...]]:
    name = f"lexicon.{lang}.tsv"
    source = resources.files("moderation.rules").joinpath("data", name)
    return parse_lexicon(source.read_text(encoding="utf-8"), lang=lang, name=name)


@cache
def _compiled(lang: str | None) -> Lexicon:
    entries = tuple(
        entry
        for source in LANGUAGES
        for entry in _load(source)[1]
        if lang is None or source == lang or not entry.local
    )
    return _build(lang, entries, lexicon_version())


# Keyed by the shipped lists (loaded once per process) and one set of overrides: an admin
# who saves a new policy version gets a new automaton, the old ones age out.
@lru_cache(maxsize=16)
def _overridden(lang: str | None, overrides: LexiconOverrides) -> Lexicon:
    # "jävl*" names the entry whose term is "jävl", as the word list writes it.
    exceptions = frozenset(
        (item.term.removesuffix("*"), item.lang) for item in overrides.exceptions
    )
    added = tuple(parse_addition(addition) for addition in overrides.additions)
    every = (*_compiled(lang).entries, *added)

    def kept(entry: Entry) -> bool:
        return (entry.term, entry.lang) not in exceptions and (entry.term, lang) not in exceptions

    entries = tuple(entry for entry in every if kept(entry))
    return _build(lang, entries, effective_version(overrides), exceptions)


def _build(
    lang: str | None,
    entries: tuple[Entry, ...],
    version: str,
    exceptions: frozenset[tuple[str, str]] = frozenset(),
) -> Lexicon:
    evidence = _compile([entry for entry in entries if entry.category not in CONTEXT])
    context = _compile([entry for entry in entries if entry.category in CONTEXT])
    return Lexicon(
        lang or "*", version, entries, evidence, context, exceptions, compounds=lang != "en"
    )


def _compile(entries: list[Entry]) -> _Compiled:
    by_term: dict[str, list[Entry]] = {}
    gapped = []
    for entry in entries:
        if "_" in entry.term.split():
            gapped.append(entry)
        else:
            by_term.setdefault(entry.term, []).append(entry)
            # Every inflected form of the lemma (``wordforms``): "dödade", "hängde", "kukarna".
            for form in _forms_of(entry):
                by_term.setdefault(form, []).append(entry)
    # Swedish typed without å, ä, ö (a foreign keyboard, or a dodge): "doda dig".
    for entry in entries:
        if entry.lang != "sv" or entry.category not in _FOLDED_CATEGORIES:
            continue
        for term in (entry.term, *_forms_of(entry)):
            folded = term.translate(_NO_DIACRITICS)
            if folded == term or len(folded) < _MIN_INFLECTED or folded in _FOLDED_STOPLIST:
                continue
            if "_" in folded.split():
                gapped.append(replace(entry, term=folded))
            elif entry not in by_term.get(folded, ()):
                by_term.setdefault(folded, []).append(entry)
    # A gapped term is looked for only when its longest part is in the text.
    heads = {max(entry.term.split(" _ "), key=len) for entry in gapped}
    automaton = ahocorasick.Automaton()
    for term in by_term.keys() | heads:
        listed = tuple(by_term.get(term, ()))
        # What the matching loop asks of every hit, answered once here: the entries that
        # may end a compound, and whether any entry may match the start of a longer word.
        automaton.add_word(
            term, (len(term), listed, term in heads, _tails(listed), _goes_on(listed, len(term)))
        )
    automaton.make_automaton()
    pattern, names = _compile_gapped(gapped)
    masked: dict[str, list[tuple[str, Entry]]] = {}
    for term, found in by_term.items():
        for entry in found:
            if entry.category in MASKABLE and " " not in term and len(term) >= _MIN_MASKED:
                masked.setdefault(term[0], []).append((term, entry))
                if entry.prefix:
                    # "jävl*": the masked word may run on ("j*vla", "j-a").
                    for ending in ("a", "ar", "arna", "er", "ing", "ed", "s"):
                        masked[term[0]].append((term + ending, entry))
                break
    frozen = {letter: tuple(pairs) for letter, pairs in masked.items()}
    return _Compiled(automaton, pattern, names, frozen)


def _tails(found: tuple[Entry, ...]) -> tuple[Entry, ...]:
    """The entries that may be the last part of a compound (``_compound_tails``)."""
    return tuple(
        e for e in found if e.category in COMPOUNDING and len(e.term) >= _MIN_COMPOUND_PART
    )


def _goes_on(found: tuple[Entry, ...], length: int) -> bool:
    """Whether a hit of these entries that a word goes on after can still match: a ``*``
    term, an inflection ending, or (in Swedish) the head of a compound."""
    return any(
        entry.prefix
        or entry.inflects
        or (entry.category in COMPOUNDING and length >= _MIN_COMPOUND_PART)
        for entry in found
    )


def _forms_of(entry: Entry) -> tuple[str, ...]:
    """The entry's term with its first word inflected: "döda" → "dödade"; "tända eld på" →
    "tände eld på". Prefix (``*``) and gapped terms keep their own form."""
    if entry.prefix or "_" in entry.term.split():
        return ()
    if entry.person and entry.category is Category.INSULT:
        # Adjectives that insult only when aimed at someone ("dum") keep their listed forms:
        # "det var dumt av mig" describes a thing.
        return ()
    first, _, rest = entry.term.partition(" ")
    inflected = (phrase_forms if rest else forms)(entry.lang).get(first, ())
    return tuple(f"{form} {rest}" if rest else form for form in inflected)


@cache
def first_names() -> frozenset[str]:
    """Given names in every list, to tell "Lisa Johansson" from "Lycksele Lasarett"."""
    return frozenset(
        entry.term
        for lang in LANGUAGES
        for entry in _load(lang)[1]
        if entry.category is Category.FIRST_NAME
    )
