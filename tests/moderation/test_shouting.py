from __future__ import annotations

import pytest

from moderation import Action, Item, evaluate
from moderation.rules.shouting import check_shouting
from tests.moderation.fields import CONTEXT, field_of


def shouts(text: str) -> bool:
    return check_shouting(field_of(text), CONTEXT) is not None


@pytest.mark.parametrize(
    "text",
    [
        "STOPPA BYGGET AV MOTORVÄGEN GENOM SKOGEN NU",
        "A" * 20,
        "ÅÄÖ" * 7,  # only non-ASCII capitals
        "ПРЕКРАТИТЕ СТРОИТЬ ДОРОГУ СЕЙЧАС",  # Cyrillic capitals
        "A" * 15 + "a" * 5,  # 75 %
        "ÅÄÖ" * 8 + "åäö" * 3,  # 73 %, with small Swedish letters
        "VARFÖR LYSSNAR INGEN PÅ OSS? det är ju helt SJUKT!!! 112",
    ],
)
def test_mostly_capitals_is_shouting(text: str) -> None:
    assert shouts(text)


@pytest.mark.parametrize(
    "text",
    [
        "Vi vill ha fler bussar till Skarpnäck och bättre gång- och cykelvägar.",
        "A" * 19,  # too few letters
        "A" * 14 + "a" * 6,  # exactly 70 %, not above
        "ÅÄÖ" * 7 + "åäö" * 3,  # exactly 70 %
        "Stockholm Göteborg Malmö Uppsala Västerås Örebro Linköping Helsingborg Jönköping",
        "EU, FN, SVT och SJ nämndes i en lång text om kollektivtrafik i regionen.",
        "1234567890 !!!!! ???? ABC",
        "åäöåäöåäöåäöåäöåäöåäöåäö ÅÄÖ",  # many non-ASCII letters, few capitals
        "ü" * 30 + "Ü" * 10,
        "",
    ],
)
def test_ordinary_text_is_not_shouting(text: str) -> None:
    assert not shouts(text)


def test_score_is_the_share_of_capitals() -> None:
    finding = check_shouting(field_of("A" * 18 + "bb"), CONTEXT)
    assert finding is not None
    assert (finding.score, finding.spans) == (0.9, ())


@pytest.mark.parametrize("field", ["title", "body"])
def test_shouting_is_a_hint_and_the_post_is_published(field: str) -> None:
    text = "NU FÅR NI FAKTISKT SKÄRPA ER I REGIONEN"
    item = Item(title=text, body="lugn text") if field == "title" else Item(body=text)
    verdict = evaluate(item)
    assert verdict.action is Action.PUBLISH
    assert (verdict.hints, verdict.rule_ids, verdict.decisive) == (("SHOUTING",), ("SHOUTING",), ())
