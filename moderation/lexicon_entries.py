"""Word-list entries: what a line of ``rules/data/lexicon.<lang>.tsv`` (or an admin's addition)
holds, how it is read, and the categories and endings that matching treats specially
(``moderation.lexicon`` compiles and matches them)."""

from __future__ import annotations

import re
from dataclasses import dataclass

from moderation.categories import Category
from moderation.types import LexiconAddition

#: The languages with a word list; other languages use all lists.
LANGUAGES = ("sv", "en")


#: Categories that only give context to evidence (see ``Lexicon``): matched on demand.
CONTEXT = frozenset(
    {
        Category.TARGET,
        Category.SECOND_PERSON,
        Category.HATE_GROUP,
        Category.GENERALISER,
        Category.INCITE_CALL,
        Category.PERSON,
        Category.PUBLIC_ROLE,
        Category.FIRST_NAME,
        Category.REPORTED,
        Category.RESIDENCE,
        Category.ORGANISATION,
        Category.MODAL,
        Category.MINOR,
        Category.CONDITION,
        Category.IMAGE,
        Category.OFFER,
    }
)
#: Categories of nouns and adjectives, whose terms also match with an inflection ending.
INFLECTED = frozenset(
    {
        Category.INSULT,
        Category.HATE_SLUR,
        Category.HATE_GROUP,
        Category.HATE_CONTEMPT,
        Category.PROFANITY,
        Category.SEXUAL,
    }
)
_MIN_INFLECTED = 4
#: Categories whose terms also match as a part of a Swedish compound ("skitväg",
#: "byråkratjävlar", "idiotregionen"), checked by ``wordforms.compound``.
COMPOUNDING = frozenset(
    {
        Category.INSULT,
        Category.PROFANITY,
        Category.HATE_SLUR,
        Category.HATE_CONTEMPT,
        Category.SEXUAL,
    }
)
_MIN_COMPOUND_PART = 3
_ENDINGS = {
    # Swedish noun and adjective endings. No bare "-s": it makes passives and other words
    # ("kräks" is not "kräk"); the genitives with it are listed ("ens", "arnas").
    "sv": frozenset(
        "n en et t a e er ar or r na erna arna orna ens ets arnas ernas".split()  # noqa: SIM905
    ),
    "en": frozenset({"s", "es", "'s"}),
}


_NO_DIACRITICS = str.maketrans("åäö", "aao")
_FOLDED_CATEGORIES = frozenset(
    {
        Category.APPROACH,
        Category.HARM,
        Category.WEAPON,
        Category.THREAT,
        Category.THREAT_VERB,
        Category.INSULT,
        Category.HATE_SLUR,
        Category.HATE_CODE,
        Category.HATE_CONTEMPT,
        Category.INCITE,
        Category.INCITE_VERB,
        Category.PROFANITY,
        Category.SEXUAL,
        Category.ACCUSATION,
    }
)
#: Folded forms that are other words: "brann ner" (burned down), "bogen", "hanger", …
_FOLDED_STOPLIST = frozenset(
    {"bogen", "brann ner", "brann upp", "hanger", "kan do", "stord", "storda", "las in dem"}
)


class LexiconError(ValueError):
    """A line of a word list that cannot be read; the message names the file and line."""


@dataclass(frozen=True, slots=True)
class Entry:
    term: str
    category: Category
    severity: int
    lang: str
    prefix: bool = False
    local: bool = False
    person: bool = False

    @property
    def inflects(self) -> bool:
        # Short words inflect into other words ("fan" → "fann", "found"): list their forms.
        return self.category in INFLECTED and not self.prefix and len(self.term) >= _MIN_INFLECTED


@dataclass(frozen=True, slots=True)
class Match:
    """An entry found in a letter view: ``text[start:end]`` of that view."""

    start: int
    end: int
    entry: Entry
    #: Found as a part of a compound (``wordforms.compound``), not as a word of its own.
    compound: bool = False


_FLAGS = frozenset({"local", "person"})
_WORD_CHAR = re.compile(r"[^\W_]")
# The rest of a word after a term, bounded: inflection endings and prefix terms need a few
# letters, and a 100 KB "word" must not be read again for every match in it.
_WORD_REST = re.compile(r"[^\W_]{0,40}")


def parse_lexicon(text: str, *, lang: str, name: str) -> tuple[str, tuple[Entry, ...]]:
    """The version and entries of one word list; raises ``LexiconError`` on a bad line."""
    version = ""
    entries: list[Entry] = []
    for number, raw in enumerate(text.splitlines(), start=1):
        line = raw.strip()
        if line.startswith("#"):
            if line.startswith("# version:"):
                version = line.removeprefix("# version:").strip()
            continue
        if not line:
            continue
        entries.append(_parse_line(raw, lang=lang, where=f"{name}:{number}"))
    if not version:
        raise LexiconError(f"{name}: no '# version:' line")
    return version, tuple(entries)


def _parse_line(raw: str, *, lang: str, where: str) -> Entry:
    parts = raw.rstrip("\n").split("\t")
    if len(parts) not in (3, 4):
        raise LexiconError(f"{where}: expected term, category, severity and optional flags")
    term, category, severity = (part.strip() for part in parts[:3])
    flags = {flag.strip() for flag in parts[3].split(",")} - {""} if len(parts) == 4 else set()
    if unknown := flags - _FLAGS:
        raise LexiconError(f"{where}: unknown flag(s) {sorted(unknown)}")
    try:
        kind = Category(category)
    except ValueError:
        raise LexiconError(f"{where}: unknown category {category!r}") from None
    if severity not in ("1", "2", "3"):
        raise LexiconError(f"{where}: severity must be 1, 2 or 3")
    prefix = term.endswith("*")
    term = " ".join(term.removesuffix("*").split())
    if not term or term != term.casefold() or not _WORD_CHAR.match(term):
        raise LexiconError(f"{where}: a term is lower case and starts with a letter or digit")
    if "_" in term.split() and (prefix or term.split()[0] == "_" or term.split()[-1] == "_"):
        raise LexiconError(f"{where}: a '_' stands between words, not at either end")
    return Entry(term, kind, int(severity), lang, prefix, "local" in flags, "person" in flags)


def parse_addition(addition: LexiconAddition) -> Entry:
    """An admin's addition as an entry, checked like a line of the ``lang`` word list;
    raises ``LexiconError``."""
    if addition.lang not in LANGUAGES:
        raise LexiconError(f"addition {addition.term!r}: no word list for {addition.lang!r}")
    line = f"{addition.term}\t{addition.category}\t{addition.severity}"
    return _parse_line(line, lang=addition.lang, where=f"addition {addition.term!r}")
