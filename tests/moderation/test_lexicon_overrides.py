"""Word-list additions and exceptions an admin makes at run time (``PolicySettings``): an added
term matches like a shipped one, an exception silences one, and signals say which set was used."""

from __future__ import annotations

import pytest

from moderation import Action, Item, PolicyContext, PolicySettings, evaluate, normalize
from moderation.lexicon import LexiconError, lexicon_for, lexicon_version, parse_addition
from moderation.types import LexiconAddition, LexiconException, LexiconOverrides
from moderation.views import letter_view

GULL = LexiconAddition("sillmås", "insult", "sv", 2)


def found(text: str, overrides: LexiconOverrides | None, lang: str | None = "sv") -> list[str]:
    view = letter_view(normalize(text))
    return [
        view.text[m.start : m.end]
        for m in lexicon_for(lang, overrides).matches(view.text, view.joined)
    ]


def verdict(body: str, lang: str, **settings: object) -> Action:
    context = PolicyContext(settings=PolicySettings(**settings))  # type: ignore[arg-type]
    return evaluate(Item(body=body, lang=lang), context=context).action


@pytest.mark.parametrize(
    ("text", "matched"),
    [
        ("en sillmås", ["sillmås"]),
        ("Sillmåsen skriker", ["sillmåsen"]),  # inflected like a shipped insult
        ("alla sillmåsarna", ["sillmåsarna"]),
        ("S1llmås!", ["sillmås"]),  # the dodges are undone first
        # A term starts at the start of a word and ends at its end or with an inflection
        # ending, unless the word is a compound of it and an ordinary word
        # (``wordforms.compound``), like a shipped insult ("byråkratjävlar").
        ("en storsillmås", ["storsillmås"]),
        ("sillmåsfabriken", ["sillmåsfabriken"]),
        ("en xqzsillmås", []),  # "xqz" is no word
        ("sillmåsxqz", []),
    ],
)
def test_an_added_term_matches_like_a_shipped_one(text: str, matched: list[str]) -> None:
    overrides = LexiconOverrides(additions=(GULL,))
    assert found(text, None) == []
    assert found(text, overrides) == matched


def test_an_added_prefix_term_runs_on_to_the_end_of_its_word() -> None:
    overrides = LexiconOverrides(additions=(LexiconAddition("knasbo*", "insult", "sv", 1),))
    assert found("knasbolaget och knasboarna", overrides) == ["knasbolaget", "knasboarna"]


def test_an_added_insult_holds_a_reply_aimed_at_someone() -> None:
    body = "Du är en sillmås och borde tiga."
    assert verdict(body, "sv") is Action.PUBLISH
    assert verdict(body, "sv", lexicon_additions=(GULL,)) is Action.REVIEW


def test_an_exception_stops_a_shipped_term() -> None:
    body = "Du är en idiot."
    idiot = (LexiconException("idiot", "sv"),)
    assert verdict(body, "sv") is Action.REVIEW
    assert verdict(body, "sv", lexicon_exceptions=idiot) is Action.PUBLISH
    # Swedish texts only: the English list's "idiot" still counts in English.
    assert verdict("You are an idiot.", "en", lexicon_exceptions=idiot) is Action.REVIEW


def test_an_exception_for_one_word_leaves_the_term_in_other_words() -> None:
    overrides = LexiconOverrides(exceptions=(LexiconException("idioterna", "sv"),))
    # Several entries match one word (sv "idiot", sv "idioterna", en "idiot"): none may.
    assert set(found("idioterna och idioten", None)) == {"idioterna", "idioten"}
    assert set(found("idioterna och idioten", overrides)) == {"idioten"}


def test_an_exception_names_a_prefix_term_as_the_list_writes_it() -> None:
    overrides = LexiconOverrides(exceptions=(LexiconException("jävl*", "sv"),))
    assert found("jävlar", None) == ["jävlar"]
    assert found("jävlar", overrides) == []


def test_an_exception_stops_an_addition_too() -> None:
    overrides = LexiconOverrides(additions=(GULL,), exceptions=(LexiconException("sillmås", "sv"),))
    assert found("en sillmås", overrides) == []


def test_signals_record_which_additions_and_exceptions_were_used() -> None:
    plain = evaluate(Item(body="Du är en idiot.", lang="sv"))
    tagged = evaluate(
        Item(body="Du är en idiot.", lang="sv"),
        context=PolicyContext(settings=PolicySettings(lexicon_additions=(GULL,), lexicon_tag="p7")),
    )
    (before,) = {hit.detector_version for hit in plain.hits}
    (after,) = {hit.detector_version for hit in tagged.hits}
    assert before.endswith(lexicon_version())
    assert after == f"{before}+p7"


def test_without_a_tag_the_version_names_the_content() -> None:
    one = LexiconOverrides(additions=(GULL,))
    two = LexiconOverrides(additions=(GULL, LexiconAddition("knasbo", "insult", "sv")))
    assert one.tag != two.tag
    assert one.tag == LexiconOverrides(additions=(GULL,)).tag


def test_each_set_is_compiled_once() -> None:
    first = lexicon_for("sv", LexiconOverrides(additions=(GULL,), tag="p3"))
    assert lexicon_for("sv", LexiconOverrides(additions=(GULL,), tag="p3")) is first
    assert lexicon_for("sv", LexiconOverrides(additions=(GULL,), tag="p4")) is not first
    assert lexicon_for("sv", None) is lexicon_for("sv")


@pytest.mark.parametrize(
    ("addition", "message"),
    [
        (LexiconAddition("sillmås", "nonsense", "sv"), "unknown category"),
        (LexiconAddition("sillmås", "insult", "de"), "no word list"),
        (LexiconAddition("sillmås", "insult", "sv", 4), "severity must be 1, 2 or 3"),
        (LexiconAddition("Sillmås", "insult", "sv"), "lower case"),
        (LexiconAddition("ge _", "threat", "sv"), "'_' stands between words"),
    ],
)
def test_bad_additions_are_refused(addition: LexiconAddition, message: str) -> None:
    with pytest.raises(LexiconError, match=message):
        parse_addition(addition)
