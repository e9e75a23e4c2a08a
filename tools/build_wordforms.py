"""Build the inflected forms of the word lists' terms, and the Swedish lemma list for compound
analysis, from simplemma's dictionaries (a maintained lemmatiser for Swedish and English).

The engine does not lemmatise at run time: simplemma's dictionaries take 2.4 s to load and
120 MB of memory in every process. Instead a word-list entry is a lemma, and this script writes
every form simplemma knows for it into ``moderation/rules/data/forms.<lang>.tsv``, which the
lexicon compiles into its automaton beside the term: "döda" also finds "dödade", "dödat",
"dödas"; "kuk" finds "kukarna". It also writes ``moderation/rules/data/lemmas.sv.txt``, the
Swedish lemmas (three letters or more), so that ``moderation.wordforms`` can tell a compound
("skitpolitiker": skit + politiker) from an ordinary word that only starts like one.

Run it after changing a word list: ``python tools/build_wordforms.py``. A test checks that the
shipped files are what this script makes.
"""

from __future__ import annotations

import re
import sys
from collections import defaultdict
from pathlib import Path

DATA = Path(__file__).resolve().parents[1] / "moderation" / "rules" / "data"
LANGUAGES = ("sv", "en")
#: Categories whose terms are words that inflect (verbs, nouns, adjectives).
CATEGORIES = frozenset(
    {
        "threat_verb",
        "incite_verb",
        "insult",
        "profanity",
        "sexual",
        "hate_slur",
        "hate_contempt",
        "hate_group",
        "accusation",
        "harm",
        "weapon",
        "approach",
        "nudity",
        "image",
    }
)
_WORD = re.compile(r"[a-zåäöéü]{3,30}")
_TERM = re.compile(r"[a-zåäöéü]{2,30}")
_FORMS_HEADER = (
    "# Inflected forms of the word lists' terms, made by tools/build_wordforms.py from\n"
    "# simplemma's dictionary: lemma<TAB>forms<TAB>forms in phrases only (spaces between\n"
    "# forms). Do not edit by hand.\n"
)


def _dictionary(lang: str) -> dict[str, str]:
    from simplemma.strategies.dictionaries.dictionary_factory import (
        DefaultDictionaryFactory,
    )

    raw = DefaultDictionaryFactory().get_dictionary(lang)
    return {key: value if isinstance(value, str) else value.decode() for key, value in raw.items()}


def _terms(lang: str) -> tuple[set[str], set[str]]:
    """The first words of single-word terms, and of phrases, that may inflect."""
    single, phrase = set(), set()
    for line in (DATA / f"lexicon.{lang}.tsv").read_text(encoding="utf-8").splitlines():
        parts = line.split("\t")
        if line.startswith("#") or len(parts) < 3 or parts[1].strip() not in CATEGORIES:
            continue
        term = parts[0].strip()
        if term.endswith("*") or "_" in term.split():
            continue
        first = term.split()[0]
        if _TERM.fullmatch(first):
            (phrase if " " in term else single).add(first)
    return single, phrase


_VERB_CATEGORIES = frozenset({"threat_verb", "incite_verb", "harm", "accusation", "approach"})


def _verbs(lang: str) -> set[str]:
    """First words of verb terms that end like a first-conjugation infinitive ("tafsa")."""
    verbs = set()
    for line in (DATA / f"lexicon.{lang}.tsv").read_text(encoding="utf-8").splitlines():
        parts = line.split("\t")
        if line.startswith("#") or len(parts) < 3 or parts[1].strip() not in _VERB_CATEGORIES:
            continue
        first = parts[0].strip().split()[0]
        if _TERM.fullmatch(first) and first.endswith("a") and len(first) >= 4:
            verbs.add(first)
    return verbs


def forms_table(lang: str, dictionary: dict[str, str]) -> str:
    """lemma<TAB>forms<TAB>forms in phrases only. A form that is itself another word's lemma
    is left out of the single-word forms ("blöta", to soak, is not a form of "blöt"; "drog",
    a drug, not only a form of "dra") but kept for phrases, where the rest of the phrase
    decides: "åker hem i en säck" ("åker" is also a field)."""
    single, phrase = _terms(lang)
    lemmas = set(dictionary.values())
    forms: dict[str, set[str]] = defaultdict(set)
    phrase_forms: dict[str, set[str]] = defaultdict(set)
    for form, lemma in dictionary.items():
        if form == lemma or not _WORD.fullmatch(form):
            continue
        if lemma in single and form not in lemmas:
            forms[lemma].add(form)
        if lemma in phrase:
            phrase_forms[lemma].add(form)
    if lang == "sv":
        # simplemma misses some present and past forms of regular -a verbs ("tafsar"):
        # the first conjugation's endings, unless the form is another word's lemma.
        for lemma in _verbs(lang):
            for form in (lemma[:-1] + "ar", lemma[:-1] + "ade", lemma[:-1] + "at"):
                if form not in lemmas or lemma in phrase:
                    (forms if lemma in single and form not in lemmas else phrase_forms)[lemma].add(
                        form
                    )
    lines = []
    for lemma in sorted(forms.keys() | phrase_forms.keys()):
        only_in_phrases = phrase_forms[lemma] - forms[lemma]
        lines.append(
            f"{lemma}\t{' '.join(sorted(forms[lemma]))}\t{' '.join(sorted(only_in_phrases))}"
        )
    return _FORMS_HEADER + "\n".join(lines) + "\n"


def lemma_list(dictionary: dict[str, str]) -> str:
    lemmas = sorted({lemma for lemma in dictionary.values() if _WORD.fullmatch(lemma)})
    header = (
        "# Swedish lemmas (simplemma), for compound analysis. Made by tools/build_wordforms.py.\n"
    )
    return header + "\n".join(lemmas) + "\n"


def build() -> dict[str, str]:
    """File name → content of every file this script writes."""
    files = {}
    for lang in LANGUAGES:
        dictionary = _dictionary(lang)
        files[f"forms.{lang}.tsv"] = forms_table(lang, dictionary)
        if lang == "sv":
            files["lemmas.sv.txt"] = lemma_list(dictionary)
    return files


def main() -> int:
    for name, content in build().items():
        (DATA / name).write_text(content, encoding="utf-8")
        print(f"wrote {DATA / name} ({content.count(chr(10))} lines)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
